"""Issue 11's acceptance journeys in the browser, with the axe check on every page: an
Executive member records their own partner's decision from My work and sees the rapid
review clock that has run since the notification; the business unit corrects an
awareness date that makes the notification late, and withdraws a duplicate case."""

from datetime import date

import pytest
from playwright.sync_api import expect

from governance import roles
from governance.models import Agency
from reviews import services
from reviews.models import SeriousIncident
from tests.governance.factories import AgencyFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)

LA, ICB, POLICE = (
    Agency.StatutoryPartner.LOCAL_AUTHORITY,
    Agency.StatutoryPartner.INTEGRATED_CARE_BOARD,
    Agency.StatutoryPartner.POLICE,
)


def partner_agencies() -> dict[str, Agency]:
    names = {LA: "Council Children's Services", ICB: "North East London ICB", POLICE: "Metropolitan Police"}
    return {
        partner: AgencyFactory(name=name, statutory_partner=partner, kind=Agency.Kind.OTHER)
        for partner, name in names.items()
    }


FIGURES_2026_27 = "/reviews/timeliness/?year=2026"


def notifications_row(site):
    return site.main().locator("tr", has_text="Notifications within 5 working days")


def notified_case(by, *, summary="A young person was seriously injured.") -> SeriousIncident:
    """Aware on Friday 20 November 2026, notified on Thursday 26 November: the rapid
    review is due 15 working days later, on Thursday 17 December 2026."""
    incident = services.record_serious_incident(
        aware_on=date(2026, 11, 20),
        harm_type=SeriousIncident.HarmType.SERIOUS_HARM,
        age_band=SeriousIncident.AgeBand.AGE_16_TO_17,
        summary=summary,
        by=by,
    )
    return services.record_notification(incident=incident, notified_on=date(2026, 11, 26), by=by)


def test_executive_member_records_their_partner_s_decision_from_my_work(site, make_user):
    agencies = partner_agencies()
    business_unit = make_user(roles.BUSINESS_UNIT)
    incident = notified_case(business_unit)
    for partner in (LA, ICB):
        services.record_partner_decision(
            incident=incident,
            partner=partner,
            proceed=True,
            rationale="Meets the criteria.",
            decided_on=date(2026, 11, 26),
            by=business_unit,
        )
    executive = make_user(roles.EXECUTIVE_MEMBER)
    PersonFactory(user=executive, full_name=executive.full_name, agency=agencies[POLICE])

    home = site.sign_in(executive)
    waiting = site.main().get_by_role(
        "link", name=f"{incident.reference}: Chief officer of police's decision"
    )
    expect(waiting).to_be_visible()
    waiting.click()
    expect(site.page.get_by_role("heading", level=1)).to_have_text(
        "Record the decision of the chief officer of police"
    )
    assert home  # signed in on My work first

    # Sent without the date: a clear message, nothing recorded.
    site.main().get_by_label("Yes", exact=True).check()
    site.main().get_by_label("Rationale").fill("Police intelligence shows the criteria are met.")
    site.submit("Record the decision")
    expect(site.error_summary()).to_contain_text("Enter the date the partner decided")
    assert incident.decisions.count() == 2

    site.fill_date("decided_on", date(2026, 11, 27))
    site.submit("Record the decision")
    expect(site.page.locator(".govuk-notification-banner")).to_contain_text(
        "Chief officer of police's decision recorded"
    )
    expect(site.main()).to_contain_text("All three partners agree: rapid review")
    decision = incident.decisions.get(partner=POLICE)
    assert (decision.decided_on, decision.recorded_by) == (date(2026, 11, 27), executive)

    # The rapid review opened on the day the decision stood; its clock has run since
    # the notification.
    site.follow("Go to the rapid review, due Thursday 17 December 2026")
    expect(site.main().locator(".app-clock")).to_contain_text("Thursday 17 December 2026")
    incident.refresh_from_db()
    assert incident.rapid_review.opened_on == date(2026, 11, 27)


def test_business_unit_corrects_an_awareness_date_and_withdraws_a_duplicate(site, make_user):
    partner_agencies()
    business_unit = make_user(roles.BUSINESS_UNIT)
    incident = notified_case(business_unit)
    duplicate = notified_case(business_unit, summary="A young person was seriously injured (typed again).")
    site.sign_in(business_unit)
    page = site.page

    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reviews").click()
    site.open(FIGURES_2026_27)
    expect(notifications_row(site)).to_contain_text("100%")

    # Awareness was really Monday 16 November: the notification on 26 November is late.
    site.open(f"/reviews/incidents/{incident.pk}/")
    site.follow("Change the incident's details")
    site.fill_date("aware_on", date(2026, 11, 16))
    site.submit("Save")
    expect(site.error_summary()).to_contain_text("The notification is late")
    expect(site.error_summary()).to_contain_text("Enter the reason for changing the date")
    site.main().get_by_label("Reason the notification was late").fill(
        "The hospital told us only after a week."
    )
    site.main().get_by_label("Reason for the change").fill("The hospital's record gave the right day.")
    site.submit("Save")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Incident details saved")
    expect(site.main()).to_contain_text("Late")
    expect(site.main()).to_contain_text("The hospital told us only after a week.")

    site.follow("History of changes")
    expect(site.main()).to_contain_text("The hospital's record gave the right day.")

    # The figures follow: one of the two notifications was late.
    site.open(FIGURES_2026_27)
    expect(notifications_row(site)).to_contain_text("50%")

    # The duplicate is withdrawn, with its reason: out of the figures, still there.
    site.open(f"/reviews/incidents/{duplicate.pk}/")
    site.follow("Withdraw this case")
    site.submit("Withdraw the case")
    expect(site.error_summary()).to_contain_text("Enter the reason the case is withdrawn")
    site.main().get_by_label("Why is the case withdrawn?").fill(f"A duplicate of {incident.reference}.")
    site.submit("Withdraw the case")
    expect(page.locator(".govuk-notification-banner").first).to_contain_text("withdrawn")
    expect(site.main()).to_contain_text(f"A duplicate of {incident.reference}.")
    duplicate.refresh_from_db()
    assert duplicate.stage == SeriousIncident.Stage.WITHDRAWN

    # Withdrawn, the duplicate's on-time notification no longer counts: 0 of 1.
    site.open(FIGURES_2026_27)
    expect(notifications_row(site)).to_contain_text("0%")
    site.open("/reviews/")
    expect(site.main()).not_to_contain_text(duplicate.reference)
