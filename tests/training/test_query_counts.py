"""Training's list pages run the same number of SQL queries however many records there
are (measured at two sizes)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance import roles
from tests.training.factories import (
    BookingFactory,
    BulletinSectionFactory,
    CourseFactory,
    NeedsResponseFactory,
    PastSessionFactory,
    ResourceFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "training:index",
    "training:past_sessions",
    "training:course_list",
    "training:library",
    "training:bulletin_list",
    "training:needs_list",
]


def build(size):
    for _ in range(size):
        session = SessionFactory(course=CourseFactory())
        BookingFactory.create_batch(2, session=session)
        BookingFactory(session=PastSessionFactory(), attended=True)
        ResourceFactory()
        BulletinSectionFactory()
        NeedsResponseFactory()


def queries(client, name) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(name)).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", PAGES)
def test_list_pages_run_a_constant_number_of_queries(client, make_user, name):
    client.force_login(make_user(roles.BUSINESS_UNIT))
    build(2)
    small = queries(client, name)
    build(6)
    assert queries(client, name) == small
