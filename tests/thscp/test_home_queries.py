"""My work (the home page) reads a fixed number of queries for each role, however many
records there are: each area reads what may be the person's, not the partnership's
whole history (issue 17: 54 queries and a p95 of 546 ms at ten times the demo's data)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dataset.my_work import my_work as dataset_my_work
from dataset.selectors import collection_period
from governance import roles
from tests.dataset.factories import IndicatorFactory, QuarterlyReturnFactory
from tests.governance.factories import ActionFactory, PersonFactory
from tests.training.factories import BookingFactory, EvaluationFactory, NeedsAnalysisFactory, SessionFactory

pytestmark = pytest.mark.django_db

# The whole page: the session, the person, the navigation and every area's My work.
PINNED = {
    roles.BUSINESS_UNIT: 44,
    roles.GROUP_MEMBER: 25,
    roles.AGENCY_DATA_LEAD: 34,
}


def build(size, person):
    today = timezone.localdate()
    tomorrow = timezone.make_aware(
        timezone.datetime.combine(today + timedelta(days=1), timezone.datetime.min.time())
    )
    period = collection_period(today)
    for n in range(size):
        ActionFactory(owner=person if n == 0 else PersonFactory(), due_date=today + timedelta(days=n - 2))
        session = SessionFactory(
            starts_at=tomorrow + timedelta(hours=9 + n % 8), ends_at=tomorrow + timedelta(hours=10 + n % 8)
        )
        BookingFactory(session=session, person=person if n == 0 else PersonFactory())
        EvaluationFactory(booking=BookingFactory(session=session))
        NeedsAnalysisFactory()
        indicator = IndicatorFactory()
        QuarterlyReturnFactory(agency=indicator.agency, year=period.year.start_year, quarter=period.number)


def count(client) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    return len(captured), "\n".join(query["sql"] for query in captured.captured_queries)


@pytest.mark.parametrize("role", PINNED)
def test_my_work_takes_the_same_queries_at_two_sizes(signed_in_client, role):
    client, user = signed_in_client(role)
    person = PersonFactory(user=user)
    client.get(reverse("home"))  # the first request of a session writes more
    build(2, person)
    small, _ = count(client)
    build(10, person)
    large, sql = count(client)
    assert small == large == PINNED[role], sql


def test_someone_no_dataset_return_can_wait_for_reads_no_dataset_deadlines(make_user):
    scrutineer = make_user(roles.INDEPENDENT_SCRUTINEER)
    QuarterlyReturnFactory()
    with CaptureQueriesContext(connection) as captured:
        lists = dataset_my_work(user=scrutineer, today=timezone.localdate())
    assert scrutineer.has_perm("dataset.access_area")
    assert not any(work_list.items for work_list in lists)
    # Their roles, read once for the permission; nothing of the dataset's.
    assert not [query["sql"] for query in captured if "dataset_" in query["sql"]]
