"""Issue 12: History a person can read: names for related records (only those the viewer
may see), UK dates, the forms' labels, many-to-many as names, and only real changes."""

from datetime import date

import pytest

from governance import roles, services
from governance.models import Action
from governance.templatetags.governance_tags import history_url
from tests.governance.factories import (
    ActionFactory,
    PartnershipGroupFactory,
    PersonFactory,
    RiskFactory,
)
from tests.reviews.factories import SeriousIncidentFactory

pytestmark = pytest.mark.django_db


def _page(client, record):
    return client.get(history_url(record)).content.decode()


def test_history_names_the_people_not_their_database_numbers(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    action = ActionFactory(owner=PersonFactory(full_name="Helen Marsh"))
    action.owner = PersonFactory(full_name="Dev Patel")
    action._history_user = user
    action.save()
    page = _page(client, action)
    assert "Helen Marsh" in page and "Dev Patel" in page
    assert f"<del>{action.owner_id - 1}</del>" not in page and f"<ins>{action.owner_id}</ins>" not in page


def test_history_shows_uk_dates_and_the_forms_labels(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    action = ActionFactory(due_date=date(2026, 3, 5), rag=Action.Rag.GREEN)
    action.due_date = date(2026, 4, 9)
    action.rag = Action.Rag.AMBER
    action._history_user = user
    action.save()
    page = _page(client, action)
    assert "5 March 2026" in page and "9 April 2026" in page
    assert "2026-03-05" not in page
    assert ">RAG<" in page and ">Rag<" not in page


def test_many_to_many_changes_read_as_names(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    risk = RiskFactory()
    services.save_risk(risk=risk, by=user, mitigating_actions=[ActionFactory(title="Audit the front door")])
    risk._history_user = user
    risk.save()
    page = _page(client, risk)
    assert "Audit the front door" in page
    assert "{&#x27;" not in page and "{'" not in page


def test_a_save_that_changed_nothing_is_not_listed(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    group = PartnershipGroupFactory()
    for _ in range(3):
        group._history_user = user
        group.save()
    page = _page(client, group)
    assert "Saved with no change" not in page
    assert page.count("Changed by") == 0 and "Created by" in page


def test_history_never_names_a_record_the_viewer_may_not_see(signed_in_client):
    """An action raised from a case: its source is named only to those who may see cases."""
    from django.contrib.contenttypes.models import ContentType

    from reviews.models import SeriousIncident

    incident = SeriousIncidentFactory()
    client, user = signed_in_client(roles.EXECUTIVE_MEMBER)
    action = ActionFactory()
    action.source_type = ContentType.objects.get_for_model(SeriousIncident)
    action.source_id = incident.pk
    action._history_user = user
    action.save()
    member_client, _ = signed_in_client(roles.SUB_GROUP_CHAIR)
    page = _page(member_client, action)
    assert incident.reference not in page


def _raised_later_from(source, user):
    """An action whose source was set after it was made (as the demo data does)."""
    from django.contrib.contenttypes.models import ContentType

    action = ActionFactory()
    action.source_type = ContentType.objects.get_for_model(source)
    action.source_id = source.pk
    action._history_user = user
    action.save()
    return action


def test_an_actions_history_names_where_it_came_from_not_database_numbers(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    risk = RiskFactory(title="Thresholds applied inconsistently")
    page = _page(client, _raised_later_from(risk, user))
    assert "Came from" in page and "Risk: Thresholds applied inconsistently" in page
    assert "Source id" not in page and "Source type" not in page
    assert f"<ins>{risk.pk}</ins>" not in page


def test_an_actions_history_does_not_name_a_source_the_viewer_may_not_see(signed_in_client):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    action = _raised_later_from(RiskFactory(title="Thresholds applied inconsistently"), user)
    young, _ = signed_in_client(roles.YOUNG_SCRUTINEER)  # reads actions, never the risk register
    action_page = young.get(action.get_absolute_url()).content.decode()
    page = _page(young, action)
    assert "A record you do not have access to" in action_page
    assert "Came from" in page and "A record you do not have access to" in page
    assert "Thresholds applied" not in page and "Risk:" not in page
    assert "Source id" not in page and "Source type" not in page


def test_history_names_a_replaced_paper_by_its_own_name_not_its_storage_path(signed_in_client):
    from django.urls import reverse

    from governance.models import AgendaItem
    from tests.governance.factories import MeetingFactory, pdf_upload

    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    item = AgendaItem.objects.create(meeting=MeetingFactory(), title="Neglect strategy")
    client.post(
        reverse("governance:agenda_item_change", args=[item.pk]),
        {
            "title": "Neglect strategy",
            "paper": pdf_upload("neglect-strategy.pdf"),
            "change_reason": "Paper sent",
        },
    )
    item.refresh_from_db()
    page = _page(client, item)
    assert "neglect-strategy.pdf" in page and "A file" in page
    assert item.paper.name not in page
