"""The governance journeys of issue 3, as a new user would try them, with the axe check."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance import roles
from governance.models import Action, Agency, Attendance, Meeting, Risk
from tests.browser.axe import assert_accessible
from tests.governance.factories import (
    ActionFactory,
    AgencyFactory,
    PartnershipGroupFactory,
    PersonFactory,
    executive_group,
)

pytestmark = pytest.mark.django_db(transaction=True)


def test_chair_records_a_meeting_with_actions_progress_and_closure(site, make_user, tmp_path):
    agency = AgencyFactory(name="Barts Health NHS Trust", kind=Agency.Kind.HEALTH)
    group = PartnershipGroupFactory(name="Rapid Review Working Group", slug="rapid-review-working-group")
    chair = make_user(roles.SUB_GROUP_CHAIR)
    chair_person = PersonFactory(full_name="Grace Adeyemi", agency=agency, user=chair)
    group.chair = chair_person
    group.save()
    members = [PersonFactory(full_name=name, agency=agency) for name in ("Joanna Pike", "Samuel Brooks")]
    group.members.set([chair_person, *members])
    other_action = ActionFactory(
        title="Another group's action", group=PartnershipGroupFactory(name="Delivery Group")
    )

    site.sign_in(chair)
    site.page.get_by_role("navigation", name="Menu").get_by_role("link", name="Governance").click()
    assert_accessible(site.page)
    site.follow("Groups", exact=True)
    site.follow("Rapid Review Working Group", exact=True)
    site.follow("Record a meeting", exact=True)
    page = site.page
    meeting_day = timezone.localdate() - timedelta(days=1)
    site.fill_date("starts_on", meeting_day)
    page.get_by_label("Start time", exact=True).fill("10:00")
    page.get_by_label("Place", exact=True).fill("Mulberry Place")
    page.get_by_label("Minutes", exact=True).fill("The group reviewed the statutory review action plan.")
    site.submit("Save meeting")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Meeting recorded")

    site.follow("Record attendance", exact=True)
    page.get_by_label("Attendance of Grace Adeyemi", exact=True).select_option("present")
    page.get_by_label("Attendance of Joanna Pike", exact=True).select_option("present")
    page.get_by_label("Attendance of Samuel Brooks", exact=True).select_option("apologies")
    site.submit("Save attendance")
    expect(page.locator("main")).to_contain_text("Apologies")

    for title, owner in (
        ("Share the safe sleep briefing", "Joanna Pike"),
        ("Audit GP attendance", "Samuel Brooks"),
    ):
        site.follow("Add an action arising", exact=True)
        page.get_by_label("Title", exact=True).fill(title)
        page.get_by_label("Group", exact=True).select_option(label="Rapid Review Working Group")
        page.get_by_label("Owner", exact=True).select_option(label=f"{owner} (Barts Health NHS Trust)")
        site.fill_date("due_date", timezone.localdate() + timedelta(days=30))
        site.submit("Add action")
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        page.goto(Meeting.objects.get(group=group).get_absolute_url().join([site.base_url, ""]))
        assert_accessible(page)

    action = Action.objects.get(title="Share the safe sleep briefing")
    page.goto(f"{site.base_url}{action.get_absolute_url()}")
    site.follow("Add a progress update", exact=True)
    page.get_by_label("Progress", exact=True).fill("Briefing shared with all health visitors.")
    evidence = tmp_path / "briefing.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    page.get_by_label("Evidence (optional)", exact=True).set_input_files(str(evidence))
    site.submit("Add update")
    expect(page.locator("main")).to_contain_text("Briefing shared with all health visitors.")
    expect(page.locator("main")).to_contain_text("Evidence: briefing.pdf")

    site.follow("Mark as done", exact=True)
    site.submit("Mark as done")
    expect(site.error_summary()).to_contain_text("Enter a closing note")
    page.get_by_label("Closing note", exact=True).fill("Audit of 20 cases: safe sleep discussed in 19.")
    site.submit("Mark as done")
    expect(page.locator("main")).to_contain_text("Done")
    action.refresh_from_db()
    assert action.status == Action.Status.DONE

    page.goto(f"{site.base_url}/governance/actions/{other_action.pk}/change/")
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
    assert_accessible(page)


def test_business_unit_builds_the_executive_and_scores_a_risk(site, make_user):
    executive = executive_group()
    council = AgencyFactory(
        name="Council",
        kind=Agency.Kind.LOCAL_AUTHORITY,
        statutory_partner=Agency.StatutoryPartner.LOCAL_AUTHORITY,
    )
    icb = AgencyFactory(
        name="ICB", kind=Agency.Kind.HEALTH, statutory_partner=Agency.StatutoryPartner.INTEGRATED_CARE_BOARD
    )
    police = AgencyFactory(
        name="Met Police", kind=Agency.Kind.POLICE, statutory_partner=Agency.StatutoryPartner.POLICE
    )
    leads = {
        "Martin Keane": council,
        "Priya Raman": icb,
        "Daniel Okafor": police,
    }
    people = {name: PersonFactory(full_name=name, agency=agency) for name, agency in leads.items()}
    executive.members.set(people.values())
    action = ActionFactory(title="Recruit to the business unit vacancy")
    business_unit = make_user(roles.BUSINESS_UNIT)
    today = timezone.localdate()

    site.sign_in(business_unit)
    page = site.page
    page.goto(f"{site.base_url}/governance/groups/executive/")
    assert_accessible(page)
    rotation = [
        ("Local authority", "Martin Keane", today - timedelta(days=100), today + timedelta(days=265)),
        (
            "Chief officer of police",
            "Daniel Okafor",
            today + timedelta(days=265),
            today + timedelta(days=630),
        ),
    ]
    for partner, chair, starts, ends in rotation:
        site.follow("Add a chair's term", exact=True)
        page.get_by_label("Statutory partner whose turn it is", exact=True).select_option(label=partner)
        page.get_by_label("Chair", exact=True).select_option(label=chair)
        site.fill_date("starts_on", starts)
        site.fill_date("ends_on", ends)
        site.submit("Save")
    summary = page.locator(".govuk-summary-list").nth(1)
    expect(summary).to_contain_text("Martin Keane (Local authority)")
    expect(summary).to_contain_text(
        f"Daniel Okafor (Chief officer of police), from {rotation[1][2]:%-d %B %Y}"
    )

    site.follow("Record a meeting", exact=True)
    site.fill_date("starts_on", today - timedelta(days=2))
    page.get_by_label("Start time", exact=True).fill("14:00")
    page.get_by_label("Online link", exact=True).fill("https://meet.example.org/executive")
    site.submit("Save meeting")
    site.follow("Record attendance", exact=True)
    page.get_by_label("Attendance of Martin Keane", exact=True).select_option("present")
    page.get_by_label("Attendance of Priya Raman", exact=True).select_option("present")
    page.get_by_label("Attendance of Daniel Okafor", exact=True).select_option("absent")
    site.submit("Save attendance")
    warning = page.locator(".govuk-warning-text")
    expect(warning).to_contain_text("This meeting was not quorate")
    expect(warning).to_contain_text("Chief officer of police")
    assert Attendance.objects.filter(status=Attendance.Status.ABSENT).count() == 1

    page.goto(f"{site.base_url}/governance/risks/")
    assert_accessible(page)
    site.follow("Add a risk", exact=True)
    page.get_by_label("Title", exact=True).fill("Business unit capacity")
    page.get_by_label("Description", exact=True).fill("Two of three posts are vacant.")
    page.get_by_label("Cause", exact=True).fill("Recruitment delays.")
    page.get_by_label("Consequence", exact=True).fill("Statutory deadlines are missed.")
    page.get_by_label("Category", exact=True).select_option(label="Workforce and capacity")
    page.get_by_label("Owner", exact=True).select_option(label="Priya Raman")
    for field, value in (
        ("inherent_likelihood", "5"),
        ("inherent_impact", "4"),
        ("current_likelihood", "4"),
        ("current_impact", "4"),
        ("target_likelihood", "2"),
        ("target_impact", "3"),
    ):
        page.locator(f"#id_{field}").select_option(value)
    page.get_by_label(str(action)).check()
    site.fill_date("review_date", today + timedelta(days=28))
    site.submit("Save")
    expect(page.get_by_role("heading", level=1)).to_have_text("Business unit capacity")
    expect(page.locator("main")).to_contain_text("16 – Very high")
    expect(page.locator("main")).to_contain_text("Recruit to the business unit vacancy")
    risk = Risk.objects.get(title="Business unit capacity")
    assert list(risk.mitigating_actions.all()) == [action]

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Risk register").click()
    assert_accessible(page)
    heat_map_data = page.get_by_role("table", name="Heat map data")
    impact_four = heat_map_data.get_by_role("row").filter(
        has=page.get_by_role("rowheader", name="4", exact=True)
    )
    expect(impact_four.get_by_role("cell").nth(3)).to_contain_text("1")
    expect(page.locator("main")).to_contain_text("Very high (16)")
