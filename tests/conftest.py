import os
import time
from collections.abc import Callable, Iterator
from urllib.parse import urlsplit, urlunsplit

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


@pytest.fixture(scope="session")
def shared_test_data(django_db_setup, django_db_blocker, tmp_path_factory):
    """Data loaded once for every test of a module (or class) that only reads it.

        @pytest.fixture(scope="module")
        def demo(shared_test_data):
            yield from shared_test_data(load_governance_demo)

    The loader runs in a transaction that stays open while the tests run and is rolled
    back after the last one; each test still runs in its own transaction nested inside
    it, so what a test writes is undone before the next. Not for tests that need
    `transaction=True` (they would flush the shared data). Files the loader writes go
    to a temporary folder of their own, not to the tests' MEDIA_ROOT.
    """
    from django.db import transaction
    from django.test import override_settings

    def load_and_keep(load: Callable[[], object], **settings) -> Iterator[None]:
        media_root = tmp_path_factory.mktemp("shared-media")
        with django_db_blocker.unblock():
            kept = transaction.atomic()
            kept.__enter__()
            try:
                with override_settings(MEDIA_ROOT=media_root, **settings):
                    load()
            except BaseException:
                transaction.set_rollback(True)
                kept.__exit__(None, None, None)
                raise
        try:
            yield
        finally:
            with django_db_blocker.unblock():
                transaction.set_rollback(True)
                kept.__exit__(None, None, None)

    return load_and_keep


def _run_order(item) -> tuple[bool, int]:
    """Browser tests last: Playwright keeps an event loop open in the test thread for the
    rest of the session, which Django's database calls refuse to run beside. Before them,
    pytest-django's order: tests in a rolled-back transaction, then those that flush the
    database (which also removes the roles the migrations made), then those without one."""
    marker = item.get_closest_marker("django_db")
    flushes = bool(
        marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences"))
    ) or not {"transactional_db", "live_server"}.isdisjoint(item.fixturenames)
    uses_database = marker is not None or "db" in item.fixturenames
    return "tests/browser/" in str(item.fspath), 1 if flushes else 0 if uses_database else 2


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_collection_modifyitems(items):
    """The outermost wrapper, so that the order of `_run_order` holds after `--ff` (and
    `--nf`) put failed (or new) tests first; within each of its groups they still are."""
    result = yield
    items.sort(key=_run_order)
    return result


def pytest_configure(config):
    """Under pytest-xdist (`make test-fast`) each worker has a Redis database of its own,
    as it has a test database of its own: a real Celery worker that a test starts takes
    only its own process's tasks, never those of a test on another worker (which it
    would run against the wrong test database). Settings were read before this runs, so
    the Celery app is pointed there too: one process, one broker."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")  # gw0, gw1, ...
    url = os.environ.get("REDIS_URL")
    if not worker or not url:
        return
    number = int(worker.removeprefix("gw")) % 15 + 1  # Redis has databases 0 to 15
    os.environ["REDIS_URL"] = urlunsplit(urlsplit(url)._replace(path=f"/{number}"))
    from thscp.celery import app

    app.conf.update(broker_url=os.environ["REDIS_URL"], result_backend=os.environ["REDIS_URL"])
