"""The dataset's section of the yearly report gives each figure as accepted by the end of
the year, or, accepted afterwards (the last quarter's returns fall due in late April), as
first accepted; a correction made after that does not change the year (issue 16)."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from dataset.models import QuarterlyReturn, ReturnValue
from dataset.report import report_sections
from governance.periods import FinancialYear
from governance.reporting import date_history
from tests.dataset.factories import IndicatorFactory, ReturnValueFactory

pytestmark = pytest.mark.django_db

PERIOD = FinancialYear(2025)
IN_FEBRUARY = timezone.make_aware(datetime(2026, 2, 10, 10))
IN_MAY = timezone.make_aware(datetime(2026, 5, 5, 10))


@pytest.fixture
def indicator():
    indicator = IndicatorFactory(code="HV-NBV-14", title="New birth visits within 14 days", is_headline=True)
    date_history(type(indicator), timezone.make_aware(datetime(2024, 4, 1, 9)), ids=[indicator.pk])
    return indicator


def figure(indicator, quarter, value, status=ReturnValue.Status.ACCEPTED):
    return ReturnValueFactory(
        indicator=indicator,
        value=Decimal(value),
        status=status,
        quarterly_return__agency=indicator.agency,
        quarterly_return__year=2025,
        quarterly_return__quarter=quarter,
        quarterly_return__status=QuarterlyReturn.Status.ACCEPTED,
    )


def entered(value, moment):
    date_history(ReturnValue, moment, ids=[value.pk])


def html():
    (section,) = report_sections(PERIOD)
    return section.html


def test_a_figure_accepted_by_the_year_end_and_corrected_after_it_is_reported_as_accepted(indicator):
    q3 = figure(indicator, 3, "88.0")
    entered(q3, IN_FEBRUARY)
    q3.value = Decimal("70.0")
    q3._change_reason = "Counted twice."
    q3.save()
    shown = html()
    assert "88.0%" in shown and "70.0%" not in shown


def test_a_last_quarter_figure_accepted_after_the_year_end_belongs_to_the_year(indicator):
    q4 = figure(indicator, 4, "91.0")
    entered(q4, IN_MAY)
    assert "91.0%" in html()


def test_a_figure_first_accepted_after_the_year_end_is_reported_as_first_accepted(indicator):
    q4 = figure(indicator, 4, "91.0", status=ReturnValue.Status.PENDING)
    entered(q4, IN_FEBRUARY)  # submitted early, still to be checked at the year end
    q4.status = ReturnValue.Status.ACCEPTED
    q4.save()
    q4.value = Decimal("60.0")
    q4._change_reason = "Corrected in the autumn."
    q4.save()
    shown = html()
    assert "91.0%" in shown and "60.0%" not in shown


def test_a_figure_never_accepted_is_not_reported(indicator):
    figure(indicator, 4, "77.7", status=ReturnValue.Status.PENDING)
    assert "77.7" not in html()


def test_no_returns_in_the_year_says_the_partnership_collected_none():
    (section,) = report_sections(PERIOD)
    assert section.is_empty
    assert "The partnership collected no multi-agency dataset returns for 2025-26." in section.html
