"""What is due (reminders and My work), the yearly report's dataset section, the demo
and the series other areas read by code."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from dataset import deadlines as dataset_deadlines
from dataset import my_work as dataset_my_work
from dataset.demo import load_dataset_demo
from dataset.models import Indicator, QuarterlyReturn, ReturnValue
from dataset.report import report_sections
from dataset.series import indicator_series
from governance import roles
from governance.demo import load_governance_demo
from governance.periods import FinancialYear
from tests.dataset.factories import IndicatorFactory, QuarterlyReturnFactory, ReturnValueFactory
from tests.governance.factories import PersonFactory

pytestmark = pytest.mark.django_db

# Q2 2025-26 ended on 30 September 2025; its returns are due on 28 October 2025.
BEFORE_DUE = date(2025, 10, 20)
AFTER_DUE = date(2025, 11, 3)


@pytest.fixture
def lead(make_user):
    user = make_user(roles.AGENCY_DATA_LEAD)
    person = PersonFactory(user=user, full_name=user.full_name)
    IndicatorFactory(agency=person.agency)
    return user


def test_an_agency_that_has_not_submitted_has_a_return_due(lead):
    found = dataset_deadlines.deadlines(BEFORE_DUE)
    assert [(d.due_on, d.responsible) for d in found] == [(date(2025, 10, 28), (lead.email,))]
    assert found[0].title == f"{lead.person.agency.name}: the Q2 2025-26 dataset return"


def test_a_submitted_return_is_no_longer_due(lead):
    QuarterlyReturnFactory(agency=lead.person.agency, status=QuarterlyReturn.Status.SUBMITTED)
    assert dataset_deadlines.deadlines(BEFORE_DUE) == []


def test_an_overdue_return_reaches_the_business_unit(lead, make_user):
    business_unit = make_user(roles.BUSINESS_UNIT)
    (deadline,) = dataset_deadlines.deadlines(AFTER_DUE)
    assert deadline.escalate_to == (business_unit.email,)


def test_an_earlier_return_still_open_stays_due(lead):
    QuarterlyReturnFactory(
        agency=lead.person.agency, year=2025, quarter=1, status=QuarterlyReturn.Status.RETURNED
    )
    titles = [d.title for d in dataset_deadlines.deadlines(AFTER_DUE)]
    assert any("Q1 2025-26" in title and "returned for correction" in title for title in titles)


def test_my_work_shows_a_data_lead_their_agencys_return_overdue(lead):
    (due, to_review) = dataset_my_work.my_work(user=lead, today=AFTER_DUE)
    assert [item.tag for item in due.items] == ["Return overdue"]
    assert to_review.items == []


def test_my_work_shows_another_agencys_return_to_no_data_lead(lead, make_user):
    other = make_user(roles.AGENCY_DATA_LEAD)
    PersonFactory(user=other)
    (due, _) = dataset_my_work.my_work(user=other, today=BEFORE_DUE)
    assert due.items == []


def test_my_work_shows_the_business_unit_every_return_due_and_those_to_check(lead, make_user):
    QuarterlyReturnFactory(status=QuarterlyReturn.Status.SUBMITTED, submitted_at=timezone.now())
    (due, to_review) = dataset_my_work.my_work(user=make_user(roles.BUSINESS_UNIT), today=BEFORE_DUE)
    # The lead's agency has not started; the submitted return's agency supplies nothing now.
    assert len(due.items) == 1
    assert len(to_review.items) == 1 and to_review.items[0].tag == "Submitted"


def test_roles_outside_the_area_have_no_dataset_work(make_user):
    (due, to_review) = dataset_my_work.my_work(user=make_user(roles.YOUNG_SCRUTINEER), today=AFTER_DUE)
    assert due.items == [] and to_review.items == []


def _accepted(indicator, year, quarter, value, **fields):
    return ReturnValueFactory(
        indicator=indicator,
        value=Decimal(value),
        status=ReturnValue.Status.ACCEPTED,
        quarterly_return__agency=indicator.agency,
        quarterly_return__year=year,
        quarterly_return__quarter=quarter,
        quarterly_return__status=QuarterlyReturn.Status.ACCEPTED,
        **fields,
    )


def test_the_report_section_is_empty_without_figures():
    (section,) = report_sections(FinancialYear(2025))
    assert section.key == "dataset" and section.is_empty
    assert "The partnership collected no multi-agency dataset returns for 2025-26." in section.html


def test_the_report_section_gives_the_year_end_figure_rag_and_trend():
    indicator = IndicatorFactory(
        code="HV-NBV-14", is_headline=True, target=Decimal(95), amber_tolerance=Decimal(5)
    )
    for quarter, value in ((1, 84), (2, 86), (3, 89), (4, 91)):
        _accepted(indicator, 2025, quarter, value, comment="Better staffing." if quarter == 4 else "")
    _accepted(indicator, 2024, 4, 82)
    (section,) = report_sections(FinancialYear(2025))
    assert not section.is_empty
    html = section.html
    assert "91.0%" in html and "Amber" in html and "Up, improving" in html
    assert "<svg" in html and "Q4 2024-25" in html  # the previous year's quarters are charted
    assert "Q4 2025-26: Better staffing." in html
    assert "Completeness of returns in 2025-26" in html and "4 of 4" in html


def test_a_figure_not_accepted_is_not_in_the_report():
    indicator = IndicatorFactory(is_headline=True)
    ReturnValueFactory(indicator=indicator, quarterly_return__agency=indicator.agency, value=Decimal("77.7"))
    (section,) = report_sections(FinancialYear(2025))
    assert "77.7" not in section.html


def test_the_series_by_code_gives_accepted_figures_oldest_first():
    indicator = IndicatorFactory(code="CSC-REREF-12")
    _accepted(indicator, 2025, 2, "22")
    _accepted(indicator, 2025, 1, "23")
    assert indicator_series("CSC-REREF-12") == [("Q1 2025-26", "23.0%"), ("Q2 2025-26", "22.0%")]
    assert indicator_series("CSC-REREF-12")[0].label == "Q1 2025-26"
    assert indicator_series("NO-SUCH-CODE") == []


def test_the_demo_fills_2025_26_and_leaves_the_current_quarter_part_done():
    load_governance_demo()
    today = date(2026, 11, 28)
    load_dataset_demo(today)
    assert Indicator.objects.count() >= 40
    assert Indicator.objects.values("agency").distinct().count() == 10
    accepted_2025 = QuarterlyReturn.objects.filter(year=2025, status=QuarterlyReturn.Status.ACCEPTED).count()
    assert accepted_2025 == 40  # 10 agencies x 4 quarters
    current = QuarterlyReturn.objects.filter(year=2026, quarter=2)
    statuses = sorted(current.values_list("status", flat=True))
    assert statuses.count(QuarterlyReturn.Status.RETURNED) == 1
    assert QuarterlyReturn.Status.SUBMITTED in statuses and QuarterlyReturn.Status.DRAFT in statuses
    assert current.count() == 9  # the ICB's is not started, and late
    late = [d for d in dataset_deadlines.deadlines(today) if d.due_on < today]
    assert len(late) >= 1
    (section,) = report_sections(FinancialYear(2025))
    assert not section.is_empty and "Nothing is recorded" not in section.html
    load_dataset_demo(today)  # idempotent
    assert QuarterlyReturn.objects.filter(year=2026, quarter=2).count() == 9


def test_accepted_at_is_a_datetime_in_the_demo():
    load_governance_demo()
    load_dataset_demo(date(2026, 11, 28))
    found = QuarterlyReturn.objects.filter(status=QuarterlyReturn.Status.ACCEPTED).first()
    assert isinstance(found.accepted_at, datetime)


def test_an_agency_that_supplies_no_indicator_has_no_return_due(lead):
    PersonFactory()  # another agency, supplying nothing
    retired = IndicatorFactory(retired_on=date(2025, 1, 1))
    agencies = {d.title.split(":")[0] for d in dataset_deadlines.deadlines(BEFORE_DUE)}
    assert agencies == {lead.person.agency.name}
    assert retired.agency.name not in agencies
