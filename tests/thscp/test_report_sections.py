"""The yearly report is assembled from the sections each app contributes, in the order of
the THSCP 2023-24 report; narrative is the only typed content, and case detail never
appears."""

import sys
import types
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.safestring import mark_safe

from governance import roles
from governance.models import Agency, BudgetContribution, BudgetSpend
from governance.periods import FinancialYear
from governance.reporting import Section, date_history
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
# and the year's returns (issue 14); issue 16 reads the year as it stood at its end, from
# History in bulk: governance four (agencies, people, their groups, the groups) and the risks'
# History instead of the risks, and one for who may sign for a partner; reviews two (the
# recommendations' History, their themes' names); priorities two (the updates' and the
# deliverables' History); the dataset three (the indicators' History replacing the
# indicators, and the figures and their History); and eight for the report as a document
# (issue 16: the foreword and profiles from the directory, the achievements, and what the
# business unit recorded against the year).
QUERIES_TO_ASSEMBLE = 53

# The THSCP 2023-24 report's order, with what issue 16 adds to the seed's structure: a
# foreword signed by the three lead partners, the year's key changes, partner profiles and
# a glossary.
THSCP_ORDER = [
    "foreword",
    "introduction",
    "key_changes",
    "partners",
    "partner_profiles",
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
    "glossary",
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


# The sections the areas contribute (issue 16): an empty one says in the partnership's
# voice what was not done in the year, never what the product does not hold.
AREA_SECTIONS = [
    "partners",
    "structure",
    "membership",
    "scrutiny_activity",
    "priorities",
    "statutory_reviews",
    "learning",
    "dataset",
    "risks",
    "budget",
]


def test_an_empty_area_section_says_what_the_partnership_did_not_do_in_the_year():
    found = {section.key: section for section in sections_for(PERIOD)}
    for key in AREA_SECTIONS:
        html = found[key].html
        assert found[key].is_empty, key
        assert "Nothing is recorded" not in html, key
        assert "does not yet hold" not in html and "Partnership Hub" not in html, key
    assert "The partnership ran no priority projects in 2025-26." in found["priorities"].html
    assert "The partnership collected no multi-agency dataset returns for 2025-26." in found["dataset"].html


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
        if section.key in ("working_together", "glossary"):
            continue  # the statutory guidance and the glossary, the same every year
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
        "foreword",
        "introduction",
        "key_changes",
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
    from dataset.models import QuarterlyReturn, ReturnValue
    from governance.models import PartnershipGroup, Person, Risk
    from reviews.models import Recommendation
    from tests.dataset.factories import IndicatorFactory, ReturnValueFactory
    from tests.governance.factories import (
        MeetingFactory,
        PartnershipGroupFactory,
        RiskFactory,
        ScrutinyActivityFactory,
        executive_group,
    )
    from tests.priorities.factories import DeliverableFactory, PriorityAreaFactory, ProgressUpdateFactory
    from tests.reviews.factories import LocalReviewFactory, RecommendationFactory
    from tests.training.factories import WebinarFactory, at_ten

    executive = executive_group()
    for index in range(size):
        area = PriorityAreaFactory(cycle__starts_on=date(2024, 4, 1), cycle__ends_on=date(2026, 3, 31))
        ProgressUpdateFactory(area=area, period=date(2026, 3, 1), rag="amber", rag_reason="Late.")
        DeliverableFactory(objective__area=area, due_on=date(2026, 1, 1 + index))
        ReturnValueFactory(
            indicator=IndicatorFactory(is_headline=True),
            status=ReturnValue.Status.ACCEPTED,
            quarterly_return__year=2025,
            quarterly_return__quarter=index % 4 + 1,
            quarterly_return__status=QuarterlyReturn.Status.ACCEPTED,
        )
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
    # Entered through the year, so the year's end finds them (governance.reporting.as_at).
    for model in (Agency, PartnershipGroup, Person, Risk):
        date_history(model, timezone.make_aware(datetime(2025, 4, 2, 9)))
    Recommendation.objects.update(created_at=timezone.make_aware(datetime(2025, 11, 3, 9)))


@pytest.mark.parametrize("size", [1, 6])
def test_assembling_the_report_takes_the_same_queries_whatever_the_size(size, django_assert_num_queries):
    _records(size)
    YearlyReport.objects.create(period=2025)
    with django_assert_num_queries(QUERIES_TO_ASSEMBLE):
        sections_for(PERIOD)


# Fixed at the year's end (issue 16): a closed year rendered again, after today's records
# have changed, gives the same sections.

DURING_THE_YEAR = timezone.make_aware(datetime(2025, 6, 2, 9))


def _entered(record, moment=DURING_THE_YEAR):
    """As if the product was in use then: the record's History starts at `moment`."""
    date_history(type(record), moment, ids=[record.pk])


def a_year_recorded_as_it_happened():
    """2025-26 as the partnership recorded it through the year: returns what changes today."""
    from dataset.models import QuarterlyReturn, ReturnValue
    from governance.models import ExecutiveChairTerm, Person
    from priorities.models import Deliverable
    from tests.dataset.factories import IndicatorFactory, ReturnValueFactory
    from tests.governance.factories import (
        MeetingFactory,
        PartnershipGroupFactory,
        PersonFactory,
        RiskFactory,
        executive_group,
    )
    from tests.priorities.factories import DeliverableFactory, PriorityCycleFactory, ProgressUpdateFactory
    from tests.reviews.factories import LocalReviewFactory, RecommendationFactory

    executive = executive_group()
    delegates = []
    for partner, label in Agency.StatutoryPartner.choices:
        agency = AgencyFactory(name=f"The {label.lower()}", statutory_partner=partner)
        delegate = PersonFactory(
            full_name=f"Delegate for the {label.lower()}",
            agency=agency,
            user=UserFactory(roles=[roles.EXECUTIVE_MEMBER]),
        )
        delegate.groups.add(executive)
        delegates.append(delegate)
    sub_group = PartnershipGroupFactory(
        name="Quality Assurance", chair=delegates[0], chair_role_title="Director"
    )
    open_risk = RiskFactory(title="Rapid reviews miss the deadline", current_likelihood=4, current_impact=3)
    closing_risk = RiskFactory(title="Schools are unclear on escalation")
    for record in [
        executive,
        sub_group,
        open_risk,
        closing_risk,
        *Agency.objects.all(),
        *Person.objects.all(),
    ]:
        _entered(record)
    ExecutiveChairTerm.objects.create(
        partner=delegates[0].agency.statutory_partner,
        chair=delegates[0],
        starts_on=date(2025, 4, 1),
        ends_on=date(2026, 4, 1),
    )
    MeetingFactory(group=executive, starts_at=timezone.make_aware(datetime(2025, 9, 10, 10)))
    BudgetContribution.objects.create(
        financial_year=2025, agency=delegates[0].agency, amount=Decimal("250000")
    )

    overdue = RapidReviewFactory(
        incident=SeriousIncidentFactory(
            aware_on=date(2026, 2, 2), notified_on=date(2026, 2, 4), stage=SeriousIncident.Stage.RAPID_REVIEW
        ),
        opened_on=date(2026, 2, 4),
    )
    local_review = LocalReviewFactory(decided_on=date(2026, 1, 20))
    recommendation = RecommendationFactory(rapid_review=local_review.rapid_review)
    recorded = timezone.make_aware(datetime(2026, 1, 25, 10))
    type(recommendation).objects.filter(pk=recommendation.pk).update(created_at=recorded)
    recommendation.refresh_from_db()
    _entered(recommendation, recorded)

    cycle = PriorityCycleFactory(starts_on=date(2024, 4, 1), ends_on=date(2026, 3, 31))
    march = ProgressUpdateFactory(
        area__cycle=cycle, area__title="Neglect", period=date(2026, 3, 1), rag="amber", rag_reason="Late."
    )
    _entered(march, timezone.make_aware(datetime(2026, 3, 25, 10)))
    deliverable = DeliverableFactory(
        objective__area=march.area, title="Launch the neglect toolkit", due_on=date(2026, 1, 31)
    )
    _entered(deliverable, timezone.make_aware(datetime(2025, 9, 1, 10)))

    indicator = IndicatorFactory(
        code="MASH-1WD", title="MASH decisions within 1 working day", is_headline=True
    )
    _entered(indicator)
    figure = ReturnValueFactory(
        indicator=indicator,
        value=Decimal("92.5"),
        status=ReturnValue.Status.ACCEPTED,
        quarterly_return__agency=indicator.agency,
        quarterly_return__year=2025,
        quarterly_return__quarter=3,
        quarterly_return__status=QuarterlyReturn.Status.ACCEPTED,
    )
    _entered(figure, timezone.make_aware(datetime(2026, 2, 10, 10)))
    return locals() | {"Deliverable": Deliverable, "ExecutiveChairTerm": ExecutiveChairTerm}


def _area_sections():
    return {
        section.key: str(section.html) for section in sections_for(PERIOD) if section.key in AREA_SECTIONS
    }


def _todays_changes(year):
    from tests.governance.factories import MeetingFactory, PersonFactory, RiskFactory, executive_group
    from tests.priorities.factories import ProgressUpdateFactory
    from tests.reviews.factories import RecommendationFactory

    today = timezone.localdate()
    RiskFactory(title="Added in November 2026")
    year["closing_risk"].status = "closed"
    year["closing_risk"].save()
    year["open_risk"].current_likelihood = 5
    year["open_risk"].save()
    year["sub_group"].chair = PersonFactory(full_name="A newer chair")
    year["sub_group"].save()
    joiner = PersonFactory(
        full_name="Joined the Executive later",
        agency=year["delegates"][2].agency,
        user=UserFactory(roles=[roles.EXECUTIVE_MEMBER]),
    )
    joiner.groups.add(executive_group())
    year["ExecutiveChairTerm"].objects.create(
        partner=year["delegates"][1].agency.statutory_partner,
        chair=year["delegates"][1],
        starts_on=date(2026, 4, 1),
        ends_on=date(2027, 4, 1),
    )
    MeetingFactory(group=executive_group(), starts_at=timezone.now() - timedelta(days=1))
    local_review = year["local_review"]
    local_review.completed_on = today
    local_review.sent_to_panel_on = today
    local_review.published_on = today
    local_review.save()
    overdue = year["overdue"]
    overdue.partners_approved_on = overdue.sent_to_panel_on = today
    overdue.outcome = "no_local_review"
    overdue.save()
    RecommendationFactory(rapid_review=overdue, theme__name="Added in November")
    year["recommendation"].spotlight = True
    year["recommendation"].spotlight_evidence = "A dip sample."
    year["recommendation"].spotlight_presented_on = today
    year["recommendation"].save()
    march = year["march"]
    march.rag, march.rag_reason = "green", ""
    march.save()
    ProgressUpdateFactory(area=march.area, period=today.replace(day=1), rag="red", rag_reason="Off track.")
    deliverable = year["deliverable"]
    deliverable.status = year["Deliverable"].Status.DONE
    deliverable.completed_on = today
    deliverable.save()
    figure = year["figure"]
    figure.value = Decimal("40.0")
    figure.save()


def test_a_closed_year_reads_the_same_after_today_s_records_change():
    year = a_year_recorded_as_it_happened()
    before = _area_sections()
    _todays_changes(year)
    after = _area_sections()
    for key in AREA_SECTIONS:
        assert after[key] == before[key], key
    # What the year held, as it stood at 31 March 2026:
    assert "Rapid reviews miss the deadline" in after["risks"] and "12 (High)" in after["risks"]
    assert "Schools are unclear on escalation" in after["risks"]
    assert "Added in November 2026" not in after["risks"]
    assert "Director (Delegate for the local authority)" in after["structure"]
    assert "Joined the Executive later" not in after["partners"]
    assert "1 April 2025 to 31 March 2026" in after["partners"]
    assert (
        "Rapid reviews due in the year: 2; sent to the Panel within 15 working days of the notification: 1."
        in (after["statutory_reviews"])
    )
    assert "Amber – at risk" in after["priorities"] and "Launch the neglect toolkit" in after["priorities"]
    assert "92.5%" in after["dataset"]


def test_no_section_of_the_report_prints_a_case_reference_or_a_case_date():
    a_year_recorded_as_it_happened()
    html = "".join(str(section.html) for section in sections_for(PERIOD))
    assert "Rapid reviews due in the year: 2" in html  # the cases are counted
    for incident in SeriousIncident.objects.select_related("rapid_review__local_review"):
        assert incident.reference not in html
        review = incident.rapid_review
        local_review = getattr(review, "local_review", None)
        days = [incident.aware_on, incident.notified_on, review.opened_on, review.sent_to_panel_on]
        days += [local_review.decided_on] if local_review else []
        for day in filter(None, days):
            for shown in (f"{day:%-d %B %Y}", f"{day:%d/%m/%Y}", day.isoformat()):
                assert shown not in html, shown
