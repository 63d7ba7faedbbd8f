"""Deliverables: added, corrected, re-forecast with a reason, moved on the board."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from governance import selectors as governance_selectors
from governance.pages import form_page, require, submit_form

from .. import selectors, services
from ..forms import (
    DeliverableForm,
    ForecastForm,
    MoveForm,
    StatusForm,
)
from ..models import (
    Deliverable,
)
from .common import (
    GET_POST,
    area_crumbs,
    area_for,
    deliverable_for,
    post_data,
    today,
)


@GET_POST
def deliverable_create(request, pk):
    area = area_for(request, pk)
    require(request, "priorities.add_deliverable", area)
    if not area.objectives.exists():
        return redirect("priorities:objective_create", pk=area.pk)
    form = DeliverableForm(post_data(request), area=area, initial={"objective": request.GET.get("objective")})
    if form.only_objective:
        form.initial["objective"] = form.only_objective.pk
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
        breadcrumbs=area_crumbs(area, ("Add a deliverable", None)),
        cancel_url=area.get_absolute_url(),
        submit_label="Add deliverable",
        intro=f"Objective: {form.only_objective}" if form.only_objective else "",
    )


@require_GET
def deliverable_detail(request, pk):
    deliverable = deliverable_for(request, pk)
    area = deliverable.objective.area
    actions = list(selectors.actions_raised_from(deliverable, user=request.user))
    return render(
        request,
        "priorities/deliverable_detail.html",
        {
            "title": deliverable.title,
            "deliverable": deliverable,
            "area": area,
            "actions": actions,
            "days_overdue": deliverable.days_overdue(today()),
            # Adding an action is governance's to allow (the business unit, or a chair for their groups).
            "can_raise": governance_selectors.groups_for_new_actions(user=request.user).exists()
            or request.user.has_perm("priorities.change_deliverable", deliverable),
            "can_change": request.user.has_perm("priorities.change_deliverable", deliverable),
            "can_update": request.user.has_perm("priorities.update_deliverable", deliverable),
            "breadcrumbs": area_crumbs(area, (deliverable.title, None)),
        },
    )


@GET_POST
def deliverable_edit(request, pk):
    deliverable = deliverable_for(request, pk)
    require(request, "priorities.change_deliverable", deliverable)
    area = deliverable.objective.area
    form = DeliverableForm(post_data(request), area=area, instance=deliverable)
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
        breadcrumbs=area_crumbs(area, (deliverable.title, deliverable.get_absolute_url()), ("Change", None)),
        cancel_url=deliverable.get_absolute_url(),
        intro="Correct the deliverable's details. To move its forecast date, give the reason on the "
        "forecast page, so that slippage is measured.",
    )


@GET_POST
def deliverable_forecast(request, pk):
    deliverable = deliverable_for(request, pk)
    require(request, "priorities.update_deliverable", deliverable)
    area = deliverable.objective.area
    form = ForecastForm(post_data(request))
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
        breadcrumbs=area_crumbs(
            area, (deliverable.title, deliverable.get_absolute_url()), ("Move the forecast date", None)
        ),
        cancel_url=deliverable.get_absolute_url(),
        intro=f"Due {deliverable.due_on:%-d %B %Y}; forecast now {deliverable.forecast_on:%-d %B %Y}.",
    )


@GET_POST
def deliverable_status(request, pk):
    deliverable = deliverable_for(request, pk)
    require(request, "priorities.update_deliverable", deliverable)
    area = deliverable.objective.area
    form = StatusForm(
        post_data(request),
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
        breadcrumbs=area_crumbs(area, (deliverable.title, deliverable.get_absolute_url()), ("Status", None)),
        cancel_url=deliverable.get_absolute_url(),
    )


@require_POST
def deliverable_move(request, pk):
    """A card moved on the board: a form post, so the board works without JavaScript."""
    deliverable = deliverable_for(request, pk)
    require(request, "priorities.update_deliverable", deliverable)
    form = MoveForm(request.POST)
    board_url = reverse("priorities:board", args=[deliverable.objective.area_id])
    if not form.is_valid():
        return redirect(board_url)
    if form.cleaned_data["status"] == Deliverable.Status.BLOCKED and not deliverable.blocked_reason:
        # Blocked needs what is blocking it: asked on the status page.
        return redirect(f"{reverse('priorities:deliverable_status', args=[deliverable.pk])}?status=blocked")
    try:
        services.set_deliverable_status(
            deliverable=deliverable, status=form.cleaned_data["status"], by=request.user
        )
    except ValidationError as error:
        # Refused by the plan's rules (a date outside the cycle): the board says why.
        label = dict(Deliverable.Status.choices)[form.cleaned_data["status"]]
        messages.warning(request, f"{deliverable.title} was not moved to {label}: {' '.join(error.messages)}")
        return redirect(f"{board_url}#deliverable-{deliverable.pk}")
    messages.success(request, f"{deliverable.title} moved to {deliverable.get_status_display()}")
    return redirect(f"{board_url}#deliverable-{deliverable.pk}")
