"""Reviews' sections of the yearly report: counted honestly (overdue work counts, each
figure beside its cohort, once), fixed at the year's end, and safe for children (issue 16)."""

import re
from datetime import date, datetime

import pytest
from django.utils import timezone

from governance.periods import FinancialYear
from governance.reporting import date_history
from reviews.models import Recommendation, SeriousIncident
from reviews.report import report_sections
from tests.reviews.factories import (
    LocalReviewFactory,
    RapidReviewFactory,
    RecommendationFactory,
    SevenMinuteBriefingFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

PERIOD = FinancialYear(2025)


def statutory():
    return next(found for found in report_sections(PERIOD) if found.key == "statutory_reviews")


def rapid_reviews_due_in_the_year():
    """Two rapid reviews due in 2025-26: one sent in time, one never sent (overdue)."""
    sent = RapidReviewFactory(
        incident__aware_on=date(2025, 6, 2),
        incident__notified_on=date(2025, 6, 4),
        opened_on=date(2025, 6, 4),
        partners_approved_on=date(2025, 6, 20),
        sent_to_panel_on=date(2025, 6, 20),
        outcome="no_local_review",
    )
    never_sent = RapidReviewFactory(
        incident__aware_on=date(2026, 2, 2),
        incident__notified_on=date(2026, 2, 4),
        opened_on=date(2026, 2, 4),
    )
    return sent, never_sent


def test_a_rapid_review_due_in_the_year_and_never_sent_counts_as_late():
    rapid_reviews_due_in_the_year()
    html = statutory().html
    assert (
        "Rapid reviews due in the year: 2; sent to the Panel within 15 working days of the notification: 1."
        in html
    )
    row = re.search(r"Rapid reviews within 15 working days</th>(.*?)</tr>", html).group(1)
    assert re.findall(r">([^<]+)</td>", row) == ["1", "2", "50%"]


def test_a_rapid_review_sent_late_after_the_year_end_still_counts_as_late():
    _, never_sent = rapid_reviews_due_in_the_year()
    never_sent.partners_approved_on = date(2026, 5, 1)
    never_sent.sent_to_panel_on = date(2026, 5, 1)
    never_sent.outcome = "no_local_review"
    never_sent.save()
    assert "sent to the Panel within 15 working days of the notification: 1." in statutory().html


def test_each_timeliness_figure_appears_once_in_one_chart_with_its_table():
    rapid_reviews_due_in_the_year()
    html = statutory().html
    assert html.count("<figure") == 1
    # The per cent is drawn in the chart and given in its table: nowhere else.
    assert html.count(">50%<") == 2
    assert html.count("<table") == 2  # the chart's table and the outcomes of rapid reviews
    assert "Due in the year" in html and "On time" in html


def test_the_cohort_rule_is_printed_beside_the_figures():
    rapid_reviews_due_in_the_year()
    html = statutory().html
    assert "Notifications to the Panel due in the year: 2; made within 5 working days" in html
    assert "Local reviews due for completion in the year: 0" in html
    assert "Each statutory clock counts in the financial year in which it fell due" in html


def test_a_local_review_in_progress_at_the_year_end_stays_so_when_published_later():
    local_review = LocalReviewFactory(decided_on=date(2026, 1, 20))
    before = statutory().html
    local_review.completed_on = date(2026, 7, 1)
    local_review.sent_to_panel_on = date(2026, 7, 10)
    local_review.published_on = date(2026, 8, 1)
    local_review.save()
    after = statutory().html
    assert after == before
    assert "Still in progress at the end of the year" in after


def test_a_spotlight_presented_after_the_year_end_is_not_counted_in_it():
    recommendation = RecommendationFactory(spotlight=True, spotlight_evidence="An audit of 20 cases.")
    recommendation.spotlight_presented_on = date(2026, 3, 10)
    recommendation.save()
    later = RecommendationFactory(spotlight=True, spotlight_evidence="A dip sample.")
    later.spotlight_presented_on = date(2026, 4, 10)
    later.save()
    assert "In 2025-26, 1 spotlight item was presented." in statutory().html


def _recorded_on(recommendation, moment):
    Recommendation.objects.filter(pk=recommendation.pk).update(created_at=moment)
    recommendation.refresh_from_db()
    date_history(Recommendation, moment, ids=[recommendation.pk])


def test_themes_are_of_recommendations_added_in_the_year_as_themed_at_its_end():
    in_the_year = RecommendationFactory(theme=ThemeFactory(name="Neglect"))
    _recorded_on(in_the_year, timezone.make_aware(datetime(2025, 11, 3, 10)))
    RecommendationFactory(theme=ThemeFactory(name="Exploitation"))  # added in November 2026
    in_the_year.theme = ThemeFactory(name="Re-themed later")
    in_the_year.save()
    html = statutory().html
    assert "Neglect" in html
    assert "Exploitation" not in html and "Re-themed later" not in html


def test_no_section_prints_a_case_reference_or_a_case_date():
    sent, never_sent = rapid_reviews_due_in_the_year()
    local_review = LocalReviewFactory(
        decided_on=date(2026, 1, 23),
        rapid_review__incident__aware_on=date(2025, 12, 29),
        rapid_review__incident__notified_on=date(2025, 12, 31),
    )
    cases = list(SeriousIncident.objects.all())
    html = "".join(found.html for found in report_sections(PERIOD))
    for incident in cases:
        assert incident.reference not in html
        for day in (incident.aware_on, incident.notified_on):
            for shown in (f"{day:%-d %B %Y}", f"{day:%d/%m/%Y}", day.isoformat(), f"{day:%-d %B}"):
                assert shown not in html, shown
    assert "20 June 2025" not in html and "23 January 2026" not in html
    assert local_review.rapid_review.incident.get_age_band_display() not in html


def test_a_briefing_is_dated_by_month_only():
    SevenMinuteBriefingFactory(title="7-minute briefing: safe sleep", published_on=date(2026, 2, 12))
    learning = next(found for found in report_sections(PERIOD) if found.key == "learning")
    assert "February 2026" in learning.html and "12 February 2026" not in learning.html


def test_an_empty_year_says_in_the_partnership_s_voice_what_was_not_done():
    found = {section.key: section for section in report_sections(PERIOD)}
    assert found["statutory_reviews"].is_empty and found["learning"].is_empty
    assert "the partnership held no rapid reviews or local child safeguarding practice reviews" in (
        found["statutory_reviews"].html
    )
    assert "The partnership held no learning webinars and published no 7-minute briefings in 2025-26." in (
        found["learning"].html
    )


def test_a_year_with_no_local_review_says_the_partnership_commissioned_none():
    rapid_reviews_due_in_the_year()
    assert "The partnership commissioned no local child safeguarding practice reviews in 2025-26" in (
        statutory().html
    )
