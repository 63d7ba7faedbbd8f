"""Deliverable due dates, slipped forecasts and missing period updates feed reminders
(deadlines) and My work; leads see their areas' asks and overdue deliverables, and
Executive members see every open ask."""

from datetime import date

import pytest
from django.urls import reverse

from governance import roles
from priorities import deadlines
from priorities.my_work import my_work
from tests.governance.factories import PersonFactory
from tests.priorities.factories import (
    DeliverableFactory,
    PriorityAreaFactory,
    PriorityCycleFactory,
    ProgressUpdateFactory,
)

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 28)


def person_for(user):
    return PersonFactory(user=user, full_name=user.full_name)


@pytest.fixture
def area():
    cycle = PriorityCycleFactory(starts_on=date(2024, 12, 1), ends_on=date(2026, 11, 30))
    return PriorityAreaFactory(cycle=cycle, title="Infant safety")


def keyed(found):
    return {deadline.key: deadline for deadline in found}


def test_a_deliverable_not_done_is_due_on_its_due_date_to_its_owner(area, make_user):
    owner = make_user(roles.GROUP_MEMBER)
    lead = make_user(roles.GROUP_MEMBER)
    area.leads.add(person_for(lead))
    deliverable = DeliverableFactory(objective__area=area, owner=person_for(owner), due_on=date(2026, 12, 10))
    found = keyed(deadlines.deadlines(TODAY))[f"priorities:deliverable:{deliverable.pk}:2026-12-10"]
    assert (found.due_on, found.responsible, found.escalate_to) == (
        date(2026, 12, 10),
        (owner.email,),
        (lead.email,),
    )
    assert not found.statutory
    assert found.url == deliverable.get_absolute_url()


def test_a_done_deliverable_is_not_due(area):
    DeliverableFactory(objective__area=area, status="done", completed_on=date(2026, 1, 1))
    assert not [d for d in deadlines.deadlines(TODAY) if ":deliverable:" in d.key]


def test_a_slipped_forecast_is_due_on_the_forecast_to_the_owner_and_the_leads(area, make_user):
    lead = make_user(roles.GROUP_MEMBER)
    area.leads.add(person_for(lead))
    deliverable = DeliverableFactory(
        objective__area=area, due_on=date(2026, 9, 30), forecast_on=date(2027, 1, 31)
    )
    found = keyed(deadlines.deadlines(TODAY))[f"priorities:forecast:{deliverable.pk}:2027-01-31"]
    assert found.due_on == date(2027, 1, 31)
    assert lead.email in found.responsible
    assert "slipped" in found.title


def test_a_missing_update_is_due_by_the_end_of_its_month(area, make_user):
    lead = make_user(roles.GROUP_MEMBER)
    area.leads.add(person_for(lead))
    ProgressUpdateFactory(area=area, period=date(2026, 10, 1))
    found = keyed(deadlines.deadlines(TODAY))
    november = found[f"priorities:update:{area.pk}:2026-11"]
    assert (november.due_on, november.responsible) == (date(2026, 11, 30), (lead.email,))
    assert november.url == reverse("priorities:update_create", args=[area.pk])
    assert f"priorities:update:{area.pk}:2026-10" not in found


def test_no_update_is_owed_outside_the_cycle(area):
    assert not [d for d in deadlines.deadlines(date(2027, 2, 10)) if ":update:" in d.key]


def test_deadlines_take_a_constant_number_of_queries(area, django_assert_num_queries):
    for _ in range(5):
        DeliverableFactory(objective__area=area, forecast_on=date(2027, 6, 1), owner=PersonFactory())
    PriorityAreaFactory(cycle=area.cycle).leads.add(PersonFactory())
    # Areas with sponsors, their leads with accounts, open deliverables, updates.
    with django_assert_num_queries(4):
        deadlines.deadlines(TODAY)


# My work


def items(lists, key):
    return next(work_list for work_list in lists if work_list.key == key).items


def test_executive_members_see_every_open_ask(area, make_user):
    ProgressUpdateFactory(area=area, period=date(2026, 11, 1), ask="Fund a co-ordinator.")
    ProgressUpdateFactory(area=area, period=date(2026, 10, 1), ask="Answered already.", ask_response="Yes.")
    lists = my_work(user=make_user(roles.EXECUTIVE_MEMBER), today=TODAY)
    asks = items(lists, "priority_asks")
    assert [item.title for item in asks] == ["Infant safety, November 2026: Fund a co-ordinator."]


def test_leads_see_their_areas_asks_overdue_and_slipped_deliverables_and_missing_updates(area, make_user):
    user = make_user(roles.GROUP_MEMBER)
    area.leads.add(person_for(user))
    ProgressUpdateFactory(area=area, period=date(2026, 10, 1), ask="Fund a co-ordinator.")
    ProgressUpdateFactory(area=PriorityAreaFactory(cycle=area.cycle), ask="Not their area.")
    # Owned by someone without an account: the leads are responsible for it.
    unowned = DeliverableFactory(objective__area=area, due_on=date(2026, 11, 1))
    # Owned by someone who signs in: escalated to the leads once overdue.
    owner = make_user(roles.GROUP_MEMBER)
    escalated = DeliverableFactory(objective__area=area, owner=person_for(owner), due_on=date(2026, 11, 2))
    slipped = DeliverableFactory(
        objective__area=area,
        owner=person_for(make_user()),
        due_on=date(2026, 9, 30),
        forecast_on=date(2026, 12, 2),
    )
    DeliverableFactory(objective__area=area, due_on=date(2027, 6, 1))  # not due for months: not shown
    lists = my_work(user=user, today=TODAY)
    assert [item.title for item in items(lists, "priority_asks")] == [
        "Infant safety, October 2026: Fund a co-ordinator."
    ]
    assert [(i.url, i.tag) for i in items(lists, "priority_deliverables")] == [
        (unowned.get_absolute_url(), "Overdue")
    ]
    assert [(i.url, i.tag) for i in items(lists, "priority_deliverables_late")] == [
        (escalated.get_absolute_url(), "Overdue")
    ]
    # Dated by its forecast, with the date it was first due beside it.
    assert [(i.url, i.tag, i.due_label, i.due_on, i.detail) for i in items(lists, "priority_forecasts")] == [
        (
            slipped.get_absolute_url(),
            "Forecast due soon",
            "forecast",
            date(2026, 12, 2),
            "first due 30 September 2026",
        )
    ]
    assert [(i.title, i.tag) for i in items(lists, "priority_updates")] == [
        ("Infant safety: the update for November 2026", "Update due soon")
    ]


def test_my_work_and_the_reminders_agree_on_whose_a_deliverable_is(area, make_user):
    owner = make_user(roles.GROUP_MEMBER)
    deliverable = DeliverableFactory(objective__area=area, owner=person_for(owner), due_on=date(2026, 12, 1))
    (deadline,) = [d for d in deadlines.deadlines(TODAY) if d.url == deliverable.get_absolute_url()]
    assert deadline.responsible == (owner.email,)
    assert [i.url for i in items(my_work(user=owner, today=TODAY), "priority_deliverables")] == [deadline.url]


def test_owners_see_their_own_deliverables_due_soon(area, make_user):
    user = make_user(roles.GROUP_MEMBER)
    owned = DeliverableFactory(objective__area=area, owner=person_for(user), due_on=date(2026, 12, 15))
    lists = my_work(user=user, today=TODAY)
    assert [item.url for item in items(lists, "priority_deliverables")] == [owned.get_absolute_url()]
    assert not items(lists, "priority_asks")


def test_others_see_nothing(area, make_user):
    ProgressUpdateFactory(area=area, ask="Fund a co-ordinator.")
    DeliverableFactory(objective__area=area, due_on=date(2026, 1, 1), forecast_on=date(2026, 1, 1))
    for user in (make_user(roles.YOUNG_SCRUTINEER), make_user()):
        assert not any(work_list.items for work_list in my_work(user=user, today=TODAY))


def test_the_home_page_shows_an_executive_member_the_ask(area, make_user, client):
    ProgressUpdateFactory(area=area, ask="Write to every agency.", rag="amber", rag_reason="Slow.")
    client.force_login(make_user(roles.EXECUTIVE_MEMBER))
    page = client.get(reverse("home")).content.decode()
    assert "Asks of the Executive from the priorities" in page
    assert "Write to every agency." in page
