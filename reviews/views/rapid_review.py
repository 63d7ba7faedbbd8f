"""The rapid review: the Panel meeting and its findings, the outcome sent to the Panel,
and the information asked of agencies."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from governance.pages import submit_form

from .. import clocks, selectors, services
from ..forms import (
    InformationReceivedForm,
    InformationRequestChangeForm,
    InformationRequestForm,
    PanelResponseForm,
    RapidReviewFindingsForm,
    RapidReviewOutcomeForm,
)
from ..models import AgencyInformationRequest
from .common import (
    GET_POST,
    case_crumb,
    case_form_page,
    crumbs,
    incident_for,
    post_data,
    rapid_review_of,
    require_case_permission,
    today,
)


def _review_crumbs(incident, review, title):
    return crumbs(case_crumb(incident), ("Rapid review", review.get_absolute_url()), (title, None))


@require_GET
def rapid_review_detail(request, pk):
    incident = incident_for(request, pk, record="Rapid review")
    review = rapid_review_of(incident)
    on = today()
    requests = [(request_, request_.clock(on)) for request_ in review.information_requests.all()]
    return render(
        request,
        "reviews/rapid_review_detail.html",
        {
            "title": f"Rapid review {incident.reference}",
            "breadcrumbs": crumbs(case_crumb(incident), ("Rapid review", None)),
            "incident": incident,
            "review": review,
            "clock": review.clock(on),
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
    require_case_permission(request, "reviews.record_rapid_review")
    incident = incident_for(request, pk, record="Rapid review: findings")
    review = rapid_review_of(incident)
    form = RapidReviewFindingsForm(post_data(request), instance=review)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.record_rapid_review_findings(rapid_review=review, by=request.user, **data),
        message="Findings saved",
        then=review,
    )
    title = "Panel meeting and findings"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=_review_crumbs(incident, review, title),
    )


@GET_POST
def rapid_review_outcome(request, pk):
    # The Rapid Review Panel records the outcome it reached, as well as the business unit.
    require_case_permission(request, "reviews.record_rapid_review")
    incident = incident_for(request, pk, record="Rapid review: outcome")
    review = rapid_review_of(incident)
    form = RapidReviewOutcomeForm(post_data(request), instance=review)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.record_rapid_review_outcome(rapid_review=review, by=request.user, **data),
        message="Outcome recorded",
        then=review,
    )
    due = review.due_on
    title = "Outcome of the rapid review"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=_review_crumbs(incident, review, title),
        intro=(f"The rapid review is due with the Panel on {due:%-d %B %Y}." if due else ""),
    )


@GET_POST
def information_request_create(request, pk):
    require_case_permission(request, "reviews.record_rapid_review")
    incident = incident_for(request, pk, record="Rapid review: information request")
    review = rapid_review_of(incident)
    initial = {"requested_on": today()}
    if incident.notified_on:
        initial["due_on"] = clocks.information_due(incident.notified_on)
    form = InformationRequestForm(post_data(request), initial=initial)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.add_information_request(rapid_review=review, by=request.user, **data),
        message="Information request added",
        then=review,
    )
    title = "Ask an agency for information"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=_review_crumbs(incident, review, title),
    )


@GET_POST
def information_received(request, pk, request_pk):
    require_case_permission(request, "reviews.record_rapid_review")
    incident = incident_for(request, pk, record="Rapid review: information received")
    review = rapid_review_of(incident)
    information_request = get_object_or_404(AgencyInformationRequest, pk=request_pk, rapid_review=review)
    if information_request.received_on:
        messages.info(
            request, f"The summary from {information_request.agency} is already recorded as received"
        )
        return redirect(review)
    form = InformationReceivedForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.record_information_received(
            information_request=information_request, received_on=data["received_on"], by=request.user
        ),
        message=f"Information from {information_request.agency} received",
        then=review,
    )
    title = f"Information received from {information_request.agency}"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=_review_crumbs(incident, review, title),
    )


@GET_POST
def information_request_change(request, pk, request_pk):
    require_case_permission(request, "reviews.record_rapid_review")
    incident = incident_for(request, pk, record="Rapid review: information request")
    review = rapid_review_of(incident)
    information_request = get_object_or_404(AgencyInformationRequest, pk=request_pk, rapid_review=review)
    form = InformationRequestChangeForm(post_data(request), instance=information_request)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.update_information_request(
            information_request=information_request, by=request.user, **data
        ),
        message="Information request saved",
        then=review,
    )
    title = f"Change the request to {information_request.agency}"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=_review_crumbs(incident, review, title),
    )


@GET_POST
def panel_response(request, pk):
    require_case_permission(request, "reviews.record_rapid_review")
    incident = incident_for(request, pk, record="Rapid review: the Panel's response")
    review = rapid_review_of(incident)
    if not review.sent_to_panel_on:
        messages.info(request, "Record the date the rapid review went to the Panel before its response")
        return redirect(review)
    form = PanelResponseForm(post_data(request), instance=review)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.record_panel_response(rapid_review=review, by=request.user, **data),
        message="The Panel's response changed"
        if review.panel_response_received_on
        else "The Panel's response recorded",
        then=review,
    )
    title = "The Panel's response to the rapid review"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=_review_crumbs(incident, review, title),
        intro=f"The rapid review went to the Panel on {review.sent_to_panel_on:%-d %B %Y}. "
        "If the Panel's view leads the partners to decide again on a local review, "
        "record the new decision and its date on the local review.",
    )
