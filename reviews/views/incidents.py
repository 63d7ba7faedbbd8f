"""Serious incidents: recording one, the notification to the Panel, the three partners'
decisions and the Executive's when they disagree, and who has viewed the case."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from governance.pages import form_page, paginate, submit_form

from .. import selectors, services
from ..forms import (
    ExecutiveDecisionForm,
    IncidentDetailsForm,
    IncidentForm,
    NoRapidReviewForm,
    NotificationForm,
    OtherChildForm,
    PartnerDecisionChangeForm,
    PartnerDecisionForm,
    ReinstateForm,
    RemoveOtherChildForm,
    WithdrawForm,
)
from ..models import OtherChild, PartnerDecision, SeriousIncident, StatutoryPartner
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
from .learning import webinars_after

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
    may_decide = services.partners_user_may_decide(request.user) if not incident.is_withdrawn else []
    deciding = incident.stage == SeriousIncident.Stage.DECISIONS
    can_change_decisions = services.decision_can_change(incident)
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
            # Each partner's row says what this person may do with it: record or change.
            "may_record": {
                value
                for value, _, decision in partners
                if decision is None and deciding and value in may_decide
            },
            "may_change": {
                value
                for value, _, decision in partners
                if decision and can_change_decisions and value in may_decide
            },
            "other_children": incident.other_children.all(),
            "room_for_children": len(incident.other_children.all()) < OtherChild.MOST,
            "next_step": next_step.for_user(request.user)
            if (next_step := selectors.next_step(incident))
            else None,
            "rapid_review": getattr(incident, "rapid_review", None),
            # While the partners decide, the rapid review clock is already running.
            "rapid_review_clock": incident.rapid_review_clock(today())
            if incident.notified_on and not hasattr(incident, "rapid_review") and not incident.is_withdrawn
            else None,
            "can_manage": request.user.has_perm("reviews.manage_cases"),
            "can_resolve": request.user.has_perm("reviews.resolve_disagreement"),
            "can_read_log": request.user.has_perm("reviews.view_access_log"),
            **webinars_after(request, incident),
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
        message=lambda saved: "Incident details saved" + _late_reason_note(saved),
        then=incident,
    )
    title = "Change the incident's details"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
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
        message=lambda saved: "Notification to the Panel recorded" + _late_reason_note(saved),
        then=incident,
    )
    title = "Notification to the Panel"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        intro=f"The notification is due on {incident.notification_due:%-d %B %Y}, 5 working days after "
        "the local authority became aware. A later notification needs its reason.",
    )


def _late_reason_note(incident) -> str:
    if getattr(incident, "late_reason_cleared", False):
        return ". The notification is on time, so the reason it was late has been removed (History keeps it)"
    return ""


@GET_POST
def decision_create(request, pk):
    require_case_permission(request, "reviews.record_partner_decision")
    incident = incident_for(request, pk, record="Serious incident: partner decision")
    decided = services.decisions_by_partner(incident)
    may_decide = services.partners_user_may_decide(request.user)
    if not may_decide:
        # An Executive member whose agency is not a statutory partner decides for none.
        raise PermissionDenied
    remaining = [
        value for value, _ in StatutoryPartner.choices if value not in decided and value in may_decide
    ]
    if incident.stage != SeriousIncident.Stage.DECISIONS or not remaining:
        messages.info(
            request,
            "All three partners have recorded their decisions"
            if len(decided) == len(StatutoryPartner.choices)
            else "Your partner's decision is recorded",
        )
        return redirect(incident)
    form = PartnerDecisionForm(post_data(request), remaining=remaining)
    if request.method == "GET" and request.GET.get("partner") in remaining:
        form.fields["partner"].initial = request.GET["partner"]
    saved = submit_form(
        request,
        form,
        save=lambda data: services.record_partner_decision(incident=incident, by=request.user, **data),
        message=lambda decision: f"{decision.get_partner_display()}'s decision recorded",
        then=incident,
    )
    labels = dict(StatutoryPartner.choices)
    title = (
        f"Record the decision of the {labels[remaining[0]].lower()}"
        if len(remaining) == 1
        else ("Record a partner's decision")
    )
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        submit_label="Record the decision",
        intro="The decision to hold a rapid review is made jointly by the local authority, health and "
        "the police. It stands only when all three have decided.",
    )


@GET_POST
def executive_decision(request, pk):
    require_case_permission(request, "reviews.resolve_disagreement")
    incident = incident_for(request, pk, record="Serious incident: Executive decision")
    if incident.stage != SeriousIncident.Stage.DISAGREEMENT:
        # Back after deciding, or no disagreement: say so on the case, not "not found".
        messages.info(request, "There is no disagreement for the Executive to decide on this case")
        return redirect(incident)
    form = ExecutiveDecisionForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.resolve_disagreement(
            incident=incident,
            proceed=data["proceed"],
            decision=data["executive_decision"],
            decided_on=data["decided_on"],
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
        intro="The three partners disagree on holding a rapid review: the Executive decides.",
    )


@GET_POST
def decision_change(request, pk, partner):
    require_case_permission(request, "reviews.record_partner_decision")
    incident = incident_for(request, pk, record="Serious incident: partner decision")
    decision = get_object_or_404(PartnerDecision, incident=incident, partner=partner)
    if partner not in services.partners_user_may_decide(request.user):
        raise PermissionDenied
    if not services.decision_can_change(incident):
        messages.info(request, "The next step has started: the partners' decisions can no longer be changed")
        return redirect(incident)
    form = PartnerDecisionChangeForm(post_data(request), instance=decision)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.change_partner_decision(decision=decision, by=request.user, **data),
        message=f"{decision.get_partner_display()}'s decision changed",
        then=incident,
    )
    title = f"Change the decision of the {decision.get_partner_display().lower()}"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        intro="A decision can be changed until the next step starts: the rapid review opens, or the "
        "Panel is told none will be held.",
    )


@GET_POST
def no_rapid_review(request, pk):
    require_case_permission(request, "reviews.manage_cases")
    incident = incident_for(request, pk, record="Serious incident: no rapid review")
    if incident.stage not in (SeriousIncident.Stage.NO_RAPID_REVIEW, SeriousIncident.Stage.CLOSED) or hasattr(
        incident, "rapid_review"
    ):
        raise Http404("The partners have not decided against a rapid review.")
    form = NoRapidReviewForm(post_data(request), instance=incident)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.record_no_rapid_review(incident=incident, by=request.user, **data),
        message="Decision not to hold a rapid review recorded",
        then=incident,
    )
    title = "No rapid review: tell the Panel"
    due = incident.rapid_review_due
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        intro="The partners decided not to hold a rapid review. Tell the Panel, with the reason"
        + (f", by {due:%-d %B %Y}, when the rapid review would have been due." if due else "."),
    )


@GET_POST
def incident_withdraw(request, pk):
    require_case_permission(request, "reviews.manage_cases")
    incident = incident_for(request, pk, record="Serious incident: withdraw")
    if incident.is_withdrawn:
        messages.info(request, "This case is already withdrawn")
        return redirect(incident)
    form = WithdrawForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.withdraw_serious_incident(
            incident=incident, reason=data["withdrawn_reason"], by=request.user
        ),
        message=f"{incident.reference} withdrawn. It is out of the figures and reminders; History keeps it",
        then=incident,
    )
    title = "Withdraw this case"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        submit_label="Withdraw the case",
        warning="Withdraw a case only if it was recorded by mistake, for example twice. It leaves the "
        "figures, the open cases and the reminders. It is not deleted: it stays, marked withdrawn, with "
        "its history.",
    )


@GET_POST
def incident_reinstate(request, pk):
    require_case_permission(request, "reviews.manage_cases")
    incident = incident_for(request, pk, record="Serious incident: reinstate")
    if not incident.is_withdrawn:
        messages.info(request, "This case is not withdrawn")
        return redirect(incident)
    form = ReinstateForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.reinstate_serious_incident(
            incident=incident, reason=data["reason"], by=request.user
        ),
        message=f"{incident.reference} reinstated. Actions cancelled when it was withdrawn stay cancelled: "
        "raise again any still needed",
        then=incident,
    )
    title = "Reinstate this case"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        submit_label="Reinstate the case",
        intro=f"Withdrawn on {incident.withdrawn_on:%-d %B %Y}: {incident.withdrawn_reason}",
    )


@GET_POST
def other_child_create(request, pk):
    require_case_permission(request, "reviews.manage_cases")
    incident = incident_for(request, pk, record="Serious incident: another child")
    if len(incident.other_children.all()) >= OtherChild.MOST:
        messages.info(request, "The notification already covers four children, the most it can")
        return redirect(incident)
    form = OtherChildForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.add_other_child(incident=incident, by=request.user, **data),
        message="Child added to the notification",
        then=incident,
    )
    title = "Add another child in the notification"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        intro="One notification can cover up to four children. Record each child's age band, never a name.",
    )


def _other_child(incident, child_pk) -> OtherChild:
    return get_object_or_404(OtherChild, pk=child_pk, incident=incident)


@GET_POST
def other_child_change(request, pk, child_pk):
    require_case_permission(request, "reviews.manage_cases")
    incident = incident_for(request, pk, record="Serious incident: another child")
    child = _other_child(incident, child_pk)
    form = OtherChildForm(post_data(request), instance=child)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.update_other_child(child=child, by=request.user, **data),
        message="Child's details saved",
        then=incident,
    )
    title = "Change the other child's details"
    return saved or case_form_page(request, form, incident=incident, title=title)


@GET_POST
def other_child_remove(request, pk, child_pk):
    require_case_permission(request, "reviews.manage_cases")
    incident = incident_for(request, pk, record="Serious incident: another child")
    child = _other_child(incident, child_pk)
    form = RemoveOtherChildForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.remove_other_child(child=child, reason=data["reason"], by=request.user),
        message="Child removed from the notification. History keeps the record and the reason",
        then=incident,
    )
    title = "Remove a child from the notification"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        submit_label="Remove the child",
        intro=f"The child: {child.get_age_band_display()}, {child.get_harm_type_display().lower()}.",
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
