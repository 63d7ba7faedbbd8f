"""Reminders and My work: a session tomorrow, an evaluation waiting, an agency's needs
analysis; My work and the reminder email say the same thing."""

from datetime import timedelta

import pytest
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
