"""Serious incidents: recording one, the notification to the Panel, the three partners'
decisions and the Executive's when they disagree, and who has viewed the case."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from governance.pages import form_page, paginate, submit_form

from .. import selectors, services
from ..forms import (
    ExecutiveDecisionForm,
    IncidentDetailsForm,
    IncidentForm,
    NotificationForm,
    PartnerDecisionForm,
)
from ..models import SeriousIncident, StatutoryPartner
from .common import (
    GET_POST,
    case_crumb,
    case_form_page,
    crumbs,
    incident_for,
    post_data,
    require_case_permission,
    require_cases,
    today,
)

ACCESS_LOG_PAGE_SIZE = 50


@GET_POST
def incident_create(request):
    require_case_permission(request, "reviews.manage_cases")
    form = IncidentForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.record_serious_incident(by=request.user, **data),
        message=lambda incident: f"Serious incident {incident.reference} recorded",
    )
    title = "Record a serious incident"
    return saved or form_page(
        request,
        form,
        title=title,
        breadcrumbs=crumbs((title, None)),
        cancel_url=reverse("reviews:index"),
        submit_label="Record the incident",
        warning=(
            "Do not enter the child's name or anything that could identify the child or the family. "
            "The case is known by its reference."
        ),
    )


@require_GET
def incident_detail(request, pk):
    incident = incident_for(request, pk, record="Serious incident")
    decisions = services.decisions_by_partner(incident)
    partners = [(value, label, decisions.get(value)) for value, label in StatutoryPartner.choices]
    return render(
        request,
        "reviews/incident_detail.html",
        {
            "title": f"Serious incident {incident.reference}",
            "breadcrumbs": crumbs((incident.reference, None)),
            "incident": incident,
            "clock": incident.notification_clock(today()),
            "partners": partners,
            "decision_state": services.decision_state(incident),
            "remaining": [value for value, _, decision in partners if decision is None],
            "rapid_review": getattr(incident, "rapid_review", None),
            # While the partners decide, the rapid review clock is already running.
            "rapid_review_clock": incident.rapid_review_clock(today())
            if incident.notified_on and incident.stage in SeriousIncident.DECIDING_STAGES
            else None,
            "can_manage": request.user.has_perm("reviews.manage_cases"),
            "can_resolve": request.user.has_perm("reviews.resolve_disagreement"),
            "can_read_log": request.user.has_perm("reviews.view_access_log"),
        },
    )


@GET_POST
def incident_edit(request, pk):
    require_case_permission(request, "reviews.manage_cases")
    incident = incident_for(request, pk, record="Serious incident: details")
    form = IncidentDetailsForm(post_data(request), instance=incident)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.update_serious_incident(incident=incident, by=request.user, **data),
        message="Incident details saved",
        then=incident,
    )
    title = "Change the incident's details"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=crumbs(case_crumb(incident), (title, None)),
        warning="Do not enter the child's name or anything that could identify the child or the family.",
    )


@GET_POST
def incident_notification(request, pk):
    require_case_permission(request, "reviews.manage_cases")
    incident = incident_for(request, pk, record="Serious incident: notification")
    form = NotificationForm(post_data(request), instance=incident)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.record_notification(incident=incident, by=request.user, **data),
        message="Notification to the Panel recorded",
        then=incident,
    )
    title = "Notification to the Panel"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=crumbs(case_crumb(incident), (title, None)),
        intro=f"The notification is due on {incident.notification_due:%-d %B %Y}, 5 working days after "
        "the local authority became aware. A later notification needs its reason.",
    )


@GET_POST
def decision_create(request, pk):
    require_case_permission(request, "reviews.manage_cases")
    incident = incident_for(request, pk, record="Serious incident: partner decision")
    decided = services.decisions_by_partner(incident)
    remaining = [value for value, _ in StatutoryPartner.choices if value not in decided]
    if not remaining or incident.stage != SeriousIncident.Stage.DECISIONS:
        messages.info(request, "All three partners have recorded their decisions")
        return redirect(incident)
    form = PartnerDecisionForm(post_data(request), remaining=remaining)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.record_partner_decision(incident=incident, by=request.user, **data),
        message="Decision recorded",
        then=incident,
    )
    title = "Record a partner's decision"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=crumbs(case_crumb(incident), (title, None)),
        submit_label="Record the decision",
        intro="The decision to hold a rapid review is made jointly by the local authority, health and "
        "the police. It stands only when all three have decided.",
    )


@GET_POST
def executive_decision(request, pk):
    require_case_permission(request, "reviews.resolve_disagreement")
    incident = incident_for(request, pk, record="Serious incident: Executive decision")
    if incident.stage != SeriousIncident.Stage.DISAGREEMENT:
        raise Http404("Only a disagreement goes to the Executive.")
    form = ExecutiveDecisionForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.resolve_disagreement(
            incident=incident,
            proceed=data["proceed"],
            decision=data["executive_decision"],
            by=request.user,
        ),
        message="The Executive's decision is recorded",
        then=incident,
    )
    title = "The Executive's decision"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=crumbs(case_crumb(incident), (title, None)),
        intro="The three partners disagree on holding a rapid review: the Executive decides.",
    )


@require_GET
def access_log(request, pk):
    require_cases(request)
    if not request.user.has_perm("reviews.view_access_log"):
        raise Http404("No such page.")
    incident = incident_for(request, pk, record="Access log")
    return render(
        request,
        "reviews/access_log.html",
        {
            "title": f"Who viewed {incident.reference}",
            "breadcrumbs": crumbs(case_crumb(incident), ("Access log", None)),
            "incident": incident,
            "page": paginate(
                request, selectors.access_log(user=request.user, incident=incident), ACCESS_LOG_PAGE_SIZE
            ),
        },
    )
