"""Browser tests: Playwright driving Debian's headless Chromium against the live server.

Every page a journey visits is checked with axe-core for WCAG 2.2 AA violations, and
every page a test opens is watched for Content Security Policy violations: any one
fails the test (see `context` below).
"""

import contextlib
import os
from pathlib import Path

import pytest
from playwright.sync_api import Error as PlaywrightError

from tests.services import require

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


# Before `-m` deselects: `make test-fast` runs `-m "not browser"`.
@pytest.hookimpl(tryfirst=True)
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


# Runs in every page before the page's own scripts. Playwright injects init scripts and
# bindings through the DevTools protocol, so the page's Content Security Policy does not
# apply to them (test_content_security_policy.py proves the listener is live).
CSP_LISTENER = """
window.addEventListener("securitypolicyviolation", (event) => {
  window.__reportCspViolation({
    page: event.documentURI,
    directive: event.effectiveDirective,
    blocked: event.blockedURI,
    source: event.sourceFile ? `${event.sourceFile}:${event.lineNumber}` : "",
  });
}, true);
"""


class CspViolations:
    """What the browser refused under the Content Security Policy, from two sources: the
    `securitypolicyviolation` event and Chromium's console errors that name the policy."""

    def __init__(self):
        self.events = []
        self.console = []

    def watch(self, context) -> None:
        context.expose_binding("__reportCspViolation", lambda source, event: self.events.append(event))
        context.add_init_script(CSP_LISTENER)
        context.on("console", self._on_console)

    def _on_console(self, message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            url = message.location.get("url")
            text = message.text if len(message.text) <= 400 else message.text[:400] + "..."
            self.console.append(f"{url}: {text}" if url else text)

    def settle(self, context) -> None:
        """Let every open page deliver the violation events still queued."""
        for page in context.pages:
            # A page closed or navigating away has nothing more to deliver.
            with contextlib.suppress(PlaywrightError):
                page.evaluate("() => new Promise((resolve) => setTimeout(resolve, 50))")

    def assert_none(self) -> None:
        found = [
            f"{e['directive']} refused {e['blocked'] or 'inline'} on {e['page']} {e['source']}".rstrip()
            for e in self.events
        ] + self.console
        assert not found, "Content Security Policy violations:\n" + "\n".join(found)

    def clear(self) -> None:
        self.events.clear()
        self.console.clear()


@pytest.fixture
def csp_violations():
    return CspViolations()


@pytest.fixture
def context(context, csp_violations):
    """pytest-playwright's context, watched: a CSP violation on any of its pages fails the
    test at teardown, before the context closes."""
    csp_violations.watch(context)
    yield context
    csp_violations.settle(context)
    csp_violations.assert_none()
