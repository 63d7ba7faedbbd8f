"""Bulletins: sent through Celery to the contacts who receive them, one message each
with an unsubscribe link that works without signing in; sent once, whatever happens."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from governance import roles
from governance.models import Person
from tests.governance.factories import PersonFactory
from tests.training.factories import BulletinFactory, BulletinSectionFactory
from training import services
from training.models import BulletinDelivery

pytestmark = pytest.mark.django_db


def _send(bulletin, by, capture):
    with capture(execute=True):
        return services.send_bulletin(bulletin=bulletin, by=by)


def test_a_bulletin_goes_once_to_each_contact_who_receives_them(
    make_user, django_capture_on_commit_callbacks
):
    by = make_user(roles.BUSINESS_UNIT)
    Person.objects.all().update(receives_bulletins=False)
    readers = PersonFactory.create_batch(3)
    PersonFactory(receives_bulletins=False)
    bulletin = BulletinSectionFactory(heading="<script>alert(1)</script>").bulletin
    assert _send(bulletin, by, django_capture_on_commit_callbacks) == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in readers)
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "/training/unsubscribe/" in mail.outbox[0].body
    assert set(BulletinDelivery.objects.values_list("status", flat=True)) == {"sent"}


def test_a_bulletin_sent_twice_by_mistake_sends_once(client, make_user, django_capture_on_commit_callbacks):
    user = make_user(roles.BUSINESS_UNIT)
    Person.objects.all().update(receives_bulletins=False)
    PersonFactory.create_batch(2)
    bulletin = BulletinSectionFactory().bulletin
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("training:bulletin_send", args=[bulletin.pk]))
        second = client.post(reverse("training:bulletin_send", args=[bulletin.pk]), follow=True)
    assert len(mail.outbox) == 2
    assert "already been sent" in second.content.decode()
    assert BulletinDelivery.objects.count() == 2


def test_an_empty_bulletin_is_not_sent(make_user):
    with pytest.raises(Exception, match="at least one section"):
        services.send_bulletin(bulletin=BulletinFactory(), by=make_user(roles.BUSINESS_UNIT))


def test_a_tampered_unsubscribe_link_does_nothing_and_says_so(client):
    person = PersonFactory()
    token = services.unsubscribe_token(person)
    response = client.post(reverse("training:unsubscribe", args=[token + "x"]))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    person.refresh_from_db()
    assert person.receives_bulletins


def test_bulletins_through_a_real_smtp_server_and_unsubscribing(
    client,
    make_user,
    smtp_server,
    django_capture_on_commit_callbacks,
):
    server = smtp_server()
    by = make_user(roles.BUSINESS_UNIT)
    Person.objects.all().update(receives_bulletins=False)
    stays, leaves = PersonFactory(email="stays@example.org"), PersonFactory(email="leaves@example.org")
    _send(BulletinSectionFactory().bulletin, by, django_capture_on_commit_callbacks)
    assert sorted(envelope.rcpt_tos[0] for envelope in server.messages) == [leaves.email, stays.email]
    to_leaves = next(e for e in server.messages if e.rcpt_tos == [leaves.email])
    body = to_leaves.content.decode(errors="replace").replace("=\r\n", "").replace("=\n", "")
    link = re.search(r"http://[^/\s]+(/training/unsubscribe/[^/\s]+/)", body).group(1)
    page = client.get(link)
    assert "Stop getting bulletins" in page.content.decode()
    client.post(link)
    leaves.refresh_from_db()
    assert not leaves.receives_bulletins
    server.messages.clear()
    _send(BulletinSectionFactory().bulletin, by, django_capture_on_commit_callbacks)
    assert [envelope.rcpt_tos for envelope in server.messages] == [[stays.email]]
