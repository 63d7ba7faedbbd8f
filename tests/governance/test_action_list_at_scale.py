"""Issue 12 (with issue 17's measurement): the action log's page does not grow with the
contacts directory. Its owner filter was a select of every person (177 KB at 10 times the
demo data); owners are now found by name, or by a link on an owner's name, the list is
paginated with its filters kept across pages, and the queries stay constant."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from governance import roles
from governance.models import Action
from tests.governance.factories import ActionFactory, AgencyFactory, PartnershipGroupFactory, PersonFactory
from tests.governance.test_list_query_counts import count_queries

pytestmark = pytest.mark.django_db

URL = "/governance/actions/"


@pytest.fixture
def business_unit(client, make_user):
    client.force_login(make_user(roles.BUSINESS_UNIT))
    return client


def _page(client, **params) -> str:
    return client.get(reverse("governance:action_list"), params).content.decode()


def test_the_page_does_not_grow_with_the_contacts_directory(business_unit):
    ActionFactory(title="Refresh the neglect toolkit")
    business_unit.get(URL)
    before = len(_page(business_unit))
    agency = AgencyFactory(name="Barts Health NHS Trust")
    people = [PersonFactory(full_name=f"Directory Person {n}", agency=agency) for n in range(150)]
    after = _page(business_unit)
    assert not any(person.full_name in after for person in people)
    assert abs(len(after) - before) < 100, (before, len(after))


def test_an_owner_is_found_by_name(business_unit):
    ActionFactory(title="Helen's action", owner=PersonFactory(full_name="Helen Marsh"))
    ActionFactory(title="Dev's action", owner=PersonFactory(full_name="Dev Patel"))
    page = _page(business_unit, owner_name="marsh")
    assert "Helen&#x27;s action" in page and "Dev&#x27;s action" not in page
    assert 'name="owner_name" value="marsh"' in page


def test_an_owners_name_in_the_list_shows_their_actions(business_unit):
    helen = PersonFactory(full_name="Helen Marsh")
    ActionFactory(title="Helen's action", owner=helen)
    ActionFactory(title="Dev's action", owner=PersonFactory(full_name="Dev Patel"))
    assert f'href="?owner={helen.pk}"' in _page(business_unit)
    page = _page(business_unit, owner=helen.pk)
    assert "Showing the actions of Helen Marsh" in page and "Show every owner’s actions" in page
    assert "Helen&#x27;s action" in page and "Dev&#x27;s action" not in page


def test_the_filters_are_kept_on_every_page(business_unit):
    owner = PersonFactory(full_name="Helen Marsh")
    for number in range(30):
        ActionFactory(title=f"Open action {number}", owner=owner)
    ActionFactory(title="Finished", owner=owner, status=Action.Status.DONE, closing_note="Shown to work.")
    page = _page(business_unit, owner_name="Marsh", status="open")
    assert "30 actions." in page and re.search(r"Page 1 of 2", page)
    next_link = re.search(r'href="\?([^"]*)" rel="next"', page).group(1)
    assert "owner_name=Marsh" in next_link and "status=open" in next_link and "page=2" in next_link
    second = business_unit.get(f"{URL}?{next_link.replace('&amp;', '&')}").content.decode()
    assert "Open action" in second and "Finished" not in second


def test_a_malformed_filter_is_ignored_and_the_others_still_apply(business_unit):
    ActionFactory(title="Finished", status=Action.Status.DONE, closing_note="Shown to work.")
    ActionFactory(title="Unstarted")
    page = _page(business_unit, group="not-a-number", owner="999999", status="done")
    assert "Finished" in page and "Unstarted" not in page


def _add(count, group, owner_base):
    today = timezone.localdate()
    for number in range(count):
        ActionFactory(
            title=f"Action {number}",
            group=group,
            owner=PersonFactory(full_name=f"{owner_base} {number}"),
            due_date=today + timedelta(days=number - 5),
        )


@pytest.mark.parametrize(
    "params",
    ["", "?owner_name=Marsh&status=open", "?view=overdue&page=2", "?owner_name=Marsh&page=2"],
)
def test_the_filtered_list_runs_the_same_queries_for_10_actions_as_for_60(business_unit, params):
    group = PartnershipGroupFactory()
    _add(10, group, "Helen Marsh")
    business_unit.get(URL)
    small, _ = count_queries(business_unit, URL + params)
    _add(50, group, "Helen Marsh")
    for _ in range(500):
        PersonFactory()
    large, sql = count_queries(business_unit, URL + params)
    assert large == small, sql
    assert small <= 16, sql
