"""Issue 5: the home page of a chair and of the business unit show the right items."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance import roles
from governance.models import AgendaItem
from tests.browser.pages import HomePage, TwoFactorPage
from tests.conftest import current_totp_code
from tests.governance.factories import ActionFactory, MeetingFactory, PartnershipGroupFactory, PersonFactory
from tests.reviews.factories import SeriousIncidentFactory

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(site, user, password) -> HomePage:
    site.open_sign_in().submit(user.email, password)
    if user.needs_two_factor:
        TwoFactorPage(site.page).arrived().enter_code(current_totp_code(user.totp_secret))
    return HomePage(site.page).arrived()


def test_a_chairs_home_page_shows_their_actions_and_meetings_missing_papers(site, make_user, password):
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
    sign_in(site, chair, password)
    main = site.page.locator("main")
    expect(main.get_by_role("heading", name="My actions")).to_be_visible()
    expect(main).to_contain_text("Circulate the attendance pathway")
    expect(main).to_contain_text("Overdue")
    expect(main.get_by_role("heading", name="Meetings I chair with papers missing")).to_be_visible()
    expect(main).to_contain_text("1 paper missing")
    expect(main.get_by_role("heading", name="Statutory clocks")).to_have_count(0)


def test_the_business_units_home_page_shows_every_open_statutory_clock(site, make_user, password):
    business_unit = make_user(roles.BUSINESS_UNIT)
    today = timezone.localdate()
    incident = SeriousIncidentFactory(aware_on=today - timedelta(days=1))
    sign_in(site, business_unit, password)
    clocks = site.page.get_by_role("table", name="Open statutory clocks, soonest first")
    expect(clocks).to_contain_text(incident.reference)
    expect(clocks).to_contain_text("Working days left")
