"""The priority pages: thin views that ask rules.py, read through selectors.py and change
data through services.py (governance.pages: form_page and submit_form)."""

from datetime import date

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance import selectors as governance_selectors
from governance.filters import whole_number
from governance.pages import csv_response, form_page, require, submit_form
from governance.visibility import hidden_fields

from . import selectors, services
from .forms import (
    AreaForm,
    AskResponseForm,
    CorrectFeedbackForm,
    CorrectUpdateForm,
    CycleForm,
    DeliverableForm,
    FeedbackForm,
    FeedbackResponseForm,
    ForecastForm,
    MeasureForm,
    MeasureValueForm,
    MoveForm,
    ObjectiveForm,
    StatusForm,
    UpdateForm,
)
from .models import (
    Deliverable,
    Feedback,
    MeasureValue,
    Objective,
    OutcomeMeasure,
    PriorityArea,
    PriorityCycle,
    ProgressUpdate,
)

GET_POST = require_http_methods(["GET", "POST"])
PRIORITIES = ("Priorities", "/priorities/")


def _today() -> date:
    return timezone.localdate()


def _post(request):
    """The POST data even when empty: a form sent blank must show its errors."""
    return request.POST if request.method == "POST" else None


def _area_crumbs(area, *more):
    return [PRIORITIES, (area.title, area.get_absolute_url()), *more]


def _area_for(request, pk) -> PriorityArea:
    require(request, "priorities.access_area")
    return get_object_or_404(PriorityArea.objects.select_related("cycle", "oversight_group"), pk=pk)


def _deliverable_for(request, pk) -> Deliverable:
    require(request, "priorities.access_area")
    try:
        return selectors.deliverable_detail(deliverable_id=pk)
    except Deliverable.DoesNotExist as error:
        raise Http404("No such deliverable.") from error


def _update_for(request, pk) -> ProgressUpdate:
    require(request, "priorities.access_area")
    return get_object_or_404(ProgressUpdate.objects.select_related("area__cycle", "written_by"), pk=pk)


# The index, the summary and the board


@require_GET
def index(request):
    require(request, "priorities.access_area")
    all_cycles = list(selectors.cycles())
    chosen = whole_number(request.GET, "cycle", allowed={cycle.pk for cycle in all_cycles})
    cycle = next((c for c in all_cycles if c.pk == chosen), None) or selectors.current_cycle(_today())
    return render(
        request,
        "priorities/index.html",
        {
            "title": "Priorities",
            "breadcrumbs": [("Priorities", None)],
            "cycle": cycle,
            "cycles": all_cycles,
            "summaries": selectors.summaries(cycle, today=_today()),
            "can_manage": request.user.has_perm("priorities.add_prioritycycle"),
        },
    )


@require_GET
def summary(request):
    """The Executive's page: every area's RAG now, its trend, what slipped and the asks."""
    require(request, "priorities.view_summary")
    cycle = selectors.current_cycle(_today())
    return render(
        request,
        "priorities/summary.html",
        {
            "title": "Executive summary of the priorities",
            "breadcrumbs": [PRIORITIES, ("Executive summary", None)],
            "cycle": cycle,
            "summaries": selectors.summaries(cycle, today=_today()),
            "can_respond": request.user.has_perm("priorities.respond_to_ask"),
            "today": _today(),
        },
    )


@require_GET
def area_detail(request, pk):
    require(request, "priorities.access_area")
    try:
        area = selectors.area_detail(area_id=pk)
    except PriorityArea.DoesNotExist as error:
        raise Http404("No such priority.") from error
    today = _today()
    return render(
        request,
        "priorities/area_detail.html",
        {
            "title": area.title,
            "area": area,
            "summary": selectors.summarise(area, today=today),
            "updates": list(area.updates.all()),
            "measures": [(measure, list(measure.values.all())[-1:]) for measure in area.measures.all()],
            "feedback": list(area.feedback.all()),
            "today": today,
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
            "today": _today(),
            "can_add": request.user.has_perm("priorities.add_deliverable", area),
            "breadcrumbs": _area_crumbs(area, ("Board", None)),
        },
    )


# Cycles and areas


@GET_POST
def cycle_create(request):
    require(request, "priorities.add_prioritycycle")
    form = CycleForm(_post(request))
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
    form = CycleForm(_post(request), instance=cycle)
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
    form = AreaForm(_post(request))
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
    area = _area_for(request, pk)
    require(request, "priorities.change_priorityarea", area)
    form = AreaForm(_post(request), instance=area)
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
        breadcrumbs=_area_crumbs(area, ("Change", None)),
        cancel_url=area.get_absolute_url(),
    )


@GET_POST
def objective_create(request, pk):
    area = _area_for(request, pk)
    require(request, "priorities.change_priorityarea", area)
    form = ObjectiveForm(_post(request))
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
        breadcrumbs=_area_crumbs(area, ("Add an objective", None)),
        cancel_url=area.get_absolute_url(),
    )


@GET_POST
def objective_edit(request, pk):
    require(request, "priorities.access_area")
    objective = get_object_or_404(Objective.objects.select_related("area"), pk=pk)
    area = objective.area
    require(request, "priorities.change_priorityarea", area)
    form = ObjectiveForm(_post(request), instance=objective)
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
        breadcrumbs=_area_crumbs(area, ("Change the objective", None)),
        cancel_url=area.get_absolute_url(),
        history_record=objective,
        template="priorities/form_with_history.html",
    )


# Deliverables


@GET_POST
def deliverable_create(request, pk):
    area = _area_for(request, pk)
    require(request, "priorities.add_deliverable", area)
    if not area.objectives.exists():
        return redirect("priorities:objective_create", pk=area.pk)
    form = DeliverableForm(_post(request), area=area, initial={"objective": request.GET.get("objective")})
    saved = submit_form(
        request,
        form,
        save=lambda data: services.add_deliverable(by=request.user, **data),
        message="Deliverable added",
    )
    return saved or form_page(
        request,
        form,
        title="Add a deliverable",
        caption=area.title,
        breadcrumbs=_area_crumbs(area, ("Add a deliverable", None)),
        cancel_url=area.get_absolute_url(),
        submit_label="Add deliverable",
    )


@require_GET
def deliverable_detail(request, pk):
    deliverable = _deliverable_for(request, pk)
    area = deliverable.objective.area
    actions = list(selectors.actions_raised_from(deliverable))
    return render(
        request,
        "priorities/deliverable_detail.html",
        {
            "title": deliverable.title,
            "deliverable": deliverable,
            "area": area,
            "actions": actions,
            "is_overdue": deliverable.is_overdue(_today()),
            # Adding an action is governance's to allow (the business unit, or a chair for their groups).
            "can_raise": governance_selectors.groups_for_new_actions(user=request.user).exists(),
            "can_change": request.user.has_perm("priorities.change_deliverable", deliverable),
            "can_update": request.user.has_perm("priorities.update_deliverable", deliverable),
            "breadcrumbs": _area_crumbs(area, (deliverable.title, None)),
        },
    )


@GET_POST
def deliverable_edit(request, pk):
    deliverable = _deliverable_for(request, pk)
    require(request, "priorities.change_deliverable", deliverable)
    area = deliverable.objective.area
    form = DeliverableForm(_post(request), area=area, instance=deliverable)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.update_deliverable(deliverable=deliverable, by=request.user, **data),
        message="Deliverable updated",
    )
    return saved or form_page(
        request,
        form,
        title="Change the deliverable",
        caption=deliverable.title,
        breadcrumbs=_area_crumbs(area, (deliverable.title, deliverable.get_absolute_url()), ("Change", None)),
        cancel_url=deliverable.get_absolute_url(),
        intro="Correct the deliverable's details. To move its forecast date, give the reason on the "
        "forecast page, so that slippage is measured.",
    )


@GET_POST
def deliverable_forecast(request, pk):
    deliverable = _deliverable_for(request, pk)
    require(request, "priorities.update_deliverable", deliverable)
    area = deliverable.objective.area
    form = ForecastForm(_post(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.move_forecast(deliverable=deliverable, by=request.user, **data),
        message="Forecast date moved",
        then=deliverable.get_absolute_url(),
    )
    return saved or form_page(
        request,
        form,
        title="Move the forecast date",
        caption=deliverable.title,
        breadcrumbs=_area_crumbs(
            area, (deliverable.title, deliverable.get_absolute_url()), ("Move the forecast date", None)
        ),
        cancel_url=deliverable.get_absolute_url(),
        intro=f"Due {deliverable.due_on:%-d %B %Y}; forecast now {deliverable.forecast_on:%-d %B %Y}.",
    )


@GET_POST
def deliverable_status(request, pk):
    deliverable = _deliverable_for(request, pk)
    require(request, "priorities.update_deliverable", deliverable)
    area = deliverable.objective.area
    form = StatusForm(
        _post(request),
        initial={
            "status": request.GET.get("status")
            if request.GET.get("status") in Deliverable.Status.values
            else deliverable.status,
            "completed_on": deliverable.completed_on,
            "blocked_reason": deliverable.blocked_reason,
        },
    )
    saved = submit_form(
        request,
        form,
        save=lambda data: services.set_deliverable_status(
            deliverable=deliverable,
            status=data["status"],
            completed_on=data["completed_on"],
            blocked_reason=data["blocked_reason"],
            by=request.user,
        ),
        message="Status changed",
    )
    return saved or form_page(
        request,
        form,
        title="Change the status",
        caption=deliverable.title,
        breadcrumbs=_area_crumbs(area, (deliverable.title, deliverable.get_absolute_url()), ("Status", None)),
        cancel_url=deliverable.get_absolute_url(),
    )


@require_POST
def deliverable_move(request, pk):
    """A card moved on the board: a form post, so the board works without JavaScript."""
    deliverable = _deliverable_for(request, pk)
    require(request, "priorities.update_deliverable", deliverable)
    form = MoveForm(request.POST)
    board_url = reverse("priorities:board", args=[deliverable.objective.area_id])
    if not form.is_valid():
        return redirect(board_url)
    if form.cleaned_data["status"] == Deliverable.Status.BLOCKED and not deliverable.blocked_reason:
        # Blocked needs what is blocking it: asked on the status page.
        return redirect(f"{reverse('priorities:deliverable_status', args=[deliverable.pk])}?status=blocked")
    services.set_deliverable_status(
        deliverable=deliverable, status=form.cleaned_data["status"], by=request.user
    )
    messages.success(request, f"{deliverable.title} moved to {deliverable.get_status_display()}")
    return redirect(f"{board_url}#deliverable-{deliverable.pk}")


# Progress updates


@GET_POST
def update_create(request, pk):
    area = _area_for(request, pk)
    require(request, "priorities.add_progressupdate", area)
    form = UpdateForm(_post(request), area=area, today=_today(), initial={"written_on": _today()})
    saved = submit_form(
        request,
        form,
        save=lambda data: services.post_update(area=area, by=request.user, **data),
        message=lambda update: f"Update for {update.period_label} posted",
    )
    return saved or form_page(
        request,
        form,
        title="Post a period update",
        caption=area.title,
        breadcrumbs=_area_crumbs(area, ("Post a period update", None)),
        cancel_url=area.get_absolute_url(),
        submit_label="Post update",
        intro="One update a month: what moved, what is blocked and what the Executive is asked to do.",
    )


@require_GET
def update_detail(request, pk):
    update = _update_for(request, pk)
    return render(
        request,
        "priorities/update_detail.html",
        {
            "title": f"{update.area.title}: update for {update.period_label}",
            "update": update,
            "area": update.area,
            "hidden": hidden_fields(request.user, update),
            "can_change": request.user.has_perm("priorities.change_progressupdate", update),
            "can_respond": request.user.has_perm("priorities.respond_to_ask", update),
            "breadcrumbs": _area_crumbs(update.area, (f"Update for {update.period_label}", None)),
        },
    )


@GET_POST
def update_edit(request, pk):
    update = _update_for(request, pk)
    require(request, "priorities.change_progressupdate", update)
    form = CorrectUpdateForm(_post(request), instance=update, area=update.area, today=_today())
    saved = submit_form(
        request,
        form,
        save=lambda data: services.correct_update(update=update, by=request.user, **data),
        message="Update corrected",
    )
    return saved or form_page(
        request,
        form,
        title=f"Correct the update for {update.period_label}",
        caption=update.area.title,
        breadcrumbs=_area_crumbs(
            update.area, (f"Update for {update.period_label}", update.get_absolute_url())
        ),
        cancel_url=update.get_absolute_url(),
    )


@GET_POST
def ask_response(request, pk):
    update = _update_for(request, pk)
    require(request, "priorities.respond_to_ask", update)
    if not update.ask.strip():
        raise Http404("This update asks nothing of the Executive.")
    form = AskResponseForm(_post(request), initial={"ask_response": update.ask_response})
    saved = submit_form(
        request,
        form,
        save=lambda data: services.respond_to_ask(
            update=update, response=data["ask_response"], by=request.user
        ),
        message="The Executive's response is recorded",
    )
    return saved or form_page(
        request,
        form,
        title="Respond to the ask",
        caption=f"{update.area.title}, {update.period_label}",
        breadcrumbs=_area_crumbs(
            update.area, (f"Update for {update.period_label}", update.get_absolute_url())
        ),
        cancel_url=update.get_absolute_url(),
        intro=f"The Executive is asked: {update.ask}",
    )


# Outcome measures


def _measure_for(request, pk) -> OutcomeMeasure:
    require(request, "priorities.access_area")
    return get_object_or_404(OutcomeMeasure.objects.select_related("area"), pk=pk)


@GET_POST
def measure_create(request, pk):
    area = _area_for(request, pk)
    require(request, "priorities.change_outcomemeasure", area)
    form = MeasureForm(_post(request), initial={"higher_is_better": True})
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_measure(area=area, by=request.user, **data),
        message="Outcome measure added",
    )
    return saved or form_page(
        request,
        form,
        title="Add an outcome measure",
        caption=area.title,
        breadcrumbs=_area_crumbs(area, ("Add an outcome measure", None)),
        cancel_url=area.get_absolute_url(),
    )


@require_GET
def measure_detail(request, pk):
    measure = _measure_for(request, pk)
    values = list(measure.values.order_by("measured_on"))
    return render(
        request,
        "priorities/measure_detail.html",
        {
            "title": measure.title,
            "measure": measure,
            "area": measure.area,
            "values": values,
            "latest": values[-1] if values else None,
            "can_change": request.user.has_perm("priorities.change_outcomemeasure", measure),
            "breadcrumbs": _area_crumbs(measure.area, (measure.title, None)),
        },
    )


@GET_POST
def measure_edit(request, pk):
    measure = _measure_for(request, pk)
    require(request, "priorities.change_outcomemeasure", measure)
    form = MeasureForm(_post(request), instance=measure)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_measure(measure=measure, by=request.user, **data),
        message="Outcome measure updated",
    )
    return saved or form_page(
        request,
        form,
        title="Change the outcome measure",
        caption=measure.title,
        breadcrumbs=_area_crumbs(measure.area, (measure.title, measure.get_absolute_url()), ("Change", None)),
        cancel_url=measure.get_absolute_url(),
    )


@GET_POST
def measure_value_add(request, pk):
    measure = _measure_for(request, pk)
    require(request, "priorities.change_outcomemeasure", measure)
    form = MeasureValueForm(_post(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.record_measure_value(measure=measure, by=request.user, **data),
        message="Figure recorded",
        then=measure.get_absolute_url(),
    )
    return saved or form_page(
        request,
        form,
        title="Record a figure",
        caption=measure.title,
        breadcrumbs=_area_crumbs(measure.area, (measure.title, measure.get_absolute_url()), ("Record", None)),
        cancel_url=measure.get_absolute_url(),
    )


@GET_POST
def measure_value_edit(request, pk):
    require(request, "priorities.access_area")
    value = get_object_or_404(MeasureValue.objects.select_related("measure__area"), pk=pk)
    measure = value.measure
    require(request, "priorities.change_outcomemeasure", measure)
    form = MeasureValueForm(_post(request), instance=value)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.correct_measure_value(measure_value=value, by=request.user, **data),
        message="Figure corrected",
        then=measure.get_absolute_url(),
    )
    return saved or form_page(
        request,
        form,
        title="Correct a figure",
        caption=measure.title,
        breadcrumbs=_area_crumbs(
            measure.area, (measure.title, measure.get_absolute_url()), ("Correct", None)
        ),
        cancel_url=measure.get_absolute_url(),
        history_record=value,
        template="priorities/form_with_history.html",
    )


# The voice of the child


def _feedback_for(request, pk) -> Feedback:
    require(request, "priorities.access_area")
    return get_object_or_404(Feedback.objects.select_related("area", "added_by", "responded_by"), pk=pk)


@GET_POST
def feedback_create(request, pk):
    area = _area_for(request, pk)
    require(request, "priorities.add_feedback", area)
    form = FeedbackForm(_post(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.add_feedback(area=area, by=request.user, **data),
        message="Feedback added",
        then=lambda feedback: f"{area.get_absolute_url()}#you-said-we-did",
    )
    return saved or form_page(
        request,
        form,
        title="Add feedback from children and young people",
        caption=area.title,
        breadcrumbs=_area_crumbs(area, ("Add feedback", None)),
        cancel_url=area.get_absolute_url(),
        submit_label="Add feedback",
        intro="What children and young people told us. Do not name any child.",
    )


@require_GET
def feedback_detail(request, pk):
    feedback = _feedback_for(request, pk)
    return render(
        request,
        "priorities/feedback_detail.html",
        {
            "title": f"Feedback: {feedback}",
            "feedback": feedback,
            "area": feedback.area,
            "can_respond": request.user.has_perm("priorities.respond_to_feedback", feedback),
            "can_change": request.user.has_perm("priorities.change_feedback", feedback),
            "breadcrumbs": _area_crumbs(feedback.area, (f"Feedback: {feedback}", None)),
        },
    )


@GET_POST
def feedback_response(request, pk):
    feedback = _feedback_for(request, pk)
    require(request, "priorities.respond_to_feedback", feedback)
    form = FeedbackResponseForm(_post(request), initial={"response": feedback.response})
    saved = submit_form(
        request,
        form,
        save=lambda data: services.respond_to_feedback(feedback=feedback, by=request.user, **data),
        message="Response recorded: it is shown in you said, we did",
    )
    return saved or form_page(
        request,
        form,
        title="Record what we did",
        caption=feedback.area.title,
        breadcrumbs=_area_crumbs(feedback.area, (f"Feedback: {feedback}", feedback.get_absolute_url())),
        cancel_url=feedback.get_absolute_url(),
        intro=f"You said: {feedback.said}",
    )


@GET_POST
def feedback_edit(request, pk):
    feedback = _feedback_for(request, pk)
    require(request, "priorities.change_feedback", feedback)
    form = CorrectFeedbackForm(_post(request), instance=feedback)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.correct_feedback(feedback=feedback, by=request.user, **data),
        message="Feedback corrected",
    )
    return saved or form_page(
        request,
        form,
        title="Correct the feedback",
        caption=feedback.area.title,
        breadcrumbs=_area_crumbs(feedback.area, (f"Feedback: {feedback}", feedback.get_absolute_url())),
        cancel_url=feedback.get_absolute_url(),
    )
