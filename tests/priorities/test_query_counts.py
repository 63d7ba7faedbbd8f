"""The priorities' list, board and summary pages run the same number of SQL queries
however many areas, deliverables and updates there are (measured at two sizes; the
counts must be equal and match the pinned figure)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import roles
from tests.governance.factories import PersonFactory
from tests.priorities.factories import (
    DeliverableFactory,
    FeedbackFactory,
    MeasureValueFactory,
    ObjectiveFactory,
    OutcomeMeasureFactory,
    PriorityAreaFactory,
    PriorityCycleFactory,
    ProgressUpdateFactory,
)

pytestmark = pytest.mark.django_db

SMALL, LARGE = 2, 8


def build(size: int):
    """`size` areas, each with `size` objectives, deliverables, updates, measures and feedback."""
    cycle = PriorityCycleFactory(starts_on=date(2024, 4, 1), ends_on=date(2028, 3, 31))
    areas = []
    for _ in range(size):
        area = PriorityAreaFactory(
            cycle=cycle, leads=[PersonFactory(), PersonFactory()], sponsor=PersonFactory()
        )
        for number in range(size):
            objective = ObjectiveFactory(area=area)
            DeliverableFactory(objective=objective, status="doing" if number % 2 else "to_do")
            ProgressUpdateFactory(
                area=area, period=date(2025, 1 + number, 1), ask="Help." if number % 2 else ""
            )
            MeasureValueFactory(measure=OutcomeMeasureFactory(area=area, baseline_on=date(2024, 4, 1)))
            FeedbackFactory(area=area)
        areas.append(area)
    return areas


def count(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), "\n".join(query["sql"] for query in queries.captured_queries)


PAGES = {
    # name: (url from the areas, pinned count)
    "index": (lambda areas: reverse("priorities:index"), 14),
    "summary": (lambda areas: reverse("priorities:summary"), 13),
    "area": (lambda areas: areas[0].get_absolute_url(), 16),
    "board": (lambda areas: reverse("priorities:board", args=[areas[0].pk]), 16),
}


@pytest.mark.parametrize("size", [SMALL, LARGE])
@pytest.mark.parametrize("page", PAGES)
def test_pages_run_a_constant_number_of_queries(client, make_user, page, size):
    make_url, pinned = PAGES[page]
    client.force_login(make_user(roles.BUSINESS_UNIT))
    queries, sql = count(client, make_url(build(size)))
    assert queries == pinned, f"{queries} queries with {size} of everything, pinned {pinned}:\n{sql}"
