import logging
import time

import pytest
from django.test import override_settings
from django.urls import reverse

from governance import roles
from governance.middleware import SESSION_STARTED_KEY
from tests.conftest import current_totp_code

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"


def attempt(client, email, password):
    return client.post(LOGIN_URL, {"login": email, "password": password})


def test_sign_in_page_is_public_and_every_other_page_needs_sign_in(client):
    assert client.get(LOGIN_URL).status_code == 200
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_wrong_password_shows_the_error_summary(client, make_user):
    user = make_user(roles.GROUP_MEMBER)
    response = attempt(client, user.email, "not-the-password")
    content = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in content
    assert "There is a problem" in content
    assert "<title>Error: " in content


def test_sign_in_by_email_starts_a_new_session(client, make_user, password):
    user = make_user(roles.GROUP_MEMBER)
    client.get(LOGIN_URL)
    before = client.cookies.get("sessionid")
    response = attempt(client, user.email, password)
    assert response.status_code == 302
    assert client.cookies["sessionid"].value != (before.value if before else None)
    assert client.get("/").status_code == 200


def test_lockout_after_five_failures_for_the_account_from_that_address(client, make_user, password):
    user = make_user(roles.GROUP_MEMBER)
    for _ in range(5):
        attempt(client, user.email, "wrong-password-here")
    response = attempt(client, user.email, password)
    assert response.status_code == 429
    assert "You cannot sign in for now" in response.content.decode()
    assert client.get("/").status_code == 302  # still signed out


def test_lockout_does_not_block_another_account_from_the_same_address(client, make_user, password):
    locked = make_user(roles.GROUP_MEMBER)
    other = make_user(roles.GROUP_MEMBER)
    for _ in range(5):
        attempt(client, locked.email, "wrong-password-here")
    assert attempt(client, other.email, password).status_code == 302


def test_lockout_counts_the_account_whatever_the_case_of_the_email(client, make_user, password):
    user = make_user(roles.GROUP_MEMBER)
    for index in range(5):
        email = user.email.upper() if index % 2 else user.email
        attempt(client, email, "wrong-password-here")
    assert attempt(client, user.email, password).status_code == 429


def test_sign_in_success_and_failure_are_logged(client, make_user, password, caplog):
    user = make_user(roles.GROUP_MEMBER)
    with caplog.at_level(logging.INFO, logger="security"):
        attempt(client, user.email, "wrong-password-here")
        attempt(client, user.email, password)
    messages = [record.getMessage() for record in caplog.records if record.name == "security"]
    assert any("sign-in failed" in message and user.email in message for message in messages)
    assert any(f"sign-in succeeded user_id={user.pk}" in message for message in messages)
    assert not any(password in message for message in messages)


def test_denied_requests_are_logged(signed_in_client, caplog):
    client, user = signed_in_client(roles.YOUNG_SCRUTINEER)
    with caplog.at_level(logging.WARNING, logger="security"):
        response = client.get(reverse("reviews:index"))
    assert response.status_code == 403
    assert any(
        "request denied" in record.getMessage() and "/reviews/" in record.getMessage()
        for record in caplog.records
    )


def test_sign_out_ends_the_session(signed_in_client):
    client, _ = signed_in_client(roles.GROUP_MEMBER)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302


def test_session_expires_after_its_absolute_lifetime(signed_in_client, settings):
    client, _ = signed_in_client(roles.GROUP_MEMBER)
    assert client.get("/").status_code == 200
    session = client.session
    session[SESSION_STARTED_KEY] = time.time() - settings.SESSION_ABSOLUTE_LIFETIME.total_seconds() - 1
    session.save()
    response = client.get("/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)
    assert client.get("/").status_code == 302


def test_idle_expiry_is_short_and_renewed_by_activity(settings):
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST


@override_settings(REQUIRE_TWO_FACTOR=True)
@pytest.mark.parametrize("role_name", roles.CASE_DATA_ROLES)
def test_case_data_roles_without_two_factor_must_set_it_up_first(client, make_user, password, role_name):
    user = make_user(role_name, two_factor=False)
    attempt(client, user.email, password)
    response = client.get("/")
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")
    # allauth asks for the password again before an authenticator is added.
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_reauthenticate"))
    response = client.post(response.redirect_chain[-1][0], {"password": password}, follow=True)
    assert "Activate" in response.content.decode()
    secret = client.session["mfa.totp.secret"]
    response = client.post(reverse("mfa_activate_totp"), {"code": current_totp_code(secret)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


@override_settings(REQUIRE_TWO_FACTOR=True)
def test_other_roles_are_not_forced_to_set_up_two_factor(client, make_user):
    client.force_login(make_user(roles.YOUNG_SCRUTINEER))
    assert client.get("/").status_code == 200


def test_enrolled_user_must_give_an_authenticator_code_to_sign_in(client, make_user, password):
    user = make_user(roles.BUSINESS_UNIT)
    response = attempt(client, user.email, password)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    assert client.get("/").status_code == 302  # not signed in until the code is given
    response = client.post(reverse("mfa_authenticate"), {"code": current_totp_code(user.totp_secret)})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_a_wrong_authenticator_code_is_refused_with_the_error_summary(client, make_user, password):
    user = make_user(roles.BUSINESS_UNIT)
    attempt(client, user.email, password)
    response = client.post(reverse("mfa_authenticate"), {"code": "000000"})
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert client.get("/").status_code == 302


def test_password_change_applies_the_password_rules(signed_in_client, password):
    client, user = signed_in_client(roles.GROUP_MEMBER)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": "short", "password2": "short"},
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(password)


def test_common_passwords_are_refused_even_when_long(signed_in_client, password):
    client, user = signed_in_client(roles.GROUP_MEMBER)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": password, "password1": "password1234", "password2": "password1234"},
    )
    assert "too common" in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(password)


def test_password_change_works_without_composition_rules(signed_in_client, password):
    client, user = signed_in_client(roles.GROUP_MEMBER)
    new = "three random words marmalade"
    response = client.post(
        reverse("account_change_password"), {"oldpassword": password, "password1": new, "password2": new}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_sends_an_email_with_a_working_link(client, make_user, mailoutbox):
    user = make_user(roles.GROUP_MEMBER)
    response = client.post(reverse("account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == [user.email]
    link = next(line for line in mailoutbox[0].body.splitlines() if "/accounts/password/reset/key/" in line)
    path = link[link.index("/accounts/") :].strip()
    response = client.get(path, follow=True)
    new = "a brand new long passphrase"
    response = client.post(response.redirect_chain[-1][0], {"password1": new, "password2": new})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new)


def test_password_reset_does_not_reveal_whether_an_account_exists(client, mailoutbox):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert all("password/reset/key" not in message.body for message in mailoutbox)


def test_self_sign_up_is_closed(client):
    response = client.post(
        reverse("account_signup"), {"email": "new@example.org", "password1": "x" * 16, "password2": "x" * 16}
    )
    assert response.status_code == 200
    assert "closed" in response.content.decode().lower()


def test_admin_is_for_superusers_only(client, make_user):
    client.force_login(make_user(roles.BUSINESS_UNIT, is_staff=True))
    assert client.get("/admin/").status_code == 302
    # The admin's own sign-in page is replaced by the service's, which refuses someone
    # already signed in rather than sending them round again.
    assert client.get("/admin/login/?next=/admin/").status_code == 403
    client.logout()
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)
    client.force_login(make_user(is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200


def test_client_address_ignores_forwarded_for_without_trusted_proxies(rf, settings):
    from governance.security import client_ip

    settings.PROXY_COUNT = 0
    request = rf.get("/", HTTP_X_FORWARDED_FOR="203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "10.0.0.2"


def test_client_address_trusts_only_our_own_proxies_entries(rf, settings):
    from governance.security import client_ip

    settings.PROXY_COUNT = 1
    # A client forging its own X-Forwarded-For cannot choose the address we use.
    request = rf.get("/", HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert client_ip(request) == "203.0.113.9"
