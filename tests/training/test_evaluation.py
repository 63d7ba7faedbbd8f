"""Evaluation in three stages by signed, single-use, expiring links that work without
signing in and show nothing of anyone else; results as a chart with a table."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from governance import roles
from tests.governance.factories import PersonFactory
from tests.training.factories import BookingFactory, EvaluationFactory, PastSessionFactory, SessionFactory
from training import services
from training.models import Evaluation

pytestmark = pytest.mark.django_db


def _link(message) -> str:
    return re.search(r"http://\S+/training/evaluate/\S+/", message.body).group(0).split("8000", 1)[-1]


def test_the_after_stage_goes_to_those_who_attended_with_a_link_each(
    make_user, django_capture_on_commit_callbacks
):
    by = make_user(roles.BUSINESS_UNIT)
    session = PastSessionFactory()
    came = BookingFactory(session=session, attended=True)
    BookingFactory(session=session, attended=False)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.request_evaluations(session=session, stage="after", by=by) == 1
    assert [m.to for m in mail.outbox] == [[came.person.email]]
    assert "/training/evaluate/" in mail.outbox[0].body


def test_a_link_is_answered_without_signing_in_once(client, make_user, django_capture_on_commit_callbacks):
    by = make_user(roles.BUSINESS_UNIT)
    session = PastSessionFactory()
    BookingFactory(session=session, attended=True, person=PersonFactory(full_name="Private Person"))
    with django_capture_on_commit_callbacks(execute=True):
        services.request_evaluations(session=session, stage="after", by=by)
    path = _link(mail.outbox[0])
    page = client.get(path)
    assert page.status_code == 200
    assert "Private Person" not in page.content.decode()
    answered = client.post(
        path, {"confidence": "4", "usefulness": "5", "practice_change": "Ask about sleep."}
    )
    assert "Your answers have been sent" in answered.content.decode()
    evaluation = Evaluation.objects.get()
    assert (evaluation.confidence, evaluation.usefulness) == (4, 5)
    again = client.post(path, {"confidence": "1", "usefulness": "1"})
    assert again.status_code == 400
    assert "already been answered" in again.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.confidence == 4


def test_a_tampered_link_does_nothing_and_says_so(client):
    evaluation = EvaluationFactory()
    token = services.evaluation_token(evaluation)
    tampered = token[:-3] + ("abc" if token[-3:] != "abc" else "xyz")
    response = client.post(
        reverse("training:evaluate", args=[tampered]), {"confidence": "5", "usefulness": "5"}
    )
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.answered_at is None


def test_a_link_for_one_evaluation_cannot_be_turned_into_another(client):
    mine, theirs = EvaluationFactory(), EvaluationFactory()
    # The token's payload is compressed base64, so the pk is not there to edit as digits
    # (replacing them changed nothing, at random, and the test passed a valid link): the
    # forgery puts the other evaluation's payload under my link's signature.
    payload_of_theirs = services.evaluation_token(theirs).rsplit(":", 1)[0]
    my_signature = services.evaluation_token(mine).rsplit(":", 1)[1]
    forged = f"{payload_of_theirs}:{my_signature}"
    response = client.get(reverse("training:evaluate", args=[forged]))
    assert response.status_code == 400


def test_an_expired_link_does_nothing(client):
    evaluation = EvaluationFactory(expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(
        reverse("training:evaluate", args=[services.evaluation_token(evaluation)]),
        {"confidence": "3", "usefulness": "3"},
    )
    assert response.status_code == 400
    assert "expired" in response.content.decode()


def test_asking_again_makes_the_old_link_stop_working(client, make_user):
    by = make_user(roles.BUSINESS_UNIT)
    booking = BookingFactory(session=PastSessionFactory(), attended=True)
    services.request_evaluations(session=booking.session, stage="after", by=by)
    old = services.evaluation_token(Evaluation.objects.get())
    services.request_evaluations(session=booking.session, stage="after", by=by)
    assert client.get(reverse("training:evaluate", args=[old])).status_code == 400
    new = services.evaluation_token(Evaluation.objects.get())
    assert client.get(reverse("training:evaluate", args=[new])).status_code == 200


def test_the_before_stage_is_for_those_booked_before_the_session(make_user):
    by = make_user(roles.BUSINESS_UNIT)
    booking = BookingFactory(session=SessionFactory())
    assert services.request_evaluations(session=booking.session, stage="before", by=by) == 1
    assert Evaluation.objects.get().expires_at == booking.session.starts_at


def test_results_show_confidence_by_stage_and_its_change(client, make_user):
    session = PastSessionFactory()
    for before, after in [(2, 4), (3, 5)]:
        booking = BookingFactory(session=session, attended=True)
        EvaluationFactory(booking=booking, stage="before", confidence=before, answered_at=timezone.now())
        EvaluationFactory(
            booking=booking, stage="after", confidence=after, usefulness=4, answered_at=timezone.now()
        )
    client.force_login(make_user(roles.BUSINESS_UNIT))
    html = client.get(reverse("training:session_results", args=[session.pk])).content.decode()
    assert "<svg" in html and "<title" in html and "<desc" in html
    assert "2.5" in html and "4.5" in html
    assert "+2.0 points" in html
