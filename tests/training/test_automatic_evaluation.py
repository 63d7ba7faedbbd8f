"""Evaluation goes out by itself at each stage (before, straight after, 6-8 weeks later):
a due stage is the business unit's deadline until it is sent, and the reminders job's
morning run sends it (training/due_work.py through thscp's due-work hook), once."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection, connections
from django.utils import timezone

from governance import roles
from tests.services import require
from tests.training.factories import (
    BookingFactory,
    EvaluationFactory,
    PastSessionFactory,
    SessionFactory,
    at_ten,
)
from thscp.reminders import services as reminders
from thscp.reminders.models import ReminderItem
from training import due_work, schedule, services
from training.deadlines import deadlines
from training.models import Evaluation
from training.my_work import my_work

pytestmark = pytest.mark.django_db


def _held(days_ago: int):
    return PastSessionFactory(starts_at=at_ten(timezone.localdate() - timedelta(days=days_ago)))


def _stages_sent() -> list[tuple[str, str]]:
    return sorted(Evaluation.objects.values_list("booking__person__email", "stage"))


def test_the_before_form_goes_to_those_booked_five_days_before(django_capture_on_commit_callbacks):
    session = SessionFactory(starts_at=at_ten(timezone.localdate() + timedelta(days=10)))
    booked = BookingFactory(session=session)
    BookingFactory(session=session, status="waiting")
    due_on = session.day - timedelta(days=schedule.BEFORE_DAYS)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_evaluations(today=due_on - timedelta(days=1)) == []
        assert len(services.send_due_evaluations(today=due_on)) == 1

    assert _stages_sent() == [(booked.person.email, "before")]
    assert [m.to for m in mail.outbox] == [[booked.person.email]]
    assert "/training/evaluate/" in mail.outbox[0].body


def test_the_after_form_goes_the_day_after_to_those_who_attended(django_capture_on_commit_callbacks):
    session = _held(days_ago=1)
    came = BookingFactory(session=session, attended=True)
    BookingFactory(session=session, attended=False)

    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_evaluations(today=session.day)
        assert Evaluation.objects.count() == 0
        services.send_due_evaluations(today=timezone.localdate())

    assert _stages_sent() == [(came.person.email, "after")]


def test_the_follow_up_goes_six_weeks_after_and_not_after_eight(django_capture_on_commit_callbacks):
    session = _held(days_ago=50)
    came = BookingFactory(session=session, attended=True)
    EvaluationFactory(booking=came, stage="after")
    week_six = session.day + timedelta(days=schedule.FOLLOW_UP_AFTER_DAYS)
    week_eight = session.day + timedelta(days=schedule.FOLLOW_UP_CLOSES_DAYS)

    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_evaluations(today=week_six - timedelta(days=1))
        services.send_due_evaluations(today=week_eight)
        assert not Evaluation.objects.filter(stage="follow_up").exists()
        services.send_due_evaluations(today=week_six)

    assert Evaluation.objects.get(stage="follow_up").booking == came


def test_running_twice_sends_nothing_twice(django_capture_on_commit_callbacks):
    session = _held(days_ago=1)
    BookingFactory.create_batch(2, session=session, attended=True)

    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_evaluations(today=timezone.localdate())
        assert services.send_due_evaluations(today=timezone.localdate()) == []

    assert len(mail.outbox) == 2
    assert Evaluation.objects.count() == 2


def test_someone_already_asked_by_hand_is_not_asked_again(make_user, django_capture_on_commit_callbacks):
    session = _held(days_ago=1)
    BookingFactory(session=session, attended=True)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_evaluations(session=session, stage="after", by=make_user(roles.BUSINESS_UNIT))
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_evaluations(today=timezone.localdate()) == []

    assert mail.outbox == []


def test_a_cancelled_session_is_not_evaluated(make_user, django_capture_on_commit_callbacks):
    session = SessionFactory(starts_at=at_ten(timezone.localdate() + timedelta(days=3)))
    BookingFactory(session=session)
    services.cancel_session(session=session, reason="The trainer is ill.", by=make_user(roles.BUSINESS_UNIT))

    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_evaluations(today=timezone.localdate()) == []

    assert not Evaluation.objects.exists()


def test_a_due_stage_waiting_for_attendance_is_the_business_units_deadline(make_user):
    business_unit = make_user(roles.BUSINESS_UNIT)
    session = _held(days_ago=1)
    BookingFactory(session=session)  # attendance not marked
    today = timezone.localdate()

    found = [d for d in deadlines(today) if d.key == f"training:evaluation-stage:{session.pk}:after"]

    assert len(found) == 1
    assert found[0].responsible == (business_unit.email,)
    assert found[0].due_on == session.day + timedelta(days=1)
    assert "Mark attendance" in found[0].detail
    (work,) = my_work(user=business_unit, today=today)
    assert any(session.name in item.title and "Mark attendance" in item.detail for item in work.items)


def test_a_stage_sent_to_everyone_is_no_longer_a_deadline(make_user, django_capture_on_commit_callbacks):
    make_user(roles.BUSINESS_UNIT)
    session = _held(days_ago=1)
    BookingFactory(session=session, attended=True)
    today = timezone.localdate()
    assert any(d.key.startswith("training:evaluation-stage:") for d in deadlines(today))

    with django_capture_on_commit_callbacks(execute=True):
        due_work.do_due_work(today)

    assert not any(d.key.startswith("training:evaluation-stage:") for d in deadlines(today))


def test_the_reminders_run_sends_the_due_forms_before_it_plans_reminders(
    make_user, django_capture_on_commit_callbacks
):
    business_unit = make_user(roles.BUSINESS_UNIT)
    session = _held(days_ago=1)
    came = BookingFactory(session=session, attended=True)

    with django_capture_on_commit_callbacks(execute=True):
        reminders.run_reminders(today=timezone.localdate(), triggered_by="test")

    assert _stages_sent() == [(came.person.email, "after")]
    assert came.person.email in {address for message in mail.outbox for address in message.to}
    # The stage was done, so nobody is reminded of it.
    assert not ReminderItem.objects.filter(recipient=business_unit.email, key__contains="evaluation-stage")


def test_a_fault_in_due_work_does_not_stop_the_reminders(monkeypatch, make_user):
    make_user(roles.BUSINESS_UNIT)
    BookingFactory(session=_held(days_ago=1))  # attendance not marked: a deadline for the business unit

    def broken(today):
        raise RuntimeError("the mail template is missing")

    monkeypatch.setattr(due_work, "do_due_work", broken)
    run = reminders.run_reminders(today=timezone.localdate(), triggered_by="test")

    assert run.items_claimed >= 1


def test_deadlines_read_a_constant_number_of_queries(django_assert_max_num_queries, make_user):
    make_user(roles.BUSINESS_UNIT)

    def build(size):
        for _ in range(size):
            session = _held(days_ago=1)
            BookingFactory(session=session)
            BookingFactory(session=session, attended=True)
            EvaluationFactory(booking=BookingFactory(session=_held(days_ago=45), attended=True))

    build(2)
    with django_assert_max_num_queries(8) as small:
        deadlines(timezone.localdate())
    build(6)
    with django_assert_max_num_queries(len(small.captured_queries)):
        deadlines(timezone.localdate())


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_form_once():
    require(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL)")
    session = _held(days_ago=1)
    BookingFactory.create_batch(5, session=session, attended=True)
    barrier = threading.Barrier(2)
    errors = []

    def run():
        try:
            barrier.wait()
            services.send_due_evaluations(today=timezone.localdate())
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
    assert Evaluation.objects.count() == 5
    assert len(mail.outbox) == 5
