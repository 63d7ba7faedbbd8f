"""Statutory review pages. Each view reads through a selector, writes through one service.

Case pages answer 404 to anyone who may not see cases, and every view of a case
record is written to the case access log.
"""

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from governance.filters import whole_number
from governance.periods import FinancialYear
from governance.pages import apply_service_errors as apply_errors

from . import clocks, selectors, services
from .access_log import note_case_view
from .forms import (
    BriefingForm,
    ExecutiveDecisionForm,
    IncidentDetailsForm,
    IncidentForm,
    InformationReceivedForm,
    InformationRequestForm,
    LocalReviewForm,
    MilestoneCompletedForm,
    MilestoneForm,
    NotificationForm,
    PartnerDecisionForm,
    PublicationForm,
    RapidReviewFindingsForm,
    RapidReviewOutcomeForm,
    RecommendationForm,
    SpotlightForm,
    WebinarForm,
)
from .models import (
    AgencyInformationRequest,
    LocalReviewMilestone,
    SeriousIncident,
    StatutoryPartner,
)

PAGE_SIZE = 25
GET_POST = require_http_methods(["GET", "POST"])


def _today() -> date:
    return timezone.localdate()


def _data(request):
    """The POST data, even when empty: a form sent with nothing filled in must show its
    errors, so `request.POST or None` would be wrong."""
    return request.POST if request.method == "POST" else None


def _files(request):
    return request.FILES if request.method == "POST" else None


def _require_cases(request) -> None:
    """Those who may not see cases are told nothing exists (404, never 403)."""
    if not selectors.may_see_cases(request.user):
        raise Http404("No such page.")


def _require(request, permission: str) -> None:
    _require_cases(request)
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _incident(request, pk: int, *, record: str) -> SeriousIncident:
    """The case for this request, logged as viewed on GET."""
    _require_cases(request)
    try:
        incident = selectors.incident_detail(user=request.user, incident_id=pk)
    except SeriousIncident.DoesNotExist as error:
        raise Http404("No such case.") from error
    if request.method == "GET":
        note_case_view(request, incident=incident, record=record)
    return incident


def _rapid_review(incident):
    review = getattr(incident, "rapid_review", None)
    if review is None:
        raise Http404("This case has no rapid review.")
    return review


def _local_review(incident):
    review = getattr(_rapid_review(incident), "local_review", None)
    if review is None:
        raise Http404("This case has no local review.")
    return review


def _crumbs(*pairs):
    return [("Reviews", reverse("reviews:index")), *pairs]


def _case_crumb(incident):
    return (incident.reference, reverse("reviews:incident_detail", args=[incident.pk]))


def _form_page(request, *, form, title, incident=None, crumbs=(), submit="Save", intro="", warning=""):
    context = {
        "form": form,
        "title": title,
        "incident": incident,
        "submit": submit,
        "intro": intro,
        "warning": warning,
        "breadcrumbs": _crumbs(*crumbs, (title, None)),
    }
    return render(request, "reviews/form.html", context)


# The open-cases dashboard


@require_GET
def index(request):
    # The area page: roles without case access are refused plainly, like any area they
    # may not use; it names no case, so it need not pretend not to exist.
    if not request.user.has_perm("reviews.access_area"):
        raise PermissionDenied
    today = _today()
    page = Paginator(selectors.open_cases(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/index.html",
        {
            "title": "Reviews",
            "breadcrumbs": [("Reviews", None)],
            "page": page,
            "rows": selectors.dashboard_rows(page.object_list, today=today),
            "today": today,
            "can_manage": request.user.has_perm("reviews.manage_cases"),
        },
    )


@require_GET
def case_list(request):
    _require_cases(request)
    page = Paginator(selectors.all_cases(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/case_list.html",
        {"title": "All cases", "breadcrumbs": _crumbs(("All cases", None)), "page": page},
    )


# Serious incidents


@GET_POST
def incident_create(request):
    _require(request, "reviews.manage_cases")
    form = IncidentForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            incident = services.record_serious_incident(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Serious incident {incident.reference} recorded")
            return redirect(incident)
    return _form_page(
        request,
        form=form,
        title="Record a serious incident",
        submit="Record the incident",
        warning=(
            "Do not enter the child's name or anything that could identify the child or the family. "
            "The case is known by its reference."
        ),
    )


@require_GET
def incident_detail(request, pk):
    incident = _incident(request, pk, record="Serious incident")
    today = _today()
    decisions = services.decisions_by_partner(incident)
    partners = [(value, label, decisions.get(value)) for value, label in StatutoryPartner.choices]
    return render(
        request,
        "reviews/incident_detail.html",
        {
            "title": f"Serious incident {incident.reference}",
            "breadcrumbs": _crumbs((incident.reference, None)),
            "incident": incident,
            "clock": incident.notification_clock(today),
            "partners": partners,
            "decision_state": services.decision_state(incident),
            "remaining": [value for value, _, decision in partners if decision is None],
            "rapid_review": getattr(incident, "rapid_review", None),
            "can_manage": request.user.has_perm("reviews.manage_cases"),
            "can_resolve": request.user.has_perm("reviews.resolve_disagreement"),
            "can_read_log": request.user.has_perm("reviews.view_access_log"),
        },
    )


@GET_POST
def incident_edit(request, pk):
    _require(request, "reviews.manage_cases")
    incident = _incident(request, pk, record="Serious incident: details")
    form = IncidentDetailsForm(_data(request), instance=incident)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_serious_incident(incident=incident, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Incident details saved")
            return redirect(incident)
    return _form_page(
        request,
        form=form,
        title="Change the incident's details",
        incident=incident,
        crumbs=[_case_crumb(incident)],
        warning="Do not enter the child's name or anything that could identify the child or the family.",
    )


@GET_POST
def incident_notification(request, pk):
    _require(request, "reviews.manage_cases")
    incident = _incident(request, pk, record="Serious incident: notification")
    form = NotificationForm(_data(request), instance=incident)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_notification(incident=incident, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Notification to the Panel recorded")
            return redirect(incident)
    due = incident.notification_due
    return _form_page(
        request,
        form=form,
        title="Notification to the Panel",
        incident=incident,
        crumbs=[_case_crumb(incident)],
        intro=f"The notification is due on {due:%-d %B %Y}, 5 working days after the local authority "
        "became aware. A later notification needs its reason.",
    )


@GET_POST
def decision_create(request, pk):
    _require(request, "reviews.manage_cases")
    incident = _incident(request, pk, record="Serious incident: partner decision")
    decided = services.decisions_by_partner(incident)
    remaining = [value for value, _ in StatutoryPartner.choices if value not in decided]
    if not remaining or incident.stage != SeriousIncident.Stage.DECISIONS:
        messages.info(request, "All three partners have recorded their decisions")
        return redirect(incident)
    form = PartnerDecisionForm(_data(request), remaining=remaining)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_partner_decision(incident=incident, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Decision recorded")
            return redirect(incident)
    return _form_page(
        request,
        form=form,
        title="Record a partner's decision",
        incident=incident,
        crumbs=[_case_crumb(incident)],
        submit="Record the decision",
        intro="The decision to hold a rapid review is made jointly by the local authority, health and "
        "the police. It stands only when all three have decided.",
    )


@GET_POST
def executive_decision(request, pk):
    _require(request, "reviews.resolve_disagreement")
    incident = _incident(request, pk, record="Serious incident: Executive decision")
    if incident.stage != SeriousIncident.Stage.DISAGREEMENT:
        raise Http404("Only a disagreement goes to the Executive.")
    form = ExecutiveDecisionForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.resolve_disagreement(
                incident=incident,
                proceed=form.cleaned_data["proceed"],
                decision=form.cleaned_data["executive_decision"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "The Executive's decision is recorded")
            return redirect(incident)
    return _form_page(
        request,
        form=form,
        title="The Executive's decision",
        incident=incident,
        crumbs=[_case_crumb(incident)],
        intro="The three partners disagree on holding a rapid review: the Executive decides.",
    )


@require_GET
def access_log(request, pk):
    _require_cases(request)
    if not request.user.has_perm("reviews.view_access_log"):
        raise Http404("No such page.")
    incident = _incident(request, pk, record="Access log")
    page = Paginator(selectors.access_log(user=request.user, incident=incident), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "reviews/access_log.html",
        {
            "title": f"Who viewed {incident.reference}",
            "breadcrumbs": _crumbs(_case_crumb(incident), ("Access log", None)),
            "incident": incident,
            "page": page,
        },
    )


# The rapid review


@require_GET
def rapid_review_detail(request, pk):
    incident = _incident(request, pk, record="Rapid review")
    review = _rapid_review(incident)
    today = _today()
    requests = [(request_, request_.clock(today)) for request_ in review.information_requests.all()]
    return render(
        request,
        "reviews/rapid_review_detail.html",
        {
            "title": f"Rapid review {incident.reference}",
            "breadcrumbs": _crumbs(_case_crumb(incident), ("Rapid review", None)),
            "incident": incident,
            "review": review,
            "clock": review.clock(today),
            "timetable": clocks.typical_timetable(incident.notified_on) if incident.notified_on else [],
            "requests": requests,
            "local_review": getattr(review, "local_review", None),
            "recommendations": selectors.recommendations(user=request.user).filter(rapid_review=review),
            "can_record": request.user.has_perm("reviews.record_rapid_review"),
            "can_manage": request.user.has_perm("reviews.manage_cases"),
        },
    )


@GET_POST
def rapid_review_findings(request, pk):
    _require(request, "reviews.record_rapid_review")
    incident = _incident(request, pk, record="Rapid review: findings")
    review = _rapid_review(incident)
    form = RapidReviewFindingsForm(_data(request), instance=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_rapid_review_findings(rapid_review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Findings saved")
            return redirect(review)
    return _form_page(
        request,
        form=form,
        title="Panel meeting and findings",
        incident=incident,
        crumbs=[_case_crumb(incident), ("Rapid review", review.get_absolute_url())],
    )


@GET_POST
def rapid_review_outcome(request, pk):
    _require(request, "reviews.manage_cases")
    incident = _incident(request, pk, record="Rapid review: outcome")
    review = _rapid_review(incident)
    form = RapidReviewOutcomeForm(_data(request), instance=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_rapid_review_outcome(rapid_review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Outcome recorded")
            return redirect(review)
    due = review.due_on
    return _form_page(
        request,
        form=form,
        title="Outcome of the rapid review",
        incident=incident,
        crumbs=[_case_crumb(incident), ("Rapid review", review.get_absolute_url())],
        intro=(f"The rapid review is due with the Panel on {due:%-d %B %Y}." if due else ""),
    )


@GET_POST
def information_request_create(request, pk):
    _require(request, "reviews.record_rapid_review")
    incident = _incident(request, pk, record="Rapid review: information request")
    review = _rapid_review(incident)
    initial = {"requested_on": _today()}
    if incident.notified_on:
        initial["due_on"] = clocks.information_due(incident.notified_on)
    form = InformationRequestForm(_data(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_information_request(rapid_review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Information request added")
            return redirect(review)
    return _form_page(
        request,
        form=form,
        title="Ask an agency for information",
        incident=incident,
        crumbs=[_case_crumb(incident), ("Rapid review", review.get_absolute_url())],
    )


@GET_POST
def information_received(request, pk, request_pk):
    _require(request, "reviews.record_rapid_review")
    incident = _incident(request, pk, record="Rapid review: information received")
    review = _rapid_review(incident)
    information_request = get_object_or_404(AgencyInformationRequest, pk=request_pk, rapid_review=review)
    form = InformationReceivedForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.record_information_received(
                information_request=information_request,
                received_on=form.cleaned_data["received_on"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Information from {information_request.agency} received")
            return redirect(review)
    return _form_page(
        request,
        form=form,
        title=f"Information received from {information_request.agency}",
        incident=incident,
        crumbs=[_case_crumb(incident), ("Rapid review", review.get_absolute_url())],
    )


# The local review


@require_GET
def local_review_detail(request, pk):
    incident = _incident(request, pk, record="Local review")
    review = _local_review(incident)
    today = _today()
    milestones = [(milestone, milestone.clock(today)) for milestone in review.milestones.all()]
    publication_on = review.published_on or review.publication_planned_on
    return render(
        request,
        "reviews/local_review_detail.html",
        {
            "title": f"Local review {incident.reference}",
            "breadcrumbs": _crumbs(_case_crumb(incident), ("Local review", None)),
            "incident": incident,
            "review": review,
            "clock": review.clock(today),
            "milestones": milestones,
            "latest_notice": clocks.latest_panel_notice(publication_on) if publication_on else None,
            "recommendations": selectors.recommendations(user=request.user).filter(local_review=review),
            "can_manage": request.user.has_perm("reviews.manage_cases"),
        },
    )


@GET_POST
def local_review_edit(request, pk):
    _require(request, "reviews.manage_cases")
    incident = _incident(request, pk, record="Local review: edit")
    review = _local_review(incident)
    form = LocalReviewForm(_data(request), _files(request), instance=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_local_review(local_review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Local review saved")
            return redirect(review)
    return _form_page(
        request,
        form=form,
        title="Reviewers, terms of reference and final report",
        incident=incident,
        crumbs=[_case_crumb(incident), ("Local review", review.get_absolute_url())],
    )


@GET_POST
def local_review_publication(request, pk):
    _require(request, "reviews.manage_cases")
    incident = _incident(request, pk, record="Local review: publication")
    review = _local_review(incident)
    show_confirm = "confirm_short_notice" in request.POST
    form = PublicationForm(_data(request), instance=review, show_confirm=show_confirm)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_publication(local_review=review, by=request.user, **form.cleaned_data)
        except services.ShortNoticeWarning as warning:
            form = PublicationForm(request.POST, instance=review, show_confirm=True)
            form.is_valid()
            apply_errors(form, warning)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Publication plan saved")
            return redirect(review)
    return _form_page(
        request,
        form=form,
        title="Publication plan",
        incident=incident,
        crumbs=[_case_crumb(incident), ("Local review", review.get_absolute_url())],
        intro="The final report goes to the Panel and the Secretary of State at least 7 working days "
        "before publication.",
    )


@GET_POST
def milestone_create(request, pk):
    _require(request, "reviews.manage_cases")
    incident = _incident(request, pk, record="Local review: milestone")
    review = _local_review(incident)
    form = MilestoneForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_milestone(local_review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Milestone added")
            return redirect(review)
    return _form_page(
        request,
        form=form,
        title="Add a milestone",
        incident=incident,
        crumbs=[_case_crumb(incident), ("Local review", review.get_absolute_url())],
    )


@GET_POST
def milestone_complete(request, pk, milestone_pk):
    _require(request, "reviews.manage_cases")
    incident = _incident(request, pk, record="Local review: milestone")
    review = _local_review(incident)
    milestone = get_object_or_404(LocalReviewMilestone, pk=milestone_pk, local_review=review)
    form = MilestoneCompletedForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.complete_milestone(
                milestone=milestone, completed_on=form.cleaned_data["completed_on"], by=request.user
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Milestone “{milestone.title}” completed")
            return redirect(review)
    return _form_page(
        request,
        form=form,
        title=f"Complete “{milestone.title}”",
        incident=incident,
        crumbs=[_case_crumb(incident), ("Local review", review.get_absolute_url())],
    )


@require_GET
def final_report(request, pk):
    incident = _incident(request, pk, record="Local review: final report")
    review = _local_review(incident)
    if not review.final_report:
        raise Http404("No final report yet.")
    return FileResponse(
        review.final_report.open("rb"), as_attachment=True, filename=review.final_report_name or "report"
    )


# Recommendations and the action plan


@GET_POST
def recommendation_create(request, pk):
    _require(request, "reviews.manage_cases")
    incident = _incident(request, pk, record="Recommendation")
    review = _rapid_review(incident)
    local_review = getattr(review, "local_review", None)
    choices = [("rapid", f"Rapid review {incident.reference}")]
    if local_review:
        choices.append(("local", f"Local review {incident.reference}"))
    form = RecommendationForm(_data(request), reviews=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_recommendation(
                review=local_review if data["review"] == "local" else review,
                text=data["text"],
                theme=form.chosen_theme(),
                owner=data["owner"],
                group=data["group"],
                due_date=data["due_date"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Recommendation added to the statutory review action plan")
            return redirect(local_review if data["review"] == "local" else review)
    return _form_page(
        request,
        form=form,
        title="Add a recommendation",
        incident=incident,
        crumbs=[_case_crumb(incident)],
        intro="Each recommendation becomes an action in the partnership's action log, with a theme.",
    )


@require_GET
def action_plan(request):
    _require_cases(request)
    theme_id = whole_number(request.GET, "theme")
    return render(
        request,
        "reviews/action_plan.html",
        {
            "title": "Statutory review action plan",
            "breadcrumbs": _crumbs(("Statutory review action plan", None)),
            "groups": selectors.action_plan_by_theme(user=request.user, theme_id=theme_id),
            "themes": selectors.themes_in_use(user=request.user),
            "theme_id": theme_id,
            "today": _today(),
            "can_manage": request.user.has_perm("reviews.manage_cases"),
        },
    )


@GET_POST
def spotlight(request, recommendation_pk):
    _require(request, "reviews.manage_cases")
    recommendation = get_object_or_404(selectors.recommendations(user=request.user), pk=recommendation_pk)
    form = SpotlightForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.mark_spotlight(
                recommendation=recommendation,
                agency=form.cleaned_data["agency"],
                evidence=form.cleaned_data["evidence"],
                by=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Spotlight item recorded")
            return redirect("reviews:action_plan")
    return _form_page(
        request,
        form=form,
        title="Spotlight item",
        crumbs=[("Statutory review action plan", reverse("reviews:action_plan"))],
        intro=f"Recommendation: {recommendation.text}",
    )


# Learning: for every partner user, with no link to the case


@require_GET
def learning(request):
    if not request.user.has_perm("reviews.view_learning"):
        raise PermissionDenied
    briefings = Paginator(selectors.published_briefings(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reviews/learning.html",
        {
            "title": "Learning from reviews",
            "breadcrumbs": [("Learning from reviews", None)],
            "briefings": briefings,
            "webinars": Paginator(selectors.webinars(), PAGE_SIZE).get_page(request.GET.get("webinar_page")),
            "can_manage": request.user.has_perm("reviews.manage_learning"),
        },
    )


@require_GET
def briefing_document(request, briefing_pk):
    if not request.user.has_perm("reviews.view_learning"):
        raise PermissionDenied
    briefing = get_object_or_404(selectors.published_briefings(), pk=briefing_pk)
    if not briefing.document:
        raise Http404("This briefing has no document.")
    return FileResponse(
        briefing.document.open("rb"), as_attachment=True, filename=briefing.document_name or "briefing.pdf"
    )


def _review_for_learning(incident, choice):
    review = _rapid_review(incident)
    local_review = getattr(review, "local_review", None)
    return {"local_review": local_review} if choice == "local" and local_review else {"rapid_review": review}


@GET_POST
def briefing_create(request, pk):
    _require(request, "reviews.manage_learning")
    incident = _incident(request, pk, record="Learning: briefing")
    form = BriefingForm(_data(request), _files(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_briefing(
                by=request.user,
                **form.cleaned_data,
                **_review_for_learning(incident, request.GET.get("review")),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "7-minute briefing added")
            return redirect(incident)
    return _form_page(
        request,
        form=form,
        title="Add a 7-minute briefing",
        incident=incident,
        crumbs=[_case_crumb(incident)],
        warning="Briefings are seen by every partner user, young scrutineers included: anonymise them.",
    )


@GET_POST
def webinar_create(request, pk):
    _require(request, "reviews.manage_learning")
    incident = _incident(request, pk, record="Learning: webinar")
    form = WebinarForm(_data(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_webinar(
                by=request.user,
                **form.cleaned_data,
                **_review_for_learning(incident, request.GET.get("review")),
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "Webinar added")
            return redirect(incident)
    return _form_page(
        request,
        form=form,
        title="Add a webinar",
        incident=incident,
        crumbs=[_case_crumb(incident)],
        warning="Webinars are listed for every partner user: give them an anonymised title.",
    )


# Figures


@require_GET
def timeliness(request):
    _require_cases(request)
    years = selectors.financial_years_with_cases(user=request.user)
    start_year = whole_number(request.GET, "year", allowed=years) or years[0]
    return render(
        request,
        "reviews/timeliness.html",
        {
            "title": "Timeliness of statutory reviews",
            "breadcrumbs": _crumbs(("Timeliness", None)),
            "figures": selectors.timeliness(user=request.user, start_year=start_year),
            "years": [(year, FinancialYear(year).long_label) for year in years],
            "start_year": start_year,
        },
    )
