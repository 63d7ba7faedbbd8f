import logging

import pytest
from django.urls import reverse

from governance import roles
from governance.models import User
from tests.governance.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_business_unit_gives_a_contact_an_account_and_they_are_emailed_a_link(
    signed_in_client, mailoutbox
):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    person = PersonFactory(full_name="Joanna Pike", email="joanna.pike@example.org")
    response = client.post(
        reverse("governance:account_create"),
        {"person": person.pk, "roles": [roles.RAPID_REVIEW_PANEL], "is_active": "on"},
    )
    assert response.status_code == 302
    user = User.objects.get(email="joanna.pike@example.org")
    assert user.role_names == {roles.RAPID_REVIEW_PANEL}
    person.refresh_from_db()
    assert person.user == user
    assert mailoutbox[0].to == ["joanna.pike@example.org"]
    assert "/accounts/password/reset/key/" in mailoutbox[0].body


def test_role_changes_are_logged(signed_in_client, make_user, caplog):
    client, admin = signed_in_client(roles.BUSINESS_UNIT)
    user = make_user(roles.GROUP_MEMBER)
    with caplog.at_level(logging.INFO, logger="security"):
        client.post(
            reverse("governance:account_edit", args=[user.pk]),
            {"roles": [roles.GROUP_MEMBER, roles.AGENCY_DATA_LEAD], "is_active": "on"},
        )
    user.refresh_from_db()
    assert user.groups.filter(name=roles.AGENCY_DATA_LEAD).exists()
    assert any(f"roles changed user_id={user.pk} by={admin.pk}" in r.getMessage() for r in caplog.records)


def test_stopping_an_account_stops_sign_in(signed_in_client, make_user, password):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    user = make_user(roles.GROUP_MEMBER)
    client.post(reverse("governance:account_edit", args=[user.pk]), {"roles": [roles.GROUP_MEMBER]})
    user.refresh_from_db()
    assert not user.is_active
    client.logout()
    client.post("/accounts/login/", {"login": user.email, "password": password})
    assert client.get("/").status_code == 302


def test_the_business_unit_cannot_remove_its_own_role(signed_in_client):
    client, me = signed_in_client(roles.BUSINESS_UNIT)
    response = client.post(reverse("governance:account_edit", args=[me.pk]), {"roles": [], "is_active": "on"})
    assert "You cannot remove your own Business unit role" in response.content.decode()
    me.refresh_from_db()
    assert me.groups.filter(name=roles.BUSINESS_UNIT).exists()


def test_a_contact_who_already_has_an_account_email_is_refused(signed_in_client, make_user):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    make_user(roles.GROUP_MEMBER, email="taken@example.org")
    person = PersonFactory(email="taken@example.org")
    response = client.post(reverse("governance:account_create"), {"person": person.pk, "is_active": "on"})
    assert "already exists" in response.content.decode()
