import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value

from governance import roles
from tests.governance.factories import TEST_PASSWORD, UserFactory


def current_totp_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def enrol_two_factor(user) -> str:
    """Give a user an authenticator app, as they would at first sign-in; returns its secret."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


@pytest.fixture
def make_user(db):
    """make_user("Business unit") gives a user holding those roles, with two-factor set
    up where the role needs it (as it would be in production)."""

    def make(*role_names, two_factor=True, **fields):
        user = UserFactory(roles=list(role_names), **fields)
        user.totp_secret = enrol_two_factor(user) if two_factor and user.needs_two_factor else None
        return user

    return make


@pytest.fixture
def signed_in_client(client, make_user):
    """A test client signed in (session only) as a new user with the given roles."""

    def sign_in(*role_names):
        user = make_user(*role_names)
        client.force_login(user)
        return client, user

    return sign_in


@pytest.fixture
def password():
    return TEST_PASSWORD


@pytest.fixture(params=roles.ALL_ROLES)
def role(request):
    return request.param


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate-limit counters live in the cache: each test starts with none."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _private_files_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """Browser tests run last: Playwright keeps an event loop open in the test thread
    for the rest of the session, which Django's database calls refuse to run beside."""
    browser = [item for item in items if "tests/browser/" in str(item.fspath)]
    others = [item for item in items if "tests/browser/" not in str(item.fspath)]
    items[:] = others + browser
