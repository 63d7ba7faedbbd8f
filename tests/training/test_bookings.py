"""Bookings: capacity, the waiting list promoted on cancellation with an email,
attendance, cancelled sessions, and the certificate."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from governance import roles
from tests.governance.factories import PersonFactory
from tests.training.factories import BookingFactory, PastSessionFactory, SessionFactory
from training import services
from training.models import Booking

pytestmark = pytest.mark.django_db


def test_the_third_person_on_a_session_of_two_places_waits(make_user, django_capture_on_commit_callbacks):
    by = make_user(roles.BUSINESS_UNIT)
    session = SessionFactory(capacity=2)
    people = PersonFactory.create_batch(3)
    with django_capture_on_commit_callbacks(execute=True):
        bookings = [services.book(session=session, person=person, by=by) for person in people]
    assert [b.status for b in bookings] == ["booked", "booked", "waiting"]
    assert mail.outbox[-1].to == [people[2].email]
    assert "waiting list" in mail.outbox[-1].body


def test_cancelling_a_place_promotes_the_first_waiting_and_emails_them(
    make_user, django_capture_on_commit_callbacks
):
    by = make_user(roles.BUSINESS_UNIT)
    session = SessionFactory(capacity=1)
    first, second, third = PersonFactory.create_batch(3)
    booked = services.book(session=session, person=first, by=by)
    waiting = services.book(session=session, person=second, by=by)
    services.book(session=session, person=third, by=by)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_booking(booking=booked, by=by)
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.BOOKED
    assert Booking.objects.get(person=third).status == Booking.Status.WAITING
    assert [message.to for message in mail.outbox] == [[second.email]]
    assert "A place has come free" in mail.outbox[0].body


def test_a_person_cannot_be_booked_twice(make_user):
    by = make_user(roles.BUSINESS_UNIT)
    booking = BookingFactory()
    with pytest.raises(ValidationError, match="already booked"):
        services.book(session=booking.session, person=booking.person, by=by)


def test_a_past_or_cancelled_session_cannot_be_booked(make_user):
    by = make_user(roles.BUSINESS_UNIT)
    with pytest.raises(ValidationError, match="started"):
        services.book(session=PastSessionFactory(), person=PersonFactory(), by=by)
    cancelled = SessionFactory()
    services.cancel_session(session=cancelled, reason="Trainer ill", by=by)
    with pytest.raises(ValidationError, match="cancelled"):
        services.book(session=cancelled, person=PersonFactory(), by=by)


def test_a_cancelled_session_tells_everyone_booked_or_waiting(make_user, django_capture_on_commit_callbacks):
    by = make_user(roles.BUSINESS_UNIT)
    session = SessionFactory(capacity=1)
    people = PersonFactory.create_batch(2)
    for person in people:
        services.book(session=session, person=person, by=by)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_session(session=session, reason="The venue flooded", by=by)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all("The venue flooded" in m.body for m in mail.outbox)


def test_fewer_places_than_people_booked_is_refused(make_user):
    by = make_user(roles.BUSINESS_UNIT)
    session = SessionFactory(capacity=3)
    BookingFactory.create_batch(2, session=session)
    with pytest.raises(ValidationError) as error:
        services.save_session(by=by, session=session, capacity=1)
    assert "2 people are booked" in str(error.value)
    session.refresh_from_db()
    assert session.capacity == 3


def test_more_places_moves_the_waiting_list_up(make_user):
    by = make_user(roles.BUSINESS_UNIT)
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)
    waiting = BookingFactory(session=session, status=Booking.Status.WAITING)
    services.save_session(by=by, session=session, capacity=2)
    waiting.refresh_from_db()
    assert waiting.status == Booking.Status.BOOKED


def test_attendance_is_marked_after_the_session(make_user):
    by = make_user(roles.BUSINESS_UNIT)
    came, missed = BookingFactory.create_batch(2, session=PastSessionFactory())
    services.record_attendance(session=came.session, attended=[came.pk], by=by)
    came.refresh_from_db()
    missed.refresh_from_db()
    assert (came.attended, missed.attended) == (True, False)
    with pytest.raises(ValidationError, match="once the session has started"):
        services.record_attendance(session=BookingFactory().session, attended=[], by=by)


def test_the_certificate_is_a_pdf_for_the_person_who_attended(client, make_user):
    user = make_user(roles.GROUP_MEMBER)
    person = PersonFactory(user=user, full_name="Jo <b>Bloggs</b>")
    booking = BookingFactory(session=PastSessionFactory(), person=person, attended=True)
    client.force_login(user)
    response = client.get(reverse("training:certificate", args=[booking.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response).startswith(b"%PDF")
    other = BookingFactory(session=booking.session, attended=True)
    assert client.get(reverse("training:certificate", args=[other.pk])).status_code == 404


def test_booking_a_session_page_shows_the_waiting_list_to_the_person(client, make_user):
    user = make_user(roles.GROUP_MEMBER)
    PersonFactory(user=user)
    session = SessionFactory(capacity=1)
    BookingFactory(session=session)
    client.force_login(user)
    response = client.post(reverse("training:book_self", args=[session.pk]), follow=True)
    assert "you are on the waiting list" in response.content.decode()
    assert Booking.objects.get(person__user=user).status == Booking.Status.WAITING


def test_bad_session_input_shows_the_error_summary_and_saves_nothing(client, make_user):
    client.force_login(make_user(roles.BUSINESS_UNIT))
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("training:session_create"),
        {
            "kind": "course",
            "day_0": tomorrow.day,
            "day_1": tomorrow.month,
            "day_2": tomorrow.year,
            "start_time": "14:00",
            "end_time": "13:00",
            "capacity": "2",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Select the course" in html
    assert "The end must be after the start" in html
    from training.models import Session

    assert not Session.objects.exists()


def test_every_mistake_in_a_session_is_shown_at_once(client, make_user):
    client.force_login(make_user(roles.BUSINESS_UNIT))
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client.post(
        reverse("training:session_create"),
        {
            "kind": "webinar",
            "day_0": tomorrow.day,
            "day_1": tomorrow.month,
            "day_2": tomorrow.year,
            "start_time": "14:00",
            "end_time": "13:00",
            "capacity": "0",
        },
    )
    summary = response.content.decode().split("govuk-error-summary__list", 1)[1].split("</ul>", 1)[0]
    assert "Enter the title" in summary
    assert "The end must be after the start" in summary
    assert "Places must be 1 or more, or leave it blank for no limit" in summary
    assert summary.count("<li") == 3
