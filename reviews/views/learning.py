"""Learning: for every partner user, with no link to the case. Briefings and webinars
are added from a case's page by those who manage learning."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from governance.pages import PAGE_SIZE, form_page, paginate, private_file_response, submit_form

from .. import selectors, services
from ..forms import BriefingForm, WebinarForm
from ..models import SevenMinuteBriefing, Webinar
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
    webinars = Paginator(selectors.webinars(), PAGE_SIZE).get_page(request.GET.get("webinar_page"))
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
            "webinars": webinars,
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


@GET_POST
def webinar_create(request, pk):
    require_case_permission(request, "reviews.manage_learning")
    incident = incident_for(request, pk, record="Learning: webinar")
    form = WebinarForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.add_webinar(
            by=request.user, **data, **_review_for_learning(incident, request.GET.get("review"))
        ),
        message="Webinar added",
        then=incident,
    )
    title = "Add a webinar"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=crumbs(case_crumb(incident), (title, None)),
        warning="Webinars are listed for every partner user: give them an anonymised title.",
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


@GET_POST
def webinar_change(request, webinar_pk):
    if not request.user.has_perm("reviews.manage_learning"):
        raise PermissionDenied
    webinar = get_object_or_404(Webinar, pk=webinar_pk)
    form = WebinarForm(post_data(request), instance=webinar)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.update_webinar(webinar=webinar, by=request.user, **data),
        message="Webinar saved",
        then=reverse("reviews:learning"),
    )
    title = "Change a webinar"
    return saved or form_page(
        request,
        form,
        title=title,
        breadcrumbs=_learning_crumbs(title),
        cancel_url=reverse("reviews:learning"),
        warning="Webinars are listed for every partner user: give them an anonymised title.",
    )
