"""Escalations (resolution of professional disagreements) and independent scrutiny."""

from django.contrib.contenttypes.models import ContentType
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import services
from ..forms import EscalationForm, ScrutinyActivityForm, ScrutinyRecommendationForm
from ..models import Action, Agency, Escalation, Person, ScrutinyActivity, ScrutinyRecommendation
from ..pages import form_page, paginate, query_without_page, require, submit_form

GOVERNANCE = ("Governance", "/governance/")


@require_GET
def escalation_list(request):
    require(request, "governance.view_escalation")
    escalations = Escalation.objects.select_related("raised_by_agency").prefetch_related("agencies")
    contacts = (
        Person.objects.filter(is_escalation_contact=True)
        .select_related("agency")
        .order_by("agency__name", "full_name")
    )
    return render(
        request,
        "governance/escalation_list.html",
        {
            "page": paginate(request, escalations),
            "query": query_without_page(request),
            "contacts": contacts,
            "can_add": request.user.has_perm("governance.change_escalation"),
            "breadcrumbs": [GOVERNANCE, ("Escalations", None)],
        },
    )


@require_GET
def escalation_detail(request, pk):
    escalation = get_object_or_404(Escalation.objects.select_related("raised_by_agency"), pk=pk)
    require(request, "governance.view_escalation", escalation, hide=True)
    return render(
        request,
        "governance/escalation_detail.html",
        {
            "escalation": escalation,
            "agencies": escalation.agencies.all(),
            "can_edit": request.user.has_perm("governance.change_escalation", escalation),
            "breadcrumbs": [
                GOVERNANCE,
                ("Escalations", reverse("governance:escalation_list")),
                (escalation.summary, None),
            ],
        },
    )


def escalation_create(request):
    require(request, "governance.change_escalation")
    form = EscalationForm(request.POST or None)
    form.fields["agencies"].queryset = Agency.objects.filter(is_active=True)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_model_form(form=form, by=request.user),
        message="Escalation recorded",
        once=True,
    )
    return saved or form_page(
        request,
        form,
        title="Record an escalation",
        breadcrumbs=[GOVERNANCE, ("Escalations", reverse("governance:escalation_list")), ("Record", None)],
        cancel_url=reverse("governance:escalation_list"),
    )


def escalation_edit(request, pk):
    escalation = get_object_or_404(Escalation, pk=pk)
    require(request, "governance.view_escalation", escalation, hide=True)
    require(request, "governance.change_escalation", escalation)
    form = EscalationForm(request.POST or None, instance=escalation)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_model_form(form=form, by=request.user),
        message="Escalation updated",
    )
    return saved or form_page(
        request,
        form,
        title="Change escalation",
        caption=escalation.summary,
        breadcrumbs=[
            GOVERNANCE,
            ("Escalations", reverse("governance:escalation_list")),
            (escalation.summary, escalation.get_absolute_url()),
            ("Change", None),
        ],
        cancel_url=escalation.get_absolute_url(),
    )


@require_GET
def scrutiny_list(request):
    require(request, "governance.view_scrutinyactivity")
    return render(
        request,
        "governance/scrutiny_list.html",
        {
            "page": paginate(request, ScrutinyActivity.objects.prefetch_related("recommendations")),
            "query": query_without_page(request),
            "can_add": request.user.has_perm("governance.change_scrutinyactivity"),
            "breadcrumbs": [GOVERNANCE, ("Independent scrutiny", None)],
        },
    )


@require_GET
def scrutiny_detail(request, pk):
    activity = get_object_or_404(ScrutinyActivity, pk=pk)
    require(request, "governance.view_scrutinyactivity", activity, hide=True)
    recommendations = list(activity.recommendations.all())
    responses = Action.objects.filter(
        source_type=ContentType.objects.get_for_model(ScrutinyRecommendation),
        source_id__in=[r.pk for r in recommendations],
    ).select_related("owner__agency")
    by_recommendation = {}
    for action in responses:
        by_recommendation.setdefault(action.source_id, []).append(action)
    for recommendation in recommendations:
        recommendation.responses = by_recommendation.get(recommendation.pk, [])
    return render(
        request,
        "governance/scrutiny_detail.html",
        {
            "activity": activity,
            "recommendations": recommendations,
            "can_edit": request.user.has_perm("governance.change_scrutinyactivity", activity),
            "can_respond": request.user.has_perm("governance.respond_to_scrutiny"),
            "breadcrumbs": [
                GOVERNANCE,
                ("Independent scrutiny", reverse("governance:scrutiny_list")),
                (activity.title, None),
            ],
        },
    )


def scrutiny_create(request):
    require(request, "governance.change_scrutinyactivity")
    form = ScrutinyActivityForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_model_form(form=form, by=request.user),
        message="Scrutiny activity recorded",
        once=True,
    )
    return saved or form_page(
        request,
        form,
        title="Record a scrutiny activity",
        breadcrumbs=[
            GOVERNANCE,
            ("Independent scrutiny", reverse("governance:scrutiny_list")),
            ("Record", None),
        ],
        cancel_url=reverse("governance:scrutiny_list"),
    )


def recommendation_add(request, pk):
    activity = get_object_or_404(ScrutinyActivity, pk=pk)
    require(request, "governance.view_scrutinyactivity", activity, hide=True)
    require(request, "governance.change_scrutinyactivity", activity)
    form = ScrutinyRecommendationForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        save=lambda data: services.save_model_form(form=form, by=request.user, activity=activity),
        message="Recommendation added",
        once=True,
        then=activity,
    )
    return saved or form_page(
        request,
        form,
        title="Add a recommendation",
        caption=activity.title,
        breadcrumbs=[
            GOVERNANCE,
            ("Independent scrutiny", reverse("governance:scrutiny_list")),
            (activity.title, activity.get_absolute_url()),
            ("Add a recommendation", None),
        ],
        cancel_url=activity.get_absolute_url(),
    )
