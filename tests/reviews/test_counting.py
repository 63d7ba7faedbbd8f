"""Figures and clocks that must agree with each other and with how people count."""

from datetime import date, timedelta

import pytest

from governance.calendar import add_working_days, is_working_day
from reviews import clocks
from reviews.selectors import Rate


@pytest.mark.parametrize(
    ("within", "total", "percent"),
    [(5, 8, 63), (1, 8, 13), (1, 3, 33), (2, 3, 67), (1, 2, 50), (0, 4, 0), (4, 4, 100)],
)
def test_percentages_round_half_up(within, total, percent):
    assert Rate(within, total).percent == percent


def test_no_cases_has_no_percentage():
    assert Rate(0, 0).percent is None


@pytest.mark.parametrize(
    ("publication", "latest"),
    [(date(2027, 1, 16), date(2027, 1, 7)), (date(2026, 4, 6), date(2026, 3, 25))],
)
def test_sending_on_the_latest_day_the_reminder_gives_is_not_short_notice(publication, latest):
    assert clocks.latest_panel_notice(publication) == latest
    assert not clocks.publication_notice_is_short(sent_to_panel_on=latest, publication_on=publication)


def test_the_notice_reminder_and_the_short_notice_warning_agree_on_every_day_of_three_years():
    day = date(2025, 1, 1)
    while day < date(2028, 1, 1):
        latest = clocks.latest_panel_notice(day)
        assert is_working_day(latest)
        assert not clocks.publication_notice_is_short(sent_to_panel_on=latest, publication_on=day)
        next_working_day = add_working_days(latest, 1)
        assert clocks.publication_notice_is_short(sent_to_panel_on=next_working_day, publication_on=day)
        day += timedelta(days=1)
