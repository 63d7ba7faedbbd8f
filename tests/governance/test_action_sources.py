"""Raise an action from any record: an area registers its model once, and the one
"Add an action" page names the record, suggests values, checks the person may see the
record and stores it as the action's source."""

import pytest
from django.contrib.contenttypes.models import ContentType

from governance import action_sources, roles
from governance.models import Action, Escalation
from tests.governance.factories import (
    EscalationFactory,
    MeetingFactory,
    PartnershipGroupFactory,
    PersonFactory,
    executive_group,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def escalations_are_a_source(monkeypatch):
    """A model registered as a new area would register its own."""
    monkeypatch.setattr(action_sources, "_sources", dict(action_sources._sources))
    return action_sources.register_action_source(
        "escalation",
        "governance.escalation",
        view_permission="governance.view_escalation",
        initial=lambda escalation: {"title": f"Follow up: {escalation.summary}"},
    )


def _action_data(group, owner, **extra):
    return {
        "title": "Agree a joint protocol",
        "description": "",
        "group": group.pk,
        "owner": owner.pk,
        "due_date_0": "1",
        "due_date_1": "3",
        "due_date_2": "2027",
        "rag": Action.Rag.GREEN,
        "theme": "",
        **extra,
    }


def test_a_registered_record_is_named_and_its_suggestions_filled_in(
    signed_in_client, escalations_are_a_source
):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    escalation = EscalationFactory(summary="Threshold disagreement")

    url = action_sources.raise_action_url(escalation)
    content = client.get(url).content.decode()

    assert url.endswith(f"?source=escalation:{escalation.pk}")
    assert "Raised from: Threshold disagreement" in content
    assert 'value="Follow up: Threshold disagreement"' in content


def test_an_action_raised_from_a_registered_record_keeps_it_as_its_source(
    signed_in_client, escalations_are_a_source
):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    escalation = EscalationFactory()
    group = executive_group()

    response = client.post(action_sources.raise_action_url(escalation), _action_data(group, PersonFactory()))

    assert response.status_code == 302
    action = Action.objects.get()
    assert action.source_type == ContentType.objects.get_for_model(Escalation)
    assert action.source_id == escalation.pk
    assert escalation.summary in client.get(action.get_absolute_url()).content.decode()


def test_a_record_the_person_may_not_see_answers_404_and_nothing_is_saved(
    signed_in_client, escalations_are_a_source
):
    client, user = signed_in_client(roles.SUB_GROUP_CHAIR)
    chaired = PartnershipGroupFactory(chair=PersonFactory(user=user))
    escalation = EscalationFactory()

    assert client.get(action_sources.raise_action_url(escalation)).status_code == 404
    response = client.post(
        action_sources.raise_action_url(escalation), _action_data(chaired, PersonFactory())
    )
    assert response.status_code == 404
    assert not Action.objects.exists()


def test_an_unknown_source_answers_404(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    assert client.get("/governance/actions/add/?source=nothing:1").status_code == 404


def test_a_meeting_suggests_its_group(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    meeting = MeetingFactory()

    content = client.get(action_sources.raise_action_url(meeting)).content.decode()

    assert f'<option value="{meeting.group.pk}" selected>' in content


def test_a_model_cannot_be_registered_twice(escalations_are_a_source):
    with pytest.raises(ValueError, match="already registered"):
        action_sources.register_action_source(
            "escalation", "governance.escalation", view_permission="governance.view_escalation"
        )


def test_an_unregistered_model_has_no_raise_action_link():
    with pytest.raises(LookupError):
        action_sources.raise_action_url(PersonFactory())
