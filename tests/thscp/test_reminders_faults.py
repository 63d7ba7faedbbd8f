"""Reminders against real services and real faults: a worker on Redis, an SMTP server on
loopback that fails, a broker that is down, two runs at once."""

import socket
import threading
import time
from datetime import date

import pytest
from aiosmtpd.controller import Controller
from django.db import connection, connections
from django.urls import reverse

from governance import roles
from tests.governance.factories import ActionFactory, PersonFactory, UserFactory
from tests.services import redis_url, require
from thscp.celery import app
from thscp.models import ReminderDigest, ReminderItem
from thscp.reminders import services as reminders

MONDAY = date(2026, 11, 23)


class RecordingSMTPHandler:
    """An SMTP server's DATA handler that can refuse the first messages it is given."""

    def __init__(self, refuse_first: int = 0):
        self.refuse = refuse_first
        self.refused = 0
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        if self.refuse:
            self.refuse -= 1
            self.refused += 1
            return "451 4.3.0 Try again later"
        self.messages.append(envelope)
        return "250 Message accepted"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback, with Django pointed at it."""
    servers = []

    def start(refuse_first=0):
        handler = RecordingSMTPHandler(refuse_first)
        controller = Controller(handler, hostname="127.0.0.1", port=free_port())
        controller.start()
        servers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = controller.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 5
        return handler

    yield start
    for controller in servers:
        controller.stop()


@pytest.fixture
def celery_on(settings):
    """Point the Celery app at a broker for real (not eager), and put it back after."""
    saved = {key: app.conf[key] for key in ("broker_url", "result_backend", "task_always_eager")}

    def configure(broker_url):
        app.conf.update(
            broker_url=broker_url, result_backend=redis_url() or "cache+memory://", task_always_eager=False
        )
        app._pool = None  # the producer pool was built for the old broker

    yield configure
    app.conf.update(saved)
    app._pool = None


def wait_for(predicate, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def action_due(on: date):
    owner = UserFactory(roles=[roles.GROUP_MEMBER])
    ActionFactory(owner=PersonFactory(user=owner), due_date=on, title="Refresh the protocol")
    return owner


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_a_real_worker_on_redis_delivers_digests_to_a_real_smtp_server(smtp_server, celery_on):
    url = redis_url()
    require(url is not None, "Redis (REDIS_URL)")
    from celery.contrib.testing.worker import start_worker

    handler = smtp_server()
    celery_on(url)
    owners = [action_due(MONDAY) for _ in range(3)]
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        reminders.run_reminders(today=MONDAY)
        assert wait_for(lambda: len(handler.messages) == 3), f"{len(handler.messages)} messages arrived"
    assert sorted(envelope.rcpt_tos[0] for envelope in handler.messages) == sorted(o.email for o in owners)
    assert b"Refresh the protocol" in handler.messages[0].content
    assert set(ReminderDigest.objects.values_list("status", flat=True)) == {ReminderDigest.Status.SENT}


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_an_smtp_failure_is_retried_once_and_delivered_exactly_once(smtp_server, celery_on, settings):
    url = redis_url()
    require(url is not None, "Redis (REDIS_URL)")
    from celery.contrib.testing.worker import start_worker

    settings.REMINDER_RETRY_BASE_SECONDS = 1
    handler = smtp_server(refuse_first=1)
    celery_on(url)
    action_due(MONDAY)
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        reminders.run_reminders(today=MONDAY)
        assert wait_for(lambda: handler.messages), "the retried message never arrived"
        time.sleep(2)  # room for a duplicate to show up, were there one
    assert handler.refused == 1
    assert len(handler.messages) == 1
    digest = ReminderDigest.objects.get()
    assert digest.status == ReminderDigest.Status.SENT
    assert digest.attempts == 2


@pytest.mark.django_db(transaction=True)
def test_with_the_broker_down_pages_still_answer_and_the_work_is_sent_once_later(
    client, make_user, celery_on, mailoutbox
):
    business_unit = make_user(roles.BUSINESS_UNIT)
    client.force_login(business_unit)
    action_due(MONDAY)
    celery_on("redis://127.0.0.1:1/0")  # nothing listens on port 1
    started = time.monotonic()
    response = client.post(reverse("reminders"))
    elapsed = time.monotonic() - started
    assert response.status_code == 302
    assert elapsed < 15, f"the page took {elapsed:.1f} s with the broker down"
    digest = ReminderDigest.objects.exclude(recipient=business_unit.email).get()
    assert digest.status == ReminderDigest.Status.PENDING
    assert mailoutbox == []
    assert client.get(reverse("reminders")).status_code == 200
    # The broker is back: the sweep sends what was left waiting, once.
    app.conf.update(task_always_eager=True)
    ReminderDigest.objects.update(created_at=MONDAY)
    reminders.sweep()
    reminders.sweep()
    assert len([m for m in mailoutbox if m.to == [digest.recipient]]) == 1


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_claim_each_reminder_once(mailoutbox):
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    owners = [action_due(MONDAY) for _ in range(5)]
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            reminders.run_reminders(today=MONDAY, triggered_by="concurrency test")
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors
    assert ReminderItem.objects.count() == 5
    assert ReminderDigest.objects.count() == 5
    assert sorted(m.to[0] for m in mailoutbox) == sorted(o.email for o in owners)
