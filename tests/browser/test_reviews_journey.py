"""Issue 4's acceptance journey in the browser, as the business unit, with the axe check
on every page; and a young scrutineer who finds no case anywhere."""

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from governance import roles
from governance.models import Agency
from reviews.models import SeriousIncident
from tests.browser.axe import assert_accessible
from tests.governance.factories import AgencyFactory, PartnershipGroupFactory, PersonFactory
from tests.reviews.factories import SevenMinuteBriefingFactory

pytestmark = pytest.mark.django_db(transaction=True)

PARTNERS = {
    "Local authority": ("Tower Hamlets Council Children's Services", Agency.StatutoryPartner.LOCAL_AUTHORITY),
    "Integrated care board": ("NHS North East London ICB", Agency.StatutoryPartner.INTEGRATED_CARE_BOARD),
    "Chief officer of police": ("Metropolitan Police Service", Agency.StatutoryPartner.POLICE),
}


def yes_no(site, question: str, answer: str) -> None:
    site.main().get_by_role("group", name=question).get_by_label(answer, exact=True).check()


def test_business_unit_takes_an_incident_from_awareness_to_the_action_plan(site, make_user):
    for name, partner in PARTNERS.values():
        AgencyFactory(name=name, statutory_partner=partner, kind=Agency.Kind.OTHER)
    owner = PersonFactory(full_name="Grace Adeyemi")
    PartnershipGroupFactory(name="Rapid Review Working Group", slug="rapid-review-working-group")
    user = make_user(roles.BUSINESS_UNIT)
    site.sign_in(user)
    page = site.page

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reviews").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reviews")
    assert_accessible(page)
    site.follow("Record a serious incident")

    # Sent with nothing filled in: the error summary lists each problem.
    site.submit("Record the incident")
    expect(site.error_summary()).to_contain_text("Select the type of harm")
    expect(page).to_have_title(re.compile(r"^Error: "))

    site.fill_date("aware_on", date(2025, 12, 22))
    site.main().get_by_label("Serious harm", exact=True).check()
    site.main().get_by_label("Under 1", exact=True).check()
    yes_no(site, "Is abuse or neglect known or suspected?", "Yes")
    yes_no(site, "Was the child looked after by a local authority?", "No")
    site.main().get_by_label("Metropolitan Police Service", exact=True).check()
    site.main().get_by_label("Short factual summary").fill("An infant was admitted with a head injury.")
    site.submit("Record the incident")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("SI-2025-001 recorded")
    expect(site.main()).to_contain_text("Wednesday 31 December 2025")

    # A notification before awareness is refused with a clear message.
    site.follow("Record the notification")
    site.fill_date("notified_on", date(2025, 12, 19))
    site.submit("Save")
    expect(site.error_summary()).to_contain_text(
        "must be the same as or after the date the local authority became aware"
    )
    site.fill_date("notified_on", date(2025, 12, 30))
    site.submit("Save")
    expect(site.main()).to_contain_text("Completed on time")

    last = list(PARTNERS)[-1]
    for partner in PARTNERS:
        site.follow("Record a partner's decision")
        if partner == last:
            # The one partner left is named in the heading, not offered as a choice of one.
            expect(page.get_by_role("heading", level=1)).to_have_text(
                f"Record the decision of the {last.lower()}"
            )
        else:
            site.main().get_by_label(partner, exact=True).check()
        site.main().get_by_label("Yes", exact=True).check()
        site.fill_date("decided_on", date(2025, 12, 31))
        site.main().get_by_label("Rationale").fill("Meets the criteria for a rapid review.")
        site.submit("Record the decision")
    expect(site.main()).to_contain_text("All three partners agree: rapid review")

    site.follow("Go to the rapid review, due Wednesday 21 January 2026")
    expect(site.main()).to_contain_text("Wednesday 21 January 2026")
    site.follow("Record the outcome")
    site.main().get_by_label("Local review recommended", exact=True).check()
    site.fill_date("partners_approved_on", date(2026, 1, 20))
    site.fill_date("sent_to_panel_on", date(2026, 1, 21))
    site.submit("Save")
    expect(site.main().locator(".app-clock")).to_contain_text("Completed on time")

    site.follow("Go to the local review")
    expect(site.main()).to_contain_text("Monday 20 July 2026")

    for text, theme in [
        ("Health visitors share concerns about infants with children's social care.", "Information sharing"),
        ("Safe sleep advice is given at every contact with a new baby.", "Infant safety"),
    ]:
        site.follow("Add a recommendation")
        site.main().get_by_label("Local review SI-2025-001", exact=True).check()
        site.main().get_by_label("Recommendation", exact=True).fill(text)
        site.main().get_by_label("New theme").fill(theme)
        site.main().get_by_label("Action owner").select_option(label=f"{owner.full_name} ({owner.agency})")
        site.fill_date("due_date", date(2026, 9, 30))
        site.submit("Save")
        expect(page.locator(".govuk-notification-banner")).to_contain_text("statutory review action plan")

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Reviews").click()
    assert_accessible(page)
    site.follow("Statutory review action plan")
    expect(site.main().get_by_role("heading", name="Information sharing")).to_be_visible()
    expect(site.main().get_by_role("heading", name="Infant safety")).to_be_visible()
    expect(site.main()).to_contain_text("Safe sleep advice is given at every contact")

    # The other pages of the area, each with the axe check.
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Reviews").click()
    for link, heading in [
        ("All cases", "All cases"),
        ("Timeliness", "Timeliness of statutory reviews"),
        ("Learning from reviews", "Learning from reviews"),
    ]:
        site.follow(link)
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        page.go_back()
    site.follow("SI-2025-001")
    site.follow("Who has viewed this case")
    expect(site.main()).to_contain_text(user.full_name)


def test_young_scrutineer_finds_no_case_but_sees_published_learning(site, make_user):
    incident = SeriousIncident.objects.create(
        reference="SI-2026-001",
        reference_year=2026,
        reference_number=1,
        aware_on=date(2026, 1, 5),
        harm_type=SeriousIncident.HarmType.DEATH,
        age_band=SeriousIncident.AgeBand.UNDER_1,
        summary="A case summary.",
        created_by=make_user(roles.BUSINESS_UNIT),
    )
    SevenMinuteBriefingFactory(title="7-minute briefing: safe sleep")
    user = make_user(roles.YOUNG_SCRUTINEER)
    site.sign_in(user)
    expect(site.page.locator("main")).not_to_contain_text("SI-2026-001")

    page = site.open(f"/reviews/incidents/{incident.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")

    page = site.open("/reviews/learning/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning from reviews")
    expect(page.locator("main")).to_contain_text("7-minute briefing: safe sleep")
    expect(page.locator("main")).not_to_contain_text("SI-2026-001")
