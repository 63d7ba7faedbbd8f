"""The dataset's dashboard and list pages run the same number of SQL queries however
many agencies, indicators and returns there are (measured at two sizes; the counts
must be equal and match the pinned figure). And at ten years' size (40 quarters x 15
agencies x 60 indicators = 36,000 figures) the dashboard still answers quickly."""

import time
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dataset.models import Indicator, QuarterlyReturn, ReturnValue, return_due_on
from dataset.selectors import collection_period, quarters_ending
from governance import roles
from tests.dataset.factories import IndicatorFactory
from tests.governance.factories import AgencyFactory, PersonFactory

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 5


def build(agencies: int, indicators: int, quarters: int):
    """Accepted returns from each agency for the last `quarters` quarters, one figure an
    indicator, written in bulk (History is not what is measured here)."""
    periods = quarters_ending(collection_period(timezone.localdate()), quarters)
    made = []
    for number in range(agencies):
        agency = AgencyFactory()
        own = [
            IndicatorFactory(
                agency=agency, code=f"A{agency.pk}-{n}", numerator_definition="", denominator_definition=""
            )
            for n in range(indicators)
        ]
        returns = QuarterlyReturn.objects.bulk_create(
            QuarterlyReturn(
                agency=agency,
                year=period.year.start_year,
                quarter=period.number,
                due_on=return_due_on(period),
                status=QuarterlyReturn.Status.ACCEPTED,
            )
            for period in periods
        )
        ReturnValue.objects.bulk_create(
            ReturnValue(
                quarterly_return=found,
                indicator=indicator,
                value=Decimal(50 + number),
                status=ReturnValue.Status.ACCEPTED,
                comment="Steady.",
            )
            for found in returns
            for indicator in own
        )
        made.append((agency, returns))
    return made


def count(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), "\n".join(query["sql"] for query in queries.captured_queries)


PAGES = {
    # name: (url from what was built, pinned count for the business unit). The trend
    # reads the indicators' versions, then their figures: two queries for any number.
    "dashboard": (lambda made: reverse("dataset:index"), 14),
    "dashboard filtered": (
        lambda made: reverse("dataset:index") + f"?agency={made[0][0].pk}&theme=front_door",
        14,
    ),
    "summary": (lambda made: reverse("dataset:summary"), 13),
    "summary CSV": (lambda made: reverse("dataset:summary_csv"), 11),
    "summary Excel": (lambda made: reverse("dataset:summary_xlsx"), 11),
    "indicators": (lambda made: reverse("dataset:indicator_list"), 9),
    "indicators, retired too": (lambda made: reverse("dataset:indicator_list") + "?retired=1", 9),
    "returns": (lambda made: reverse("dataset:return_list"), 9),
    "returns, accepted": (lambda made: reverse("dataset:return_list") + "?status=accepted", 9),
    "a return": (lambda made: made[0][1][-1].get_absolute_url(), 11),
    "an indicator": (lambda made: Indicator.objects.filter(agency=made[0][0]).first().get_absolute_url(), 11),
}


@pytest.mark.parametrize("page", PAGES)
def test_pages_take_the_same_queries_at_two_sizes(client, make_user, page):
    client.force_login(make_user(roles.BUSINESS_UNIT))
    url_for, pinned = PAGES[page]
    small = build(SMALL, SMALL, SMALL)
    small_count, _ = count(client, url_for(small))
    large = build(LARGE, LARGE, LARGE + 4)
    large_count, sql = count(client, url_for(large))
    assert small_count == large_count == pinned, sql


def test_a_data_leads_dashboard_takes_a_fixed_number_of_queries(client, make_user):
    user = make_user(roles.AGENCY_DATA_LEAD)
    made = build(SMALL, SMALL, SMALL)
    PersonFactory(user=user, agency=made[0][0])
    client.force_login(user)
    small_count, _ = count(client, reverse("dataset:index"))
    made[0][0].refresh_from_db()
    build(LARGE, LARGE, LARGE)
    large_count, sql = count(client, reverse("dataset:index"))
    assert small_count == large_count, sql


def test_the_dashboard_answers_quickly_at_ten_years_of_returns(client, make_user):
    build(15, 60, 40)
    assert ReturnValue.objects.count() == 36_000
    client.force_login(make_user(roles.BUSINESS_UNIT))
    if connection.vendor == "postgresql":
        # As autovacuum would after so many new rows: the planner's statistics.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    client.get(reverse("dataset:index"))  # warm the caches the first request fills
    walls, cpus = [], []
    for _ in range(5):
        started, cpu_started = time.perf_counter(), time.thread_time()
        response = client.get(reverse("dataset:index"))
        walls.append(time.perf_counter() - started)
        cpus.append(time.thread_time() - cpu_started)
        assert response.status_code == 200
    print(
        f"dashboard at 36,000 figures on {connection.vendor}: {min(walls) * 1000:.0f} ms, "
        f"of which {min(cpus) * 1000:.0f} ms of this process's CPU"
    )
    # The aim is 100 ms of server time. The dashboard takes about 45 ms of CPU
    # here (middleware and template included) and its 14 queries about 2 ms inside
    # PostgreSQL (EXPLAIN ANALYZE, November 2026). The wall clock is only guarded
    # loosely: with every CPU running the suite it can take ten times as long. The CPU
    # time is the sharper guard, against a page of every indicator or work done a row
    # at a time.
    assert min(walls) < 2.0
    assert min(cpus) < 0.2
