"""The yearly report pages: choose a year, preview and write it, check it against
Working Together and against the records, render it, send it for sign-off, read a
version as signed, publish it and record its sending.

Views ask thscp.reports.rules and call one service each; the report's content comes
from thscp.reports.sections, its checks from checklist.py, safety.py and facts.py.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance.models import DocumentVersion, SignOff
from governance.pages import form_page, submit_form
from governance.periods import FinancialYear

from . import checklist, facts, selectors, services
from .differences import differences
from .forms import (
    EARLIEST_YEAR,
    AchievementForm,
    ChooseYearForm,
    ConsentForm,
    CoverForm,
    NarrativeForm,
    PublicationForm,
    ReasonForm,
    RepresentativeForm,
    SendingForm,
    latest_year,
)
from .logo import logo_data_uri
from .models import (
    Achievement,
    NamingConsent,
    PartnerRepresentative,
    ReportBranding,
    ReportPublication,
    ReportRender,
    ReportSending,
    YearlyReport,
)
from .sections import NARRATIVE_BY_KEY, PROFILE_HINT, PROFILE_TITLES

RECENT_RENDERS = 5

# Which records each narrative speaks of, for the review page (narrative beside records).
NARRATIVE_FACTS = {
    "foreword": ("rapid_reviews", "scrutiny", "priorities", "feedback"),
    "introduction": ("meetings", "priorities"),
    "key_changes": ("meetings", "priorities", "scrutiny"),
    "scrutineer_statement": ("scrutiny", "rapid_reviews", "local_reviews_decided", "webinars"),
    "young_scrutineers": ("feedback", "priorities", "scrutiny"),
    "achievements": ("rapid_reviews", "webinars", "briefings", "training", "safeguarding_month", "bulletins"),
    "challenges": ("local_reviews_decided", "budget", "meetings"),
    "plan_ahead": ("priorities",),
    "profile_local_authority": ("budget",),
    "profile_integrated_care_board": ("budget",),
    "profile_police": ("budget",),
}


def _require(request, permission, obj=None):
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _period(year: int) -> FinancialYear:
    if not EARLIEST_YEAR <= year <= latest_year():
        raise Http404("No yearly report for that year.")
    return FinancialYear(year)


def default_year() -> int:
    """The last complete financial year: the one a yearly report is written about."""
    return latest_year() - 1


def _crumbs(*items):
    return [("Reports", reverse("reports:index")), *items]


def _report_crumbs(period: FinancialYear, *items):
    return _crumbs(
        (f"Yearly report {period.label}", reverse("reports:report", args=[period.start_year])), *items
    )


def _report_url(period: FinancialYear, anchor: str = "") -> str:
    url = reverse("reports:report", args=[period.start_year])
    return f"{url}#{anchor}" if anchor else url


# Choosing a year


def _index(request, form):
    current = latest_year()
    reports = {report.period: report for report in YearlyReport.objects.all()}
    years = sorted({current, current - 1, current - 2, *reports}, reverse=True)
    latest = {}
    for render_row in (
        ReportRender.objects.filter(report__period__in=years)
        .select_related("report")
        .order_by("report_id", "-requested_at", "-pk")
    ):
        latest.setdefault(render_row.report.period, render_row)
    rows = [
        {"period": FinancialYear(year), "report": reports.get(year), "latest_render": latest.get(year)}
        for year in years
    ]
    return render(
        request,
        "thscp/report/index.html",
        {
            "title": "Reports",
            "breadcrumbs": [("Reports", None)],
            "rows": rows,
            "default_period": FinancialYear(default_year()),
            "form": form,
            "can_manage": request.user.has_perm("thscp.manage_report"),
            "can_record_consent": request.user.has_perm("thscp.record_naming_consent"),
        },
    )


@require_GET
def index(request):
    _require(request, "thscp.access_reports")
    return _index(request, ChooseYearForm())


@require_GET
def choose_period(request):
    """The year box on the index submits here by GET, so it works without JavaScript. A
    year typed as its hint shows it (2023-24) opens that year; anything else is said to
    be wrong, on the index, with what to type."""
    _require(request, "thscp.access_reports")
    if "year" not in request.GET:
        return redirect("reports:report", year=default_year())
    form = ChooseYearForm(request.GET)
    if form.is_valid():
        return redirect("reports:report", year=form.cleaned_data["year"].start_year)
    return _index(request, form)


# The preview


@require_GET
def report(request, year: int):
    _require(request, "thscp.access_reports")
    period = _period(year)
    sections, checks = services.sections_and_readiness(period)
    yearly_report = YearlyReport.objects.filter(period=year).select_related("document").first()
    renders = (
        list(yearly_report.renders.select_related("requested_by", "document_version")[:RECENT_RENDERS])
        if yearly_report
        else []
    )
    can_manage = request.user.has_perm("thscp.manage_report")
    rows = [
        {
            "section": section,
            "can_edit": section.editable
            and request.user.has_perm("thscp.edit_report_narrative", section.key),
            "can_mark": can_manage and section.is_empty and section.key != "working_together",
        }
        for section in sections
    ]
    signed = services.signed_render(yearly_report) if yearly_report else None
    profiles = [
        {"key": key, "title": title, "can_edit": request.user.has_perm("thscp.edit_report_narrative", key)}
        for key, title in PROFILE_TITLES.items()
    ]
    return render(
        request,
        "thscp/report/report.html",
        {
            "title": f"Yearly report {period.label}",
            "breadcrumbs": _crumbs((f"Yearly report {period.label}", None)),
            "period": period,
            "rows": rows,
            "renders": renders,
            "signed": signed,
            "checks": checks,
            "covered": sum(1 for item in checks.coverage if not item.blocks_sign_off),
            "profiles": profiles,
            "can_render": request.user.has_perm("thscp.render_report"),
            "can_manage": can_manage,
        },
    )


def _narrative_spec(key: str):
    if key in NARRATIVE_BY_KEY:
        spec = NARRATIVE_BY_KEY[key]
        return spec.title, spec.hint, key
    if key in PROFILE_TITLES:
        return PROFILE_TITLES[key], PROFILE_HINT, "partner_profiles"
    raise Http404("That part of the report is assembled from records and cannot be typed.")


@require_http_methods(["GET", "POST"])
def narrative_edit(request, year: int, key: str):
    _require(request, "thscp.access_reports")
    period = _period(year)
    title, hint, anchor = _narrative_spec(key)
    _require(request, "thscp.edit_report_narrative", key)
    current = services.narrative_for(period).get(key, "")
    form = NarrativeForm(request.POST or None, initial={"text": current}, title=title)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_narrative(period=period, key=key, text=data["text"], by=request.user),
        message=f"{title} saved",
        then=_report_url(period, f"section-{anchor}"),
    )
    return saved or form_page(
        request,
        form,
        title=title,
        caption=f"Yearly report {period.label}",
        intro=hint,
        cancel_url=_report_url(period),
        breadcrumbs=_report_crumbs(period, (title, None)),
    )


# The Working Together checklist, and sections with nothing for the year


@require_GET
def checklist_page(request, year: int):
    _require(request, "thscp.access_reports")
    period = _period(year)
    checks = services.readiness(period)
    return render(
        request,
        "thscp/report/checklist.html",
        {
            "title": "Working Together checklist",
            "breadcrumbs": _report_crumbs(period, ("Working Together checklist", None)),
            "period": period,
            "checks": checks,
            "source": checklist.SOURCE,
            "can_manage": request.user.has_perm("thscp.manage_report"),
        },
    )


@require_http_methods(["GET", "POST"])
def checklist_reason(request, year: int, item: str):
    _require(request, "thscp.manage_report")
    period = _period(year)
    entry = checklist.CHECKLIST_BY_KEY.get(item)
    if entry is None:
        raise Http404("No such item in the Working Together contents list.")
    current = services.reasons_for(period).get(item, "")
    form = ReasonForm(
        request.POST or None,
        initial={"reason": current},
        label="Why does the report have nothing on this?",
        hint="The signatories read this beside the version they sign. History keeps every change.",
        required_message="Enter why the report has nothing on this",
    )
    checklist_url = reverse("reports:checklist", args=[year])
    saved = submit_form(
        request,
        form,
        save=lambda data: services.record_checklist_reason(
            period=period, item=item, reason=data["reason"], by=request.user
        ),
        message="Reason recorded",
        then=f"{checklist_url}#item-{item}",
    )
    return saved or form_page(
        request,
        form,
        title="Record why this is not covered",
        caption=entry.text,
        intro=f"Source: {entry.source}.",
        cancel_url=checklist_url,
        breadcrumbs=_report_crumbs(period, ("Working Together checklist", checklist_url), ("Reason", None)),
    )


@require_http_methods(["GET", "POST"])
def not_applicable(request, year: int, key: str):
    _require(request, "thscp.manage_report")
    period = _period(year)
    section = next((s for s in services.report_sections(period) if s.key == key), None)
    if section is None:
        raise Http404("No such section.")
    form = ReasonForm(
        request.POST or None,
        initial={"reason": section.not_applicable},
        label="Why does this section not apply this year?",
        hint="The report prints 'Not applicable' and this reason in place of the section, in the "
        "partnership's words: for example, 'The partnership held no local reviews this year'.",
        required_message="Enter why this section does not apply this year",
    )
    saved = submit_form(
        request,
        form,
        save=lambda data: services.mark_not_applicable(
            period=period, section_key=key, reason=data["reason"], by=request.user
        ),
        message=f"{section.title} marked not applicable",
        then=_report_url(period, f"section-{key}"),
    )
    return saved or form_page(
        request,
        form,
        title="Mark a section not applicable",
        caption=section.title,
        cancel_url=_report_url(period, f"section-{key}"),
        breadcrumbs=_report_crumbs(period, ("Not applicable", None)),
    )


@require_POST
def not_applicable_withdraw(request, year: int, key: str):
    _require(request, "thscp.manage_report")
    period = _period(year)
    try:
        services.withdraw_not_applicable(period=period, section_key=key, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The section is no longer marked not applicable")
    return redirect(_report_url(period, f"section-{key}"))


# The narrative beside the records


@require_GET
def review(request, year: int):
    _require(request, "thscp.access_reports")
    period = _period(year)
    the_facts = facts.facts_for(period)
    by_key = {fact.key: fact for fact in the_facts}
    narrative = services.narrative_for(period)
    sections = {section.key: section for section in services.report_sections(period)}
    achievement_lines = [
        f"{achievement.title}: {achievement.what_we_did} {achievement.impact}"
        for achievement in Achievement.objects.filter(report__period=year, withdrawn_on=None).order_by(
            "position", "pk"
        )
    ]
    rows = []
    written = [(key, spec.title, key) for key, spec in NARRATIVE_BY_KEY.items()]
    written += [(key, title, "partner_profiles") for key, title in PROFILE_TITLES.items()]
    for key, title, anchor in sorted(written, key=lambda entry: sections[entry[2]].order):
        text = narrative.get(key, "")
        if key == "achievements":
            # The achievements table is narrative too: what was done and its impact, row by row.
            text = "\n".join([text, *achievement_lines])
        # The plan for next year is beside this year's records, but not checked against them.
        statements = facts.statements_for(text, the_facts, checked=key != "plan_ahead")
        related = [by_key[name] for name in NARRATIVE_FACTS.get(key, ()) if name in by_key]
        for statement in statements:
            related.extend(fact for fact in statement.facts if fact not in related)
        rows.append(
            {
                "key": key,
                "anchor": anchor,
                "title": title,
                "number": sections[anchor].number,
                "statements": statements,
                "facts": related,
                "flags": sum(1 for statement in statements if statement.disagrees),
            }
        )
    return render(
        request,
        "thscp/report/review.html",
        {
            "title": "The narrative beside the records",
            "breadcrumbs": _report_crumbs(period, ("Narrative and records", None)),
            "period": period,
            "review_rows": rows,
            "facts": the_facts,
            "disagreements": sum(row["flags"] for row in rows),
        },
    )


# Achievements


@require_GET
def achievements(request, year: int):
    _require(request, "thscp.access_reports")
    period = _period(year)
    found = Achievement.objects.filter(report__period=year).order_by("withdrawn_on", "position", "pk")
    return render(
        request,
        "thscp/report/achievements_list.html",
        {
            "title": "Achievements",
            "breadcrumbs": _report_crumbs(period, ("Achievements", None)),
            "period": period,
            "achievements": list(found),
            "can_manage": request.user.has_perm("thscp.manage_report"),
        },
    )


@require_http_methods(["GET", "POST"])
def achievement_add(request, year: int):
    _require(request, "thscp.manage_report")
    period = _period(year)
    form = AchievementForm(request.POST or None, initial={"position": 100})
    list_url = reverse("reports:achievements", args=[year])
    saved = submit_form(
        request,
        form,
        save=lambda data: services.add_achievement(period=period, by=request.user, **data),
        message="Achievement added",
        then=list_url,
    )
    return saved or form_page(
        request,
        form,
        title="Add an achievement",
        caption=f"Yearly report {period.label}",
        cancel_url=list_url,
        breadcrumbs=_report_crumbs(period, ("Achievements", list_url), ("Add", None)),
    )


def _achievement(pk: int) -> Achievement:
    return get_object_or_404(Achievement.objects.select_related("report"), pk=pk)


@require_http_methods(["GET", "POST"])
def achievement_change(request, pk: int):
    _require(request, "thscp.manage_report")
    achievement = _achievement(pk)
    if achievement.is_withdrawn:
        raise Http404("This achievement was withdrawn.")
    period = achievement.report.report_period
    form = AchievementForm(request.POST or None, instance=achievement)
    list_url = reverse("reports:achievements", args=[period.start_year])
    saved = submit_form(
        request,
        form,
        save=lambda data: services.change_achievement(achievement=achievement, by=request.user, **data),
        message="Achievement changed",
        then=list_url,
    )
    return saved or form_page(
        request,
        form,
        title="Change an achievement",
        caption=achievement.title,
        cancel_url=list_url,
        breadcrumbs=_report_crumbs(period, ("Achievements", list_url), ("Change", None)),
    )


@require_http_methods(["GET", "POST"])
def achievement_withdraw(request, pk: int):
    _require(request, "thscp.manage_report")
    achievement = _achievement(pk)
    period = achievement.report.report_period
    form = ReasonForm(
        request.POST or None,
        label="Why is it being withdrawn?",
        hint="It leaves the report; History keeps what it said and this reason.",
        required_message="Enter why the achievement is withdrawn",
    )
    list_url = reverse("reports:achievements", args=[period.start_year])
    saved = submit_form(
        request,
        form,
        save=lambda data: services.withdraw_achievement(
            achievement=achievement, reason=data["reason"], by=request.user
        ),
        message="Achievement withdrawn",
        then=list_url,
    )
    return saved or form_page(
        request,
        form,
        title="Withdraw an achievement",
        caption=achievement.title,
        submit_label="Withdraw",
        cancel_url=list_url,
        breadcrumbs=_report_crumbs(period, ("Achievements", list_url), ("Withdraw", None)),
    )


# The partners' representatives: lead and delegated safeguarding partners


@require_GET
def representatives(request, year: int):
    _require(request, "thscp.access_reports")
    period = _period(year)
    found = list(
        PartnerRepresentative.objects.filter(report__period=year)
        .select_related("person__agency")
        .order_by("partner", "withdrawn_on", "standing", "person__full_name")
    )
    partners = services.partner_facts(period, [rep for rep in found if not rep.is_withdrawn])
    return render(
        request,
        "thscp/report/representatives.html",
        {
            "title": "Lead and delegated safeguarding partners",
            "breadcrumbs": _report_crumbs(period, ("Lead and delegated partners", None)),
            "period": period,
            "partners": partners,
            "withdrawn": [rep for rep in found if rep.is_withdrawn],
            "can_manage": request.user.has_perm("thscp.manage_report"),
        },
    )


@require_http_methods(["GET", "POST"])
def representative_add(request, year: int):
    _require(request, "thscp.manage_report")
    period = _period(year)
    form = RepresentativeForm(request.POST or None, initial={"partner": request.GET.get("partner")})
    list_url = reverse("reports:representatives", args=[year])
    saved = submit_form(
        request,
        form,
        save=lambda data: services.add_representative(period=period, by=request.user, **data),
        message=lambda rep: f"{rep.person} recorded as {rep.get_standing_display().lower()}",
        then=list_url,
    )
    return saved or form_page(
        request,
        form,
        title="Record a lead or delegated safeguarding partner",
        caption=f"Yearly report {period.label}",
        intro="The lead safeguarding partners sign the foreword; the partner profiles name the lead and "
        "the delegated partners of each statutory partner for the year.",
        cancel_url=list_url,
        breadcrumbs=_report_crumbs(period, ("Lead and delegated partners", list_url), ("Add", None)),
    )


@require_http_methods(["GET", "POST"])
def representative_withdraw(request, pk: int):
    _require(request, "thscp.manage_report")
    representative = get_object_or_404(
        PartnerRepresentative.objects.select_related("report", "person"), pk=pk, withdrawn_on=None
    )
    period = representative.report.report_period
    form = ReasonForm(
        request.POST or None,
        label="Why is this person taken off the report?",
        hint="For example, recorded against the wrong partner. History keeps this.",
        required_message="Enter why this person is taken off the report",
    )
    list_url = reverse("reports:representatives", args=[period.start_year])
    saved = submit_form(
        request,
        form,
        save=lambda data: services.withdraw_representative(
            representative=representative, reason=data["reason"], by=request.user
        ),
        message=f"{representative.person} taken off the report",
        then=list_url,
    )
    return saved or form_page(
        request,
        form,
        title="Take someone off the report",
        caption=str(representative),
        submit_label="Take off the report",
        cancel_url=list_url,
        breadcrumbs=_report_crumbs(period, ("Lead and delegated partners", list_url), ("Take off", None)),
    )


# Young scrutineers' consent to be named


@require_GET
def consents(request):
    _require(request, "thscp.record_naming_consent")
    people = list(selectors.young_scrutineers())
    standing = {
        consent.person_id: consent
        for consent in NamingConsent.objects.filter(withdrawn_on=None).select_related("recorded_by")
    }
    withdrawn = list(
        NamingConsent.objects.exclude(withdrawn_on=None).select_related("person").order_by("-withdrawn_on")
    )
    return render(
        request,
        "thscp/report/consents.html",
        {
            "title": "Young scrutineers: consent to be named",
            "breadcrumbs": _crumbs(("Consent to be named", None)),
            "rows": [{"person": person, "consent": standing.get(person.pk)} for person in people],
            "withdrawn": withdrawn,
        },
    )


@require_http_methods(["GET", "POST"])
def consent_record(request, person: int):
    _require(request, "thscp.record_naming_consent")
    young = get_object_or_404(selectors.young_scrutineers(), pk=person)
    form = ConsentForm(request.POST or None)
    list_url = reverse("reports:consents")
    saved = submit_form(
        request,
        form,
        save=lambda data: services.record_consent(person=young, by=request.user, **data),
        message=f"Consent recorded: the report may name {young.full_name}",
        then=list_url,
    )
    return saved or form_page(
        request,
        form,
        title="Record consent to be named in the yearly report",
        caption=young.full_name,
        intro="Young scrutineers are 16 or 17. The report names them only with their consent; without it, "
        "it says 'a young scrutineer'.",
        cancel_url=list_url,
        breadcrumbs=_crumbs(("Consent to be named", list_url), ("Record", None)),
    )


@require_http_methods(["GET", "POST"])
def consent_withdraw(request, pk: int):
    _require(request, "thscp.record_naming_consent")
    consent = get_object_or_404(NamingConsent.objects.select_related("person"), pk=pk, withdrawn_on=None)
    form = ReasonForm(
        request.POST or None,
        label="Why is the consent withdrawn?",
        hint="For example, the young scrutineer asked not to be named. From now on the report says "
        "'a young scrutineer'; a version already published is not changed.",
        required_message="Enter why the consent is withdrawn",
    )
    list_url = reverse("reports:consents")
    saved = submit_form(
        request,
        form,
        save=lambda data: services.withdraw_consent(consent=consent, reason=data["reason"], by=request.user),
        message=f"Consent withdrawn: the report no longer names {consent.person.full_name}",
        then=list_url,
    )
    return saved or form_page(
        request,
        form,
        title="Withdraw consent to be named",
        caption=consent.person.full_name,
        submit_label="Withdraw consent",
        cancel_url=list_url,
        breadcrumbs=_crumbs(("Consent to be named", list_url), ("Withdraw", None)),
    )


# The cover


@require_http_methods(["GET", "POST"])
def cover(request):
    _require(request, "thscp.manage_report")
    branding = ReportBranding.objects.filter(singleton=ReportBranding.SINGLETON).first()
    form = CoverForm(
        request.POST or None,
        request.FILES or None,
        initial={
            "logo_description": branding.logo_description if branding else "",
            "short_line": branding.short_line if branding else "",
        },
    )
    if branding is None or not branding.logo:
        del form.fields["remove_logo"]
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_cover(
            by=request.user,
            logo=data.get("logo"),
            remove_logo=data.get("remove_logo", False),
            logo_description=data["logo_description"],
            short_line=data["short_line"],
        ),
        message="The cover is saved: the next render uses it",
        then=reverse("reports:cover"),
    )
    return saved or form_page(
        request,
        form,
        title="The report's cover",
        intro="The cover shows the partnership's name, its logo, the year and this short line.",
        cancel_url=reverse("reports:index"),
        breadcrumbs=_crumbs(("Cover", None)),
        submit_label="Save the cover",
        template="thscp/report/cover_form.html",
        logo=logo_data_uri(branding.logo) if branding else "",
        logo_description=branding.logo_description if branding else "",
        branding=branding,
    )


# Rendering, and a version as the signatories read it


@require_POST
def render_start(request, year: int):
    _require(request, "thscp.render_report")
    render_row = services.request_render(period=_period(year), by=request.user)
    return redirect("reports:render_status", pk=render_row.pk)


def _visible_render(request, pk: int) -> ReportRender:
    _require(request, "thscp.access_reports")
    return get_object_or_404(
        ReportRender.objects.select_related("report", "requested_by", "document_version__document"), pk=pk
    )


@require_GET
def render_status(request, pk: int):
    render_row = _visible_render(request, pk)
    period = render_row.report.report_period
    report_url = _report_url(period)
    version = render_row.document_version
    content = render_row.content or {}
    checks = None
    changes, compared = [], None
    sign_offs = []
    if version is not None and content.get("sections"):
        if version.status == DocumentVersion.Status.DRAFT:
            # Not yet sent: the checks as they stand now, with the reasons recorded since.
            checks = services.readiness_of(
                sections=content["sections"],
                cover_line=content.get("cover", {}).get("short_line", ""),
                reasons=services.reasons_for(period),
                problems=content.get("problems", []),
            )
        compared = services.signed_render(render_row.report, before=render_row)
        if compared is not None:
            changes = differences(compared.content, content)
        sign_offs = list(
            version.sign_offs.filter(voided=False, decision=SignOff.Decision.APPROVED).select_related(
                "signed_by"
            )
        )
    is_latest = (
        version is not None
        and not DocumentVersion.objects.filter(document=version.document, number__gt=version.number).exists()
    )
    name = f"Version {version.number}" if version is not None else f"Render {render_row.pk}"
    return render(
        request,
        "thscp/report/render_status.html",
        {
            "title": f"{name} of the yearly report {period.label}"
            if version is not None
            else f"PDF of the yearly report {period.label}",
            "breadcrumbs": _report_crumbs(period, (name, None)),
            "render": render_row,
            "version": version,
            "period": period,
            "report_url": report_url,
            "content": content,
            # The HTML this service rendered and stored, as the PDF shows it.
            "stored_sections": [
                {**section, "html": mark_safe(section["html"])}  # noqa: S308 - our own stored render
                for section in content.get("sections", [])
            ],
            "checks": checks,
            "stored_checklist": [
                {
                    **item,
                    "label": checklist.Coverage(item["coverage"]).label,
                    "tag_class": checklist.Coverage(item["coverage"]).tag_class,
                }
                for item in content.get("checklist", [])
            ],
            "changes": changes,
            "compared": compared,
            "sign_offs": sign_offs,
            # WCAG 2.2.1: the refresh can be turned off (the "Stop refreshing" link).
            "refresh_seconds": 5
            if not render_row.is_finished and request.GET.get("refresh") != "off"
            else None,
            "can_retry": request.user.has_perm("thscp.render_report") and services.can_retry(render_row),
            "can_send": request.user.has_perm("thscp.manage_report")
            and version is not None
            and version.status == DocumentVersion.Status.DRAFT
            and is_latest,
        },
    )


@require_GET
def render_download(request, pk: int):
    render_row = _visible_render(request, pk)
    if render_row.status != ReportRender.Status.DONE or not render_row.pdf:
        raise Http404("This render has no PDF.")
    response = FileResponse(
        render_row.pdf.open("rb"),
        as_attachment=True,
        filename=render_row.file_name,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def render_retry(request, pk: int):
    _require(request, "thscp.render_report")
    render_row = get_object_or_404(ReportRender, pk=pk)
    try:
        services.retry_render(render=render_row, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reports:render_status", pk=render_row.pk)


@require_POST
def render_send(request, pk: int):
    """Send this version for sign-off: refused, with every reason, while it fails its checks."""
    _require(request, "thscp.manage_report")
    render_row = get_object_or_404(ReportRender.objects.select_related("document_version"), pk=pk)
    try:
        services.send_for_sign_off(render=render_row, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, "Sent for sign-off: the three partners and the independent scrutineer have been told"
        )
    return redirect("reports:render_status", pk=render_row.pk)


# After sign-off


@require_http_methods(["GET", "POST"])
def publication(request, year: int):
    _require(request, "thscp.access_reports")
    period = _period(year)
    version = services.signed_version(period)
    record = ReportPublication.objects.filter(version=version).first() if version else None
    can_manage = request.user.has_perm("thscp.manage_report")
    form = None
    if version is not None and record is None and can_manage:
        form = PublicationForm(
            request.POST or None, date_known=version.status == DocumentVersion.Status.PUBLISHED
        )
        saved = submit_form(
            request,
            form,
            save=lambda data: services.record_publication(
                period=period, link=data["link"], published_on=data.get("published_on"), by=request.user
            ),
            message="Publication recorded: now send it to the Panel and Foundations within 7 days",
            then=reverse("reports:publication", args=[year]),
        )
        if saved:
            return saved
    elif request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        raise Http404("Nothing to publish.")
    sendings = {sending.recipient: sending for sending in record.sendings.all()} if record else {}
    return render(
        request,
        "thscp/report/publication.html",
        {
            "title": f"Publishing the yearly report {period.label}",
            "breadcrumbs": _report_crumbs(period, ("Publication", None)),
            "period": period,
            "version": version,
            "render": services.render_of_version(version) if version else None,
            "publication": record,
            "form": form,
            "recipients": [
                {
                    "value": value,
                    "label": label,
                    "in_a_sentence": ReportSending.IN_A_SENTENCE[value],
                    "sending": sendings.get(value),
                }
                for value, label in ReportSending.Recipient.choices
            ],
            "sending_due": services.sending_due(record) if record else None,
            "next_due": services.next_publication_due(timezone.localdate()),
            "can_manage": can_manage,
        },
    )


@require_http_methods(["GET", "POST"])
def sending(request, year: int, recipient: str):
    _require(request, "thscp.manage_report")
    period = _period(year)
    version = services.signed_version(period)
    record = get_object_or_404(ReportPublication, version=version) if version else None
    if record is None or recipient not in ReportSending.Recipient.values:
        raise Http404("Nothing published to send.")
    label = ReportSending.IN_A_SENTENCE[recipient]
    existing = record.sendings.filter(recipient=recipient).first()
    form = SendingForm(request.POST or None, initial={"sent_on": existing.sent_on if existing else None})
    publication_url = reverse("reports:publication", args=[year])
    saved = submit_form(
        request,
        form,
        save=lambda data: services.record_sending(
            publication=record, recipient=recipient, sent_on=data["sent_on"], by=request.user
        ),
        message=f"Recorded as sent to {label}",
        then=publication_url,
    )
    return saved or form_page(
        request,
        form,
        title=f"Record sending to {label}",
        caption=f"Yearly report {period.label}",
        intro="Working Together 2023: within 7 days of publication, "
        f"by {services.sending_due(record):%-d %B %Y}.",
        cancel_url=publication_url,
        breadcrumbs=_report_crumbs(period, ("Publication", publication_url), ("Sent", None)),
    )
