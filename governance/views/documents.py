"""Key documents: versions, sign-off by the three partners (and the scrutineer), publication."""

from collections import defaultdict
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from .. import document_hooks, services
from ..filters import whole_number
from ..forms import (
    BudgetContributionForm,
    BudgetSpendForm,
    DocumentForm,
    DocumentVersionForm,
    SentToPanelForm,
    SignOffForm,
    WithdrawForm,
)
from ..models import Agency, BudgetContribution, BudgetSpend, Document, DocumentVersion, SignOff
from ..pages import (
    form_page,
    paginate,
    private_file_response,
    query_without_page,
    require,
    submit_form,
)
from ..periods import budget_years_allowed

GOVERNANCE = ("Governance", "/governance/")


def _documents_crumbs():
    return [GOVERNANCE, ("Key documents", reverse("governance:document_list"))]


@require_GET
def document_list(request):
    require(request, "governance.view_document")
    documents = Document.objects.select_related("owner").prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.order_by("-number"))
    )
    return render(
        request,
        "governance/document_list.html",
        {
            "page": paginate(request, documents),
            "query": query_without_page(request),
            "can_add": request.user.has_perm("governance.change_document"),
            "breadcrumbs": [GOVERNANCE, ("Key documents", None)],
        },
    )


def document_create(request):
    require(request, "governance.change_document")
    form = DocumentForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_model_form(form=form, by=request.user),
        message=lambda document: f"{document.title} added: now upload its first version",
        once=True,
        then=lambda document: reverse("governance:version_add", args=[document.pk]),
    )
    return saved or form_page(
        request,
        form,
        title="Add a key document",
        breadcrumbs=[*_documents_crumbs(), ("Add", None)],
        cancel_url=reverse("governance:document_list"),
    )


def _document_for(request, pk):
    document = get_object_or_404(Document.objects.select_related("owner"), pk=pk)
    require(request, "governance.view_document", document, hide=True)
    return document


@require_GET
def document_detail(request, pk):
    document = _document_for(request, pk)
    versions = document.versions.select_related("created_by").prefetch_related("sign_offs__signed_by")
    published = next((v for v in versions if v.status == DocumentVersion.Status.PUBLISHED), None)
    return render(
        request,
        "governance/document_detail.html",
        {
            "document": document,
            "versions": versions,
            "published": published,
            "can_change": request.user.has_perm("governance.change_document", document),
            "breadcrumbs": [*_documents_crumbs(), (document.title, None)],
        },
    )


def version_add(request, pk):
    document = _document_for(request, pk)
    require(request, "governance.change_document", document)
    form = DocumentVersionForm(request.POST or None, request.FILES or None)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.add_document_version(
            document=document, upload=data["file"], notes=data["notes"], by=request.user
        ),
        message=lambda version: f"Version {version.number} added",
        once=True,
    )
    return saved or form_page(
        request,
        form,
        title="Upload a new version",
        caption=document.title,
        breadcrumbs=[
            *_documents_crumbs(),
            (document.title, document.get_absolute_url()),
            ("New version", None),
        ],
        cancel_url=document.get_absolute_url(),
        submit_label="Upload",
        intro="A new version replaces the one being signed off: any sign-offs of earlier drafts are void.",
    )


def _version_for(request, pk):
    version = get_object_or_404(DocumentVersion.objects.select_related("document", "created_by"), pk=pk)
    require(request, "governance.view_document", version.document, hide=True)
    return version


def _slot_rows(version):
    """Each required signatory with their current decision on this version."""
    decisions = defaultdict(list)
    for sign_off in version.sign_offs.select_related("signed_by").filter(voided=False):
        decisions[sign_off.slot].append(sign_off)
    rows = []
    for slot in version.document.required_slots():
        latest = decisions[slot][-1] if decisions[slot] else None
        rows.append({"slot": slot, "label": SignOff.SLOT_LABELS[slot], "sign_off": latest})
    return rows


def version_detail(request, pk):
    """Exactly what a signatory approves: the file, its SHA-256, and who has signed."""
    version = _version_for(request, pk)
    slots = []
    if request.user.has_perm("governance.sign_document", version.document):
        signed = set(
            version.sign_offs.filter(decision=SignOff.Decision.APPROVED, voided=False).values_list(
                "slot", flat=True
            )
        )
        slots = [
            slot
            for slot in services.slots_user_may_sign(user=request.user, document=version.document)
            if slot not in signed
        ]
    can_sign = version.status == DocumentVersion.Status.AWAITING_SIGN_OFF and bool(slots)
    form = (
        SignOffForm(request.POST or None, slots=slots, initial={"sha256": version.sha256})
        if can_sign
        else None
    )
    if request.method == "POST":
        if form is None:
            require(request, "governance.sign_document", None)  # 403 for those who may not sign
            # A second press, or a form left open in another tab (Back and resubmit).
            if version.sign_offs.filter(signed_by=request.user, voided=False).exists():
                messages.info(request, "You have already recorded your decision on this version")
            else:
                messages.error(request, "This version cannot be signed by you now")
            return redirect(version)
        saved = submit_form(
            request,
            form,
            save=lambda data: services.record_sign_off(
                version=version,
                slot=data["slot"],
                approve=data["decision"] == "approve",
                comments=data["comments"],
                sha256=data["sha256"],
                by=request.user,
            ),
            message="Your decision has been recorded",
            then=version,
        )
        if saved:
            return saved
    return render(
        request,
        "governance/version_detail.html",
        {
            "version": version,
            "document": version.document,
            "rows": _slot_rows(version),
            "form": form,
            "can_change": request.user.has_perm("governance.change_document", version.document),
            "panel_form": SentToPanelForm()
            if version.status == DocumentVersion.Status.PUBLISHED
            and version.document.kind == Document.Kind.YEARLY_REPORT
            and not version.sent_to_panel_on
            and version.document_id not in document_hooks.documents_tracking_sending()
            else None,
            # The rendering area's own page of this version (the yearly report's checklist,
            # safety check and changes since the signed version), for the signatories.
            "companion_pages": document_hooks.version_pages(version),
            "breadcrumbs": [
                *_documents_crumbs(),
                (version.document.title, version.document.get_absolute_url()),
                (f"Version {version.number}", None),
            ],
        },
    )


def _change_version(request, pk, action, success):
    if request.method != "POST":
        raise Http404
    version = _version_for(request, pk)
    require(request, "governance.change_document", version.document)
    try:
        action(version=version, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect(version)


def version_send(request, pk):
    return _change_version(request, pk, services.send_for_sign_off, "Sent for sign-off")


def version_publish(request, pk):
    """Publishing cannot be undone, so it is confirmed on a page of its own first."""
    version = _version_for(request, pk)
    require(request, "governance.change_document", version.document)
    if request.method == "POST":
        return _change_version(
            request, pk, services.publish_version, "Published: partners can now download it"
        )
    if version.status != DocumentVersion.Status.SIGNED_OFF:
        messages.error(request, "Only a version signed off by every signatory can be published")
        return redirect(version)
    return render(
        request,
        "governance/version_publish.html",
        {
            "version": version,
            "document": version.document,
            "breadcrumbs": [
                *_documents_crumbs(),
                (version.document.title, version.document.get_absolute_url()),
                (f"Version {version.number}", version.get_absolute_url()),
                ("Publish", None),
            ],
        },
    )


def version_sent_to_panel(request, pk):
    version = _version_for(request, pk)
    require(request, "governance.change_document", version.document)
    if version.document_id in document_hooks.documents_tracking_sending():
        raise Http404("This document's sending is recorded on its own page, for each recipient.")
    form = SentToPanelForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.record_sent_to_panel(
            version=version, sent_on=data["sent_to_panel_on"], by=request.user
        ),
        message="Recorded as sent to the Panel and Foundations",
        then=version,
    )
    return saved or form_page(
        request,
        form,
        title="Record sending to the Panel and Foundations",
        caption=str(version),
        breadcrumbs=[*_documents_crumbs(), (str(version), version.get_absolute_url()), ("Sent", None)],
        cancel_url=version.get_absolute_url(),
    )


@require_GET
def version_file(request, pk):
    version = _version_for(request, pk)
    return private_file_response(version.file, version.file_name)


@require_GET
def published_file(request, pk):
    """The stable link for partners: always the document's latest published version."""
    require(request, "governance.download_published_document")
    version = (
        DocumentVersion.objects.filter(document_id=pk, status=DocumentVersion.Status.PUBLISHED)
        .order_by("-number")
        .first()
    )
    if version is None:
        raise Http404("Nothing has been published.")
    return private_file_response(version.file, version.file_name)


# The shared budget


def budget_years() -> tuple[list[int], int | None]:
    """The years with budget lines, withdrawn ones included (a year whose only line was
    withdrawn still shows it, marked withdrawn), within the years the budget accepts, and
    the year shown first: the newest with a line that counts. A line entered with a slip
    (the year 3000) never becomes everyone's default year."""
    allowed = budget_years_allowed(timezone.localdate())
    window = {"financial_year__gte": allowed[-1].start_year, "financial_year__lte": allowed[0].start_year}
    live, withdrawn = set(), set()
    for model in (BudgetContribution, BudgetSpend):
        for year, withdrawn_on in model.objects.filter(**window).values_list(
            "financial_year", "withdrawn_on"
        ):
            (live if withdrawn_on is None else withdrawn).add(year)
    years = sorted(live | withdrawn, reverse=True)
    default = max(live) if live else (years[0] if years else None)
    return years, default


def budget_summary(year: int) -> dict:
    lines = list(
        BudgetContribution.objects.filter(financial_year=year).select_related("agency", "withdrawn_by")
    )
    contributions = [line for line in lines if not line.is_withdrawn]
    all_spend = list(BudgetSpend.objects.filter(financial_year=year).select_related("withdrawn_by"))
    spend = [line for line in all_spend if not line.is_withdrawn]
    withdrawn = [line for line in [*lines, *all_spend] if line.is_withdrawn]
    total_in = sum((c.amount for c in contributions), Decimal(0))
    total_out = sum((s.amount for s in spend), Decimal(0))
    largest = max([c.amount for c in contributions] + [s.amount for s in spend] + [Decimal(1)])
    bars = []
    for index, item in enumerate(spend):
        # The longest bar leaves room for its amount beside it inside the chart's 560 px.
        width = int(280 * item.amount / largest)
        bars.append(
            {
                "label": item.get_category_display(),
                "amount": item.amount,
                "width": width,
                "y": 10 + index * 40,
            }
        )
    return {
        "year": year,
        "label": f"{year}-{str(year + 1)[2:]}",
        "contributions": contributions,
        "spend": spend,
        "withdrawn": withdrawn,
        "total_in": total_in,
        "total_out": total_out,
        "balance": total_in - total_out,
        "bars": bars,
        "chart_height": 20 + 40 * len(bars),
    }


@require_GET
def budget(request):
    require(request, "governance.view_budget")
    years, default = budget_years()
    year = whole_number(request.GET, "year", allowed=years) or default
    summary = budget_summary(year) if year else None
    recorded = {line.agency_id for line in summary["contributions"]} if summary else set()
    return render(
        request,
        "governance/budget.html",
        {
            "years": years,
            "summary": summary,
            # A partner whose line for the year was withdrawn (or never entered) is "Not recorded".
            "partners_missing": Agency.objects.exclude(statutory_partner="")
            .exclude(pk__in=recorded)
            .order_by("name")
            if summary
            else [],
            "can_change": request.user.has_perm("governance.change_budget"),
            "breadcrumbs": [GOVERNANCE, ("Budget", None)],
        },
    )


def _budget_url(line) -> str:
    return f"{reverse('governance:budget')}?year={line.financial_year}"


def _budget_line(request, form_class, title, instance=None):
    require(request, "governance.change_budget")
    form = form_class(request.POST or None, instance=instance)

    def save(data):
        fields = {name: data[name] for name in form._meta.fields}
        if instance is None:
            return services.add_budget_line(line=form._meta.model(**fields), by=request.user)
        # Validating the form put its values on `instance`: compare with the stored line.
        return services.change_budget_line(
            line=form._meta.model.objects.get(pk=instance.pk),
            by=request.user,
            change_reason=data["change_reason"],
            **fields,
        )

    saved = submit_form(request, form, save=save, message="Budget updated", then=_budget_url)
    return saved or form_page(
        request,
        form,
        title=title,
        breadcrumbs=[GOVERNANCE, ("Budget", reverse("governance:budget")), (title, None)],
        cancel_url=_budget_url(instance) if instance else reverse("governance:budget"),
    )


def contribution_add(request):
    return _budget_line(request, BudgetContributionForm, "Add a partner's contribution")


def spend_add(request):
    return _budget_line(request, BudgetSpendForm, "Add spending")


def _live_line(model, pk):
    return get_object_or_404(model.objects.filter(withdrawn_on=None), pk=pk)


def contribution_change(request, pk):
    require(request, "governance.change_budget")
    line = _live_line(BudgetContribution, pk)
    return _budget_line(request, BudgetContributionForm, "Change a partner's contribution", instance=line)


def spend_change(request, pk):
    require(request, "governance.change_budget")
    line = _live_line(BudgetSpend, pk)
    return _budget_line(request, BudgetSpendForm, "Change spending", instance=line)


def _withdraw_line(request, model, pk, title):
    require(request, "governance.change_budget")
    line = _live_line(model, pk)
    form = WithdrawForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.withdraw(record=line, reason=data["reason"], by=request.user),
        message=f"{line} withdrawn",
        then=_budget_url(line),
    )
    return saved or form_page(
        request,
        form,
        title=title,
        caption=str(line),
        breadcrumbs=[GOVERNANCE, ("Budget", reverse("governance:budget")), (title, None)],
        cancel_url=_budget_url(line),
        submit_label="Withdraw",
        intro="It stays on the budget page marked as withdrawn, with your reason, and no longer counts.",
    )


def contribution_withdraw(request, pk):
    return _withdraw_line(request, BudgetContribution, pk, "Withdraw a partner's contribution")


def spend_withdraw(request, pk):
    return _withdraw_line(request, BudgetSpend, pk, "Withdraw spending")
