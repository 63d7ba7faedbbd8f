"""Every response carries the strict Content Security Policy and the Permissions-Policy:
pages, error pages and private file downloads alike."""

import pytest
from django.urls import reverse

from governance import roles
from governance.models import AgendaItem
from tests.governance.factories import MeetingFactory, pdf_upload

pytestmark = pytest.mark.django_db

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
DENIED_FEATURES = ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]


def assert_security_headers(response) -> None:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    assert directives == STRICT_POLICY

    features = dict(entry.strip().split("=", 1) for entry in response["Permissions-Policy"].split(","))
    assert set(features.values()) == {"()"}, "every feature listed is denied to every origin"
    assert set(DENIED_FEATURES) <= set(features)


def test_the_sign_in_page_carries_the_policies(client):
    response = client.get(reverse("account_login"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_a_signed_in_page_carries_the_policies(signed_in_client):
    client, _ = signed_in_client(roles.GROUP_MEMBER)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_the_not_found_page_carries_the_policies(signed_in_client):
    client, _ = signed_in_client(roles.GROUP_MEMBER)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_security_headers(response)


def test_the_refused_page_carries_the_policies(signed_in_client):
    client, _ = signed_in_client(roles.GROUP_MEMBER)
    response = client.get(reverse("reminders"))
    assert response.status_code == 403
    assert_security_headers(response)


def test_a_private_file_download_carries_the_policies(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    item = AgendaItem.objects.create(meeting=MeetingFactory(), title="Report", paper=pdf_upload())
    response = client.get(reverse("governance:agenda_paper", args=[item.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert_security_headers(response)
