"""The training section reads a closed year as it stood at its end (issue 16)."""

from datetime import date, datetime

import pytest
from django.utils import timezone

from governance.models import Agency, Person
from governance.periods import FinancialYear
from governance.reporting import date_history
from tests.governance.factories import AgencyFactory, PersonFactory
from tests.training.factories import BookingFactory, SessionFactory, at_ten
from training import report

pytestmark = pytest.mark.django_db


def test_attendance_by_agency_counts_each_person_under_their_agency_at_the_year_s_end():
    health = AgencyFactory(name="Health visiting")
    police = AgencyFactory(name="Metropolitan Police")
    person = PersonFactory(agency=health)
    for model in (Agency, Person):
        date_history(model, timezone.make_aware(datetime(2025, 4, 2, 9)))
    start = at_ten(date(2025, 10, 1))
    BookingFactory(
        session=SessionFactory(starts_at=start, ends_at=start.replace(hour=12)), person=person, attended=True
    )
    person.agency = police  # moved after the year ended
    person.save()

    (section,) = report.report_sections(FinancialYear(2025))

    assert "Health visiting" in str(section.html)
    assert "Metropolitan Police" not in str(section.html)
