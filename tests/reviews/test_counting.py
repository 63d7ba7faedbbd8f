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


def _timeliness(start_year, today):
    from reviews.models import SeriousIncident
    from reviews.selectors import timeliness_of

    return timeliness_of(SeriousIncident.objects.all(), start_year=start_year, today=today)


@pytest.mark.django_db
def test_an_overdue_rapid_review_not_yet_sent_counts_as_late_in_the_year_it_fell_due():
    from tests.reviews.factories import RapidReviewFactory, SeriousIncidentFactory

    sent = RapidReviewFactory(
        incident=SeriousIncidentFactory(aware_on=date(2026, 6, 1), notified_on=date(2026, 6, 3)),
        sent_to_panel_on=date(2026, 6, 20),
    )
    unsent = RapidReviewFactory(
        incident=SeriousIncidentFactory(aware_on=date(2026, 10, 26), notified_on=date(2026, 10, 28)),
        sent_to_panel_on=None,
    )
    assert sent.due_on >= date(2026, 6, 20) and unsent.due_on < date(2026, 11, 28)

    figures = _timeliness(2026, today=date(2026, 11, 28))

    assert (figures.rapid_reviews.within, figures.rapid_reviews.total) == (1, 2)
    assert figures.rapid_reviews.percent == 50


@pytest.mark.django_db
def test_a_clock_still_running_is_not_counted_and_an_unnotified_incident_past_due_is_late():
    from tests.reviews.factories import SeriousIncidentFactory

    SeriousIncidentFactory(aware_on=date(2026, 11, 26), notified_on=None)  # due 3 December: running
    SeriousIncidentFactory(aware_on=date(2026, 11, 2), notified_on=None)  # due 9 November: missed

    figures = _timeliness(2026, today=date(2026, 11, 28))

    assert (figures.notifications.within, figures.notifications.total) == (0, 1)


def test_the_cohort_rule_is_stated_beside_the_figures():
    from reviews.selectors import COHORT_RULE, Rate, Timeliness

    figures = Timeliness(2026, Rate(1, 2), Rate(1, 2), Rate(0, 0), 2, [], [])
    assert figures.cohort_rule == COHORT_RULE
    assert "in the financial year in which it fell due" in COHORT_RULE
