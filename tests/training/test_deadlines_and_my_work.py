"""Reminders and My work: a session tomorrow, an evaluation waiting, an agency's needs
analysis; My work and the reminder email say the same thing."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from governance import roles
from tests.governance.factories import PersonFactory
from tests.training.factories import BookingFactory, EvaluationFactory, NeedsAnalysisFactory, SessionFactory
from training.deadlines import deadlines
from training.my_work import my_work

pytestmark = pytest.mark.django_db


def test_those_booked_are_reminded_the_day_before(make_user):
    user = make_user(roles.GROUP_MEMBER)
    today = timezone.localdate()
    start = timezone.make_aware(
        timezone.datetime.combine(today + timedelta(days=1), timezone.datetime.min.time())
    )
    booking = BookingFactory(
        person=PersonFactory(user=user),
        session=SessionFactory(starts_at=start + timedelta(hours=10), ends_at=start + timedelta(hours=12)),
    )
    found = [d for d in deadlines(today) if d.key == f"training:session:{booking.pk}"]
    assert found and found[0].responsible == (user.email,)
    (work,) = my_work(user=user, today=today)
    assert any(booking.session.name in item.title for item in work.items)


def test_an_unanswered_evaluation_waits_for_its_person(make_user):
    user = make_user(roles.GROUP_MEMBER)
    evaluation = EvaluationFactory(booking__person=PersonFactory(user=user))
    (work,) = my_work(user=user, today=timezone.localdate())
    assert any("Evaluate" in item.title for item in work.items)
    evaluation.answered_at = timezone.now()
    evaluation.save()
    (work,) = my_work(user=user, today=timezone.localdate())
    assert not work.items


def test_the_needs_analysis_is_due_from_each_agency_data_lead_asked(make_user):
    lead = make_user(roles.AGENCY_DATA_LEAD)
    person = PersonFactory(user=lead)
    analysis = NeedsAnalysisFactory(agencies=[person.agency])
    found = [
        d
        for d in deadlines(timezone.localdate())
        if d.key == f"training:needs:{analysis.pk}:{person.agency_id}"
    ]
    assert found and found[0].responsible == (lead.email,)
    (work,) = my_work(user=lead, today=timezone.localdate())
    assert [item.url for item in work.items] == [analysis.get_absolute_url()]


def test_someone_with_no_role_has_no_training_work(make_user):
    (work,) = my_work(user=make_user(), today=timezone.localdate())
    assert work.items == []


def _local(day, hour, minute=0):
    return timezone.make_aware(timezone.datetime.combine(day, timezone.datetime.min.time())).replace(
        hour=hour, minute=minute
    )


def test_a_session_just_after_midnight_in_summer_is_tomorrows(make_user):
    # 00:30 on 1 July in London is 23:30 on 30 June in UTC: still the 1 July session.
    user = make_user(roles.GROUP_MEMBER)
    today = date(2026, 6, 30)
    early = BookingFactory(
        person=PersonFactory(user=user),
        session=SessionFactory(
            starts_at=_local(date(2026, 7, 1), 0, 30), ends_at=_local(date(2026, 7, 1), 2)
        ),
    )
    late = BookingFactory(
        person=PersonFactory(user=make_user(roles.GROUP_MEMBER)),
        session=SessionFactory(
            starts_at=_local(date(2026, 7, 2), 0, 30), ends_at=_local(date(2026, 7, 2), 2)
        ),
    )
    keys = {d.key for d in deadlines(today)}
    assert f"training:session:{early.pk}" in keys
    assert f"training:session:{late.pk}" not in keys


def test_the_session_tomorrow_is_found_by_a_range_on_its_start_so_an_index_applies(make_user):
    # starts_at__date wraps the column in a function (PostgreSQL: AT TIME ZONE ... ::date;
    # SQLite: django_datetime_cast_date), which the index on starts_at cannot serve.
    with CaptureQueriesContext(connection) as captured:
        deadlines(timezone.localdate())
    session_queries = [q["sql"] for q in captured if 'FROM "training_booking"' in q["sql"]]
    assert session_queries
    for sql in session_queries:
        assert '"training_session"."starts_at" >=' in sql
        assert '"training_session"."starts_at" <' in sql
        assert "AT TIME ZONE" not in sql and "cast_date" not in sql


def test_my_work_reads_only_the_persons_own_bookings_and_evaluations(make_user):
    user = make_user(roles.GROUP_MEMBER)
    other = make_user(roles.GROUP_MEMBER)
    today = timezone.localdate()
    start = _local(today + timedelta(days=1), 10)
    theirs = PersonFactory(user=other)
    BookingFactory(person=theirs, session=SessionFactory(starts_at=start, ends_at=start + timedelta(hours=2)))
    EvaluationFactory(booking__person=theirs)
    mine = EvaluationFactory(booking__person=PersonFactory(user=user))
    found = deadlines(today, for_user=user)
    assert [d.responsible for d in found] == [(user.email,)]
    assert found[0].key.startswith(f"training:evaluation:{mine.pk}:")


def test_someone_outside_the_business_unit_is_not_read_the_evaluation_stages_or_needs_analysis(
    make_user, django_assert_num_queries
):
    user = make_user(roles.GROUP_MEMBER)
    # Their bookings tomorrow and their evaluations waiting: two queries.
    with django_assert_num_queries(2):
        deadlines(timezone.localdate(), for_user=user)


@pytest.mark.parametrize("role", [roles.BUSINESS_UNIT, roles.GROUP_MEMBER, roles.AGENCY_DATA_LEAD])
def test_training_my_work_reads_the_same_queries_whatever_the_number_of_records(
    role, make_user, django_assert_num_queries
):
    user = make_user(role)
    PersonFactory(user=user)
    today = timezone.localdate()

    def build(size):
        for n in range(size):
            start = _local(today + timedelta(days=1), 9 + n % 8)
            session = SessionFactory(starts_at=start, ends_at=start + timedelta(hours=1))
            BookingFactory(session=session, person=user.person if n == 0 else PersonFactory())
            EvaluationFactory(booking=BookingFactory(session=session))
            NeedsAnalysisFactory()

    build(2)
    with CaptureQueriesContext(connection) as small:
        my_work(user=user, today=today)
    build(8)
    with django_assert_num_queries(len(small)):
        my_work(user=user, today=today)
