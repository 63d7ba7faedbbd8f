"""The statutory review clocks: due dates over weekends, bank holidays, Christmas and
Easter, and the state each clock is in on a given day."""

from datetime import date

import pytest

from governance.periods import FinancialYear
from reviews import clocks


def test_notification_due_five_working_days_after_monday_22_december_2025():
    assert clocks.notification_due(date(2025, 12, 22)) == date(2025, 12, 31)


def test_notification_due_from_a_friday_counts_from_the_monday():
    # Friday 7 March 2025 -> Friday 14 March 2025.
    assert clocks.notification_due(date(2025, 3, 7)) == date(2025, 3, 14)


def test_notification_due_from_a_bank_holiday_counts_from_the_next_working_day():
    # Aware on Easter Monday 21 April 2025: 22, 23, 24, 25, 28 April.
    assert clocks.notification_due(date(2025, 4, 21)) == date(2025, 4, 28)


def test_notification_due_over_easter_skips_good_friday_and_easter_monday():
    # Aware on Wednesday 16 April 2025: 17 April, then 22, 23, 24, 25 April.
    assert clocks.notification_due(date(2025, 4, 16)) == date(2025, 4, 25)


def test_notification_due_from_a_saturday_counts_from_the_monday_and_skips_christmas():
    # Saturday 20 December 2025: 22, 23, 24, 29, 30 December.
    assert clocks.notification_due(date(2025, 12, 20)) == date(2025, 12, 30)


def test_rapid_review_due_skips_new_years_day():
    # 15 working days after Tuesday 30 December 2025, skipping Thursday 1 January 2026.
    assert clocks.rapid_review_due(date(2025, 12, 30)) == date(2026, 1, 21)


def test_rapid_review_due_over_christmas_skips_christmas_boxing_day_and_new_year():
    # From Monday 22 December 2025: 23, 24, 29, 30, 31 Dec, 2, 5-9, 12-15 Jan.
    assert clocks.rapid_review_due(date(2025, 12, 22)) == date(2026, 1, 15)


def test_rapid_review_due_over_easter_2026():
    # Notified Thursday 2 April 2026; Good Friday 3 April and Easter Monday 6 April skipped.
    assert clocks.rapid_review_due(date(2026, 4, 2)) == date(2026, 4, 27)


def test_rapid_review_due_from_a_friday():
    assert clocks.rapid_review_due(date(2026, 1, 9)) == date(2026, 1, 30)


def test_local_review_target_is_six_calendar_months_after_the_decision():
    assert clocks.local_review_target(date(2026, 1, 20)) == date(2026, 7, 20)


def test_local_review_target_from_the_end_of_a_long_month_is_the_end_of_the_short_one():
    assert clocks.local_review_target(date(2025, 8, 31)) == date(2026, 2, 28)


def test_local_review_target_crosses_the_year():
    assert clocks.local_review_target(date(2025, 11, 15)) == date(2026, 5, 15)


def test_latest_panel_notice_is_seven_working_days_before_publication():
    # Publication Wednesday 21 January 2026: back over 20, 19, 16, 15, 14, 13, 12 January.
    assert clocks.latest_panel_notice(date(2026, 1, 21)) == date(2026, 1, 12)


def test_publication_notice_of_exactly_seven_working_days_is_enough():
    assert not clocks.publication_notice_is_short(
        sent_to_panel_on=date(2026, 1, 12), publication_on=date(2026, 1, 21)
    )


def test_publication_notice_of_six_working_days_is_short():
    assert clocks.publication_notice_is_short(
        sent_to_panel_on=date(2026, 1, 13), publication_on=date(2026, 1, 21)
    )


def rapid_review_clock(today, completed_on=None):
    # Notified 30 December 2025, due Wednesday 21 January 2026.
    return clocks.clock(
        starts_on=date(2025, 12, 30), due_on=date(2026, 1, 21), completed_on=completed_on, today=today
    )


def test_clock_is_on_track_with_more_than_three_working_days_left():
    clock = rapid_review_clock(today=date(2026, 1, 15))
    assert clock.state == clocks.ON_TRACK
    assert clock.working_days_left == 4


def test_clock_is_due_soon_with_three_working_days_left():
    clock = rapid_review_clock(today=date(2026, 1, 16))
    assert clock.state == clocks.DUE_SOON
    assert clock.working_days_left == 3


def test_clock_is_due_soon_on_the_due_date():
    clock = rapid_review_clock(today=date(2026, 1, 21))
    assert clock.state == clocks.DUE_SOON
    assert clock.working_days_left == 0


def test_clock_is_overdue_the_day_after_the_due_date():
    clock = rapid_review_clock(today=date(2026, 1, 22))
    assert clock.state == clocks.OVERDUE
    assert clock.working_days_overdue == 1


def test_clock_counts_working_days_used_from_the_trigger():
    # 31 December, 2, 5, 6 January: New Year's Day is not a working day.
    assert rapid_review_clock(today=date(2026, 1, 6)).working_days_used == 4


def test_clock_completed_on_the_due_date_is_on_time():
    clock = rapid_review_clock(today=date(2026, 3, 1), completed_on=date(2026, 1, 21))
    assert clock.state == clocks.COMPLETED_ON_TIME
    assert clock.working_days_used == 15
    assert clock.working_days_left is None


def test_clock_completed_the_day_after_the_due_date_is_late():
    clock = rapid_review_clock(today=date(2026, 3, 1), completed_on=date(2026, 1, 22))
    assert clock.state == clocks.COMPLETED_LATE


def test_clock_without_a_due_date_has_not_started():
    clock = clocks.clock(starts_on=None, due_on=None, completed_on=None, today=date(2026, 1, 1))
    assert clock.state == clocks.WAITING
    assert clock.working_days_used is None


@pytest.mark.parametrize("state", list(clocks.STATE_LABELS))
def test_every_clock_state_has_a_text_label_and_a_colour(state):
    assert clocks.STATE_LABELS[state]
    assert clocks.STATE_COLOURS[state]


@pytest.mark.parametrize(
    ("day", "start_year"),
    [(date(2026, 3, 31), 2025), (date(2026, 4, 1), 2026), (date(2025, 12, 31), 2025)],
)
def test_financial_year_runs_april_to_march(day, start_year):
    assert FinancialYear.containing(day).start_year == start_year
