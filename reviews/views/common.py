"""What the review pages share: who may see cases, the case for a request (logged as
viewed) and its reviews, breadcrumbs, and the form page's case template."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from governance.pages import form_page

from .. import selectors
from ..access_log import note_case_view
from ..models import SeriousIncident

GET_POST = require_http_methods(["GET", "POST"])

# governance.pages.form_page with the case's reference in the page title as well as
# in the caption, so a tab or a screen reader tells one case's form from another's.


def today() -> date:
    return timezone.localdate()


def post_data(request):
    """The POST data, even when empty: a form sent with nothing filled in must show its
    errors, so `request.POST or None` would be wrong."""
    return request.POST if request.method == "POST" else None


def post_files(request):
    return request.FILES if request.method == "POST" else None


def require_cases(request) -> None:
    """Those who may not see cases are told nothing exists (404, never 403)."""
    if not selectors.may_see_cases(request.user):
        raise Http404("No such page.")


def require_case_permission(request, permission: str) -> None:
    require_cases(request)
    if not request.user.has_perm(permission):
        raise PermissionDenied


def incident_for(request, pk: int, *, record: str) -> SeriousIncident:
    """The case for this request, logged as viewed on GET."""
    require_cases(request)
    try:
        incident = selectors.incident_detail(user=request.user, incident_id=pk)
    except SeriousIncident.DoesNotExist as error:
        raise Http404("No such case.") from error
    if request.method == "GET":
        note_case_view(request, incident=incident, record=record)
    return incident


def rapid_review_of(incident):
    review = getattr(incident, "rapid_review", None)
    if review is None:
        raise Http404("This case has no rapid review.")
    return review


def local_review_of(incident):
    review = getattr(rapid_review_of(incident), "local_review", None)
    if review is None:
        raise Http404("This case has no local review.")
    return review


def crumbs(*pairs):
    return [("Reviews", reverse("reviews:index")), *pairs]


def case_crumb(incident):
    return (incident.reference, incident.get_absolute_url())


def case_form_page(request, form, *, incident, title, breadcrumbs=None, **options):
    """The form page of a step in a case: the case reference as caption (and in the
    page title), breadcrumbs through the case unless given, Cancel back to the case."""
    return form_page(
        request,
        form,
        title=title,
        caption=incident.reference,
        breadcrumbs=breadcrumbs or crumbs(case_crumb(incident), (title, None)),
        cancel_url=incident.get_absolute_url(),
        **options,
    )
