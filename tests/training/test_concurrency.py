"""Overbooking is impossible even when two people book the last place at once: the
session's row is locked (select_for_update) on PostgreSQL, so the second waits."""

import threading

import pytest
from django.db import connection, connections

from governance import roles
from tests.governance.factories import PersonFactory, UserFactory
from tests.services import require
from tests.training.factories import SessionFactory
from training import services
from training.models import Booking


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_people_booking_the_last_place_at_once_do_not_overbook():
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    by = UserFactory(roles=[roles.BUSINESS_UNIT])
    session = SessionFactory(capacity=1)
    people = PersonFactory.create_batch(2)
    barrier = threading.Barrier(2)
    errors = []

    def book(person):
        try:
            barrier.wait()
            services.book(session=session, person=person, by=by)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=book, args=(person,)) for person in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    statuses = sorted(Booking.objects.values_list("status", flat=True))
    assert statuses == ["booked", "waiting"]
