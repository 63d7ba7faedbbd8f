"""Confidential meeting content: who may read it, and that every view of a meeting
(its page, its History, its papers) asks the same rule.

The rule: the group's own members and chairs, the business unit, the Executive and the
independent scrutineer; never young scrutineers; not the chairs of other groups.
"""

import pytest
from django.urls import reverse

from governance import roles
from governance.models import AgendaItem, MeetingDecision
from governance.templatetags.governance_tags import history_url
from tests.governance.factories import MeetingFactory, PersonFactory, pdf_upload

pytestmark = pytest.mark.django_db

SECRET_MINUTES = "Minutes-marker: the family moved to another borough"
SECRET_DECISION = "Decision-marker: refer the case to the panel"
SECRET_PAPER = "Paper-marker: case audit findings"


@pytest.fixture
def confidential_meeting():
    meeting = MeetingFactory(minutes="First draft.", minutes_confidential=True)
    # A change, so that History has a minutes diff to show (or not).
    meeting.minutes = SECRET_MINUTES
    meeting.save()
    MeetingDecision.objects.create(meeting=meeting, text=SECRET_DECISION)
    AgendaItem.objects.create(
        meeting=meeting, title=SECRET_PAPER, is_confidential=True, paper=pdf_upload(), paper_name="audit.pdf"
    )
    return meeting


def _as(make_user, client, role, meeting, *, membership=None):
    user = make_user(role)
    person = PersonFactory(user=user)
    if membership == "member":
        meeting.group.members.add(person)
    elif membership == "chair":
        meeting.group.members.add(person)
        meeting.group.chair = person
        meeting.group.save()
    client.force_login(user)
    return client


# (role, membership of the meeting's group, may read confidential content)
WHO = [
    (roles.BUSINESS_UNIT, None, True),
    (roles.EXECUTIVE_MEMBER, None, True),
    (roles.INDEPENDENT_SCRUTINEER, None, True),
    (roles.SUB_GROUP_CHAIR, "chair", True),
    (roles.GROUP_MEMBER, "member", True),
    (roles.AGENCY_DATA_LEAD, "member", True),
    (roles.SUB_GROUP_CHAIR, None, False),
    (roles.YOUNG_SCRUTINEER, None, False),
    (roles.YOUNG_SCRUTINEER, "member", False),
]


@pytest.mark.parametrize(("role", "membership", "may_read"), WHO)
def test_meeting_page_shows_confidential_content_only_to_those_the_rule_allows(
    client, make_user, confidential_meeting, role, membership, may_read
):
    client = _as(make_user, client, role, confidential_meeting, membership=membership)

    content = client.get(confidential_meeting.get_absolute_url()).content.decode()

    for secret in (SECRET_MINUTES, SECRET_DECISION, SECRET_PAPER):
        assert (secret in content) is may_read, secret
    if not may_read:
        assert "The minutes of this meeting are confidential." in content
        assert "The decisions of this meeting are confidential." in content


@pytest.mark.parametrize(("role", "membership", "may_read"), WHO)
def test_meeting_history_shows_confidential_minutes_only_to_those_the_rule_allows(
    client, make_user, confidential_meeting, role, membership, may_read
):
    client = _as(make_user, client, role, confidential_meeting, membership=membership)

    response = client.get(history_url(confidential_meeting))

    assert response.status_code == 200
    assert (SECRET_MINUTES in response.content.decode()) is may_read


@pytest.mark.parametrize(("role", "membership", "may_read"), WHO)
def test_confidential_paper_downloads_only_for_those_the_rule_allows(
    client, make_user, confidential_meeting, role, membership, may_read
):
    client = _as(make_user, client, role, confidential_meeting, membership=membership)
    item = confidential_meeting.agenda_items.get()

    response = client.get(reverse("governance:agenda_paper", args=[item.pk]))

    assert response.status_code == (200 if may_read else 404)


def test_minutes_confidential_in_a_past_version_stay_hidden_after_they_are_made_public(client, make_user):
    meeting = MeetingFactory(minutes="Draft.", minutes_confidential=True)
    meeting.minutes = SECRET_MINUTES
    meeting.save()
    meeting.minutes = "The published summary."
    meeting.minutes_confidential = False
    meeting.save()
    client = _as(make_user, client, roles.YOUNG_SCRUTINEER, meeting)

    content = client.get(history_url(meeting)).content.decode()

    assert SECRET_MINUTES not in content
    assert "Draft." not in content


def test_a_public_meeting_hides_only_its_confidential_paper_titles(client, make_user):
    meeting = MeetingFactory(minutes="Open minutes.", minutes_confidential=False)
    MeetingDecision.objects.create(meeting=meeting, text="An open decision")
    AgendaItem.objects.create(meeting=meeting, title=SECRET_PAPER, is_confidential=True)
    AgendaItem.objects.create(meeting=meeting, title="Budget update", position=2)
    client = _as(make_user, client, roles.YOUNG_SCRUTINEER, meeting)

    content = client.get(meeting.get_absolute_url()).content.decode()

    assert "Open minutes." in content and "An open decision" in content and "Budget update" in content
    assert SECRET_PAPER not in content
    assert "Confidential item, not shown" in content
