"""Outcome measures and their figures over time."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from governance.pages import form_page, require, submit_form

from .. import indicators, services
from ..forms import (
    MeasureForm,
    MeasureValueForm,
)
from ..models import (
    MeasureValue,
)
from .common import (
    GET_POST,
    area_crumbs,
    area_for,
    measure_for,
    post_data,
)


@GET_POST
def measure_create(request, pk):
    area = area_for(request, pk)
    require(request, "priorities.change_outcomemeasure", area)
    form = MeasureForm(post_data(request), initial={"higher_is_better": True})
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
        breadcrumbs=area_crumbs(area, ("Add an outcome measure", None)),
        cancel_url=area.get_absolute_url(),
    )


@require_GET
def measure_detail(request, pk):
    measure = measure_for(request, pk)
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
            # A Source column only when a figure came from elsewhere than the measure's source.
            "own_sources": any(value.source and value.source != measure.source for value in values),
            "indicator_series": indicators.series_for(measure.indicator_code),
            "can_change": request.user.has_perm("priorities.change_outcomemeasure", measure),
            "breadcrumbs": area_crumbs(measure.area, (measure.title, None)),
        },
    )


@GET_POST
def measure_edit(request, pk):
    measure = measure_for(request, pk)
    require(request, "priorities.change_outcomemeasure", measure)
    form = MeasureForm(post_data(request), instance=measure)
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
        breadcrumbs=area_crumbs(measure.area, (measure.title, measure.get_absolute_url()), ("Change", None)),
        cancel_url=measure.get_absolute_url(),
    )


@GET_POST
def measure_value_add(request, pk):
    measure = measure_for(request, pk)
    require(request, "priorities.change_outcomemeasure", measure)
    form = MeasureValueForm(post_data(request), measure=measure)
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
        breadcrumbs=area_crumbs(measure.area, (measure.title, measure.get_absolute_url()), ("Record", None)),
        cancel_url=measure.get_absolute_url(),
    )


@GET_POST
def measure_value_edit(request, pk):
    require(request, "priorities.access_area")
    value = get_object_or_404(MeasureValue.objects.select_related("measure__area"), pk=pk)
    measure = value.measure
    require(request, "priorities.change_outcomemeasure", measure)
    form = MeasureValueForm(post_data(request), instance=value, measure=measure)
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
        breadcrumbs=area_crumbs(measure.area, (measure.title, measure.get_absolute_url()), ("Correct", None)),
        cancel_url=measure.get_absolute_url(),
        history_record=value,
        template="priorities/form_with_history.html",
    )
