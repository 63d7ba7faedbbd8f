"""Places taken and attendance by agency, for the business unit: the page and its CSV show
the same rows with the same columns, filtered alike, in a constant number of queries."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import roles
from governance.periods import FinancialYear
from tests.governance.factories import AgencyFactory, PersonFactory
from tests.training.factories import (
    BookingFactory,
    PastSessionFactory,
    SessionFactory,
    WebinarFactory,
    at_ten,
)

pytestmark = pytest.mark.django_db

URL = reverse("training:attendance")


@pytest.fixture
def business_unit(client, make_user):
    client.force_login(make_user(roles.BUSINESS_UNIT))
    return client


def _csv(response) -> list[list[str]]:
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def _this_year_session():
    """Held on 1 April: in the current financial year whatever today is."""
    return PastSessionFactory(starts_at=at_ten(FinancialYear.containing(timezone.localdate()).start))


def test_the_page_counts_places_and_attendance_for_each_agency(business_unit):
    police, school = AgencyFactory(name="Metropolitan Police"), AgencyFactory(name="Bow School")
    session = _this_year_session()
    BookingFactory(session=session, person=PersonFactory(agency=police), attended=True)
    BookingFactory(session=session, person=PersonFactory(agency=police), attended=False)
    BookingFactory(session=session, person=PersonFactory(agency=school), attended=None)

    html = business_unit.get(URL).content.decode()

    cells = r"</th><td[^>]*>(\d+)</td><td[^>]*>(\d+)</td><td[^>]*>(\d+)</td><td[^>]*>(\d+)</td>"
    assert re.search(r"Metropolitan Police" + cells, html).groups() == ("2", "1", "1", "0")
    assert re.search(r"Bow School" + cells, html).groups() == ("1", "0", "0", "1")


def test_the_csv_has_the_pages_columns_and_rows(business_unit):
    agency = AgencyFactory(name="Royal London Hospital")
    session = _this_year_session()
    BookingFactory(session=session, person=PersonFactory(full_name="Ada Obi", agency=agency), attended=True)

    html = business_unit.get(URL).content.decode()
    rows = _csv(business_unit.get(URL, {"format": "csv"}))

    table = html.split("Each place taken", 1)[1]
    headings = re.findall(r'<th scope="col" class="govuk-table__header">([^<]+)</th>', table)
    assert rows[0] == headings == ["Date", "Session", "Kind", "Person", "Agency", "Attended"]
    assert rows[1] == [
        f"{session.day:%Y-%m-%d}",
        session.name,
        "Course session",
        "Ada Obi",
        "Royal London Hospital",
        "Yes",
    ]
    for cell in rows[1][1:]:
        assert cell in html
    assert "@" not in response_text(rows)  # no email address: the page shows none


def response_text(rows) -> str:
    return " ".join(" ".join(row) for row in rows)


def test_the_agency_filter_applies_to_the_page_and_the_csv(business_unit):
    wanted, other = AgencyFactory(name="Bow School"), AgencyFactory(name="Mile End Hospital")
    session = _this_year_session()
    BookingFactory(
        session=session, person=PersonFactory(full_name="Bea Wanted", agency=wanted), attended=True
    )
    BookingFactory(session=session, person=PersonFactory(full_name="Carl Other", agency=other), attended=True)

    html = business_unit.get(URL, {"agency": wanted.pk}).content.decode()
    rows = _csv(business_unit.get(URL, {"agency": wanted.pk, "format": "csv"}))

    assert "Bea Wanted" in html and "Carl Other" not in html
    assert [row[3] for row in rows[1:]] == ["Bea Wanted"]
    assert f"agency={wanted.pk}&amp;format=csv" in html


def test_a_year_chosen_shows_only_its_sessions(business_unit):
    old = PastSessionFactory(starts_at=at_ten(date(2024, 5, 1)))
    BookingFactory(session=old, person=PersonFactory(full_name="Dee Earlier"), attended=True)
    BookingFactory(session=_this_year_session(), person=PersonFactory(full_name="Eve Now"), attended=True)

    html = business_unit.get(URL, {"year": "2024"}).content.decode()

    assert "2024-25" in html and "Dee Earlier" in html and "Eve Now" not in html


def test_cancelled_places_sessions_and_waiting_lists_are_left_out(business_unit, make_user):
    from training import services

    session = SessionFactory(starts_at=at_ten(timezone.localdate() + timedelta(days=3)))
    BookingFactory(session=session, person=PersonFactory(full_name="Fay Booked"))
    BookingFactory(session=session, person=PersonFactory(full_name="Gus Waiting"), status="waiting")
    BookingFactory(session=session, person=PersonFactory(full_name="Hal Cancelled"), status="cancelled")
    cancelled = SessionFactory(starts_at=at_ten(timezone.localdate() + timedelta(days=4)))
    BookingFactory(session=cancelled, person=PersonFactory(full_name="Ivy Called Off"))
    services.cancel_session(session=cancelled, reason="Trainer ill.", by=make_user(roles.BUSINESS_UNIT))
    WebinarFactory(head_count=120)

    year = FinancialYear.containing(session.day).start_year
    names = [row[3] for row in _csv(business_unit.get(URL, {"format": "csv", "year": year}))[1:]]

    assert names == ["Fay Booked"]


@pytest.mark.parametrize("query", [{"year": "abc"}, {"year": "1900"}, {"agency": "999999"}, {"agency": "x"}])
def test_a_bad_filter_shows_the_current_year_for_every_agency(business_unit, query):
    BookingFactory(session=_this_year_session(), person=PersonFactory(full_name="Jo Shown"), attended=True)

    response = business_unit.get(URL, query)

    assert response.status_code == 200
    assert FinancialYear.containing(timezone.localdate()).label in response.content.decode()
    assert "Jo Shown" in response.content.decode()


def test_a_formula_in_a_name_is_neutralised_in_the_csv(business_unit):
    BookingFactory(
        session=_this_year_session(), person=PersonFactory(full_name="=HYPERLINK(1)"), attended=True
    )

    rows = _csv(business_unit.get(URL, {"format": "csv"}))

    assert rows[1][3] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("role", [roles.EXECUTIVE_MEMBER, roles.AGENCY_DATA_LEAD, roles.YOUNG_SCRUTINEER])
def test_only_the_business_unit_sees_attendance_or_its_csv(client, make_user, role):
    BookingFactory(session=_this_year_session(), attended=True)
    client.force_login(make_user(role))

    assert client.get(URL).status_code == 403
    assert client.get(URL, {"format": "csv"}).status_code == 403


@pytest.mark.parametrize("query", [{}, {"format": "csv"}])
def test_the_page_and_the_csv_run_a_constant_number_of_queries(business_unit, query):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def build(size):
        for _ in range(size):
            BookingFactory.create_batch(3, session=_this_year_session(), attended=True)

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert business_unit.get(URL, query).status_code == 200
        return len(captured)

    build(2)
    small = count()
    build(10)
    assert count() == small
