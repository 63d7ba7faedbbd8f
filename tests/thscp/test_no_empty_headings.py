"""Issue 12: no page has an empty heading (a heading with nothing to say is noise to a
screen reader, and axe's "empty-heading" rule), and every page names a favicon."""

import re

import pytest
from django.urls import reverse

from governance import roles
from tests.thscp.test_every_url import EXPECTATIONS

pytestmark = pytest.mark.django_db

EMPTY_HEADING = re.compile(r"<h([1-6])\b[^>]*>(?:\s|<span[^>]*>\s*</span>)*</h\1>")


def test_no_governance_or_home_page_has_an_empty_heading(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    checked = 0
    for name, expect in EXPECTATIONS.items():
        if not (name.startswith("governance:") or name in ("home", "reminders")):
            continue
        if expect.status(roles.BUSINESS_UNIT) != 200:
            continue
        response = client.get(reverse(name, kwargs=expect.kwargs()))
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        page = response.content.decode()
        assert not EMPTY_HEADING.search(page), (name, EMPTY_HEADING.search(page).group(0))
        checked += 1
    assert checked > 30


def test_every_page_names_the_services_own_favicon(client):
    page = client.get(reverse("account_login")).content.decode()
    assert re.search(r'<link rel="icon" href="/static/favicon\.svg[^"]*" type="image/svg\+xml">', page)
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.svg")
