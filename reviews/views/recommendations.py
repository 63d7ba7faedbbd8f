"""Recommendations and the statutory review action plan they form."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from governance.filters import whole_number
from governance.pages import form_page, paginate, query_without_page, submit_form

from .. import selectors, services
from ..forms import NationalRecommendationForm, RecommendationForm, SpotlightForm
from .common import (
    GET_POST,
    case_crumb,
    case_form_page,
    crumbs,
    incident_for,
    post_data,
    rapid_review_of,
    require_case_permission,
    require_cases,
    today,
)


@GET_POST
def recommendation_create(request, pk):
    require_case_permission(request, "reviews.manage_cases")
    incident = incident_for(request, pk, record="Recommendation")
    review = rapid_review_of(incident)
    local_review = getattr(review, "local_review", None)
    choices = [("rapid", f"Rapid review {incident.reference}")]
    if local_review:
        choices.append(("local", f"Local review {incident.reference}"))
    form = RecommendationForm(post_data(request), reviews=choices)

    def chosen_review():
        return local_review if form.cleaned_data["review"] == "local" else review

    saved = submit_form(
        request,
        form,
        save=lambda data: services.add_recommendation(
            review=chosen_review(),
            text=data["text"],
            theme=form.chosen_theme(),
            owner=data["owner"],
            group=data["group"],
            due_date=data["due_date"],
            by=request.user,
        ),
        message="Recommendation added to the statutory review action plan",
        then=lambda _: chosen_review(),
    )
    title = "Add a recommendation"
    return saved or case_form_page(
        request,
        form,
        incident=incident,
        title=title,
        breadcrumbs=crumbs(case_crumb(incident), (title, None)),
        intro="Each recommendation becomes an action in the partnership's action log, with a theme.",
    )


@GET_POST
def national_recommendation_create(request):
    require_case_permission(request, "reviews.manage_cases")
    form = NationalRecommendationForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.add_national_recommendation(
            national_review=data["national_review"],
            text=data["text"],
            theme=form.chosen_theme(),
            owner=data["owner"],
            group=data["group"],
            due_date=data["due_date"],
            by=request.user,
        ),
        message="National review recommendation added to the statutory review action plan",
        then=reverse("reviews:action_plan"),
    )
    title = "Add a recommendation from a national review"
    return saved or form_page(
        request,
        form,
        title=title,
        breadcrumbs=crumbs(("Statutory review action plan", reverse("reviews:action_plan")), (title, None)),
        cancel_url=reverse("reviews:action_plan"),
        intro="The Panel's national reviews make recommendations for every partnership. One taken into the "
        "local plan sits beside the local ones, named by its source, and becomes an action in the "
        "partnership's action log.",
    )


@require_GET
def action_plan(request):
    """A summary per theme, then the recommendations a page at a time: the plan grows
    with every review, so the page never renders all of it at once."""
    require_cases(request)
    theme_id = whole_number(request.GET, "theme")
    state = request.GET.get("state", "")
    if state not in dict(ACTION_PLAN_STATES):
        state = ""
    page = paginate(request, selectors.action_plan_rows(user=request.user, theme_id=theme_id, state=state))
    rows = list(page.object_list)
    # On a later page, say when the first theme carries on from the page before.
    continues = (
        bool(rows)
        and page.number > 1
        and (page.paginator.object_list[page.start_index() - 2].theme_id == rows[0].theme_id)
    )
    groups = selectors.group_by_theme(rows, first_theme_continues=continues)
    return render(
        request,
        "reviews/action_plan.html",
        {
            "title": "Statutory review action plan",
            "breadcrumbs": crumbs(("Statutory review action plan", None)),
            "summary": selectors.action_plan_summary(user=request.user, today=today()),
            "groups": groups,
            "page": page,
            "query": query_without_page(request),
            "themes": selectors.themes_in_use(user=request.user),
            "theme_id": theme_id,
            "states": ACTION_PLAN_STATES,
            "state": state,
            "today": today(),
            "can_manage": request.user.has_perm("reviews.manage_cases"),
        },
    )


ACTION_PLAN_STATES = [("", "All"), ("open", "Open"), ("closed", "Done or cancelled")]


@GET_POST
def spotlight(request, recommendation_pk):
    require_case_permission(request, "reviews.manage_cases")
    recommendation = get_object_or_404(selectors.recommendations(user=request.user), pk=recommendation_pk)
    form = SpotlightForm(post_data(request))
    saved = submit_form(
        request,
        form,
        save=lambda data: services.mark_spotlight(
            recommendation=recommendation,
            agency=data["agency"],
            evidence=data["evidence"],
            presented_on=data["presented_on"],
            by=request.user,
        ),
        message="Spotlight item recorded",
        then=reverse("reviews:action_plan"),
    )
    title = "Spotlight item"
    return saved or form_page(
        request,
        form,
        title=title,
        breadcrumbs=crumbs(("Statutory review action plan", reverse("reviews:action_plan")), (title, None)),
        cancel_url=reverse("reviews:index"),
        intro=f"Recommendation: {recommendation.text}",
    )
