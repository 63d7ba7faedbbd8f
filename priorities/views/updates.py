"""Period updates and the Executive's response to what they ask."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from governance.pages import form_page, require, submit_form
from governance.visibility import hidden_fields

from .. import services
from ..forms import (
    AskResponseForm,
    CorrectUpdateForm,
    UpdateForm,
)
from .common import (
    GET_POST,
    area_crumbs,
    area_for,
    post_data,
    today,
    update_for,
)


@GET_POST
def update_create(request, pk):
    area = area_for(request, pk)
    require(request, "priorities.add_progressupdate", area)
    form = UpdateForm(post_data(request), area=area, today=today(), initial={"written_on": today()})
    if request.method == "GET" and not form.open_months:
        messages.info(
            request,
            f"Every month of {area.cycle.title} so far has an update. To change one, open it and correct it.",
        )
        return redirect(f"{area.get_absolute_url()}#period-updates")
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
        breadcrumbs=area_crumbs(area, ("Post a period update", None)),
        cancel_url=area.get_absolute_url(),
        submit_label="Post update",
        intro="One update a month: what moved, what is blocked and what the Executive is asked to do.",
    )


@require_GET
def update_detail(request, pk):
    update = update_for(request, pk)
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
            "breadcrumbs": area_crumbs(update.area, (f"Update for {update.period_label}", None)),
        },
    )


@GET_POST
def update_edit(request, pk):
    update = update_for(request, pk)
    require(request, "priorities.change_progressupdate", update)
    form = CorrectUpdateForm(post_data(request), instance=update, area=update.area, today=today())
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
        breadcrumbs=area_crumbs(
            update.area, (f"Update for {update.period_label}", update.get_absolute_url())
        ),
        cancel_url=update.get_absolute_url(),
    )


@GET_POST
def ask_response(request, pk):
    update = update_for(request, pk)
    require(request, "priorities.respond_to_ask", update)
    if not update.ask.strip():
        raise Http404("This update asks nothing of the Executive.")
    form = AskResponseForm(post_data(request), initial={"ask_response": update.ask_response})
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
        breadcrumbs=area_crumbs(
            update.area, (f"Update for {update.period_label}", update.get_absolute_url())
        ),
        cancel_url=update.get_absolute_url(),
        intro=f"The Executive is asked: {update.ask}",
    )
