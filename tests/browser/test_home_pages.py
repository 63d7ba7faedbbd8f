"""Issue 5: the home page of a chair and of the business unit show the right items."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance import roles
from governance.models import AgendaItem
from tests.governance.factories import ActionFactory, MeetingFactory, PartnershipGroupFactory, PersonFactory
from tests.reviews.factories import SeriousIncidentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_chairs_home_page_shows_their_actions_and_meetings_missing_papers(site, make_user):
    chair = make_user(roles.SUB_GROUP_CHAIR)
    me = PersonFactory(user=chair, full_name="Sarah Quinn")
    group = PartnershipGroupFactory(name="Education Safeguarding Forum", chair=me)
    meeting = MeetingFactory(group=group, starts_at=timezone.now() + timedelta(days=8))
    AgendaItem.objects.create(meeting=meeting, title="Attendance data")
    today = timezone.localdate()
    ActionFactory(
        owner=me, group=group, title="Circulate the attendance pathway", due_date=today - timedelta(days=3)
    )
    SeriousIncidentFactory(aware_on=today)
    site.sign_in(chair)
    main = site.page.locator("main")
    expect(main.get_by_role("heading", name="My actions")).to_be_visible()
    expect(main).to_contain_text("Circulate the attendance pathway")
    expect(main).to_contain_text("Overdue")
    expect(main.get_by_role("heading", name="Meetings I chair with papers missing")).to_be_visible()
    expect(main).to_contain_text("1 paper missing")
    expect(main.get_by_role("heading", name="Statutory clocks")).to_have_count(0)


def test_the_business_units_home_page_shows_every_open_statutory_clock(site, make_user):
    business_unit = make_user(roles.BUSINESS_UNIT)
    today = timezone.localdate()
    incident = SeriousIncidentFactory(aware_on=today - timedelta(days=1))
    site.sign_in(business_unit)
    heading = site.page.get_by_role("heading", name="Statutory clocks")
    clocks = site.page.locator("h2:has-text('Statutory clocks') + ul")
    expect(heading).to_be_visible()
    expect(clocks).to_contain_text(
        f"{incident.reference}: notify the Child Safeguarding Practice Review Panel"
    )
    expect(clocks).to_contain_text("working days left")
