from datetime import date, timedelta

import pytest

from governance.calendar import add_working_days, is_working_day, working_days_between
from governance.statutory import statutory_clocks

# Bank holidays in England and Wales as published on GOV.UK, substitute days and the
# one-off days of 2022 (Platinum Jubilee, State Funeral) and 2023 (Coronation) included.
PUBLISHED_BANK_HOLIDAYS = {
    2022: ["01-03", "04-15", "04-18", "05-02", "06-02", "06-03", "08-29", "09-19", "12-26", "12-27"],
    2023: ["01-02", "04-07", "04-10", "05-01", "05-08", "05-29", "08-28", "12-25", "12-26"],
    2024: ["01-01", "03-29", "04-01", "05-06", "05-27", "08-26", "12-25", "12-26"],
    2025: ["01-01", "04-18", "04-21", "05-05", "05-26", "08-25", "12-25", "12-26"],
    2026: ["01-01", "04-03", "04-06", "05-04", "05-25", "08-31", "12-25", "12-28"],
    2027: ["01-01", "03-26", "03-29", "05-03", "05-31", "08-30", "12-27", "12-28"],
}


@pytest.mark.parametrize("year", sorted(PUBLISHED_BANK_HOLIDAYS))
def test_weekday_holidays_match_the_published_bank_holidays(year):
    published = {date.fromisoformat(f"{year}-{day}") for day in PUBLISHED_BANK_HOLIDAYS[year]}
    day, weekday_holidays = date(year, 1, 1), set()
    while day.year == year:
        if day.weekday() < 5 and not is_working_day(day):
            weekday_holidays.add(day)
        day += timedelta(days=1)
    assert weekday_holidays == published


def test_weekends_are_not_working_days():
    assert not is_working_day(date(2026, 11, 28))  # Saturday
    assert not is_working_day(date(2026, 11, 29))  # Sunday
    assert is_working_day(date(2026, 11, 30))


def test_notification_due_skips_christmas_and_boxing_day():
    # The domain's own example: 5 working days after Monday 22 December 2025.
    assert add_working_days(date(2025, 12, 22), 5) == date(2025, 12, 31)


def test_rapid_review_due_skips_new_years_day():
    assert add_working_days(date(2025, 12, 30), 15) == date(2026, 1, 21)


def test_counting_from_a_friday_starts_on_monday():
    assert add_working_days(date(2026, 11, 6), 1) == date(2026, 11, 9)
    assert add_working_days(date(2026, 11, 6), 5) == date(2026, 11, 13)


def test_counting_from_a_bank_holiday_starts_the_next_working_day():
    assert add_working_days(date(2026, 5, 25), 5) == date(2026, 6, 1)


def test_counting_over_easter_skips_good_friday_and_easter_monday():
    assert add_working_days(date(2026, 4, 2), 5) == date(2026, 4, 13)


def test_substitute_days_for_a_weekend_christmas_are_skipped():
    assert add_working_days(date(2027, 12, 24), 1) == date(2027, 12, 29)


def test_one_off_proclaimed_days_are_skipped():
    assert add_working_days(date(2022, 9, 16), 1) == date(2022, 9, 20)
    assert add_working_days(date(2023, 5, 5), 1) == date(2023, 5, 9)


def test_zero_days_from_a_non_working_day_is_the_next_working_day():
    assert add_working_days(date(2025, 12, 25), 0) == date(2025, 12, 29)
    assert add_working_days(date(2025, 12, 24), 0) == date(2025, 12, 24)


def test_negative_days_count_backwards():
    assert add_working_days(date(2026, 1, 2), -2) == date(2025, 12, 30)


@pytest.mark.parametrize(
    "start", [date(2025, 12, 22), date(2026, 4, 2), date(2026, 11, 6), date(2027, 12, 24), date(2026, 5, 25)]
)
@pytest.mark.parametrize("days", [1, 5, 7, 15, 40])
def test_working_days_between_undoes_add_working_days(start, days):
    assert working_days_between(start, add_working_days(start, days)) == days


def test_working_days_between_is_negative_when_the_end_is_earlier():
    assert working_days_between(date(2025, 12, 31), date(2025, 12, 22)) == -5


def test_statutory_clock_lengths_live_in_one_place_and_can_be_configured(settings):
    clocks = statutory_clocks()
    assert (clocks.notification_working_days, clocks.rapid_review_working_days) == (5, 15)
    assert clocks.pre_publication_notice_working_days == 7
    assert clocks.local_review_months == 6
    settings.STATUTORY_CLOCKS = {"rapid_review_working_days": 20}
    assert statutory_clocks().rapid_review_working_days == 20
