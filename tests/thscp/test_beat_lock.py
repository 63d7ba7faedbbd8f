"""One Celery beat at a time (issue 18): a second beat stands by until the first stops."""

import threading

import pytest
from celery.signals import beat_init
from django.db import connection

from tests.services import require
from thscp.beat_lock import BeatLock, hold_beat_lock

pytestmark = pytest.mark.django_db


@pytest.fixture
def postgresql():
    require(connection.vendor == "postgresql", "PostgreSQL (the beat lock is an advisory lock)")


def test_a_second_beat_cannot_take_the_lock_while_the_first_holds_it(postgresql):
    first, second = BeatLock(), BeatLock()
    try:
        assert first.try_acquire()
        assert not second.try_acquire()
    finally:
        first.release()
        second.release()


def test_a_standby_beat_takes_over_when_the_first_one_stops(postgresql):
    first = BeatLock()
    assert first.try_acquire()
    taken = threading.Event()
    held = []

    def standby():
        held.append(hold_beat_lock(poll_seconds=0.05, exit_process=lambda code: None))
        taken.set()

    waiting = threading.Thread(target=standby, daemon=True)
    waiting.start()
    try:
        assert not taken.wait(0.5), "the standby beat must wait while another holds the lock"
        first.release()  # the first beat stopped: its session, and so its lock, ends
        assert taken.wait(10), "the standby beat must take the lock once it is free"
    finally:
        first.release()
        waiting.join(timeout=10)
        for lock in held:
            if lock is not None:
                lock.release()


def test_a_lock_whose_connection_is_lost_is_known_to_be_lost(postgresql):
    lock = BeatLock()
    assert lock.try_acquire()
    lock._raw.close()  # as when the database restarts

    assert not lock.is_alive()


def test_every_beat_takes_the_lock_as_it_starts():
    receivers = [receiver() for _, receiver in beat_init.receivers]

    assert any(getattr(receiver, "__name__", "") == "_hold_the_beat_lock" for receiver in receivers)
