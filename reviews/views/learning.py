"""Learning: for every partner user, with no link to the case. Briefings are added from
a case's page by those who manage learning; webinars are recorded once, in training, and
listed here through reviews/webinars.py."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from governance.pages import PAGE_SIZE, form_page, paginate, private_file_response, submit_form

from .. import selectors, services, webinars
from ..forms import BriefingForm
from ..models import SevenMinuteBriefing
from .common import (
    GET_POST,
    case_crumb,
    case_form_page,
    crumbs,
    incident_for,
    post_data,
    post_files,
    rapid_review_of,
    require_case_permission,
)


@require_GET
def learning(request):
    if not request.user.has_perm("reviews.view_learning"):
        raise PermissionDenied
    # Two lists on one page, each with its own page number.
    webinar_page = Paginator(webinars.all_webinars(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("webinar_page")
    )
    can_manage = request.user.has_perm("reviews.manage_learning")
    # Those who write briefings see their drafts too, so a briefing dated ahead stays in reach.
    briefings = selectors.briefings_to_manage() if can_manage else selectors.published_briefings()
    return render(
        request,
        "reviews/learning.html",
        {
            "title": "Learning from reviews",
            "breadcrumbs": [("Learning from reviews", None)],
            "briefings": paginate(request, briefings),
            "webinars": webinar_page,
            "can_manage": can_manage,
        },
    )


@require_GET
def briefing_document(request, briefing_pk):
    if not request.user.has_perm("reviews.view_learning"):
        raise PermissionDenied
    briefing = get_object_or_404(selectors.published_briefings(), pk=briefing_pk)
    return private_file_response(briefing.document, briefing.document_name or "briefing.pdf")


def _review_for_learning(incident, choice):
    review = rapid_review_of(incident)
    local_review = getattr(review, "local_review", None)
    return {"local_review": local_review} if choice == "local" and local_review else {"rapid_review": review}


@GET_POST
def briefing_create(request, pk):
    require_case_permission(request, "reviews.manage_learning")
    incident = incident_for(request, pk, record="Learning: briefing")
    form = BriefingForm(post_data(request), post_files(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.add_briefing(
            by=request.user, **data, **_review_for_learning(incident, request.GET.get("review"))
        ),
        message="7-minute briefing added",
        then=incident,
    )
    title = "Add a 7-minute briefing"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=crumbs(case_crumb(incident), (title, None)),
        warning="Briefings are seen by every partner user, young scrutineers included: anonymise them.",
    )


def _learning_crumbs(title):
    return [("Learning from reviews", reverse("reviews:learning")), (title, None)]


@GET_POST
def briefing_change(request, briefing_pk):
    if not request.user.has_perm("reviews.manage_learning"):
        raise PermissionDenied
    briefing = get_object_or_404(SevenMinuteBriefing, pk=briefing_pk)
    form = BriefingForm(post_data(request), post_files(request), instance=briefing)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.update_briefing(briefing=briefing, by=request.user, **data),
        message="7-minute briefing saved",
        then=reverse("reviews:learning"),
    )
    title = "Change a 7-minute briefing"
    return saved or form_page(
        request,
        form,
        title=title,
        breadcrumbs=_learning_crumbs(title),
        cancel_url=reverse("reviews:learning"),
        warning="Briefings are seen by every partner user, young scrutineers included: anonymise them.",
    )


def webinars_after(request, incident) -> dict:
    """For a case's page: the webinars after its rapid and local review (recorded in
    training, read through reviews/webinars.py), and where this person records one from
    each review, if they may both manage learning here and record it there."""
    rapid_review = getattr(incident, "rapid_review", None)
    local_review = getattr(rapid_review, "local_review", None) if rapid_review else None
    record = []
    if request.user.has_perm("reviews.manage_learning") and not incident.is_withdrawn:
        for name, review in (("rapid review", rapid_review), ("local review", local_review)):
            url = webinars.record_webinar_url(user=request.user, review=review)
            if url:
                record.append((name, url))
    return {"webinars": webinars.webinars_of([rapid_review, local_review]), "record_webinar": record}
