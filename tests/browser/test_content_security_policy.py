"""The Content Security Policy in the browser: pages carry it, it refuses inline script
and style, and the violation net of tests/browser/conftest.py fails a test that breaks it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from governance import roles
from tests.browser.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]

STRICT_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

INJECT_STYLE_ATTRIBUTE = """() => document.querySelector("main").insertAdjacentHTML(
  "beforeend", '<p id="injected" style="color: rgb(255, 0, 0)">Injected</p>')"""
INJECT_STYLE_ELEMENT = """() => document.querySelector("main").insertAdjacentHTML(
  "beforeend", '<style>#injected { color: rgb(255, 0, 0) }</style><p id="injected">Injected</p>')"""
INJECT_SCRIPT_ELEMENT = """() => {
  const script = document.createElement("script");
  script.textContent = "document.body.dataset.injected = 'ran'";
  document.body.append(script);
}"""


def policy_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_pages_are_served_with_the_strict_policy_and_permissions_policy(site):
    response = site.page.goto(f"{site.base_url}/accounts/login/")

    assert policy_directives(response.headers["content-security-policy"]) == STRICT_POLICY
    permissions = response.headers["permissions-policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


@pytest.mark.parametrize(
    ("inject", "directive"),
    [
        (INJECT_STYLE_ATTRIBUTE, "style-src-attr"),
        (INJECT_STYLE_ELEMENT, "style-src-elem"),
    ],
    ids=["style-attribute", "style-element"],
)
def test_inline_style_is_refused_and_caught_by_the_violation_net(site, csp_violations, inject, directive):
    site.open_sign_in()
    site.page.evaluate(inject)

    expect(site.page.locator("#injected")).not_to_have_css("color", "rgb(255, 0, 0)")
    csp_violations.settle(site.page.context)
    with pytest.raises(AssertionError, match=f"{directive} refused inline on .*/accounts/login/"):
        csp_violations.assert_none()
    assert any("inline style" in message for message in csp_violations.console)
    csp_violations.clear()


def test_inline_script_is_refused_and_caught_by_the_violation_net(site, csp_violations):
    site.open_sign_in()
    site.page.evaluate(INJECT_SCRIPT_ELEMENT)

    assert site.page.evaluate("() => document.body.dataset.injected") is None
    csp_violations.settle(site.page.context)
    with pytest.raises(AssertionError, match="script-src-elem refused inline on .*/accounts/login/"):
        csp_violations.assert_none()
    assert any("inline script" in message for message in csp_violations.console)
    csp_violations.clear()


def deliberately_breaks_the_policy(site):
    """Not collected by default (it does not start with test_): run only by the test below,
    to show that a violation nobody clears fails the test at teardown."""
    site.open_sign_in()
    site.page.evaluate(INJECT_STYLE_ATTRIBUTE)


def test_a_violation_fails_the_test_that_caused_it(tmp_path):
    node = f"{Path(__file__).relative_to(ROOT)}::deliberately_breaks_the_policy"
    result = subprocess.run(  # noqa: S603 (our own interpreter and test file)
        [sys.executable, "-m", "pytest", node, "-o", "python_functions=deliberately_*", "-q"]
        # No cache: its deliberate failure must not join this run's --lf record.
        + ["-p", "no:cacheprovider"],
        cwd=ROOT,
        # A database of its own: the inner run must not create or drop this run's test database.
        env={**os.environ, "TESTING": "1", "DATABASE_URL": f"sqlite:///{tmp_path / 'inner.sqlite3'}"},
        capture_output=True,
        text=True,
        timeout=300,
    )

    assert result.returncode == 1, result.stdout + result.stderr
    assert "ERROR at teardown of deliberately_breaks_the_policy" in result.stdout
    assert "style-src-attr refused inline" in result.stdout
    summary = result.stdout.strip().splitlines()[-1]
    assert "1 passed" in summary and "1 error" in summary, summary


def test_the_two_factor_qr_code_shows_under_the_policy(site, make_user, password):
    user = make_user(roles.BUSINESS_UNIT, two_factor=False)
    site.open_sign_in().submit(user.email, password)
    # Sent to set up two-factor sign-in, which first asks for the password again.
    site.page.get_by_label("Password").fill(password)
    site.page.get_by_role("button", name="Confirm").click()

    qr_code = site.page.locator("main img").first
    expect(qr_code).to_be_visible()
    assert site.page.evaluate("(image) => image.complete && image.naturalWidth > 0", qr_code.element_handle())
    assert_accessible(site.page)
