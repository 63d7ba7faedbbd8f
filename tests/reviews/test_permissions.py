"""Confidentiality: case records only for the business unit, the Rapid Review Panel and
the Executive. Everyone else is answered 404 and sees no trace of a case."""

import re

import pytest
from django.urls import reverse

from governance import roles
from reviews import selectors
from reviews.models import CaseAccessLog
from tests.reviews.factories import (
    LocalReviewFactory,
    RecommendationFactory,
    SeriousIncidentFactory,
    SevenMinuteBriefingFactory,
)
from tests.training.factories import WebinarFactory

pytestmark = pytest.mark.django_db

OTHER_ROLES = [role for role in roles.ALL_ROLES if role not in roles.CASE_DATA_ROLES]


def case_urls(incident_id):
    names = [
        "incident_detail",
        "incident_notification",
        "decision_create",
        "access_log",
        "rapid_review_detail",
        "rapid_review_findings",
        "rapid_review_outcome",
        "local_review_detail",
        "local_review_publication",
        "final_report",
        "recommendation_create",
    ]
    return [reverse(f"reviews:{name}", args=[incident_id]) for name in names] + [
        reverse("reviews:case_list"),
        reverse("reviews:action_plan"),
        reverse("reviews:timeliness"),
    ]


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_every_case_url_is_not_found_for_roles_without_case_access(signed_in_client, role):
    client, _ = signed_in_client(role)
    review = LocalReviewFactory()
    for url in case_urls(review.rapid_review.incident_id):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_posting_to_a_case_is_not_found_for_roles_without_case_access(signed_in_client, role):
    client, _ = signed_in_client(role)
    incident = SeriousIncidentFactory()
    response = client.post(
        reverse("reviews:decision_create", args=[incident.pk]),
        {"partner": "police", "proceed": "True", "rationale": "x"},
    )
    assert response.status_code == 404
    assert not incident.decisions.exists()


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_case_history_is_not_found_for_roles_without_case_access(signed_in_client, role):
    client, _ = signed_in_client(role)
    incident = SeriousIncidentFactory()
    url = reverse("governance:history", args=["reviews", "seriousincident", incident.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", roles.CASE_DATA_ROLES)
def test_case_roles_see_the_case_and_its_history(signed_in_client, role):
    client, _ = signed_in_client(role)
    incident = SeriousIncidentFactory()
    assert client.get(reverse("reviews:incident_detail", args=[incident.pk])).status_code == 200
    url = reverse("governance:history", args=["reviews", "seriousincident", incident.pk])
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("role", OTHER_ROLES)
def test_selectors_list_no_cases_for_roles_without_case_access(make_user, role):
    user = make_user(role)
    RecommendationFactory()
    assert not selectors.all_cases(user=user).exists()
    assert not selectors.open_cases(user=user).exists()
    assert not selectors.recommendations(user=user).exists()
    assert selectors.action_plan_by_theme(user=user) == []
    assert selectors.timeliness(user=user, start_year=2025).incidents == 0


@pytest.mark.parametrize("role", roles.ALL_ROLES)
def test_published_learning_is_visible_to_every_role_without_the_case(signed_in_client, role):
    client, _ = signed_in_client(role)
    review = LocalReviewFactory()
    incident = review.rapid_review.incident
    SevenMinuteBriefingFactory(title="Safe sleep for infants", local_review=review)
    # Recorded once, in training, and listed here (reviews/webinars.py).
    WebinarFactory(title="Learning from a rapid review", learned_from=review.rapid_review)
    content = client.get(reverse("reviews:learning")).content.decode()
    assert "Safe sleep for infants" in content
    assert "Learning from a rapid review" in content
    assert incident.reference not in content
    assert f"/reviews/incidents/{incident.pk}/" not in content


def test_unpublished_briefings_are_not_listed(signed_in_client):
    client, _ = signed_in_client(roles.YOUNG_SCRUTINEER)
    SevenMinuteBriefingFactory(title="Draft briefing", published_on=None)
    assert "Draft briefing" not in client.get(reverse("reviews:learning")).content.decode()


def test_young_scrutineer_home_page_shows_nothing_about_cases(signed_in_client):
    client, _ = signed_in_client(roles.YOUNG_SCRUTINEER)
    incident = SeriousIncidentFactory()
    content = client.get(reverse("home")).content.decode()
    assert incident.reference not in content
    # Only the published learning, never a case page.
    assert not re.search(r'href="/reviews/(?!learning/)', content)
    assert 'href="/reviews/learning/"' in content


def test_young_scrutineer_is_refused_the_reviews_area(signed_in_client):
    client, _ = signed_in_client(roles.YOUNG_SCRUTINEER)
    SeriousIncidentFactory()
    response = client.get(reverse("reviews:index"))
    assert response.status_code == 403
    assert "SI-" not in response.content.decode()


# The access log


@pytest.mark.parametrize(
    ("name", "record"),
    [
        ("incident_detail", "Serious incident"),
        ("rapid_review_detail", "Rapid review"),
        ("local_review_detail", "Local review"),
    ],
)
def test_viewing_a_case_record_writes_the_access_log(signed_in_client, name, record):
    client, user = signed_in_client(roles.RAPID_REVIEW_PANEL)
    incident = LocalReviewFactory().rapid_review.incident
    client.get(reverse(f"reviews:{name}", args=[incident.pk]))
    entry = CaseAccessLog.objects.get()
    assert (entry.user, entry.incident, entry.record) == (user, incident, record)


def test_a_refused_view_writes_no_access_log(signed_in_client):
    client, _ = signed_in_client(roles.YOUNG_SCRUTINEER)
    incident = SeriousIncidentFactory()
    client.get(reverse("reviews:incident_detail", args=[incident.pk]))
    assert not CaseAccessLog.objects.exists()


def test_business_unit_reads_who_viewed_a_case(client, make_user):
    panel_member = make_user(roles.RAPID_REVIEW_PANEL, full_name="Robert Lang")
    incident = SeriousIncidentFactory()
    client.force_login(panel_member)
    client.get(reverse("reviews:incident_detail", args=[incident.pk]))
    client.force_login(make_user(roles.BUSINESS_UNIT))
    content = client.get(reverse("reviews:access_log", args=[incident.pk])).content.decode()
    assert "Robert Lang" in content
    assert "Serious incident" in content


@pytest.mark.parametrize("role", [roles.RAPID_REVIEW_PANEL, roles.EXECUTIVE_MEMBER])
def test_only_the_business_unit_reads_the_access_log(signed_in_client, role):
    client, _ = signed_in_client(role)
    incident = SeriousIncidentFactory()
    assert client.get(reverse("reviews:access_log", args=[incident.pk])).status_code == 404
