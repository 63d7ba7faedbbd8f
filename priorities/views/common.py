"""What the priority pages share: the permission and record helpers and breadcrumbs.

Views are thin: they ask rules.py (require), read through selectors.py and change data
through services.py (governance.pages: form_page and submit_form)."""

from datetime import date

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from governance.pages import require

from .. import selectors
from ..models import Deliverable, Feedback, OutcomeMeasure, PriorityArea, ProgressUpdate

GET_POST = require_http_methods(["GET", "POST"])
PRIORITIES = ("Priorities", "/priorities/")


def today() -> date:
    return timezone.localdate()


def post_data(request):
    """The POST data even when empty: a form sent blank must show its errors."""
    return request.POST if request.method == "POST" else None


def area_crumbs(area, *more):
    return [PRIORITIES, (area.title, area.get_absolute_url()), *more]


def area_for(request, pk) -> PriorityArea:
    require(request, "priorities.access_area")
    return get_object_or_404(PriorityArea.objects.select_related("cycle", "oversight_group"), pk=pk)


def deliverable_for(request, pk) -> Deliverable:
    require(request, "priorities.access_area")
    try:
        return selectors.deliverable_detail(deliverable_id=pk)
    except Deliverable.DoesNotExist as error:
        raise Http404("No such deliverable.") from error


def update_for(request, pk) -> ProgressUpdate:
    require(request, "priorities.access_area")
    return get_object_or_404(ProgressUpdate.objects.select_related("area__cycle", "written_by"), pk=pk)


def measure_for(request, pk) -> OutcomeMeasure:
    require(request, "priorities.access_area")
    return get_object_or_404(OutcomeMeasure.objects.select_related("area"), pk=pk)


def feedback_for(request, pk) -> Feedback:
    require(request, "priorities.access_area")
    return get_object_or_404(Feedback.objects.select_related("area", "added_by", "responded_by"), pk=pk)
