"""The demo priorities and the yearly report's priorities section built from them:
the 2025-26 section shows the four areas with their year-end RAG and the slipped
deliverables, named as little or no progress with the reason given."""

from datetime import date

import pytest

from governance.demo import load_governance_demo
from governance.periods import FinancialYear
from priorities import report
from priorities.demo import load_priorities_demo
from priorities.models import Deliverable, Feedback, ForecastChange, PriorityArea, ProgressUpdate
from reviews.demo import load_reviews_demo

pytestmark = pytest.mark.django_db

PERIOD = FinancialYear(2025)
FOUR = ["Infant safety", "Anti-racism", "Neglect", "Peer-on-peer harm"]


def load_demo():
    load_governance_demo()
    load_reviews_demo()
    load_priorities_demo()


@pytest.fixture(scope="module")
def demo(shared_test_data):
    yield from shared_test_data(load_demo)


def counts():
    return (
        PriorityArea.objects.count(),
        Deliverable.objects.count(),
        ProgressUpdate.objects.count(),
        Feedback.objects.count(),
        ForecastChange.objects.count(),
        ProgressUpdate.history.count(),
    )


def test_the_demo_holds_the_four_priorities_of_2024_26(demo):
    assert list(PriorityArea.objects.values_list("title", flat=True)) == FOUR
    assert all(area.leads.exists() and area.sponsor_id for area in PriorityArea.objects.all())


def test_the_demo_updates_span_three_financial_years(demo):
    years = {
        FinancialYear.containing(period) for period in ProgressUpdate.objects.values_list("period", flat=True)
    }
    assert {FinancialYear(2024), FinancialYear(2025), FinancialYear(2026)} <= years


def test_the_demo_has_slipped_and_done_deliverables_and_answered_feedback(demo):
    deliverables = list(Deliverable.objects.all())
    assert any(d.is_slipped and not d.is_done for d in deliverables)
    assert any(d.is_done for d in deliverables)
    assert Feedback.objects.exclude(response="").exists()
    assert ProgressUpdate.objects.exclude(ask="").filter(ask_response="").exists()


def test_loading_the_demo_twice_changes_nothing(demo):
    before = counts()
    load_priorities_demo()
    assert counts() == before


def test_the_2025_26_section_shows_the_four_areas_with_their_year_end_rag(demo):
    (section,) = report.report_sections(PERIOD)
    assert (section.key, section.order, section.title) == ("priorities", 90, "Priorities and their progress")
    assert not section.is_empty
    reports = {r.area.title: r for r in report.area_reports(PERIOD)}
    assert list(reports) == FOUR
    # The last update on or before 31 March 2026 gives the status at the year's end.
    assert {title: r.year_end.period for title, r in reports.items()} == dict.fromkeys(FOUR, date(2026, 3, 1))
    assert reports["Anti-racism"].year_end.rag == "red"
    assert reports["Infant safety"].year_end.rag == "green"
    for title in FOUR:
        assert title in section.html
    assert "Red – off track" in section.html
    assert len(reports["Neglect"].trend) == 4  # one per quarter


def test_slipped_and_not_started_deliverables_are_named_as_little_or_no_progress_with_the_reason(demo):
    reports = {r.area.title: r for r in report.area_reports(PERIOD)}
    anti_racism = {item.deliverable.title: item for item in reports["Anti-racism"].little_progress}
    standards = anti_racism["Agree multi-agency anti-racist practice standards"]
    assert standards.state == "Slipped"
    assert "short-staffed" in standards.reason
    assert anti_racism["Audit case records for adultification language"].state == "Not started"
    peer = [item.deliverable.title for item in reports["Peer-on-peer harm"].little_progress]
    assert "Run a joint police and schools session on serious youth violence" in peer
    (section,) = report.report_sections(PERIOD)
    assert "Little or no progress" in section.html
    assert "Agree multi-agency anti-racist practice standards" in section.html


def test_delivered_is_what_was_completed_in_the_year(demo):
    reports = {r.area.title: r for r in report.area_reports(PERIOD)}
    delivered = [d.title for d in reports["Infant safety"].delivered]
    assert "Agree an information-sharing pathway between housing and health visiting" in delivered
    assert "Add safe sleep checks to the new birth visit template" not in delivered  # March 2025: 2024-25


def test_outcome_measures_are_charted_against_baseline_and_target(demo):
    (section,) = report.report_sections(PERIOD)
    assert "<svg" in section.html
    assert "Health visitor new birth visits within 14 days" in section.html
    row = next(r for r in report.area_reports(PERIOD) if r.area.title == "Infant safety").measures[0]
    assert row.year_end.measured_on == date(2026, 3, 31)
    assert row.met is False


def test_you_said_we_did_examples_are_those_answered_in_the_year(demo):
    reports = {r.area.title: r for r in report.area_reports(PERIOD)}
    answered = [item.said for item in reports["Infant safety"].you_said_we_did]
    assert answered == [
        "Parents we spoke to did not know the safe sleep advice was in other languages.",
        "Young parents said health visits felt like being checked up on, not helped.",
    ]
    (section,) = report.report_sections(PERIOD)
    assert "You said, we did" in section.html


def test_confidential_notes_never_reach_the_report(demo):
    notes = set(
        ProgressUpdate.objects.exclude(confidential_notes="").values_list("confidential_notes", flat=True)
    )
    assert notes
    html = report.report_sections(PERIOD)[0].html
    assert not any(note in html for note in notes)


def test_the_section_says_plainly_when_no_priority_ran(demo):
    (section,) = report.report_sections(FinancialYear(2020))
    assert section.is_empty
    assert "The partnership ran no priority projects in 2020-21." in section.html


@pytest.mark.parametrize("year", [2024, 2025])
def test_the_section_takes_a_constant_number_of_queries(demo, django_assert_num_queries, year):
    # Eight, and two reading the updates and deliverables as they stood at the year end.
    with django_assert_num_queries(10):
        report.report_sections(FinancialYear(year))
