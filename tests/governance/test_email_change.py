"""Pen test finding 10: nobody changes their own sign-in email address; the business
unit does."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from governance import roles

pytestmark = pytest.mark.django_db

EMAIL_PAGE = "/accounts/email/"


def test_the_email_page_is_not_found(signed_in_client):
    client, _ = signed_in_client(roles.GROUP_MEMBER)
    assert client.get(EMAIL_PAGE).status_code == 404


def test_adding_an_unverified_address_changes_nothing(signed_in_client):
    client, user = signed_in_client(roles.GROUP_MEMBER)
    email = user.email
    response = client.post(EMAIL_PAGE, {"action_add": "", "email": "someone-else@example.org"})
    assert response.status_code == 404
    user.refresh_from_db()
    assert user.email == email
    assert not EmailAddress.objects.filter(email="someone-else@example.org").exists()


def test_making_another_address_primary_changes_nothing(signed_in_client):
    client, user = signed_in_client(roles.GROUP_MEMBER)
    EmailAddress.objects.create(user=user, email="second@example.org", verified=False, primary=False)
    response = client.post(EMAIL_PAGE, {"action_primary": "", "email": "second@example.org"})
    assert response.status_code == 404
    user.refresh_from_db()
    assert user.email != "second@example.org"


def test_the_accounts_root_does_not_fail(signed_in_client):
    # allauth sends a signed-in visitor to /accounts/ on to the email page.
    client, _ = signed_in_client(roles.GROUP_MEMBER)
    assert client.get("/accounts/", follow=True).status_code == 404


def test_no_page_links_to_the_email_page(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    pages = [
        "/",
        reverse("governance:profile"),
        reverse("account_change_password"),
        reverse("mfa_index"),
        "/accounts/confirm-email/not-a-key/",
    ]
    for page in pages:
        response = client.get(page, follow=True)
        assert response.status_code == 200, page
        assert EMAIL_PAGE not in response.content.decode(), page
