"""A page never prints Python's "None" for an empty value (issue 12: pages read like
GOV.UK): an empty field says "None recorded" or "Not recorded", or is left out."""

import re

import pytest
from django.urls import reverse

from governance import roles
from tests.governance.factories import (
    ActionFactory,
    EscalationFactory,
    MeetingFactory,
    PartnershipGroupFactory,
    PersonFactory,
    RiskFactory,
    ScrutinyActivityFactory,
)

pytestmark = pytest.mark.django_db


def words(response) -> str:
    assert response.status_code == 200
    main = response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_governance_pages_with_empty_optional_fields_print_no_bare_none(client, make_user):
    group = PartnershipGroupFactory(purpose="", chair=None, vice_chair=None)
    person = PersonFactory(job_title="", phone="")
    action = ActionFactory(group=group, theme=None)
    risk = RiskFactory()
    escalation = EscalationFactory(details="")
    activity = ScrutinyActivityFactory()
    meeting = MeetingFactory(group=group)
    client.force_login(make_user(roles.BUSINESS_UNIT))

    pages = {
        "group": reverse("governance:group_detail", args=[group.slug]),
        "person": person.get_absolute_url(),
        "action": action.get_absolute_url(),
        "risk": risk.get_absolute_url(),
        "escalation": escalation.get_absolute_url(),
        "scrutiny": activity.get_absolute_url(),
        "meeting": meeting.get_absolute_url(),
    }

    shown = {name: words(client.get(url)) for name, url in pages.items()}
    assert {name: text for name, text in shown.items() if re.search(r"\bNone\b(?! recorded)", text)} == {}
