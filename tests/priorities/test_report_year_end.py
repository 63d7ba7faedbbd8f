"""The priorities section of the yearly report reads each priority's RAG and each
deliverable's status as they stood at the end of the year (issue 16)."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from governance.periods import FinancialYear
from governance.rag import Rag
from governance.reporting import date_history
from priorities import report
from priorities.models import Deliverable
from tests.priorities.factories import (
    DeliverableFactory,
    ObjectiveFactory,
    PriorityAreaFactory,
    PriorityCycleFactory,
    ProgressUpdateFactory,
)

pytestmark = pytest.mark.django_db

PERIOD = FinancialYear(2025)
IN_APRIL = timezone.make_aware(datetime(2026, 4, 8, 10))


def entered(record, moment):
    date_history(type(record), moment, ids=[record.pk])


@pytest.fixture
def area():
    cycle = PriorityCycleFactory(starts_on=date(2024, 4, 1), ends_on=date(2026, 3, 31))
    return PriorityAreaFactory(cycle=cycle, title="Neglect")


def only_report(period=PERIOD):
    (found,) = report.area_reports(period)
    return found


def test_a_rag_changed_after_the_year_end_leaves_the_year_end_status_as_it_was(area):
    march = ProgressUpdateFactory(
        area=area, period=date(2026, 3, 1), rag=Rag.AMBER, rag_reason="Training postponed twice."
    )
    entered(march, timezone.make_aware(datetime(2026, 3, 20, 10)))
    march.rag = Rag.GREEN
    march.rag_reason = ""
    march.save()
    ProgressUpdateFactory(area=area, period=date(2026, 11, 1), rag=Rag.RED, rag_reason="Off track.")
    year_end = only_report().year_end
    assert (year_end.period, year_end.rag, year_end.rag_reason) == (
        date(2026, 3, 1),
        Rag.AMBER,
        "Training postponed twice.",
    )
    (section,) = report.report_sections(PERIOD)
    assert "Amber – at risk" in section.html and "Training postponed twice." in section.html


def test_the_update_for_march_written_in_april_gives_the_year_end_status(area):
    ProgressUpdateFactory(area=area, period=date(2026, 2, 1), rag=Rag.GREEN)
    march = ProgressUpdateFactory(area=area, period=date(2026, 3, 1), rag=Rag.RED, rag_reason="Off track.")
    entered(march, IN_APRIL)
    assert only_report().year_end.rag == Rag.RED


def test_a_deliverable_s_status_is_as_it_stood_at_the_year_end(area):
    objective = ObjectiveFactory(area=area)
    deliverable = DeliverableFactory(
        objective=objective, title="Audit 40 early help cases", due_on=date(2026, 1, 31), status="to_do"
    )
    entered(deliverable, timezone.make_aware(datetime(2025, 9, 1, 10)))
    deliverable.status = Deliverable.Status.DONE
    deliverable.completed_on = date(2026, 6, 1)
    deliverable.save()
    (item,) = only_report().little_progress
    assert item.deliverable.title == "Audit 40 early help cases"
    assert item.state == "Not started"


def test_a_priority_ends_as_not_rated_when_its_first_update_was_for_a_later_month(area):
    ProgressUpdateFactory(area=area, period=date(2026, 4, 1), rag=Rag.GREEN)
    found = only_report()
    assert found.year_end is None and found.year_end_label == "Not rated"


def test_no_priority_in_the_year_says_the_partnership_ran_none():
    (section,) = report.report_sections(FinancialYear(2020))
    assert section.is_empty
    assert "The partnership ran no priority projects in 2020-21." in section.html
