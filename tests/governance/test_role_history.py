"""Who holds which role has History (issue 12): an Executive member may sign for their
partner, so giving or taking the role is recorded with who did it, and shown on the
person's History page."""

import re

import pytest
from django.urls import reverse

from governance import roles, services
from governance.models import User
from governance.templatetags.governance_tags import history_url
from tests.governance.factories import AgencyFactory, PersonFactory

pytestmark = pytest.mark.django_db


def plain_text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


@pytest.fixture
def police_member():
    agency = AgencyFactory(name="County Constabulary", statutory_partner="police")
    return PersonFactory(full_name="Gareth Lloyd", email="gareth.lloyd@example.org", agency=agency)


def test_giving_the_executive_member_role_on_the_accounts_page_shows_on_the_persons_history(
    signed_in_client, police_member
):
    client, business_unit = signed_in_client(roles.BUSINESS_UNIT)
    client.post(
        reverse("governance:account_create"),
        {"person": police_member.pk, "roles": [roles.GROUP_MEMBER], "is_active": "on"},
    )
    account = User.objects.get(email="gareth.lloyd@example.org")

    response = client.post(
        reverse("governance:account_edit", args=[account.pk]),
        {"roles": [roles.GROUP_MEMBER, roles.EXECUTIVE_MEMBER], "is_active": "on"},
    )

    assert response.status_code == 302
    history = plain_text(client.get(history_url(police_member)))
    assert f"Sign-in account changed by {business_unit.full_name}" in history
    assert "Roles Changed from Group member → to Executive member, Group member" in history
    assert f"Sign-in account created by {business_unit.full_name}" in history
    assert "Roles Changed from (none) → to Group member" in history


def test_taking_a_role_away_and_stopping_sign_in_are_on_the_persons_history(signed_in_client, police_member):
    client, business_unit = signed_in_client(roles.BUSINESS_UNIT)
    account = services.give_account(
        person=police_member, roles=[roles.EXECUTIVE_MEMBER], is_active=True, by=business_unit
    )

    client.post(reverse("governance:account_edit", args=[account.pk]), {"roles": [roles.GROUP_MEMBER]})

    history = plain_text(client.get(history_url(police_member)))
    assert "Roles Changed from Executive member → to Group member" in history
    assert "Can sign in Changed from Yes → to No" in history


def test_changing_roles_writes_one_version_naming_who_changed_them(make_user, police_member):
    business_unit = make_user(roles.BUSINESS_UNIT)
    account = services.give_account(
        person=police_member, roles=[roles.GROUP_MEMBER], is_active=True, by=business_unit
    )
    versions_before = account.history.count()

    services.change_account(
        user=account, roles=[roles.EXECUTIVE_MEMBER, roles.AGENCY_DATA_LEAD], is_active=True, by=business_unit
    )

    assert account.history.count() == versions_before + 1
    latest = account.history.latest()
    assert latest.history_user == business_unit
    assert sorted(row.group.name for row in latest.groups.all()) == [
        roles.AGENCY_DATA_LEAD,
        roles.EXECUTIVE_MEMBER,
    ]


def test_the_persons_page_names_the_roles_they_hold(signed_in_client, police_member):
    client, business_unit = signed_in_client(roles.BUSINESS_UNIT)
    services.give_account(
        person=police_member, roles=[roles.EXECUTIVE_MEMBER], is_active=True, by=business_unit
    )

    page = plain_text(client.get(police_member.get_absolute_url()))

    assert "Roles Executive member" in page
