"""Issue 12: My work describes only what the person may use."""

import pytest
from django.urls import reverse

from governance import roles

pytestmark = pytest.mark.django_db


def test_a_group_member_is_not_told_of_the_risk_register_or_the_contacts_they_cannot_open(signed_in_client):
    client, _ = signed_in_client(roles.GROUP_MEMBER)
    page = client.get(reverse("home")).content.decode()
    assert "Groups, meetings and the action log." in page
    assert "risk register" not in page and "contacts directory" not in page
    assert client.get(reverse("governance:risk_list")).status_code == 403


def test_the_business_unit_is_told_of_every_part_of_governance(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    page = client.get(reverse("home")).content.decode()
    assert "the risk register" in page and "the contacts directory." in page
