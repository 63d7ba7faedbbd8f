"""The demo training offer and the yearly report's training section built from it: the
2025-26 section is full (no placeholder), with sessions, places, attendance by agency,
evaluation across the three stages, Safeguarding Month and bulletins."""

import re

import pytest

from governance.demo import load_governance_demo
from governance.periods import FinancialYear
from thscp.reports.services import report_sections as sections_for
from training import report
from training.demo import load_training_demo
from training.models import Booking, Bulletin, Course, Evaluation, NeedsResponse, Session

pytestmark = pytest.mark.django_db

PERIOD = FinancialYear(2025)


def load_demo():
    load_governance_demo()
    load_training_demo()


@pytest.fixture(scope="module")
def demo(shared_test_data):
    yield from shared_test_data(load_demo)


def test_the_demo_holds_a_years_offer_across_two_years(demo):
    assert Course.objects.count() == 15
    assert Session.objects.count() == 40
    years = {FinancialYear.containing(s.day) for s in Session.objects.all()}
    assert {FinancialYear(2025), FinancialYear(2026)} <= years
    assert Session.objects.filter(kind="safeguarding_month").count() == 4
    assert Bulletin.objects.filter(status="sent").count() == 12
    assert NeedsResponse.objects.exists()


def test_the_demo_has_attendance_and_all_three_stages_of_evaluation(demo):
    assert Booking.objects.filter(attended=True).exists()
    stages = set(Evaluation.objects.exclude(answered_at=None).values_list("stage", flat=True))
    assert stages == {"before", "after", "follow_up"}


def test_loading_the_demo_twice_adds_nothing(demo):
    before = (Course.objects.count(), Session.objects.count(), Booking.objects.count())
    load_training_demo()
    assert (Course.objects.count(), Session.objects.count(), Booking.objects.count()) == before


def test_the_2025_26_training_section_is_full(demo):
    (section,) = report.report_sections(PERIOD)
    assert not section.is_empty
    html = str(section.html)
    assert "Attendance by agency" in html and "<svg" in html
    assert "What evaluation shows" in html
    assert "Safeguarding Month 2025: opening conference" in html
    in_year = Bulletin.objects.filter(sent_at__date__range=(PERIOD.start, PERIOD.end)).count()
    assert in_year and f"{in_year} bulletins went to partners" in html
    offered, taken = map(int, re.search(r"Of the (\d+) places offered .*?, (\d+) were taken", html).groups())
    assert 0 < taken <= offered


def test_the_report_uses_the_training_section_instead_of_the_placeholder(demo):
    found = [s for s in sections_for(PERIOD) if s.key == "training"]
    assert len(found) == 1
    assert "What evaluation shows" in str(found[0].html)


def test_a_year_with_nothing_says_so():
    (section,) = report.report_sections(FinancialYear(2019))
    assert section.is_empty
    assert (
        "The partnership ran no multi-agency training sessions or webinars and sent no bulletins in 2019-20"
        in str(section.html)
    )
