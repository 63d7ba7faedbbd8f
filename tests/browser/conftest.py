"""Browser tests: Playwright driving Debian's headless Chromium against the live server.

Every page a journey visits is checked with axe-core for WCAG 2.2 AA violations.
"""

import os
from pathlib import Path

import pytest

from tests.services import require

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


# Playwright's sync API runs an event loop in the test thread, so Django would refuse
# the test's own database calls. Allowed for the browser tests only, around each one.
@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.hookimpl(trylast=True)
def pytest_runtest_teardown(item, nextitem):
    if nextitem is None or "tests/browser/" not in str(nextitem.fspath):
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    require(Path(CHROMIUM).exists(), f"Chromium at {CHROMIUM} (apt-get install chromium)")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture
def site(live_server, page):
    """The page under test, pointed at the live server, with the axe check to hand."""
    from tests.browser.pages import Site

    page.set_default_timeout(10_000)
    return Site(page=page, base_url=live_server.url)
