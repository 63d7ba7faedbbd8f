"""Issue 12: pages read as plain English: no "None" where nothing is recorded, and a
name ending in s takes the apostrophe alone ("Services’", never "Services's")."""

import pytest
from django.urls import reverse

from governance import roles
from governance.models import Agency, BudgetContribution
from governance.text import possessive
from tests.governance.factories import AgencyFactory, MeetingFactory, PartnershipGroupFactory

pytestmark = pytest.mark.django_db


def test_a_group_with_no_vice_chair_says_so_in_words(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    group = PartnershipGroupFactory(vice_chair=None)
    page = client.get(reverse("governance:group_detail", args=[group.slug])).content.decode()
    assert "No vice-chair" in page and ">None<" not in page


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Tower Hamlets Council Children's Services", "Tower Hamlets Council Children's Services’"),
        ("James", "James’"),
        ("Amira Hussain", "Amira Hussain’s"),
    ],
)
def test_a_possessive_never_reads_s_apostrophe_s(name, expected):
    assert possessive(name) == expected


def test_the_budget_never_says_services_apostrophe_s(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    council = AgencyFactory(
        name="County Children's Services", statutory_partner=Agency.StatutoryPartner.LOCAL_AUTHORITY
    )
    BudgetContribution.objects.create(financial_year=2025, agency=council, amount=5000)
    page = client.get(reverse("governance:budget") + "?year=2025").content.decode()
    assert "Services’ contribution" in page and "Services&#x27;s" not in page and "Services's" not in page
    again = client.post(
        reverse("governance:contribution_add"), {"financial_year": 2025, "agency": council.pk, "amount": "1"}
    ).content.decode()
    assert "Services’ contribution for 2025-26 is already recorded" in again


def test_a_web_address_is_a_govuk_text_input(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    group = PartnershipGroupFactory()
    page = client.get(reverse("governance:meeting_create", args=[group.slug])).content.decode()
    field = page.split('id="id_online_link"')[0].rsplit("<input", 1)[1]
    assert 'class="govuk-input' in field and 'inputmode="url"' in field


def test_a_meeting_without_minutes_says_so_under_its_heading(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    meeting = MeetingFactory(minutes="")
    page = client.get(meeting.get_absolute_url()).content.decode()
    assert "No minutes recorded." in page
