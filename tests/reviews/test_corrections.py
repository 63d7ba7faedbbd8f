"""Issue 11: statutory reviews complete and correctable. Each test pins one behaviour of
the services and models: dates corrected with a reason, the clocks and late flags that
follow them, dated decisions made by the person who makes them, withdrawal, the steps a
partnership records, and figures that count honestly."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance import roles
from governance.models import Action
from reviews import services
from reviews.deadlines import deadlines
from reviews.models import (
    LocalReview,
    OtherChild,
    PartnerDecision,
    RapidReview,
    Recommendation,
    SeriousIncident,
)
from reviews.my_work import my_work
from reviews.selectors import (
    Rate,
    action_plan_by_theme,
    incident_detail,
    next_step,
    open_cases,
    timeliness_of,
)
from tests.governance.factories import PartnershipGroupFactory, PersonFactory
from tests.reviews.factories import (
    AgencyInformationRequestFactory,
    LocalReviewFactory,
    LocalReviewMilestoneFactory,
    RapidReviewFactory,
    RecommendationFactory,
    SeriousIncidentFactory,
    SevenMinuteBriefingFactory,
    ThemeFactory,
)
from tests.reviews.helpers import statutory_partners

pytestmark = pytest.mark.django_db

LA, ICB, POLICE = "local_authority", "integrated_care_board", "police"
Stage = SeriousIncident.Stage

# 22 Dec 2025: the notification is due on 31 Dec (5 working days, Christmas and Boxing
# Day excluded); notified on 30 Dec, the rapid review is due on 21 Jan 2026.
AWARE_ON = date(2025, 12, 22)
NOTIFIED_ON = date(2025, 12, 30)
RAPID_REVIEW_DUE = date(2026, 1, 21)


@pytest.fixture
def business_unit(make_user):
    return make_user(roles.BUSINESS_UNIT)


@pytest.fixture
def partners(db):
    return statutory_partners()


@pytest.fixture
def executive_of(make_user, partners):
    """executive_of(LA): an Executive member whose agency is that statutory partner."""

    def make(partner):
        user = make_user(roles.EXECUTIVE_MEMBER)
        PersonFactory(user=user, full_name=user.full_name, agency=partners[partner])
        return user

    return make


def record(by, **overrides):
    fields = {
        "aware_on": AWARE_ON,
        "harm_type": SeriousIncident.HarmType.DEATH,
        "age_band": SeriousIncident.AgeBand.AGE_1_TO_4,
        "summary": "A factual summary.",
        "by": by,
    }
    return services.record_serious_incident(**{**fields, **overrides})


def notified(by, notified_on=NOTIFIED_ON, **overrides):
    incident = record(by, **overrides)
    return services.record_notification(incident=incident, notified_on=notified_on, by=by)


def decide(incident, partner, proceed, by, decided_on=date(2025, 12, 31)):
    return services.record_partner_decision(
        incident=incident,
        partner=partner,
        proceed=proceed,
        rationale="Reasons.",
        decided_on=decided_on,
        by=by,
    )


def last_change_reason(record):
    return record.history.order_by("-history_date", "-history_id").first().history_change_reason


# 1. Correcting the awareness date after the notification


def test_correcting_awareness_so_the_notification_is_late_is_refused_without_the_late_reason(
    business_unit,
):
    incident = notified(business_unit, notified_on=date(2025, 12, 31))  # on time: due 31 Dec

    with pytest.raises(ValidationError) as error:
        services.update_serious_incident(
            incident=incident,
            aware_on=date(2025, 12, 15),  # due 22 Dec: 31 Dec is late
            change_reason="The hospital's record gave the wrong day.",
            by=business_unit,
        )

    messages = error.value.message_dict["late_notification_reason"]
    assert "22 December 2025" in messages[0]
    incident.refresh_from_db()
    assert incident.aware_on == AWARE_ON


def test_correcting_awareness_so_the_notification_is_late_is_accepted_with_the_late_reason(business_unit):
    incident = notified(business_unit, notified_on=date(2025, 12, 31))

    services.update_serious_incident(
        incident=incident,
        aware_on=date(2025, 12, 15),
        late_notification_reason="The local authority's record of awareness was wrong.",
        change_reason="The hospital's record gave the wrong day.",
        by=business_unit,
    )

    incident.refresh_from_db()
    assert incident.aware_on == date(2025, 12, 15)
    assert incident.is_notified_late
    assert incident.late_notification_reason == "The local authority's record of awareness was wrong."


def test_changing_the_awareness_date_needs_a_reason(business_unit):
    incident = record(business_unit)

    with pytest.raises(ValidationError) as error:
        services.update_serious_incident(incident=incident, aware_on=date(2025, 12, 19), by=business_unit)

    assert error.value.message_dict["change_reason"] == [
        "Enter the reason for changing the date the local authority became aware"
    ]
    incident.refresh_from_db()
    assert incident.aware_on == AWARE_ON


def test_history_keeps_the_reason_for_correcting_the_awareness_date(business_unit):
    incident = record(business_unit)

    services.update_serious_incident(
        incident=incident,
        aware_on=date(2025, 12, 19),
        change_reason="The hospital's record gave the wrong day.",
        by=business_unit,
    )

    assert last_change_reason(incident) == "The hospital's record gave the wrong day."


# 2. The reverse: a late notification becomes on time


def test_correcting_awareness_so_a_late_notification_is_on_time_clears_the_stale_late_reason(business_unit):
    incident = record(business_unit)
    services.record_notification(
        incident=incident,
        notified_on=date(2026, 1, 5),  # late: due 31 Dec
        late_notification_reason="Learnt of the death late.",
        by=business_unit,
    )

    corrected = services.update_serious_incident(
        incident=incident,
        aware_on=date(2025, 12, 29),  # due 6 Jan: 5 Jan is on time
        change_reason="The awareness date was mistyped.",
        by=business_unit,
    )

    assert corrected.late_reason_cleared is True
    incident.refresh_from_db()
    assert not incident.is_notified_late
    assert incident.late_notification_reason == ""


# 3. record_notification


def test_a_late_reason_given_for_an_on_time_notification_is_not_kept_and_the_service_says_so(
    business_unit,
):
    incident = record(business_unit)

    saved = services.record_notification(
        incident=incident,
        notified_on=date(2025, 12, 31),  # the fifth working day: on time
        late_notification_reason="Thought it was late.",
        by=business_unit,
    )

    assert saved.late_reason_cleared is True
    incident.refresh_from_db()
    assert incident.late_notification_reason == ""


def test_correcting_the_notification_date_needs_a_reason(business_unit):
    incident = notified(business_unit)

    with pytest.raises(ValidationError) as error:
        services.record_notification(incident=incident, notified_on=date(2025, 12, 31), by=business_unit)

    assert "change_reason" in error.value.message_dict
    incident.refresh_from_db()
    assert incident.notified_on == NOTIFIED_ON


def test_the_notification_date_is_corrected_with_a_reason_that_history_keeps(business_unit):
    incident = notified(business_unit)

    services.record_notification(
        incident=incident,
        notified_on=date(2025, 12, 31),
        change_reason="The Panel's acknowledgement is dated the 31st.",
        by=business_unit,
    )

    incident.refresh_from_db()
    assert incident.notified_on == date(2025, 12, 31)
    assert last_change_reason(incident) == "The Panel's acknowledgement is dated the 31st."


# 4. References stay; figures follow the dates


def test_the_case_reference_never_changes_when_awareness_is_corrected_across_1_april(business_unit):
    incident = record(business_unit, aware_on=date(2026, 4, 2))
    assert incident.reference == "SI-2026-001"

    services.update_serious_incident(
        incident=incident,
        aware_on=date(2026, 3, 30),
        change_reason="The referral was received before Easter.",
        by=business_unit,
    )

    incident.refresh_from_db()
    assert (incident.reference, incident.reference_year, incident.aware_on) == (
        "SI-2026-001",
        2026,
        date(2026, 3, 30),
    )


def test_correcting_awareness_across_1_april_moves_the_case_into_the_other_years_figures(business_unit):
    # Aware 2 Apr 2026, notified 7 Apr: due 13 Apr (Easter), on time, in 2026-27.
    incident = notified(business_unit, aware_on=date(2026, 4, 2), notified_on=date(2026, 4, 7))
    today = date(2026, 11, 1)
    before = (
        timeliness_of(SeriousIncident.objects.all(), start_year=2025, today=today),
        timeliness_of(SeriousIncident.objects.all(), start_year=2026, today=today),
    )
    assert (before[0].incidents, before[0].notifications) == (0, Rate(0, 0))
    assert (before[1].incidents, before[1].notifications) == (1, Rate(1, 1))

    # Aware 23 Mar 2026: the notification was due on 30 Mar, in 2025-26, and is late.
    services.update_serious_incident(
        incident=incident,
        aware_on=date(2026, 3, 23),
        late_notification_reason="The referral was not passed on.",
        change_reason="The referral was received in March.",
        by=business_unit,
    )

    last_year = timeliness_of(SeriousIncident.objects.all(), start_year=2025, today=today)
    this_year = timeliness_of(SeriousIncident.objects.all(), start_year=2026, today=today)
    assert (last_year.incidents, last_year.notifications) == (1, Rate(0, 1))
    assert (this_year.incidents, this_year.notifications) == (0, Rate(0, 0))


# 5. Recorded twice


def test_recording_the_same_incident_twice_is_refused_naming_the_first_reference(business_unit):
    first = record(business_unit)

    with pytest.raises(ValidationError) as error:
        record(business_unit)

    assert first.reference in " ".join(error.value.messages)
    assert SeriousIncident.objects.count() == 1


def test_a_withdrawn_duplicate_does_not_block_recording_the_incident_again(business_unit):
    first = record(business_unit)
    services.withdraw_serious_incident(incident=first, reason="Recorded by mistake.", by=business_unit)

    again = record(business_unit)

    assert again.reference == "SI-2025-002"
    assert SeriousIncident.objects.count() == 2


# 6. Withdrawing a case recorded by mistake


def test_withdrawing_a_case_needs_a_reason(business_unit):
    incident = record(business_unit)

    with pytest.raises(ValidationError) as error:
        services.withdraw_serious_incident(incident=incident, reason="  ", by=business_unit)

    assert "withdrawn_reason" in error.value.message_dict
    incident.refresh_from_db()
    assert incident.stage == Stage.DECISIONS


def test_withdrawing_a_case_marks_it_withdrawn_with_its_reason(business_unit):
    incident = record(business_unit)

    services.withdraw_serious_incident(
        incident=incident, reason="A duplicate of SI-2025-009.", by=business_unit
    )

    incident.refresh_from_db()
    assert incident.stage == Stage.WITHDRAWN
    assert incident.withdrawn_reason == "A duplicate of SI-2025-009."
    assert incident.withdrawn_on is not None


def test_a_withdrawn_case_leaves_the_reminder_deadlines(business_unit):
    incident = notified(business_unit)
    assert any(f":{incident.pk}" in deadline.key for deadline in deadlines(date(2026, 1, 5)))

    services.withdraw_serious_incident(incident=incident, reason="A duplicate.", by=business_unit)

    assert not any(f":{incident.pk}" in deadline.key for deadline in deadlines(date(2026, 1, 5)))


def test_a_withdrawn_case_leaves_the_timeliness_figures(business_unit):
    incident = notified(business_unit)
    today = date(2026, 3, 1)

    services.withdraw_serious_incident(incident=incident, reason="A duplicate.", by=business_unit)

    figures = timeliness_of(SeriousIncident.objects.all(), start_year=2025, today=today)
    assert (figures.incidents, figures.notifications, figures.rapid_reviews) == (0, Rate(0, 0), Rate(0, 0))


def test_a_withdrawn_case_leaves_the_dashboards_open_cases(business_unit):
    incident = record(business_unit)

    services.withdraw_serious_incident(incident=incident, reason="A duplicate.", by=business_unit)

    assert incident not in open_cases(user=business_unit)


def test_a_withdrawn_case_stays_in_history_with_its_reason(business_unit):
    incident = record(business_unit)

    services.withdraw_serious_incident(incident=incident, reason="A duplicate.", by=business_unit)

    assert SeriousIncident.objects.filter(pk=incident.pk).exists()
    latest = incident.history.order_by("-history_date", "-history_id").first()
    assert (latest.stage, latest.history_change_reason, latest.history_user) == (
        Stage.WITHDRAWN,
        "A duplicate.",
        business_unit,
    )


def test_a_withdrawn_case_cannot_be_changed(business_unit):
    incident = record(business_unit)
    services.withdraw_serious_incident(incident=incident, reason="A duplicate.", by=business_unit)

    with pytest.raises(ValidationError):
        services.update_serious_incident(incident=incident, summary="Changed.", by=business_unit)

    incident.refresh_from_db()
    assert incident.summary == "A factual summary."


def test_a_case_whose_rapid_review_went_to_the_panel_cannot_be_withdrawn(business_unit):
    review = RapidReviewFactory(
        outcome=RapidReview.Outcome.NO_LOCAL_REVIEW,
        partners_approved_on=date(2026, 1, 20),
        sent_to_panel_on=date(2026, 1, 21),
    )

    with pytest.raises(ValidationError):
        services.withdraw_serious_incident(incident=review.incident, reason="A duplicate.", by=business_unit)

    review.incident.refresh_from_db()
    assert review.incident.stage != Stage.WITHDRAWN


# 7. Partner decisions: dated, made by the person who makes them


def test_a_partner_decision_needs_its_date(business_unit):
    incident = notified(business_unit)

    with pytest.raises(ValidationError) as error:
        decide(incident, LA, True, business_unit, decided_on=None)

    assert "decided_on" in error.value.message_dict
    assert not PartnerDecision.objects.exists()


def test_a_partner_decision_keeps_the_date_it_was_made(business_unit):
    incident = notified(business_unit)

    decision = decide(incident, LA, True, business_unit, decided_on=date(2026, 1, 2))

    decision.refresh_from_db()
    assert decision.decided_on == date(2026, 1, 2)


def test_the_rapid_review_opens_on_the_latest_decision_date_not_today(business_unit):
    incident = notified(business_unit)

    decide(incident, LA, True, business_unit, decided_on=date(2025, 12, 31))
    decide(incident, ICB, True, business_unit, decided_on=date(2026, 1, 6))
    decide(incident, POLICE, True, business_unit, decided_on=date(2026, 1, 2))

    incident.refresh_from_db()
    assert incident.rapid_review.opened_on == date(2026, 1, 6)


def test_an_executive_member_records_their_own_partners_decision(business_unit, executive_of):
    executive = executive_of(LA)
    incident = notified(business_unit)

    decision = decide(incident, LA, True, executive)

    decision.refresh_from_db()
    assert (decision.partner, decision.recorded_by) == (LA, executive)


def test_an_executive_member_cannot_record_another_partners_decision(business_unit, executive_of):
    executive = executive_of(LA)
    incident = notified(business_unit)

    with pytest.raises(ValidationError):
        decide(incident, POLICE, True, executive)

    assert not PartnerDecision.objects.exists()


def test_the_business_unit_records_any_partners_decision(business_unit):
    incident = notified(business_unit)

    for partner in (LA, ICB, POLICE):
        decide(incident, partner, False, business_unit)

    assert set(PartnerDecision.objects.values_list("partner", "recorded_by")) == {
        (LA, business_unit.pk),
        (ICB, business_unit.pk),
        (POLICE, business_unit.pk),
    }


def test_changing_a_partner_decision_needs_a_reason(business_unit):
    incident = notified(business_unit)
    decision = decide(incident, LA, True, business_unit)

    with pytest.raises(ValidationError) as error:
        services.change_partner_decision(
            decision=decision,
            proceed=False,
            rationale="Reconsidered.",
            decided_on=date(2026, 1, 2),
            change_reason=" ",
            by=business_unit,
        )

    assert "change_reason" in error.value.message_dict
    decision.refresh_from_db()
    assert decision.proceed is True


def test_a_partner_decision_is_changed_with_a_reason_while_the_partners_decide(business_unit):
    incident = notified(business_unit)
    decision = decide(incident, LA, True, business_unit)

    services.change_partner_decision(
        decision=decision,
        proceed=False,
        rationale="The criteria are not met.",
        decided_on=date(2026, 1, 2),
        change_reason="Further information from the hospital.",
        by=business_unit,
    )

    decision.refresh_from_db()
    assert (decision.proceed, decision.decided_on) == (False, date(2026, 1, 2))
    assert last_change_reason(decision) == "Further information from the hospital."


def test_a_partner_decision_cannot_be_changed_once_the_rapid_review_has_opened(business_unit):
    incident = notified(business_unit)
    for partner in (LA, ICB, POLICE):
        decide(incident, partner, True, business_unit)
    decision = PartnerDecision.objects.get(incident=incident, partner=LA)

    with pytest.raises(ValidationError):
        services.change_partner_decision(
            decision=decision,
            proceed=False,
            rationale="Reconsidered.",
            decided_on=date(2026, 1, 2),
            change_reason="Reconsidered.",
            by=business_unit,
        )

    decision.refresh_from_db()
    assert decision.proceed is True


def test_changing_a_decision_so_all_three_say_yes_opens_the_rapid_review(business_unit):
    incident = notified(business_unit)
    decide(incident, LA, True, business_unit)
    decision = decide(incident, ICB, False, business_unit)
    decide(incident, POLICE, True, business_unit)
    incident.refresh_from_db()
    assert incident.stage == Stage.DISAGREEMENT

    services.change_partner_decision(
        decision=decision,
        proceed=True,
        rationale="The criteria are met.",
        decided_on=date(2026, 1, 5),
        change_reason="New information from the police.",
        by=business_unit,
    )

    incident.refresh_from_db()
    assert incident.stage == Stage.RAPID_REVIEW
    assert incident.rapid_review.opened_on == date(2026, 1, 5)


# 8. All three say no


def test_three_no_decisions_lead_to_telling_the_panel_no_rapid_review_is_held(business_unit):
    incident = notified(business_unit)

    for partner in (LA, ICB, POLICE):
        decide(incident, partner, False, business_unit)

    incident.refresh_from_db()
    assert incident.stage == Stage.NO_RAPID_REVIEW


def test_with_no_rapid_review_the_clock_still_shows_as_tell_the_panel(business_unit):
    incident = SeriousIncidentFactory(stage=Stage.NO_RAPID_REVIEW, notified_on=NOTIFIED_ON)

    found = {deadline.key: deadline for deadline in deadlines(date(2026, 1, 5))}

    deadline = found[f"reviews:rapid_review_due:{incident.pk}"]
    assert deadline.due_on == RAPID_REVIEW_DUE
    assert "tell the Panel no rapid review is held" in deadline.title
    assert deadline.url == reverse("reviews:no_rapid_review", args=[incident.pk])


def test_recording_no_rapid_review_needs_the_reason(business_unit):
    incident = SeriousIncidentFactory(stage=Stage.NO_RAPID_REVIEW, notified_on=NOTIFIED_ON)

    with pytest.raises(ValidationError) as error:
        services.record_no_rapid_review(
            incident=incident,
            no_rapid_review_reason="",
            panel_told_no_rapid_review_on=date(2026, 1, 8),
            by=business_unit,
        )

    assert "no_rapid_review_reason" in error.value.message_dict
    incident.refresh_from_db()
    assert (incident.stage, incident.panel_told_no_rapid_review_on) == (Stage.NO_RAPID_REVIEW, None)


def test_telling_the_panel_no_rapid_review_is_held_closes_the_case_and_meets_the_clock(business_unit):
    incident = SeriousIncidentFactory(stage=Stage.NO_RAPID_REVIEW, notified_on=NOTIFIED_ON)

    services.record_no_rapid_review(
        incident=incident,
        no_rapid_review_reason="The criteria for a rapid review are not met.",
        panel_told_no_rapid_review_on=date(2026, 1, 8),
        by=business_unit,
    )

    incident.refresh_from_db()
    assert incident.stage == Stage.CLOSED
    assert incident.rapid_review_met_on == date(2026, 1, 8)
    assert not any(f":{incident.pk}" in deadline.key for deadline in deadlines(date(2026, 1, 5)))


# 9. My work and reminders for the Executive member whose partner must decide


def decisions_on_my_work(user, today=date(2026, 1, 5)):
    lists = {work_list.key: work_list for work_list in my_work(user=user, today=today)}
    return lists["case_decisions"].items


def test_my_work_lists_the_case_waiting_for_the_executive_members_partner(business_unit, executive_of):
    executive = executive_of(LA)
    incident = notified(business_unit)

    items = decisions_on_my_work(executive)

    assert [item.url for item in items] == [
        reverse("reviews:decision_create", args=[incident.pk]) + f"?partner={LA}"
    ]
    assert incident.reference in items[0].title


def test_my_work_leaves_out_a_case_the_executive_members_partner_has_decided(business_unit, executive_of):
    executive = executive_of(LA)
    incident = notified(business_unit)
    decide(incident, LA, True, business_unit)

    assert decisions_on_my_work(executive) == []


def test_my_work_does_not_show_a_partners_decision_to_another_partners_executive_member(
    business_unit, executive_of
):
    local_authority, police = executive_of(LA), executive_of(POLICE)
    incident = notified(business_unit)
    decide(incident, POLICE, True, business_unit)

    assert len(decisions_on_my_work(local_authority)) == 1
    assert decisions_on_my_work(police) == []


def test_the_reminder_for_a_partners_decision_goes_to_its_executive_member(business_unit, executive_of):
    executive, police = executive_of(LA), executive_of(POLICE)
    incident = notified(business_unit)

    found = {deadline.key: deadline for deadline in deadlines(date(2026, 1, 5))}

    deadline = found[f"reviews:partner_decision:{incident.pk}:{LA}"]
    assert executive.email in deadline.responsible
    assert police.email not in deadline.responsible
    assert deadline.url == reverse("reviews:decision_create", args=[incident.pk]) + f"?partner={LA}"


# 10. The Panel's response to the rapid review


def sent_review(**overrides):
    return RapidReviewFactory(
        outcome=RapidReview.Outcome.NO_LOCAL_REVIEW,
        partners_approved_on=date(2026, 1, 20),
        sent_to_panel_on=date(2026, 1, 21),
        **overrides,
    )


def respond(review, received_on, by):
    return services.record_panel_response(
        rapid_review=review,
        panel_response_received_on=received_on,
        panel_response="The Panel agrees no national review is needed.",
        panel_view_of_local_review=RapidReview.PanelView.AGREES,
        by=by,
    )


def test_the_panels_response_is_refused_before_the_rapid_review_is_sent(business_unit):
    review = RapidReviewFactory()

    with pytest.raises(ValidationError):
        respond(review, date(2026, 1, 28), business_unit)

    review.refresh_from_db()
    assert review.panel_response_received_on is None


def test_the_panels_response_is_refused_if_received_before_the_review_was_sent(business_unit):
    review = sent_review()

    with pytest.raises(ValidationError) as error:
        respond(review, date(2026, 1, 20), business_unit)

    assert "panel_response_received_on" in error.value.message_dict
    review.refresh_from_db()
    assert review.panel_response_received_on is None


def test_the_panels_response_is_stored(business_unit):
    review = sent_review()

    respond(review, date(2026, 2, 4), business_unit)

    review.refresh_from_db()
    assert (review.panel_response_received_on, review.panel_view_of_local_review) == (
        date(2026, 2, 4),
        RapidReview.PanelView.AGREES,
    )
    assert review.panel_response == "The Panel agrees no national review is needed."


def test_after_the_rapid_review_is_sent_the_next_step_is_the_panels_response(business_unit):
    review = LocalReviewFactory().rapid_review

    step = next_step(incident_detail(user=business_unit, incident_id=review.incident_id))

    assert step.url == reverse("reviews:panel_response", args=[review.incident_id])
    assert "Panel's response" in step.what


def test_after_the_panels_response_the_next_step_is_the_local_review(business_unit):
    review = LocalReviewFactory().rapid_review
    respond(review, date(2026, 2, 4), business_unit)

    step = next_step(incident_detail(user=business_unit, incident_id=review.incident_id))

    assert step.url == reverse("reviews:local_review_detail", args=[review.incident_id])


# 11. The LCSPR decision has its own date


def test_the_local_review_opens_on_the_date_of_the_decision_to_hold_it(business_unit):
    review = RapidReviewFactory()

    services.record_rapid_review_outcome(
        rapid_review=review,
        outcome=RapidReview.Outcome.LOCAL_REVIEW,
        partners_approved_on=date(2026, 1, 20),
        sent_to_panel_on=date(2026, 1, 21),
        local_review_decided_on=date(2026, 1, 23),
        by=business_unit,
    )

    assert LocalReview.objects.get(rapid_review=review).decided_on == date(2026, 1, 23)


def test_correcting_the_local_review_decision_date_needs_a_reason(business_unit):
    local_review = LocalReviewFactory()

    with pytest.raises(ValidationError) as error:
        services.update_local_review(
            local_review=local_review, decided_on=date(2026, 2, 10), by=business_unit
        )

    assert "change_reason" in error.value.message_dict
    local_review.refresh_from_db()
    assert local_review.decided_on == date(2026, 1, 20)


def test_correcting_the_local_review_decision_date_moves_the_six_month_aim_and_says_from_where(
    business_unit,
):
    local_review = LocalReviewFactory()  # decided 20 Jan 2026: aim 20 Jul 2026

    saved = services.update_local_review(
        local_review=local_review,
        decided_on=date(2026, 2, 10),
        change_reason="The partners decided again after the Panel's response.",
        by=business_unit,
    )

    assert saved.target_completion_on == date(2026, 8, 10)
    assert saved.previous_target == date(2026, 7, 20)


# 12. Notification details


@pytest.mark.parametrize(
    ("harm_type", "looked_after"),
    [
        (SeriousIncident.HarmType.DEATH, False),
        (SeriousIncident.HarmType.SERIOUS_HARM, True),
        (SeriousIncident.HarmType.SERIOUS_HARM, False),
    ],
)
def test_an_incident_without_suspected_abuse_or_neglect_is_refused_unless_a_looked_after_child_died(
    business_unit, harm_type, looked_after
):
    with pytest.raises(ValidationError) as error:
        record(
            business_unit, harm_type=harm_type, looked_after=looked_after, abuse_or_neglect_suspected=False
        )

    assert "abuse_or_neglect_suspected" in error.value.message_dict
    assert not SeriousIncident.objects.exists()


def test_a_looked_after_childs_death_is_recorded_without_suspected_abuse_or_neglect(business_unit):
    incident = record(
        business_unit,
        harm_type=SeriousIncident.HarmType.DEATH,
        looked_after=True,
        abuse_or_neglect_suspected=False,
    )

    incident.refresh_from_db()
    assert (incident.looked_after, incident.abuse_or_neglect_suspected) == (True, False)


def add_child(incident, by):
    return services.add_other_child(
        incident=incident,
        harm_type=SeriousIncident.HarmType.SERIOUS_HARM,
        age_band=SeriousIncident.AgeBand.AGE_5_TO_9,
        looked_after=False,
        by=by,
    )


def test_a_notification_covers_at_most_three_other_children(business_unit):
    incident = record(business_unit)
    for _ in range(3):
        add_child(incident, business_unit)

    with pytest.raises(ValidationError):
        add_child(incident, business_unit)

    assert OtherChild.objects.filter(incident=incident).count() == 3


def test_removing_another_child_needs_a_reason(business_unit):
    child = add_child(record(business_unit), business_unit)

    with pytest.raises(ValidationError) as error:
        services.remove_other_child(child=child, reason="", by=business_unit)

    assert "reason" in error.value.message_dict
    assert OtherChild.objects.filter(pk=child.pk).exists()


def test_history_keeps_the_reason_another_child_was_removed(business_unit):
    child = add_child(record(business_unit), business_unit)
    child_pk = child.pk

    services.remove_other_child(child=child, reason="Recorded by mistake.", by=business_unit)

    assert not OtherChild.objects.filter(pk=child_pk).exists()
    removed = OtherChild.history.get(id=child_pk, history_type="-")
    assert (removed.history_change_reason, removed.history_user) == ("Recorded by mistake.", business_unit)


# 13. Corrections of what was recorded along the way


def test_an_information_request_is_corrected(business_unit):
    information_request = AgencyInformationRequestFactory()
    agency = information_request.agency

    services.update_information_request(
        information_request=information_request,
        agency=agency,
        request="A chronology since birth.",
        requested_on=information_request.requested_on,
        due_on=information_request.due_on,
        received_on=date(2026, 1, 8),
        by=business_unit,
    )

    information_request.refresh_from_db()
    assert (information_request.request, information_request.received_on) == (
        "A chronology since birth.",
        date(2026, 1, 8),
    )


def test_correcting_an_information_requests_recorded_date_needs_a_reason(business_unit):
    information_request = AgencyInformationRequestFactory()

    with pytest.raises(ValidationError) as error:
        services.update_information_request(
            information_request=information_request,
            agency=information_request.agency,
            request=information_request.request,
            requested_on=information_request.requested_on,
            due_on=date(2026, 1, 12),
            received_on=None,
            by=business_unit,
        )

    assert "change_reason" in error.value.message_dict
    information_request.refresh_from_db()
    assert information_request.due_on == date(2026, 1, 9)


def test_a_milestone_is_corrected(business_unit):
    milestone = LocalReviewMilestoneFactory()

    services.update_milestone(
        milestone=milestone,
        title="Practitioner learning event",
        due_on=milestone.due_on,
        completed_on=None,
        by=business_unit,
    )

    milestone.refresh_from_db()
    assert milestone.title == "Practitioner learning event"


def test_correcting_a_milestones_recorded_date_needs_a_reason(business_unit):
    milestone = LocalReviewMilestoneFactory()

    with pytest.raises(ValidationError) as error:
        services.update_milestone(
            milestone=milestone,
            title=milestone.title,
            due_on=date(2026, 3, 9),
            completed_on=None,
            by=business_unit,
        )

    assert "change_reason" in error.value.message_dict
    milestone.refresh_from_db()
    assert milestone.due_on == date(2026, 3, 2)


def test_a_milestones_recorded_date_is_corrected_with_a_reason(business_unit):
    milestone = LocalReviewMilestoneFactory()

    services.update_milestone(
        milestone=milestone,
        title=milestone.title,
        due_on=date(2026, 3, 9),
        completed_on=None,
        change_reason="The venue moved the event.",
        by=business_unit,
    )

    milestone.refresh_from_db()
    assert milestone.due_on == date(2026, 3, 9)
    assert last_change_reason(milestone) == "The venue moved the event."


def test_a_briefing_is_corrected(business_unit):
    briefing = SevenMinuteBriefingFactory()

    services.update_briefing(
        briefing=briefing,
        title="Safe sleep: 7-minute briefing",
        summary="Corrected summary.",
        published_on=date(2026, 2, 3),
        by=business_unit,
    )

    briefing.refresh_from_db()
    assert (briefing.title, briefing.summary, briefing.published_on) == (
        "Safe sleep: 7-minute briefing",
        "Corrected summary.",
        date(2026, 2, 3),
    )


# 14. National review recommendations


def add_national(
    by, theme, title="Child protection in England", text="Multi-agency child protection units in every area."
):
    return services.add_national_recommendation(
        national_review=title,
        text=text,
        theme=theme,
        owner=PersonFactory(),
        due_date=date(2026, 12, 31),
        group=PartnershipGroupFactory(),
        by=by,
    )


def test_the_same_national_recommendation_twice_is_refused_and_nothing_saved(business_unit):
    theme = ThemeFactory(name="Multi-agency working")
    add_national(business_unit, theme)
    with pytest.raises(ValidationError, match="already in the action plan"):
        add_national(business_unit, theme)
    assert Recommendation.objects.count() == 1
    assert Action.objects.count() == 1


def test_a_national_review_recommendation_joins_the_action_plan_with_its_action(business_unit):
    recommendation = add_national(business_unit, ThemeFactory(name="Multi-agency working"))

    recommendation.refresh_from_db()
    assert recommendation.national_review == "Child protection in England"
    assert (recommendation.rapid_review, recommendation.local_review) == (None, None)
    action = Action.objects.get(pk=recommendation.action_id)
    assert action.source == recommendation
    assert action.title == "Multi-agency child protection units in every area."


def test_a_national_review_recommendation_needs_the_review_title(business_unit):
    with pytest.raises(ValidationError):
        add_national(business_unit, ThemeFactory(), title=" ")

    assert not Recommendation.objects.exists()


def test_the_theme_group_counts_national_reviews_beside_local_ones(business_unit):
    theme = ThemeFactory(name="Multi-agency working")
    RecommendationFactory(theme=theme)
    add_national(business_unit, theme)
    add_national(business_unit, theme, text="Police in every unit.")  # the same national review: one review

    [group] = action_plan_by_theme(user=business_unit)

    assert len(group.recommendations) == 3
    assert group.reviews == 2


# 15. Counting honestly


def test_a_case_still_deciding_after_its_rapid_review_clock_ran_out_counts_as_late():
    SeriousIncidentFactory(stage=Stage.DECISIONS, notified_on=NOTIFIED_ON)  # due 21 Jan 2026

    figures = timeliness_of(SeriousIncident.objects.all(), start_year=2025, today=date(2026, 2, 2))

    assert figures.rapid_reviews == Rate(0, 1)


def test_a_case_decided_with_no_rapid_review_is_not_counted_as_a_rapid_review():
    SeriousIncidentFactory(
        stage=Stage.CLOSED,
        notified_on=NOTIFIED_ON,
        no_rapid_review_reason="The criteria are not met.",
        panel_told_no_rapid_review_on=date(2026, 1, 8),
    )
    SeriousIncidentFactory(stage=Stage.NO_RAPID_REVIEW, notified_on=NOTIFIED_ON, summary="Another.")

    figures = timeliness_of(SeriousIncident.objects.all(), start_year=2025, today=date(2026, 2, 2))

    assert figures.rapid_reviews == Rate(0, 0)
    assert figures.notifications == Rate(2, 2)


def test_a_withdrawn_case_counts_in_no_figure():
    SeriousIncidentFactory(stage=Stage.WITHDRAWN, withdrawn_reason="A duplicate.", notified_on=NOTIFIED_ON)
    SeriousIncidentFactory(stage=Stage.WITHDRAWN, withdrawn_reason="A duplicate.", summary="Never notified.")

    figures = timeliness_of(SeriousIncident.objects.all(), start_year=2025, today=date(2026, 2, 2))

    assert (figures.incidents, figures.notifications, figures.rapid_reviews, figures.local_reviews) == (
        0,
        Rate(0, 0),
        Rate(0, 0),
        Rate(0, 0),
    )
