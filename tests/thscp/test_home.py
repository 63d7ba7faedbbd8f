from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from governance import roles
from governance.models import AgendaItem
from tests.governance.factories import (
    ActionFactory,
    MeetingFactory,
    PartnershipGroupFactory,
    PersonFactory,
    RiskFactory,
)
from tests.reviews.factories import SeriousIncidentFactory

pytestmark = pytest.mark.django_db


def home(client):
    return client.get(reverse("home")).content.decode()


def test_my_overdue_and_upcoming_actions_are_on_my_home_page(signed_in_client):
    client, user = signed_in_client(roles.GROUP_MEMBER)
    me = PersonFactory(user=user)
    today = timezone.localdate()
    ActionFactory(owner=me, due_date=today - timedelta(days=2), title="Late audit")
    ActionFactory(owner=me, due_date=today + timedelta(days=10), title="Coming briefing")
    ActionFactory(due_date=today, title="Someone else's action")
    page = home(client)
    assert "Overdue" in page and "Late audit" in page
    assert "Coming briefing" in page
    assert "Someone else&#x27;s action" not in page and "Someone else's action" not in page


def test_a_chair_sees_their_meetings_with_papers_missing(signed_in_client):
    client, user = signed_in_client(roles.SUB_GROUP_CHAIR)
    group = PartnershipGroupFactory(name="Education Safeguarding Forum", chair=PersonFactory(user=user))
    meeting = MeetingFactory(group=group, starts_at=timezone.now() + timedelta(days=9))
    AgendaItem.objects.create(meeting=meeting, title="Attendance report")
    page = home(client)
    assert "Meetings I chair with papers missing" in page
    assert "Education Safeguarding Forum" in page and "1 paper missing" in page


def test_an_executive_member_sees_risks_they_own_due_for_review(signed_in_client):
    client, user = signed_in_client(roles.EXECUTIVE_MEMBER)
    owner = PersonFactory(user=user)
    from tests.governance.factories import executive_group

    owner.groups.add(executive_group())
    RiskFactory(owner=owner, title="Capacity risk", review_date=timezone.localdate() - timedelta(days=1))
    page = home(client)
    assert "Capacity risk" in page and "Review overdue" in page


def test_the_business_unit_sees_every_open_statutory_clock_with_working_days_left(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    incident = SeriousIncidentFactory(aware_on=timezone.localdate())
    page = home(client)
    assert "Statutory clocks" in page
    assert incident.reference in page


@pytest.mark.parametrize(
    "role_name",
    [roles.YOUNG_SCRUTINEER, roles.GROUP_MEMBER, roles.AGENCY_DATA_LEAD, roles.INDEPENDENT_SCRUTINEER],
)
def test_those_who_may_not_see_cases_see_nothing_about_them(signed_in_client, role_name):
    client, _ = signed_in_client(role_name)
    incident = SeriousIncidentFactory(aware_on=timezone.localdate())
    page = home(client)
    assert "Statutory clocks" not in page
    assert incident.reference not in page


def test_the_home_page_says_plainly_when_nothing_is_due(signed_in_client):
    client, _ = signed_in_client(roles.YOUNG_SCRUTINEER)
    assert "Nothing is due from you in the next 30 days." in home(client)


def test_with_demo_data_each_person_gets_one_digest_and_a_rerun_sends_nothing(
    settings, mailoutbox, django_capture_on_commit_callbacks
):
    settings.DEBUG = True
    call_command("seed_demo", stdout=StringIO())
    day = date.today()
    while day.weekday() >= 5:
        day += timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", day.isoformat(), stdout=StringIO())
    recipients = [message.to[0] for message in mailoutbox]
    assert recipients, "the demo data has deadlines due around today"
    assert len(recipients) == len(set(recipients)), "someone got two digests"
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", "--date", day.isoformat(), stdout=StringIO())
    assert len(mailoutbox) == len(recipients)


def test_an_area_contributes_to_my_work_by_having_a_my_work_module(signed_in_client, monkeypatch, tmp_path):
    import sys

    from thscp import home as home_module

    area = tmp_path / "new_area_for_test"
    area.mkdir()
    (area / "__init__.py").write_text("")
    (area / "my_work.py").write_text(
        "from governance.work import WorkItem, WorkList\n"
        "def my_work(*, user, today):\n"
        "    return [WorkList('returns', 15, 'Quarterly returns to submit',\n"
        "        [WorkItem(title='Q2 2026-27 return', url='/dataset/', due_on=today)])]\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr("thscp.areas.AREAS", ["governance", "reviews", "new_area_for_test"])
    from thscp.areas import modules_providing

    monkeypatch.setattr(home_module, "MY_WORK_SOURCES", modules_providing("my_work"))
    client, _ = signed_in_client(roles.BUSINESS_UNIT)

    page = home(client)

    assert "new_area_for_test.my_work" in home_module.MY_WORK_SOURCES
    assert "Quarterly returns to submit" in page and "Q2 2026-27 return" in page
    sys.modules.pop("new_area_for_test.my_work", None)
    sys.modules.pop("new_area_for_test", None)


def test_the_rapid_review_panel_sees_the_rapid_review_clock_on_my_work(signed_in_client):
    client, _ = signed_in_client(roles.RAPID_REVIEW_PANEL)
    today = timezone.localdate()
    incident = SeriousIncidentFactory(
        aware_on=today - timedelta(days=3), notified_on=today - timedelta(days=2)
    )

    page = home(client)

    assert "Statutory clocks" in page
    assert f"{incident.reference}: send the rapid review to the Panel" in page
