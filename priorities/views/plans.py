"""The priorities, their plans and the pages that show them: the index, the Executive
summary, a priority's page, its board (no JavaScript: a move is a form post) and CSV,
and the cycles, priorities and objectives the business unit and leads set up."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from governance.filters import whole_number
from governance.pages import csv_response, form_page, require, submit_form

from .. import selectors, services
from ..forms import (
    AreaForm,
    CycleForm,
    ObjectiveForm,
)
from ..models import (
    Deliverable,
    Objective,
    PriorityArea,
    PriorityCycle,
)
from .common import (
    GET_POST,
    PRIORITIES,
    area_crumbs,
    area_for,
    post_data,
    today,
)

# Updates in view on a priority's page; the earlier ones are behind a "details".
RECENT_UPDATES = 6

# The index, the summary and the board


@require_GET
def index(request):
    require(request, "priorities.access_area")
    all_cycles = list(selectors.cycles())
    chosen = whole_number(request.GET, "cycle", allowed={cycle.pk for cycle in all_cycles})
    cycle = next((c for c in all_cycles if c.pk == chosen), None) or selectors.current_cycle(today())
    return render(
        request,
        "priorities/index.html",
        {
            "title": "Priorities",
            "breadcrumbs": [("Priorities", None)],
            "cycle": cycle,
            "cycles": all_cycles,
            "summaries": selectors.summaries(cycle, today=today()),
            "can_manage": request.user.has_perm("priorities.add_prioritycycle"),
        },
    )


@require_GET
def summary(request):
    """The Executive's page: every area's RAG now, its trend, what slipped and the asks."""
    require(request, "priorities.view_summary")
    cycle = selectors.current_cycle(today())
    return render(
        request,
        "priorities/summary.html",
        {
            "title": "Executive summary of the priorities",
            "breadcrumbs": [PRIORITIES, ("Executive summary", None)],
            "cycle": cycle,
            "summaries": selectors.summaries(cycle, today=today()),
            "can_respond": request.user.has_perm("priorities.respond_to_ask"),
            "today": today(),
        },
    )


@require_GET
def area_detail(request, pk):
    require(request, "priorities.access_area")
    try:
        area = selectors.area_detail(area_id=pk)
    except PriorityArea.DoesNotExist as error:
        raise Http404("No such priority.") from error
    day = today()
    updates = list(area.updates.all())
    return render(
        request,
        "priorities/area_detail.html",
        {
            "title": area.title,
            "area": area,
            "summary": selectors.summarise(area, today=day),
            "updates": updates,
            # The last half-year in view; the rest behind "Earlier updates".
            "recent_updates": updates[:RECENT_UPDATES],
            "earlier_updates": updates[RECENT_UPDATES:],
            "measures": [(measure, list(measure.values.all())[-1:]) for measure in area.measures.all()],
            "feedback": list(area.feedback.all()),
            "today": day,
            "can_run": request.user.has_perm("priorities.change_priorityarea", area),
            "can_add_feedback": request.user.has_perm("priorities.add_feedback", area),
            "breadcrumbs": [PRIORITIES, (area.title, None)],
        },
    )


@require_GET
def area_csv(request, pk):
    """The area's deliverables, as a spreadsheet."""
    require(request, "priorities.access_area")
    try:
        area = selectors.area_detail(area_id=pk)
    except PriorityArea.DoesNotExist as error:
        raise Http404("No such priority.") from error
    rows = [
        [
            deliverable.objective.title,
            deliverable.title,
            deliverable.owner.full_name,
            deliverable.get_status_display(),
            deliverable.due_on.isoformat(),
            deliverable.forecast_on.isoformat(),
            deliverable.completed_on.isoformat() if deliverable.completed_on else "",
            deliverable.slipped_days,
        ]
        for deliverable in selectors.all_deliverables(area)
    ]
    return csv_response(
        f"priority-{area.pk}-deliverables.csv",
        ["Objective", "Deliverable", "Owner", "Status", "Due", "Forecast", "Completed", "Days slipped"],
        rows,
    )


@require_GET
def board(request, pk):
    require(request, "priorities.access_area")
    try:
        area = selectors.area_detail(area_id=pk)
    except PriorityArea.DoesNotExist as error:
        raise Http404("No such priority.") from error
    movable = selectors.may_update_deliverables(request.user, area)
    columns = [
        (
            value,
            label,
            [
                {
                    "deliverable": card,
                    "can_move": movable is None or card.pk in movable,
                    "moves": [(v, lbl) for v, lbl in Deliverable.Status.choices if v != card.status],
                }
                for card in cards
            ],
        )
        for value, label, cards in selectors.board_columns(area)
    ]
    return render(
        request,
        "priorities/board.html",
        {
            "title": f"Board: {area.title}",
            "area": area,
            "columns": columns,
            "today": today(),
            "can_add": request.user.has_perm("priorities.add_deliverable", area),
            "breadcrumbs": area_crumbs(area, ("Board", None)),
        },
    )


# Cycles and areas


@GET_POST
def cycle_create(request):
    require(request, "priorities.add_prioritycycle")
    form = CycleForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_cycle(by=request.user, **data),
        message="Priority cycle added",
        then=lambda cycle: cycle.get_absolute_url(),
    )
    return saved or form_page(
        request,
        form,
        title="Add a priority cycle",
        breadcrumbs=[PRIORITIES, ("Add a priority cycle", None)],
        cancel_url=reverse("priorities:index"),
        intro="The Executive sets the partnership's priorities, usually for two years.",
    )


@GET_POST
def cycle_edit(request, pk):
    require(request, "priorities.change_prioritycycle")
    cycle = get_object_or_404(PriorityCycle, pk=pk)
    form = CycleForm(post_data(request), instance=cycle)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_cycle(cycle=cycle, by=request.user, **data),
        message="Priority cycle updated",
        then=lambda cycle: cycle.get_absolute_url(),
    )
    return saved or form_page(
        request,
        form,
        title="Change the priority cycle",
        caption=cycle.title,
        breadcrumbs=[PRIORITIES, ("Change the priority cycle", None)],
        cancel_url=cycle.get_absolute_url(),
    )


@GET_POST
def area_create(request, cycle_pk):
    require(request, "priorities.add_priorityarea")
    cycle = get_object_or_404(PriorityCycle, pk=cycle_pk)
    form = AreaForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_area(cycle=cycle, by=request.user, **data),
        message="Priority added",
    )
    return saved or form_page(
        request,
        form,
        title="Add a priority",
        caption=cycle.title,
        breadcrumbs=[PRIORITIES, ("Add a priority", None)],
        cancel_url=cycle.get_absolute_url(),
    )


@GET_POST
def area_edit(request, pk):
    area = area_for(request, pk)
    require(request, "priorities.change_priorityarea", area)
    form = AreaForm(post_data(request), instance=area)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_area(area=area, by=request.user, **data),
        message="Priority updated",
    )
    return saved or form_page(
        request,
        form,
        title="Change the priority",
        caption=area.title,
        breadcrumbs=area_crumbs(area, ("Change", None)),
        cancel_url=area.get_absolute_url(),
    )


@GET_POST
def objective_create(request, pk):
    area = area_for(request, pk)
    require(request, "priorities.change_priorityarea", area)
    form = ObjectiveForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_objective(area=area, by=request.user, **data),
        message="Objective added",
        then=area.get_absolute_url(),
    )
    return saved or form_page(
        request,
        form,
        title="Add an objective",
        caption=area.title,
        breadcrumbs=area_crumbs(area, ("Add an objective", None)),
        cancel_url=area.get_absolute_url(),
    )


@GET_POST
def objective_edit(request, pk):
    require(request, "priorities.access_area")
    objective = get_object_or_404(Objective.objects.select_related("area"), pk=pk)
    area = objective.area
    require(request, "priorities.change_priorityarea", area)
    form = ObjectiveForm(post_data(request), instance=objective)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_objective(objective=objective, by=request.user, **data),
        message="Objective updated",
        then=area.get_absolute_url(),
    )
    return saved or form_page(
        request,
        form,
        title="Change the objective",
        caption=area.title,
        breadcrumbs=area_crumbs(area, ("Change the objective", None)),
        cancel_url=area.get_absolute_url(),
        history_record=objective,
        template="priorities/form_with_history.html",
    )
