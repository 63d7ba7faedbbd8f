"""Issue 12: the meetings list records and shows upcoming meetings, a group's page shows
its future meetings, and the contacts search covers role, agency and email."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import roles
from tests.governance.factories import AgencyFactory, MeetingFactory, PartnershipGroupFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _names(page: str, *names: str) -> list[str]:
    return [name for name in names if name in page]


@pytest.mark.parametrize("query", ["designated nurse", "barts", "dn.lead@"])
def test_contacts_search_covers_role_agency_and_email(signed_in_client, query):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    PersonFactory(
        full_name="Ada Lovelace",
        job_title="Designated Nurse",
        agency=AgencyFactory(name="Barts Health"),
        email="dn.lead@example.org",
    )
    PersonFactory(full_name="Ben Other", job_title="Head of Service", email="ben@example.org")
    page = client.get(reverse("governance:person_list"), {"q": query}).content.decode()
    assert _names(page, "Ada Lovelace", "Ben Other") == ["Ada Lovelace"]


def test_the_contacts_list_shows_email_and_phone(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    PersonFactory(full_name="Ada Lovelace", email="ada@example.org", phone="020 7946 0000")
    page = client.get(reverse("governance:person_list")).content.decode()
    assert 'href="mailto:ada@example.org"' in page and "020 7946 0000" in page


def test_the_meetings_list_shows_upcoming_meetings_and_records_one(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    group = PartnershipGroupFactory(name="Education Safeguarding Forum")
    soon = MeetingFactory(group=group, starts_at=timezone.now() + timedelta(days=10))
    MeetingFactory(group=group, starts_at=timezone.now() - timedelta(days=10))
    page = client.get(reverse("governance:meeting_list")).content.decode()
    upcoming = page.split("Upcoming meetings", 1)[1].split("Past meetings", 1)[0]
    assert soon.get_absolute_url() in upcoming
    assert "Record a meeting" in page
    response = client.get(reverse("governance:meeting_record"), {"group": group.pk})
    assert response.status_code == 302
    assert response.url == reverse("governance:meeting_create", args=[group.slug])


def test_a_group_member_is_not_offered_to_record_a_meeting(signed_in_client):
    client, user = signed_in_client(roles.GROUP_MEMBER)
    group = PartnershipGroupFactory()
    PersonFactory(user=user).groups.add(group)
    page = client.get(reverse("governance:meeting_list")).content.decode()
    assert "Record a meeting" not in page
    assert client.get(reverse("governance:meeting_record"), {"group": group.pk}).status_code == 403


def test_a_groups_page_shows_its_future_meetings(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    group = PartnershipGroupFactory()
    future = MeetingFactory(group=group, starts_at=timezone.now() + timedelta(days=40))
    page = client.get(reverse("governance:group_detail", args=[group.slug])).content.decode()
    upcoming = page.split("Upcoming meetings", 1)[1].split("Recent meetings", 1)[0]
    assert future.get_absolute_url() in upcoming
