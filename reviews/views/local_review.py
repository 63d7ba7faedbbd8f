"""The local review: reviewers, terms of reference and the final report, the
publication plan and its notice to the Panel, and the milestones."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from governance.pages import apply_service_errors, private_file_response, submit_form
from governance.statutory import statutory_clocks

from .. import clocks, selectors, services
from ..forms import (
    LocalReviewForm,
    MilestoneChangeForm,
    MilestoneCompletedForm,
    MilestoneForm,
    PublicationForm,
)
from ..models import LocalReviewMilestone
from .common import (
    GET_POST,
    case_crumb,
    case_form_page,
    crumbs,
    incident_for,
    local_review_of,
    post_data,
    post_files,
    require_case_permission,
    today,
)


def _review_crumbs(incident, review, title):
    return crumbs(case_crumb(incident), ("Local review", review.get_absolute_url()), (title, None))


@require_GET
def local_review_detail(request, pk):
    incident = incident_for(request, pk, record="Local review")
    review = local_review_of(incident)
    on = today()
    milestones = [(milestone, milestone.clock(on)) for milestone in review.milestones.all()]
    publication_on = review.published_on or review.publication_planned_on
    return render(
        request,
        "reviews/local_review_detail.html",
        {
            "title": f"Local review {incident.reference}",
            "breadcrumbs": crumbs(case_crumb(incident), ("Local review", None)),
            "incident": incident,
            "review": review,
            "clock": review.clock(on),
            "milestones": milestones,
            "latest_notice": clocks.latest_panel_notice(publication_on) if publication_on else None,
            "notice_days": statutory_clocks().pre_publication_notice_working_days,
            "recommendations": selectors.recommendations(user=request.user).filter(local_review=review),
            "can_manage": request.user.has_perm("reviews.manage_cases"),
        },
    )


@GET_POST
def local_review_edit(request, pk):
    require_case_permission(request, "reviews.manage_cases")
    incident = incident_for(request, pk, record="Local review: edit")
    review = local_review_of(incident)
    form = LocalReviewForm(post_data(request), post_files(request), instance=review)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.update_local_review(local_review=review, by=request.user, **data),
        message=lambda saved: (
            "Local review saved"
            + (
                f". The 6-month aim moved from {saved.previous_target:%-d %B %Y} to "
                f"{saved.target_completion_on:%-d %B %Y}"
                if saved.previous_target
                else ""
            )
        ),
        then=review,
    )
    title = "Decision date, reviewers, terms of reference and final report"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=_review_crumbs(incident, review, title),
    )


@GET_POST
def local_review_publication(request, pk):
    require_case_permission(request, "reviews.manage_cases")
    incident = incident_for(request, pk, record="Local review: publication")
    review = local_review_of(incident)
    show_confirm = "confirm_short_notice" in request.POST
    form = PublicationForm(post_data(request), instance=review, show_confirm=show_confirm)
    # Not submit_form: a short notice is a warning the person may confirm, so the form
    # comes back with the confirmation box it did not have before.
    if request.method == "POST" and form.is_valid():
        try:
            services.record_publication(local_review=review, by=request.user, **form.cleaned_data)
        except services.ShortNoticeWarning as warning:
            form = PublicationForm(request.POST, instance=review, show_confirm=True)
            form.is_valid()
            apply_service_errors(form, warning)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, "Publication plan saved")
            return redirect(review)
    title = "Publication plan"
    return case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=_review_crumbs(incident, review, title),
        intro="The final report goes to the Panel and the Secretary of State at least "
        f"{statutory_clocks().pre_publication_notice_working_days} working days before publication.",
    )


@GET_POST
def milestone_create(request, pk):
    require_case_permission(request, "reviews.manage_cases")
    incident = incident_for(request, pk, record="Local review: milestone")
    review = local_review_of(incident)
    form = MilestoneForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.add_milestone(local_review=review, by=request.user, **data),
        message="Milestone added",
        then=review,
    )
    title = "Add a milestone"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=_review_crumbs(incident, review, title),
    )


@GET_POST
def milestone_complete(request, pk, milestone_pk):
    require_case_permission(request, "reviews.manage_cases")
    incident = incident_for(request, pk, record="Local review: milestone")
    review = local_review_of(incident)
    milestone = get_object_or_404(LocalReviewMilestone, pk=milestone_pk, local_review=review)
    form = MilestoneCompletedForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.complete_milestone(
            milestone=milestone, completed_on=data["completed_on"], by=request.user
        ),
        message=f"Milestone “{milestone.title}” completed",
        then=review,
    )
    title = f"Complete “{milestone.title}”"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=_review_crumbs(incident, review, title),
    )


@GET_POST
def milestone_change(request, pk, milestone_pk):
    require_case_permission(request, "reviews.manage_cases")
    incident = incident_for(request, pk, record="Local review: milestone")
    review = local_review_of(incident)
    milestone = get_object_or_404(LocalReviewMilestone, pk=milestone_pk, local_review=review)
    form = MilestoneChangeForm(post_data(request), instance=milestone)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.update_milestone(milestone=milestone, by=request.user, **data),
        message="Milestone saved",
        then=review,
    )
    title = f"Change “{milestone.title}”"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=_review_crumbs(incident, review, title),
    )


@require_GET
def final_report(request, pk):
    incident = incident_for(request, pk, record="Local review: final report")
    review = local_review_of(incident)
    return private_file_response(review.final_report, review.final_report_name or "report")
