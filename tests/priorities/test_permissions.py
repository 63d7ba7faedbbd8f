"""Who may do what with the priorities, per role and per relation to the record
(priorities/rules.py), and that pages ask the same rules."""

import pytest
from django.urls import reverse

from governance import roles
from governance import services as governance_services
from tests.governance.factories import PersonFactory
from tests.priorities.factories import (
    DeliverableFactory,
    FeedbackFactory,
    PriorityAreaFactory,
    ProgressUpdateFactory,
)

pytestmark = pytest.mark.django_db

RUN_AREA = [
    "priorities.change_priorityarea",
    "priorities.add_deliverable",
    "priorities.add_progressupdate",
    "priorities.change_outcomemeasure",
    "priorities.respond_to_feedback",
]


def person_for(user):
    return PersonFactory(user=user, full_name=user.full_name)


def test_the_business_unit_does_everything(make_user):
    user = make_user(roles.BUSINESS_UNIT)
    area = PriorityAreaFactory()
    deliverable = DeliverableFactory(objective__area=area)
    for permission in [*RUN_AREA, "priorities.add_prioritycycle", "priorities.add_priorityarea"]:
        assert user.has_perm(permission, area), permission
    assert user.has_perm("priorities.update_deliverable", deliverable)
    assert user.has_perm("priorities.change_deliverable", deliverable)
    assert user.has_perm("priorities.respond_to_ask")


@pytest.mark.parametrize("how", ["lead", "sponsor"])
def test_leads_and_the_sponsor_run_their_own_area_only(make_user, how):
    user = make_user(roles.GROUP_MEMBER if how == "lead" else roles.EXECUTIVE_MEMBER)
    person = person_for(user)
    own, other = PriorityAreaFactory(), PriorityAreaFactory()
    if how == "lead":
        own.leads.add(person)
    else:
        own.sponsor = person
        own.save()
    for permission in RUN_AREA:
        assert user.has_perm(permission, own), permission
        assert not user.has_perm(permission, other), permission
    assert user.has_perm("priorities.update_deliverable", DeliverableFactory(objective__area=own))
    assert not user.has_perm("priorities.update_deliverable", DeliverableFactory(objective__area=other))
    assert not user.has_perm("priorities.add_priorityarea")


def test_a_delivery_group_member_updates_the_deliverables_they_own_and_changes_nothing_else(make_user):
    user = make_user(roles.GROUP_MEMBER)
    person = person_for(user)
    area = PriorityAreaFactory()
    area.oversight_group.members.add(person)
    owned = DeliverableFactory(objective__area=area, owner=person)
    not_owned = DeliverableFactory(objective__area=area)
    assert user.has_perm("priorities.update_deliverable", owned)
    assert not user.has_perm("priorities.update_deliverable", not_owned)
    assert not user.has_perm("priorities.change_deliverable", owned)
    assert not user.has_perm("priorities.add_progressupdate", area)


def test_owning_a_deliverable_without_sitting_on_the_group_is_not_enough(make_user):
    user = make_user(roles.GROUP_MEMBER)
    owned = DeliverableFactory(owner=person_for(user))
    assert not user.has_perm("priorities.update_deliverable", owned)


def test_young_scrutineers_add_feedback_and_read_but_change_nothing(make_user):
    user = make_user(roles.YOUNG_SCRUTINEER)
    area = PriorityAreaFactory()
    assert user.has_perm("priorities.add_feedback", area)
    assert user.has_perm("priorities.view_priorityarea", area)
    for permission in [*RUN_AREA, "priorities.change_feedback", "priorities.respond_to_ask"]:
        assert not user.has_perm(permission, area), permission
    assert not user.has_perm("priorities.view_confidential_notes", ProgressUpdateFactory(area=area))


@pytest.mark.parametrize(
    "role",
    [roles.AGENCY_DATA_LEAD, roles.INDEPENDENT_SCRUTINEER, roles.RAPID_REVIEW_PANEL, roles.SUB_GROUP_CHAIR],
)
def test_other_roles_read_only(make_user, role):
    user = make_user(role)
    area = PriorityAreaFactory()
    assert user.has_perm("priorities.view_priorityarea", area)
    assert user.has_perm("priorities.view_confidential_notes", ProgressUpdateFactory(area=area))
    for permission in [*RUN_AREA, "priorities.add_feedback", "priorities.respond_to_ask"]:
        assert not user.has_perm(permission, area), permission


def test_executive_members_respond_to_asks(make_user):
    assert make_user(roles.EXECUTIVE_MEMBER).has_perm("priorities.respond_to_ask")


def test_without_a_role_nothing(make_user, client):
    user = make_user()
    client.force_login(user)
    area = PriorityAreaFactory()
    assert not user.has_perm("priorities.view_priorityarea", area)
    assert client.get(area.get_absolute_url()).status_code == 403


# Pages ask the same rules


def test_a_lead_sees_the_change_links_of_their_own_area_only(make_user, client):
    user = make_user(roles.GROUP_MEMBER)
    own, other = PriorityAreaFactory(), PriorityAreaFactory()
    own.leads.add(person_for(user))
    client.force_login(user)
    assert (
        reverse("priorities:update_create", args=[own.pk])
        in client.get(own.get_absolute_url()).content.decode()
    )
    page = client.get(other.get_absolute_url()).content.decode()
    assert reverse("priorities:update_create", args=[other.pk]) not in page
    assert client.get(reverse("priorities:update_create", args=[other.pk])).status_code == 403


def test_the_board_offers_moves_only_on_the_cards_a_member_owns(make_user, client):
    user = make_user(roles.GROUP_MEMBER)
    person = person_for(user)
    area = PriorityAreaFactory()
    area.oversight_group.members.add(person)
    owned = DeliverableFactory(objective__area=area, owner=person)
    other = DeliverableFactory(objective__area=area)
    client.force_login(user)
    page = client.get(reverse("priorities:board", args=[area.pk])).content.decode()
    assert reverse("priorities:deliverable_move", args=[owned.pk]) in page
    assert reverse("priorities:deliverable_move", args=[other.pk]) not in page
    refused = client.post(reverse("priorities:deliverable_move", args=[other.pk]), {"status": "doing"})
    assert refused.status_code == 403
    other.refresh_from_db()
    assert other.status == "to_do"


CONFIDENTIAL = "One post in the business unit is vacant"


def test_young_scrutineers_never_see_confidential_notes_on_the_page_or_in_history(make_user, client):
    update = ProgressUpdateFactory(confidential_notes=CONFIDENTIAL)
    update.confidential_notes = CONFIDENTIAL + " until March"
    update.save()  # a second version, so History shows what changed
    history = reverse("governance:history", args=["priorities", "progressupdate", update.pk])
    client.force_login(make_user(roles.YOUNG_SCRUTINEER))
    assert CONFIDENTIAL not in client.get(update.get_absolute_url()).content.decode()
    page = client.get(history)
    assert page.status_code == 200
    assert CONFIDENTIAL not in page.content.decode()
    client.force_login(make_user(roles.GROUP_MEMBER))
    assert CONFIDENTIAL in client.get(update.get_absolute_url()).content.decode()
    assert CONFIDENTIAL in client.get(history).content.decode()


def test_the_young_scrutineer_can_add_feedback_but_not_answer_it(make_user, client):
    feedback = FeedbackFactory()
    client.force_login(make_user(roles.YOUNG_SCRUTINEER))
    assert client.get(reverse("priorities:feedback_create", args=[feedback.area_id])).status_code == 200
    assert client.get(reverse("priorities:feedback_response", args=[feedback.pk])).status_code == 403


def test_a_deliverable_lists_only_the_actions_the_reader_may_see_in_the_action_log(make_user, client):
    deliverable = DeliverableFactory()
    governance_services.create_action(
        title="Draft the guide with health visitors",
        group=deliverable.objective.area.oversight_group,
        owner=PersonFactory(),
        due_date=deliverable.due_on,
        source=deliverable,
        by=None,
    )
    client.force_login(make_user(roles.BUSINESS_UNIT))
    assert (
        "Draft the guide with health visitors" in client.get(deliverable.get_absolute_url()).content.decode()
    )
    # The rapid review panel reads the plans but not this group's actions.
    client.force_login(make_user(roles.RAPID_REVIEW_PANEL))
    page = client.get(deliverable.get_absolute_url()).content.decode()
    assert "Draft the guide with health visitors" not in page
    assert "No actions yet" in page
