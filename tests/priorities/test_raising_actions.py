"""A priority's lead raises an action from a deliverable into the log of the group that
oversees the priority, though they chair no group (governance.action_sources'
raise_permission); into no other group, and nobody else by that route."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import roles
from governance.action_sources import raise_action_url
from governance.models import Action
from tests.governance.factories import PartnershipGroupFactory, PersonFactory
from tests.priorities.factories import DeliverableFactory, ObjectiveFactory, PriorityAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def deliverable(make_user, client):
    """A deliverable of a priority led by a group member who chairs no group, signed in."""
    user = make_user(roles.GROUP_MEMBER)
    area = PriorityAreaFactory()
    area.leads.add(PersonFactory(user=user, full_name=user.full_name))
    client.force_login(user)
    return DeliverableFactory(objective=ObjectiveFactory(area=area))


def action_data(group, **overrides):
    owner = PersonFactory()
    due = timezone.localdate() + timedelta(days=30)
    return {
        "title": "Run the neglect toolkit training",
        "description": "",
        "group": group.pk,
        "owner": owner.pk,
        "due_date_0": due.day,
        "due_date_1": due.month,
        "due_date_2": due.year,
        "rag": "green",
        **overrides,
    }


def test_a_lead_raises_an_action_from_a_deliverable_into_the_oversight_group(client, deliverable):
    group = deliverable.objective.area.oversight_group
    page = client.get(reverse("priorities:deliverable_detail", args=[deliverable.pk])).content.decode()
    assert raise_action_url(deliverable).replace("&", "&amp;") in page

    response = client.post(raise_action_url(deliverable), action_data(group))

    assert response.status_code == 302
    action = Action.objects.get()
    assert (action.group, action.source) == (group, deliverable)


def test_a_lead_cannot_raise_an_action_into_another_group(client, deliverable):
    other = PartnershipGroupFactory()
    response = client.post(raise_action_url(deliverable), action_data(other))
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert not Action.objects.exists()


def test_someone_who_does_not_run_the_priority_cannot_raise_an_action_from_it(make_user, client):
    deliverable = DeliverableFactory()
    client.force_login(make_user(roles.GROUP_MEMBER))
    response = client.post(
        raise_action_url(deliverable), action_data(deliverable.objective.area.oversight_group)
    )
    assert response.status_code == 403
    assert not Action.objects.exists()
