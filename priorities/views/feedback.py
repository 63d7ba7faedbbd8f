"""The voice of the child: feedback and what was done ("you said, we did")."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from governance.pages import form_page, require, submit_form

from .. import services
from ..forms import (
    CorrectFeedbackForm,
    FeedbackForm,
    FeedbackResponseForm,
)
from .common import (
    GET_POST,
    area_crumbs,
    area_for,
    feedback_for,
    post_data,
)


@GET_POST
def feedback_create(request, pk):
    area = area_for(request, pk)
    require(request, "priorities.add_feedback", area)
    form = FeedbackForm(post_data(request))
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
        breadcrumbs=area_crumbs(area, ("Add feedback", None)),
        cancel_url=area.get_absolute_url(),
        submit_label="Add feedback",
        intro="What children and young people told us. Do not name any child.",
    )


@require_GET
def feedback_detail(request, pk):
    feedback = feedback_for(request, pk)
    return render(
        request,
        "priorities/feedback_detail.html",
        {
            "title": f"Feedback: {feedback}",
            "feedback": feedback,
            "area": feedback.area,
            "can_respond": request.user.has_perm("priorities.respond_to_feedback", feedback),
            "can_change": request.user.has_perm("priorities.change_feedback", feedback),
            "breadcrumbs": area_crumbs(feedback.area, (f"Feedback: {feedback}", None)),
        },
    )


@GET_POST
def feedback_response(request, pk):
    feedback = feedback_for(request, pk)
    require(request, "priorities.respond_to_feedback", feedback)
    form = FeedbackResponseForm(post_data(request), initial={"response": feedback.response})
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
        breadcrumbs=area_crumbs(feedback.area, (f"Feedback: {feedback}", feedback.get_absolute_url())),
        cancel_url=feedback.get_absolute_url(),
        intro=f"You said: {feedback.said}",
    )


@GET_POST
def feedback_edit(request, pk):
    feedback = feedback_for(request, pk)
    require(request, "priorities.change_feedback", feedback)
    form = CorrectFeedbackForm(post_data(request), instance=feedback)
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
        breadcrumbs=area_crumbs(feedback.area, (f"Feedback: {feedback}", feedback.get_absolute_url())),
        cancel_url=feedback.get_absolute_url(),
    )
