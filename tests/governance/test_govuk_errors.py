"""Issue 12: pages that read like GOV.UK. Every governance form, posted empty or wrong,
answers in the Design System's words, and every error summary link goes to a field."""

import re

import pytest
from django.urls import reverse

from governance import roles
from tests.governance.factories import AgencyFactory, PartnershipGroupFactory, PersonFactory, executive_group

pytestmark = pytest.mark.django_db

DJANGO_DEFAULTS = [
    "This field is required.",
    "Enter a valid",
    "already exists.",
    "Ensure this value",
    "Select a valid choice",
    "---------",
    "Enter the requested on",
]


def _add_pages():
    group = PartnershipGroupFactory()
    return [
        reverse("governance:group_create"),
        reverse("governance:meeting_create", args=[group.slug]),
        reverse("governance:chair_term_add"),
        reverse("governance:person_create"),
        reverse("governance:agency_create"),
        reverse("governance:action_create"),
        reverse("governance:risk_create"),
        reverse("governance:document_create"),
        reverse("governance:escalation_create"),
        reverse("governance:scrutiny_create"),
        reverse("governance:contribution_add"),
        reverse("governance:spend_add"),
    ]


def _ids(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page))


def test_every_governance_form_posted_empty_answers_in_govuk_words_and_links_to_its_fields(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    executive_group()
    AgencyFactory()  # something to choose in the lists of agencies
    for url in _add_pages():
        blank = client.get(url).content.decode()
        assert "---------" not in blank, url
        page = client.post(url, {"submitted": "1"}).content.decode()
        assert "There is a problem" in page, url
        for default in DJANGO_DEFAULTS:
            assert default not in page, (url, default)
        summary = page.split('govuk-error-summary__list">', 1)[1].split("</ul>", 1)[0]
        anchors = re.findall(r'href="#([^"]+)"', summary)
        assert anchors, url
        missing = [anchor for anchor in anchors if anchor not in _ids(page)]
        assert not missing, (url, missing)


def test_a_select_says_select_and_a_wrong_time_says_how_to_write_it(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    page = client.post(reverse("governance:risk_create"), {"submitted": "1"}).content.decode()
    assert "Select the inherent likelihood" in page and "Enter the inherent likelihood" not in page
    group = PartnershipGroupFactory()
    page = client.post(
        reverse("governance:meeting_create", args=[group.slug]),
        {
            "starts_on_0": "1",
            "starts_on_1": "2",
            "starts_on_2": "2027",
            "start_time": "25:99",
            "location": "Hall",
        },
    ).content.decode()
    assert "Enter the start time in the 24-hour format, like 14:30" in page


def test_a_contact_with_an_email_address_already_in_use_is_refused_in_plain_words(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    existing = PersonFactory(email="helen.marsh@example.org")
    page = client.post(
        reverse("governance:person_create"),
        {"full_name": "Helen Marsh", "agency": existing.agency_id, "email": "helen.marsh@example.org"},
    ).content.decode()
    assert "Another person already has this email" in page
    assert "Person with this Email already exists." not in page


def test_long_text_is_refused_with_a_limit_a_person_can_act_on(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    page = client.post(reverse("governance:scrutiny_create"), {"summary": "x" * 10_001}).content.decode()
    assert "Summary must be 10,000 characters or fewer" in page
