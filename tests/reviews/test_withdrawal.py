"""Withdrawing a case recorded by mistake, and undoing a withdrawal made by mistake:
the case's actions, the action plan and the dates that depend on awareness."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance import roles
from governance.models import Action
from reviews import services
from reviews.models import SeriousIncident
from reviews.selectors import action_plan_by_theme
from tests.governance.factories import PartnershipGroupFactory, PersonFactory
from tests.reviews.factories import (
    PartnerDecisionFactory,
    RapidReviewFactory,
    SeriousIncidentFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

Stage = SeriousIncident.Stage


@pytest.fixture
def business_unit(make_user):
    return make_user(roles.BUSINESS_UNIT)


def recommendation_of(review, by):
    return services.add_recommendation(
        review=review,
        text="Share concerns about infants sooner.",
        theme=ThemeFactory(name="Information sharing"),
        owner=PersonFactory(),
        due_date=date(2026, 12, 31),
        group=PartnershipGroupFactory(),
        by=by,
    )


def test_withdrawing_a_case_cancels_the_open_actions_of_its_recommendations_with_the_reason(business_unit):
    review = RapidReviewFactory()
    action = recommendation_of(review, business_unit).action

    services.withdraw_serious_incident(
        incident=review.incident, reason="A duplicate of SI-2025-001.", by=business_unit
    )

    action.refresh_from_db()
    assert action.status == Action.Status.CANCELLED
    assert "A duplicate of SI-2025-001." in action.updates.get().note


def test_a_withdrawn_case_s_recommendations_leave_the_action_plan(business_unit):
    review = RapidReviewFactory()
    recommendation_of(review, business_unit)
    services.withdraw_serious_incident(incident=review.incident, reason="A duplicate.", by=business_unit)

    assert action_plan_by_theme(user=business_unit) == []


def test_reinstating_a_case_returns_it_to_the_stage_it_was_at_with_the_reason_in_history(business_unit):
    incident = SeriousIncidentFactory(stage=Stage.DISAGREEMENT)
    services.withdraw_serious_incident(incident=incident, reason="Thought a duplicate.", by=business_unit)

    services.reinstate_serious_incident(incident=incident, reason="It was not a duplicate.", by=business_unit)

    incident.refresh_from_db()
    assert (incident.stage, incident.withdrawn_on, incident.withdrawn_reason) == (
        Stage.DISAGREEMENT,
        None,
        "",
    )
    assert incident.history.first().history_change_reason == "It was not a duplicate."


def test_reinstating_needs_a_reason(business_unit):
    incident = SeriousIncidentFactory()
    services.withdraw_serious_incident(incident=incident, reason="Thought a duplicate.", by=business_unit)
    with pytest.raises(ValidationError) as error:
        services.reinstate_serious_incident(incident=incident, reason=" ", by=business_unit)
    assert error.value.message_dict == {"reason": ["Enter the reason the case is reinstated"]}
    incident.refresh_from_db()
    assert incident.stage == Stage.WITHDRAWN


def test_the_business_unit_reinstates_a_case_from_its_page(client, business_unit):
    incident = SeriousIncidentFactory()
    services.withdraw_serious_incident(incident=incident, reason="Thought a duplicate.", by=business_unit)
    client.force_login(business_unit)
    page = client.get(incident.get_absolute_url()).content.decode()
    assert reverse("reviews:incident_reinstate", args=[incident.pk]) in page

    response = client.post(
        reverse("reviews:incident_reinstate", args=[incident.pk]), {"reason": "Not a duplicate."}
    )

    assert response.status_code == 302
    incident.refresh_from_db()
    assert incident.stage == Stage.DECISIONS


def test_awareness_cannot_be_corrected_to_after_a_partner_s_decision(business_unit):
    incident = SeriousIncidentFactory(aware_on=date(2025, 12, 22))
    PartnerDecisionFactory(incident=incident, partner="police", decided_on=date(2025, 12, 23))

    with pytest.raises(ValidationError) as error:
        services.update_serious_incident(
            incident=incident, aware_on=date(2025, 12, 24), change_reason="Typed wrongly.", by=business_unit
        )

    assert "cannot be after 23 December 2025, when the chief officer of police decided" in str(error.value)
    incident.refresh_from_db()
    assert incident.aware_on == date(2025, 12, 22)
