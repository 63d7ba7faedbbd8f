from datetime import date

import pytest
from django.core.exceptions import ValidationError

from governance import roles
from governance.models import Action
from reviews import services
from reviews.models import LocalReview, PartnerDecision, RapidReview, SeriousIncident
from tests.governance.factories import PartnershipGroupFactory, PersonFactory
from tests.reviews.factories import (
    LocalReviewFactory,
    PartnerDecisionFactory,
    RapidReviewFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LA, ICB, POLICE = "local_authority", "integrated_care_board", "police"


@pytest.fixture
def business_unit(make_user):
    return make_user(roles.BUSINESS_UNIT)


def record(by, **overrides):
    fields = {
        "aware_on": date(2025, 12, 22),
        "harm_type": SeriousIncident.HarmType.DEATH,
        "age_band": SeriousIncident.AgeBand.AGE_1_TO_4,
        "summary": "A factual summary.",
        "by": by,
    }
    return services.record_serious_incident(**{**fields, **overrides})


# Serious incidents


def test_case_reference_is_generated_from_the_year_of_awareness(business_unit):
    assert record(business_unit).reference == "SI-2025-001"
    assert record(business_unit, summary="Another incident.").reference == "SI-2025-002"


def test_case_reference_numbering_starts_again_each_year(business_unit):
    record(business_unit)
    assert record(business_unit, aware_on=date(2026, 1, 5)).reference == "SI-2026-001"


def test_incident_records_who_created_it_in_its_history(business_unit):
    incident = record(business_unit)
    assert incident.history.first().history_user == business_unit


def test_notification_before_awareness_is_refused_and_nothing_saved(business_unit):
    incident = record(business_unit)
    with pytest.raises(ValidationError) as error:
        services.record_notification(incident=incident, notified_on=date(2025, 12, 19), by=business_unit)
    assert "notified_on" in error.value.error_dict
    incident.refresh_from_db()
    assert incident.notified_on is None


def test_late_notification_without_a_reason_is_refused(business_unit):
    incident = record(business_unit)
    with pytest.raises(ValidationError) as error:
        services.record_notification(incident=incident, notified_on=date(2026, 1, 2), by=business_unit)
    assert "late_notification_reason" in error.value.error_dict


def test_late_notification_is_flagged_with_its_reason(business_unit):
    incident = record(business_unit)
    services.record_notification(
        incident=incident,
        notified_on=date(2026, 1, 2),
        late_notification_reason="The local authority learnt the child had died only on 31 December.",
        by=business_unit,
    )
    incident.refresh_from_db()
    assert incident.is_notified_late
    assert incident.late_notification_reason.startswith("The local authority")


def test_notification_on_the_fifth_working_day_is_on_time(business_unit):
    incident = record(business_unit)
    services.record_notification(incident=incident, notified_on=date(2025, 12, 31), by=business_unit)
    assert not incident.is_notified_late


def test_incident_cannot_be_recorded_with_a_future_awareness_date(business_unit):
    with pytest.raises(ValidationError):
        record(business_unit, aware_on=date(2099, 1, 1))
    assert not SeriousIncident.objects.exists()


# The three-party decision


DECIDED_ON = date(2025, 12, 23)


def decide(incident, partner, proceed, by, decided_on=DECIDED_ON):
    return services.record_partner_decision(
        incident=incident,
        partner=partner,
        proceed=proceed,
        rationale="Reasons.",
        decided_on=decided_on,
        by=by,
    )


def test_two_yes_decisions_do_not_open_a_rapid_review(business_unit):
    incident = record(business_unit)
    decide(incident, LA, True, business_unit)
    decide(incident, ICB, True, business_unit)
    incident.refresh_from_db()
    assert incident.stage == SeriousIncident.Stage.DECISIONS
    assert not RapidReview.objects.exists()


def test_three_yes_decisions_open_the_rapid_review(business_unit):
    incident = record(business_unit)
    for partner in (LA, ICB, POLICE):
        decide(incident, partner, True, business_unit)
    incident.refresh_from_db()
    assert incident.stage == SeriousIncident.Stage.RAPID_REVIEW
    assert incident.rapid_review.opened_on == DECIDED_ON


def test_disagreement_goes_to_the_executive_and_opens_nothing(business_unit):
    incident = record(business_unit)
    decide(incident, LA, True, business_unit)
    decide(incident, ICB, False, business_unit)
    decide(incident, POLICE, True, business_unit)
    incident.refresh_from_db()
    assert incident.stage == SeriousIncident.Stage.DISAGREEMENT
    assert not RapidReview.objects.exists()


def test_three_no_decisions_wait_for_the_panel_to_be_told(business_unit):
    incident = record(business_unit)
    for partner in (LA, ICB, POLICE):
        decide(incident, partner, False, business_unit)
    incident.refresh_from_db()
    assert incident.stage == SeriousIncident.Stage.NO_RAPID_REVIEW


def test_a_partner_cannot_decide_twice(business_unit):
    incident = record(business_unit)
    decide(incident, LA, True, business_unit)
    with pytest.raises(ValidationError):
        decide(incident, LA, False, business_unit)
    assert PartnerDecision.objects.count() == 1


def test_executive_resolves_a_disagreement_by_opening_the_rapid_review(make_user, business_unit):
    executive = make_user(roles.EXECUTIVE_MEMBER)
    incident = record(business_unit)
    decide(incident, LA, True, business_unit)
    decide(incident, ICB, False, business_unit)
    decide(incident, POLICE, True, business_unit)
    services.resolve_disagreement(
        incident=incident,
        proceed=True,
        decision="A rapid review is in the public interest.",
        decided_on=date(2025, 12, 29),
        by=executive,
    )
    incident.refresh_from_db()
    assert incident.stage == SeriousIncident.Stage.RAPID_REVIEW
    assert incident.executive_decision.startswith("A rapid review")


def test_executive_decision_is_refused_without_a_disagreement(business_unit):
    incident = record(business_unit)
    with pytest.raises(ValidationError):
        services.resolve_disagreement(
            incident=incident, proceed=True, decision="Go ahead.", decided_on=DECIDED_ON, by=business_unit
        )


# The rapid review


def test_outcome_is_refused_without_all_three_partner_decisions(business_unit):
    review = RapidReviewFactory(decisions=False)
    PartnerDecisionFactory(incident=review.incident, partner=LA)
    PartnerDecisionFactory(incident=review.incident, partner=ICB)
    with pytest.raises(ValidationError, match="all three partners"):
        services.record_rapid_review_outcome(
            rapid_review=review,
            outcome=RapidReview.Outcome.NO_LOCAL_REVIEW,
            partners_approved_on=date(2026, 1, 20),
            sent_to_panel_on=date(2026, 1, 21),
            by=business_unit,
        )
    review.refresh_from_db()
    assert review.outcome == ""


def test_outcome_local_review_recommended_opens_the_local_review_with_its_target(business_unit):
    review = RapidReviewFactory()
    services.record_rapid_review_outcome(
        rapid_review=review,
        outcome=RapidReview.Outcome.LOCAL_REVIEW,
        partners_approved_on=date(2026, 1, 20),
        sent_to_panel_on=date(2026, 1, 21),
        by=business_unit,
    )
    local_review = LocalReview.objects.get()
    assert local_review.decided_on == date(2026, 1, 20)
    assert local_review.target_completion_on == date(2026, 7, 20)
    review.incident.refresh_from_db()
    assert review.incident.stage == SeriousIncident.Stage.LOCAL_REVIEW


def test_outcome_without_a_local_review_closes_the_case_once_sent(business_unit):
    review = RapidReviewFactory()
    services.record_rapid_review_outcome(
        rapid_review=review,
        outcome=RapidReview.Outcome.NO_LOCAL_REVIEW,
        partners_approved_on=date(2026, 1, 20),
        sent_to_panel_on=date(2026, 1, 21),
        by=business_unit,
    )
    review.incident.refresh_from_db()
    assert review.incident.stage == SeriousIncident.Stage.CLOSED
    assert review.clock(date(2026, 3, 1)).state_label == "Completed on time"


def test_sending_to_the_panel_before_the_partners_approve_is_refused(business_unit):
    review = RapidReviewFactory()
    with pytest.raises(ValidationError) as error:
        services.record_rapid_review_outcome(
            rapid_review=review,
            outcome=RapidReview.Outcome.NO_LOCAL_REVIEW,
            partners_approved_on=date(2026, 1, 21),
            sent_to_panel_on=date(2026, 1, 20),
            by=business_unit,
        )
    assert "sent_to_panel_on" in error.value.error_dict


def test_rapid_review_due_date_follows_the_notification():
    review = RapidReviewFactory(incident__notified_on=date(2025, 12, 30))
    assert review.due_on == date(2026, 1, 21)


def test_rapid_review_has_no_due_date_before_the_notification():
    review = RapidReviewFactory(incident__notified_on=None)
    assert review.due_on is None


def test_information_request_due_before_it_was_requested_is_refused(business_unit):
    review = RapidReviewFactory()
    with pytest.raises(ValidationError) as error:
        services.add_information_request(
            rapid_review=review,
            agency=PersonFactory().agency,
            request="Chronology",
            requested_on=date(2026, 1, 5),
            due_on=date(2026, 1, 2),
            by=business_unit,
        )
    assert "due_on" in error.value.error_dict


# Publication


def test_publication_with_seven_working_days_notice_is_saved(business_unit):
    review = LocalReviewFactory()
    services.record_publication(
        local_review=review,
        sent_to_panel_on=date(2026, 1, 12),
        publication_planned_on=date(2026, 1, 21),
        by=business_unit,
    )
    review.refresh_from_db()
    assert review.publication_planned_on == date(2026, 1, 21)


def test_publication_with_short_notice_is_a_warning_and_nothing_is_saved(business_unit):
    review = LocalReviewFactory()
    with pytest.raises(services.ShortNoticeWarning):
        services.record_publication(
            local_review=review,
            sent_to_panel_on=date(2026, 1, 13),
            publication_planned_on=date(2026, 1, 21),
            by=business_unit,
        )
    review.refresh_from_db()
    assert review.publication_planned_on is None


def test_publication_with_short_notice_is_saved_once_confirmed(business_unit):
    review = LocalReviewFactory()
    services.record_publication(
        local_review=review,
        sent_to_panel_on=date(2026, 1, 13),
        publication_planned_on=date(2026, 1, 21),
        confirm_short_notice=True,
        by=business_unit,
    )
    review.refresh_from_db()
    assert review.sent_to_panel_on == date(2026, 1, 13)


def test_publication_delayed_needs_its_reasons(business_unit):
    review = LocalReviewFactory()
    with pytest.raises(ValidationError) as error:
        services.record_publication(local_review=review, publication_delayed=True, by=business_unit)
    assert "publication_delay_reasons" in error.value.error_dict


def test_publishing_closes_the_case(business_unit):
    review = LocalReviewFactory(completed_on=date(2026, 6, 30))
    services.record_publication(
        local_review=review,
        sent_to_panel_on=date(2026, 7, 1),
        published_on=date(2026, 7, 15),
        by=business_unit,
    )
    review.rapid_review.incident.refresh_from_db()
    assert review.rapid_review.incident.stage == SeriousIncident.Stage.CLOSED


# Recommendations


def test_recommendation_becomes_an_action_in_the_action_log_with_its_theme(business_unit):
    review = LocalReviewFactory()
    theme = ThemeFactory(name="Information sharing")
    owner = PersonFactory()
    recommendation = services.add_recommendation(
        review=review,
        text="Share concerns about infants promptly.",
        theme=theme,
        owner=owner,
        due_date=date(2026, 9, 30),
        group=PartnershipGroupFactory(),
        by=business_unit,
    )
    action = Action.objects.get()
    assert recommendation.action == action
    assert action.theme == theme
    assert action.owner == owner
    assert action.source == recommendation


def test_spotlight_item_needs_evidence(business_unit):
    from tests.reviews.factories import RecommendationFactory

    recommendation = RecommendationFactory()
    with pytest.raises(ValidationError):
        services.mark_spotlight(
            recommendation=recommendation, agency=PersonFactory().agency, evidence=" ", by=business_unit
        )


def test_correcting_the_outcome_dates_keeps_the_one_local_review(business_unit):
    review = RapidReviewFactory()
    for sent_on in (date(2026, 1, 22), date(2026, 1, 21)):
        services.record_rapid_review_outcome(
            rapid_review=review,
            outcome=RapidReview.Outcome.LOCAL_REVIEW,
            partners_approved_on=date(2026, 1, 20),
            sent_to_panel_on=sent_on,
            change_reason="The first date was typed wrongly.",
            by=business_unit,
        )
    assert LocalReview.objects.count() == 1
    review.refresh_from_db()
    assert review.sent_to_panel_on == date(2026, 1, 21)


def test_a_recommendation_whose_action_is_refused_is_not_saved_half_way(business_unit):
    from reviews.models import Recommendation

    with pytest.raises(ValidationError):
        services.add_recommendation(
            review=RapidReviewFactory(),
            text="Share concerns promptly.",
            theme=ThemeFactory(),
            owner=PersonFactory(),
            due_date=None,
            group=PartnershipGroupFactory(),
            by=business_unit,
        )
    assert not Recommendation.objects.exists()
    assert not Action.objects.exists()


def test_a_reference_drawn_twice_at_once_is_drawn_again(business_unit, monkeypatch):
    record(business_unit)  # SI-2025-001
    real_next_reference = services._next_reference
    draws = iter([(1, "SI-2025-001")])  # as if another request had drawn it at the same moment

    def racing_next_reference(year):
        return next(draws, None) or real_next_reference(year)

    monkeypatch.setattr(services, "_next_reference", racing_next_reference)
    assert record(business_unit, summary="Another incident.").reference == "SI-2025-002"
    assert SeriousIncident.objects.count() == 2
