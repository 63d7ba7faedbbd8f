"""Pen test finding 2: two-factor codes are limited per account, in the database.

Every test here goes through the real sign-in (password, then code) with the test
client. Time passing is simulated by moving the last failure back.
"""

import logging
import time
from datetime import timedelta

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.cache import cache
from django.urls import reverse

from governance import roles
from governance.models import User
from tests.conftest import current_totp_code

pytestmark = pytest.mark.django_db

LOGIN_URL = "/accounts/login/"
PAUSED = "You have entered too many wrong codes. Wait 1 minute, then try again"
LOCKED = "Codes for this account are locked"


def wrong_code(secret: str) -> str:
    """A code that is not right at any step the tolerance accepts."""
    step = int(time.time()) // 30
    right = {format_hotp_value(hotp_value(secret, step + offset)) for offset in (-1, 0, 1)}
    return next(code for code in (f"{n:06d}" for n in range(1, 1000)) if code not in right)


def enter_password(client, user, password):
    response = client.post(LOGIN_URL, {"login": user.email, "password": password})
    assert response.url == reverse("mfa_authenticate")


def enter_code(client, code):
    return client.post(reverse("mfa_authenticate"), {"code": code})


def signed_in(client) -> bool:
    return client.get("/").status_code == 200


def let_time_pass(user, delta):
    """As if the last wrong code had been entered `delta` earlier."""
    user.refresh_from_db()
    User.objects.filter(pk=user.pk).update(two_factor_failed_at=user.two_factor_failed_at - delta)


def lock_out(client, user, password):
    """Ten wrong codes at sign-in, waiting out the pause after the fifth."""
    enter_password(client, user, password)
    for _ in range(5):
        enter_code(client, wrong_code(user.totp_secret))
    let_time_pass(user, timedelta(minutes=1))
    for _ in range(5):
        response = enter_code(client, wrong_code(user.totp_secret))
    return response


@pytest.fixture
def person(make_user):
    return make_user(roles.BUSINESS_UNIT)


def test_a_burst_of_wrong_codes_is_cut_off_and_the_right_code_then_refused(client, person, password):
    # The pen test: 30 wrong codes at once, then the right one, which was accepted.
    enter_password(client, person, password)
    responses = [enter_code(client, wrong_code(person.totp_secret)) for _ in range(30)]
    response = enter_code(client, current_totp_code(person.totp_secret))
    assert sum("Incorrect code." in r.content.decode() for r in responses) == 4
    assert PAUSED in response.content.decode()
    assert "govuk-error-summary" in response.content.decode()
    assert not signed_in(client)
    person.refresh_from_db()
    assert person.two_factor_failures == 5


def test_after_the_pause_the_right_code_signs_in_and_resets_the_count(client, person, password):
    enter_password(client, person, password)
    for _ in range(5):
        enter_code(client, wrong_code(person.totp_secret))
    let_time_pass(person, timedelta(seconds=61))
    response = enter_code(client, current_totp_code(person.totp_secret))
    assert response.status_code == 302
    assert signed_in(client)
    person.refresh_from_db()
    assert person.two_factor_failures == 0


def test_ten_wrong_codes_lock_the_account_and_show_the_lockout_page(client, person, password):
    response = lock_out(client, person, password)
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert "contact the partnership's business unit" in response.content.decode()
    person.refresh_from_db()
    assert person.two_factor_locked


def test_the_lockout_refuses_even_the_right_code(client, person, password):
    lock_out(client, person, password)
    response = enter_code(client, current_totp_code(person.totp_secret))
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_lockout_refuses_a_fresh_sign_in_too(client, person, password):
    lock_out(client, person, password)
    client.logout()
    enter_password(client, person, password)
    assert enter_code(client, current_totp_code(person.totp_secret)).status_code == 429
    assert not signed_in(client)


def test_after_thirty_minutes_one_more_wrong_code_locks_it_again(client, person, password):
    lock_out(client, person, password)
    let_time_pass(person, timedelta(minutes=30))
    assert enter_code(client, wrong_code(person.totp_secret)).status_code == 429
    assert enter_code(client, current_totp_code(person.totp_secret)).status_code == 429


def test_after_thirty_minutes_the_right_code_signs_in(client, person, password):
    lock_out(client, person, password)
    let_time_pass(person, timedelta(minutes=30))
    assert enter_code(client, current_totp_code(person.totp_secret)).status_code == 302
    assert signed_in(client)


def test_wrong_recovery_codes_count_against_the_same_limit(client, person, password):
    unused = RecoveryCodes.activate(person).get_unused_codes()
    wrong = next(code for code in ("11111111", "22222222", "33333333") if code not in unused)
    enter_password(client, person, password)
    for _ in range(5):
        enter_code(client, wrong)
    response = enter_code(client, unused[0])
    assert PAUSED in response.content.decode()
    assert not signed_in(client)
    assert unused[0] in RecoveryCodes.activate(person).get_unused_codes()


def test_the_lockout_refuses_a_right_recovery_code(client, person, password):
    unused = RecoveryCodes.activate(person).get_unused_codes()
    lock_out(client, person, password)
    assert enter_code(client, unused[0]).status_code == 429
    assert not signed_in(client)
    assert unused[0] in RecoveryCodes.activate(person).get_unused_codes()


def test_each_wrong_code_is_logged_to_security_without_the_code(client, person, password, caplog):
    code = wrong_code(person.totp_secret)
    with caplog.at_level(logging.INFO, logger="security"):
        enter_password(client, person, password)
        for _ in range(3):
            enter_code(client, code)
    failures = [
        r.getMessage() for r in caplog.records if r.name == "security" and "code failed" in r.getMessage()
    ]
    assert failures == [
        f"two-factor code failed user_id={person.pk} purpose=sign-in failures={n} address=127.0.0.1"
        for n in (1, 2, 3)
    ]
    assert all(r.levelno == logging.WARNING for r in caplog.records if "code failed" in r.getMessage())
    assert not any(code in r.getMessage() for r in caplog.records)


def test_the_lockout_and_refused_codes_are_logged(client, person, password, caplog):
    with caplog.at_level(logging.INFO, logger="security"):
        lock_out(client, person, password)
        enter_code(client, current_totp_code(person.totp_secret))
    messages = [r.getMessage() for r in caplog.records if r.name == "security"]
    assert f"two-factor locked user_id={person.pk} failures=10 address=127.0.0.1" in messages
    assert any(m.startswith(f"two-factor code refused (locked) user_id={person.pk}") for m in messages)


def test_the_limit_holds_with_the_cache_down(client, person, password, settings):
    # A cache that keeps nothing, as ResilientRedisCache is with Redis down.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    enter_password(client, person, password)
    for _ in range(10):
        enter_code(client, wrong_code(person.totp_secret))
    response = enter_code(client, current_totp_code(person.totp_secret))
    assert PAUSED in response.content.decode()
    assert not signed_in(client)


def test_reauthentication_codes_count_against_the_limit(client, person):
    client.force_login(person)
    for _ in range(5):
        client.post(reverse("mfa_reauthenticate"), {"code": wrong_code(person.totp_secret)})
    let_time_pass(person, timedelta(minutes=1))
    cache.clear()  # the minute has passed for allauth's own 10-a-minute limit on this page too
    for _ in range(5):
        response = client.post(reverse("mfa_reauthenticate"), {"code": wrong_code(person.totp_secret)})
    assert response.status_code == 429
    response = client.post(reverse("mfa_reauthenticate"), {"code": current_totp_code(person.totp_secret)})
    assert response.status_code == 429
    assert LOCKED in response.content.decode()


def test_setting_up_an_authenticator_counts_codes_too(client, make_user, password, settings):
    settings.REQUIRE_TWO_FACTOR = True
    newcomer = make_user(roles.BUSINESS_UNIT, two_factor=False)
    client.post(LOGIN_URL, {"login": newcomer.email, "password": password})
    response = client.get(reverse("mfa_activate_totp"), follow=True)
    client.post(response.redirect_chain[-1][0], {"password": password})
    client.get(reverse("mfa_activate_totp"))
    secret = client.session["mfa.totp.secret"]
    for _ in range(5):
        client.post(reverse("mfa_activate_totp"), {"code": wrong_code(secret)})
    response = client.post(reverse("mfa_activate_totp"), {"code": current_totp_code(secret)})
    assert PAUSED in response.content.decode()
    newcomer.refresh_from_db()
    assert newcomer.two_factor_failures == 5


# Clearing by the business unit


def test_the_business_unit_sees_the_lockout_on_the_account_page(client, person, password, signed_in_client):
    lock_out(client, person, password)
    business_unit, _ = signed_in_client(roles.BUSINESS_UNIT)
    content = business_unit.get(reverse("governance:account_edit", args=[person.pk])).content.decode()
    assert "Two-factor sign-in is locked" in content
    assert "Clear two-factor lockout" in content
    assert "Two-factor locked" in business_unit.get(reverse("governance:account_list")).content.decode()


def test_the_business_unit_clears_the_lockout_and_the_right_code_then_works(
    client, person, password, signed_in_client, caplog
):
    lock_out(client, person, password)
    business_unit, clearer = signed_in_client(roles.BUSINESS_UNIT)
    with caplog.at_level(logging.INFO, logger="security"):
        response = business_unit.post(
            reverse("governance:account_clear_two_factor_lockout", args=[person.pk]), follow=True
        )
    assert f"Two-factor lockout cleared: {person.full_name} can sign in" in response.content.decode()
    assert "Clear two-factor lockout" not in response.content.decode()
    assert any(
        f"two-factor lockout cleared user_id={person.pk} by={clearer.pk} failures=10" in r.getMessage()
        for r in caplog.records
    )
    assert enter_code(client, current_totp_code(person.totp_secret)).status_code == 302
    assert signed_in(client)


@pytest.mark.parametrize("role_name", [roles.EXECUTIVE_MEMBER, roles.RAPID_REVIEW_PANEL, roles.GROUP_MEMBER])
def test_only_the_business_unit_can_clear_a_lockout(client, person, password, signed_in_client, role_name):
    lock_out(client, person, password)
    other, _ = signed_in_client(role_name)
    response = other.post(reverse("governance:account_clear_two_factor_lockout", args=[person.pk]))
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.two_factor_locked


def test_clearing_a_lockout_is_post_only(signed_in_client, person):
    business_unit, _ = signed_in_client(roles.BUSINESS_UNIT)
    User.objects.filter(pk=person.pk).update(two_factor_failures=10)
    response = business_unit.get(reverse("governance:account_clear_two_factor_lockout", args=[person.pk]))
    assert response.status_code == 405
    person.refresh_from_db()
    assert person.two_factor_locked


def test_no_one_clears_their_own_lockout(signed_in_client):
    business_unit, me = signed_in_client(roles.BUSINESS_UNIT)
    User.objects.filter(pk=me.pk).update(two_factor_failures=10)
    response = business_unit.post(
        reverse("governance:account_clear_two_factor_lockout", args=[me.pk]), follow=True
    )
    assert "Ask someone else in the business unit" in response.content.decode()
    me.refresh_from_db()
    assert me.two_factor_locked
