"""Steps of a case that a second walkthrough found could be recorded out of order,
twice, or on a withdrawn case: each refused with a clear message, nothing saved."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance import roles
from reviews import services
from reviews.models import Recommendation, SeriousIncident
from tests.governance.factories import PartnershipGroupFactory, PersonFactory
from tests.reviews.factories import (
    AgencyInformationRequestFactory,
    LocalReviewFactory,
    PartnerDecisionFactory,
    RapidReviewFactory,
    SeriousIncidentFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def business_unit(make_user):
    return make_user(roles.BUSINESS_UNIT)


def recommend(review, by, text="Share concerns about infants sooner."):
    return services.add_recommendation(
        review=review,
        text=text,
        theme=ThemeFactory(name="Information sharing"),
        owner=PersonFactory(),
        due_date=date(2026, 12, 31),
        group=PartnershipGroupFactory(),
        by=by,
    )


def test_the_same_recommendation_of_a_case_twice_is_refused(business_unit):
    review = RapidReviewFactory()
    recommend(review, business_unit)
    with pytest.raises(ValidationError, match="already in the action plan for this case"):
        recommend(review, business_unit)
    assert Recommendation.objects.count() == 1


def test_nothing_new_is_recorded_on_a_withdrawn_case(business_unit):
    review = RapidReviewFactory()
    services.withdraw_serious_incident(incident=review.incident, reason="A duplicate.", by=business_unit)
    review.refresh_from_db()
    with pytest.raises(ValidationError, match="withdrawn"):
        recommend(review, business_unit)
    assert not Recommendation.objects.exists()


def test_a_publication_date_ahead_is_refused_as_published(business_unit):
    review = LocalReviewFactory(completed_on=date(2026, 6, 1))
    ahead = timezone.localdate() + timedelta(days=20)
    with pytest.raises(ValidationError) as error:
        services.record_publication(
            local_review=review, sent_to_panel_on=date(2026, 6, 2), published_on=ahead, by=business_unit
        )
    assert "put a date ahead as the planned publication" in str(error.value)


def test_a_review_is_not_published_before_it_is_completed(business_unit):
    review = LocalReviewFactory(completed_on=None)
    with pytest.raises(ValidationError, match="completed before its publication"):
        services.record_publication(
            local_review=review,
            sent_to_panel_on=date(2026, 6, 2),
            published_on=date(2026, 6, 20),
            by=business_unit,
        )


def test_the_executive_cannot_decide_before_the_partners_did(business_unit):
    incident = SeriousIncidentFactory(
        stage=SeriousIncident.Stage.DISAGREEMENT, notified_on=date(2025, 12, 23)
    )
    for partner, proceed in (("local_authority", True), ("integrated_care_board", False), ("police", True)):
        PartnerDecisionFactory(
            incident=incident, partner=partner, proceed=proceed, decided_on=date(2025, 12, 29)
        )
    with pytest.raises(ValidationError, match="cannot be before the partners decided, on 29 December 2025"):
        services.resolve_disagreement(
            incident=incident,
            proceed=True,
            decision="Go ahead.",
            decided_on=date(2025, 12, 24),
            by=business_unit,
        )


def test_a_summary_already_received_is_not_recorded_again(client, business_unit):
    request = AgencyInformationRequestFactory(received_on=date(2026, 1, 8))
    client.force_login(business_unit)
    response = client.get(
        reverse("reviews:information_received", args=[request.rapid_review.incident_id, request.pk])
    )
    assert response.status_code == 302
    with pytest.raises(ValidationError, match="already recorded as received"):
        services.record_information_received(
            information_request=request, received_on=date(2026, 1, 9), by=business_unit
        )


def test_an_error_of_the_whole_form_is_shown_once_in_the_error_summary(client, business_unit):
    from tests.reviews.helpers import date_fields

    fields = {
        **date_fields("aware_on", date(2025, 12, 22)),
        **date_fields("notified_on", None),
        "harm_type": "death",
        "age_band": "under_1",
        "abuse_or_neglect_suspected": "True",
        "looked_after": "False",
        "summary": "A factual summary.",
    }
    client.force_login(business_unit)
    client.post(reverse("reviews:incident_create"), fields)
    page = client.post(reverse("reviews:incident_create"), fields).content.decode()

    assert page.count("This incident is already recorded as SI-2025-001") == 1
    assert "alert-danger" not in page
