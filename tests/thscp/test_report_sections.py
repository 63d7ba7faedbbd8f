"""The yearly report is assembled from the sections each app contributes, in the order of
the THSCP 2023-24 report; narrative is the only typed content, and case detail never
appears."""

import sys
import types
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.safestring import mark_safe

from governance import roles
from governance.models import Agency, BudgetContribution, BudgetSpend
from governance.periods import FinancialYear
from governance.reporting import Section
from reviews import selectors
from reviews.models import SeriousIncident
from reviews.report import year_timeliness
from tests.governance.factories import AgencyFactory, UserFactory
from tests.reviews.factories import RapidReviewFactory, SeriousIncidentFactory
from thscp.reports import sections as report_sections
from thscp.reports.demo import NARRATIVE, load_report_demo
from thscp.reports.models import NarrativeSection, YearlyReport
from thscp.reports.sections import assemble, narrative_html
from thscp.reports.services import report_sections as sections_for

pytestmark = pytest.mark.django_db

PERIOD = FinancialYear(2025)
# Every section of the report, assembled: a fixed number of queries, never one per record.
# 22, one for the priorities (issue 13), nine for training (issue 15; webinars after reviews are
# its own sessions, so none is read from reviews), two for the dataset's headline indicators
# and the year's returns (issue 14).
QUERIES_TO_ASSEMBLE = 34

THSCP_ORDER = [
    "introduction",
    "partners",
    "working_together",
    "structure",
    "membership",
    "scrutineer_statement",
    "scrutiny_activity",
    "young_scrutineers",
    "achievements",
    "challenges",
    "priorities",
    "statutory_reviews",
    "learning",
    "training",
    "dataset",
    "risks",
    "budget",
    "plan_ahead",
]


def incidents_for_2025_26():
    """Three incidents in April 2025 to March 2026: two notified in time, one late; two rapid
    reviews sent, one in time. So 67% and 50%. The cases without a rapid review were
    decided against one (closed): a case still deciding after its clock ran out would
    count as a late rapid review."""
    no_review = SeriousIncident.Stage.CLOSED
    on_time = SeriousIncidentFactory(aware_on=date(2025, 6, 2), notified_on=date(2025, 6, 5))
    SeriousIncidentFactory(
        aware_on=date(2025, 9, 1),
        notified_on=date(2025, 9, 15),
        late_notification_reason="Holiday cover.",
        stage=no_review,
    )
    late_review = SeriousIncidentFactory(aware_on=date(2025, 11, 3), notified_on=date(2025, 11, 5))
    RapidReviewFactory(
        incident=on_time,
        opened_on=date(2025, 6, 5),
        sent_to_panel_on=date(2025, 6, 20),
        outcome="local_review",
    )
    RapidReviewFactory(
        incident=late_review,
        opened_on=date(2025, 11, 5),
        sent_to_panel_on=date(2025, 12, 10),
        outcome="no_local_review",
    )
    # Outside the year: its notification fell due on 17 March 2025, in 2024-25 (the cohort
    # rule counts a clock in the year it fell due), so it is not counted.
    SeriousIncidentFactory(aware_on=date(2025, 3, 10), notified_on=date(2025, 4, 20), stage=no_review)


def test_sections_follow_the_thscp_2023_24_report_order():
    keys = [section.key for section in sections_for(PERIOD)]
    assert keys == THSCP_ORDER


def test_sections_are_numbered_in_order_so_later_apps_can_slot_in():
    orders = [section.order for section in sections_for(PERIOD)]
    assert orders == sorted(orders)
    assert len(set(orders)) == len(orders)


def test_apps_not_built_yet_say_plainly_that_nothing_is_recorded():
    found = {section.key: section for section in sections_for(PERIOD)}
    for key, title in (
        ("priorities", "Priorities and their progress"),
        ("training", "Training"),
        ("dataset", "Multi-agency dataset highlights"),
    ):
        assert found[key].title == title
        assert found[key].is_empty
        assert "Nothing is recorded yet" in found[key].html


def test_a_later_app_replaces_its_placeholder_without_the_report_changing(monkeypatch):
    # Every area now has its own section (priorities, training, dataset): the dataset's
    # is taken out, so its placeholder stands, and a stand-in module replaces it.
    module = types.ModuleType("dataset_report_for_test")
    module.report_sections = lambda period: [
        Section(
            key="dataset",
            order=130,
            title="Multi-agency dataset highlights",
            html=mark_safe("<p>Ten agencies sent their figures.</p>"),
        )
    ]
    monkeypatch.setitem(sys.modules, "dataset_report_for_test", module)
    monkeypatch.setattr(
        report_sections,
        "REPORT_SECTION_SOURCES",
        [
            *(name for name in report_sections.REPORT_SECTION_SOURCES if not name.startswith("dataset")),
            "dataset_report_for_test",
        ],
    )
    found = [section for section in sections_for(PERIOD) if section.key == "dataset"]
    assert len(found) == 1
    assert "Ten agencies sent their figures." in found[0].html
    assert [section.key for section in sections_for(PERIOD)] == THSCP_ORDER


def test_two_sections_with_one_key_are_refused(monkeypatch):
    module = types.ModuleType("clashing_report_for_test")
    module.report_sections = lambda period: [Section(key="budget", order=151, title="Budget", html="")]
    monkeypatch.setitem(sys.modules, "clashing_report_for_test", module)
    monkeypatch.setattr(
        report_sections,
        "REPORT_SECTION_SOURCES",
        [*report_sections.REPORT_SECTION_SOURCES, "clashing_report_for_test"],
    )
    with pytest.raises(ValueError, match="share a key"):
        sections_for(PERIOD)


def test_a_period_with_no_data_says_so_in_every_section():
    for section in sections_for(PERIOD):
        if section.key == "working_together":
            continue  # the statutory guidance, the same every year
        assert section.is_empty, section.key
        assert section.html.strip(), section.key


def test_narrative_is_shown_as_paragraphs_and_lists_and_cannot_carry_markup():
    html = narrative_html("First <b>para</b>.\n\n- one\n- two\n\nLast line\nwith a break")
    assert '<p class="govuk-body">First &lt;b&gt;para&lt;/b&gt;.</p>' in html
    assert "<li>one</li><li>two</li>" in html
    assert "Last line<br>with a break" in html


def test_written_narrative_appears_in_its_section():
    report = YearlyReport.objects.create(period=2025)
    NarrativeSection.objects.create(report=report, key="challenges", text="Workforce in the business unit.")
    found = {section.key: section for section in sections_for(PERIOD)}
    assert "Workforce in the business unit." in found["challenges"].html
    assert not found["challenges"].is_empty
    assert found["introduction"].is_empty
    assert "Nothing has been written for this section yet." in found["introduction"].html


def test_only_narrative_sections_are_editable():
    editable = {section.key for section in sections_for(PERIOD) if section.editable}
    assert editable == {
        "introduction",
        "scrutineer_statement",
        "young_scrutineers",
        "achievements",
        "challenges",
        "plan_ahead",
    }


def test_timeliness_in_the_report_is_what_the_reviews_page_shows():
    incidents_for_2025_26()
    business_unit = UserFactory(roles=[roles.BUSINESS_UNIT])
    shown = selectors.timeliness(user=business_unit, start_year=2025)
    reported = year_timeliness(2025)
    assert reported == shown
    assert (reported.notifications.within, reported.notifications.total) == (2, 3)
    assert (reported.rapid_reviews.within, reported.rapid_reviews.total) == (1, 2)


def test_timeliness_is_the_partnership_s_whatever_the_reader_may_see():
    incidents_for_2025_26()
    statutory = next(section for section in sections_for(PERIOD) if section.key == "statutory_reviews")
    assert "67%" in statutory.html
    assert "50%" in statutory.html


def test_the_report_names_cases_by_reference_at_most():
    incidents_for_2025_26()
    summary = SeriousIncidentFactory._meta.model.objects.first().summary
    html = "".join(section.html for section in sections_for(PERIOD))
    assert summary not in html
    assert "Under 1" not in html  # no age bands or types of harm in a public report


def test_budget_shows_each_partner_and_each_category_as_table_and_chart():
    council = AgencyFactory(name="Council", statutory_partner=Agency.StatutoryPartner.LOCAL_AUTHORITY)
    BudgetContribution.objects.create(financial_year=2025, agency=council, amount=Decimal("250000"))
    BudgetSpend.objects.create(financial_year=2025, category="staffing", amount=Decimal("205000"))
    BudgetSpend.objects.create(financial_year=2024, category="training", amount=Decimal("1"))
    budget = next(section for section in sections_for(PERIOD) if section.key == "budget")
    assert "£250,000" in budget.html
    assert "Staffing (business unit)" in budget.html
    assert "Training" not in budget.html  # another year's spending
    assert budget.html.count("<svg") == 2
    assert "<title" in budget.html and "<desc" in budget.html
    assert "balance of £45,000" in budget.html


def test_assemble_takes_narrative_as_given():
    found = {section.key: section for section in assemble(PERIOD, {"plan_ahead": "- Deliver the priorities"})}
    assert "<li>Deliver the priorities</li>" in found["plan_ahead"].html


@pytest.mark.parametrize(
    ("text", "start_year"), [("2025-26", 2025), ("2025/26", 2025), ("2025", 2025), ("2025-2026", 2025)]
)
def test_a_period_is_a_financial_year(text, start_year):
    period = FinancialYear.parse(text)
    assert period.start_year == start_year
    assert (period.start, period.end) == (date(2025, 4, 1), date(2026, 3, 31))
    assert period.label == "2025-26"


@pytest.mark.parametrize("text", ["2025-27", "25-26", "next year", ""])
def test_a_period_that_is_not_a_financial_year_is_refused(text):
    with pytest.raises(ValueError):
        FinancialYear.parse(text)


def test_demo_narrative_loads_once_and_keeps_later_edits():
    UserFactory(email="business.unit@example.org")
    load_report_demo()
    edited = NarrativeSection.objects.get(key="challenges")
    edited.text = "Edited by the business unit."
    edited.save()
    load_report_demo()
    assert NarrativeSection.objects.count() == len(NARRATIVE)
    assert NarrativeSection.objects.get(key="challenges").text == "Edited by the business unit."


def _records(size: int):
    from tests.governance.factories import (
        MeetingFactory,
        PartnershipGroupFactory,
        RiskFactory,
        ScrutinyActivityFactory,
        executive_group,
    )
    from tests.reviews.factories import LocalReviewFactory, RecommendationFactory
    from tests.training.factories import WebinarFactory, at_ten

    executive = executive_group()
    for index in range(size):
        group = PartnershipGroupFactory()
        MeetingFactory(group=group, starts_at=timezone.make_aware(datetime(2025, 5, 1 + index, 10)))
        MeetingFactory(group=executive, starts_at=timezone.make_aware(datetime(2025, 6, 1 + index, 10)))
        AgencyFactory()
        RiskFactory()
        ScrutinyActivityFactory(carried_out_on=date(2025, 7, 1 + index))
        review = RapidReviewFactory(
            incident=SeriousIncidentFactory(
                aware_on=date(2025, 9, 1 + index), notified_on=date(2025, 9, 2 + index)
            ),
            sent_to_panel_on=date(2025, 9, 20 + index),
            outcome="local_review",
        )
        LocalReviewFactory(rapid_review=review, decided_on=date(2025, 10, 1 + index))
        WebinarFactory(starts_at=at_ten(date(2025, 8, 1 + index)), learned_from=review)
        RecommendationFactory(rapid_review=review)


@pytest.mark.parametrize("size", [1, 6])
def test_assembling_the_report_takes_the_same_queries_whatever_the_size(size, django_assert_num_queries):
    _records(size)
    YearlyReport.objects.create(period=2025)
    with django_assert_num_queries(QUERIES_TO_ASSEMBLE):
        sections_for(PERIOD)
