"""The yearly report in the browser (issues 6 and 16), with the axe check on every page:
the business unit writes and renders the report, sees the Working Together checklist
covered, sends the version for sign-off; the three partners and the independent
scrutineer read it and sign; the business unit publishes it and records sending it to
the Panel. A version with a case reference in it is refused first, with the reason."""

import re
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance import roles
from governance.models import Agency, DocumentVersion, SignOff
from tests.browser.axe import assert_accessible
from tests.governance.factories import PersonFactory
from tests.thscp.report_helpers import business_unit as business_unit_user
from tests.thscp.report_helpers import covered_report, partner_agencies, signatories
from tests.thscp.url_expectations import last_financial_year
from thscp.reports import checklist, services
from thscp.reports.models import ReportRender, ReportSending

pytestmark = pytest.mark.django_db(transaction=True)


class ReportPage:
    def __init__(self, site):
        self.site = site
        self.page = site.page

    def arrived(self, label: str) -> "ReportPage":
        expect(self.page.get_by_role("heading", level=1)).to_have_text(f"Yearly report {label}")
        assert_accessible(self.page)
        return self

    def change(self, section_title: str):
        self.site.main().get_by_role("link", name=f"Change {section_title.lower()}").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text(section_title)
        assert_accessible(self.page)

    def render_pdf(self) -> ReportRender:
        self.site.main().get_by_role("button", name="Render PDF").click()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("yearly report")
        assert_accessible(self.page)
        status = self.page.locator("#render-status")
        for _ in range(20):
            if "Done" in status.inner_text() or "Failed" in status.inner_text():
                break
            self.site.main().get_by_role("link", name="Refresh", exact=True).click()
            assert_accessible(self.page)
        expect(status).to_have_text("Done")
        return ReportRender.objects.order_by("-pk").first()


def _write(site, report: ReportPage, title: str, text: str, label: str):
    report.change(title)
    site.main().get_by_label(title).fill(text)
    site.main().get_by_role("button", name="Save").click()
    report.arrived(label)


def test_the_report_is_checked_sent_signed_by_all_four_published_and_sent_to_the_panel(site):
    from governance.periods import FinancialYear

    period = FinancialYear(last_financial_year())
    label = period.label
    business_unit = business_unit_user()
    people = signatories()
    covered_report(business_unit, period)
    # The three lead partners sign the foreword.
    for partner, agency in partner_agencies().items():
        services.add_representative(
            period=period,
            partner=partner,
            person=PersonFactory(full_name=f"Lead of the {partner.replace('_', ' ')}", agency=agency),
            standing="lead",
            by=business_unit,
        )

    site.sign_in(business_unit)
    site.page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    assert_accessible(site.page)
    # A year typed wrongly is said to be wrong; typed as the hint shows, it opens.
    site.main().get_by_label("Another financial year").fill(f"{period.start_year}-{period.start_year + 2}")
    site.submit("Open")
    expect(site.error_summary()).to_contain_text(
        f"is not a financial year: the second year follows the first, for example {label}"
    )
    site.main().get_by_label("Another financial year").fill(label)
    site.submit("Open")
    report = ReportPage(site).arrived(label)

    # A case reference in the narrative: the version cannot go for sign-off.
    _write(site, report, "Foreword", "A year of joint work, from SI-2025-003 onwards.", label)
    render = report.render_pdf()
    site.submit("Send for sign-off")
    expect(site.page.locator(".govuk-notification-banner, .govuk-error-summary").first).to_contain_text(
        "'Foreword' contains a case reference (SI-2025-003)"
    )
    render.document_version.refresh_from_db()
    assert render.document_version.status == DocumentVersion.Status.DRAFT

    site.follow("Back to the report")
    _write(
        site,
        report,
        "Foreword",
        "A year of joint work.\nWe thank every practitioner:\n- in health\n- in the police",
        label,
    )
    site.follow("Working Together checklist")
    expect(site.page.get_by_role("heading", level=1)).to_have_text("Working Together checklist")
    expect(site.main()).to_contain_text("Ready for sign-off")
    # Every required item, by name, covered: its row names it and tags it Covered.
    for item in checklist.CHECKLIST:
        if not item.required:
            continue
        row = (
            site.main()
            .get_by_role("row")
            .filter(has=site.page.get_by_role("rowheader", name=item.text, exact=True))
        )
        expect(row).to_have_count(1)
        expect(row.locator(".govuk-tag")).to_have_text("Covered")
    # Of the recommended ones, the plan for the year ahead is not covered, and says so.
    year_ahead = next(item for item in checklist.CHECKLIST if item.key == "year_ahead")
    assert not year_ahead.required
    expect(
        site.main().get_by_role("row").filter(has=site.page.get_by_role("rowheader", name=year_ahead.text))
    ).to_contain_text("Not covered")
    site.follow("Back to the report")

    render = report.render_pdf()
    with site.page.expect_download() as download_info:
        site.main().get_by_role("link", name=re.compile(r"Download the PDF \(\d+ pages\)")).click()
    assert Path(download_info.value.path()).read_bytes().startswith(b"%PDF")
    site.submit("Send for sign-off")
    expect(site.page.locator(".govuk-notification-banner")).to_contain_text("Sent for sign-off")
    version = DocumentVersion.objects.get(pk=render.document_version_id)
    assert version.status == DocumentVersion.Status.AWAITING_SIGN_OFF
    site.sign_out()

    render_url = f"{site.base_url}/reports/renders/{render.pk}/"
    for user in people.values():
        site.sign_in(user)
        site.page.goto(render_url)
        assert_accessible(site.page)
        expect(site.main()).to_contain_text("Working Together checklist, as sent for sign-off")
        site.follow(f"Version {version.number} of {version.document.title}")
        expect(site.main()).to_contain_text(version.sha256)
        site.page.get_by_label("I approve this version").check()
        site.submit("Record my decision")
        expect(site.page.locator(".govuk-notification-banner")).to_contain_text(
            "Your decision has been recorded"
        )
        site.sign_out()
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.SIGNED_OFF
    assert set(version.sign_offs.values_list("slot", flat=True)) == {
        *Agency.StatutoryPartner.values,
        SignOff.SCRUTINEER,
    }

    site.sign_in(business_unit)
    site.page.goto(render_url)
    assert_accessible(site.page)
    expect(site.main()).to_contain_text("What this version says is kept exactly as it was signed")
    site.follow("Back to the report")
    site.follow("Publication and sending")
    today = timezone.localdate()
    site.fill_date("published_on", today)
    site.main().get_by_label("Link to the published report").fill("https://www.example.org/yearly-report.pdf")
    site.submit("Record publication")
    expect(site.page.locator(".govuk-notification-banner")).to_contain_text("Publication recorded")
    site.follow("Record sending to the Child Safeguarding Practice Review Panel")
    site.fill_date("sent_on", today)
    site.submit("Save")
    expect(site.page.locator("#sending-panel")).to_contain_text("Sent")
    expect(site.page.locator("#sending-foundations")).to_contain_text("Not yet")
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.PUBLISHED
    assert ReportSending.objects.get().recipient == "panel"


def test_the_scrutineer_writes_their_statement_and_an_empty_one_is_refused(site):
    from governance.periods import FinancialYear
    from tests.governance.factories import UserFactory

    scrutineer = UserFactory(roles=[roles.INDEPENDENT_SCRUTINEER])
    label = FinancialYear(last_financial_year()).label
    site.sign_in(scrutineer)
    site.page.goto(f"{site.base_url}/reports/{last_financial_year()}/")
    report = ReportPage(site).arrived(label)
    report.change("The independent scrutineer's statement")
    site.main().get_by_role("button", name="Save").click()
    expect(site.error_summary()).to_contain_text("Enter the text for")
    assert_accessible(site.page)
    statement = "The partnership has strengthened its rapid reviews this year."
    site.main().get_by_label("The independent scrutineer's statement").fill(statement)
    site.main().get_by_role("button", name="Save").click()
    report.arrived(label)
    expect(site.page.locator("#section-scrutineer_statement")).to_contain_text(statement)


def test_the_report_s_pages_fit_a_phone(site):
    from governance.periods import FinancialYear

    period = FinancialYear(last_financial_year())
    business_unit = business_unit_user()
    covered_report(business_unit, period)
    PersonFactory(full_name="A young scrutineer with a long name", job_title="Young Scrutineer")
    site.page.set_viewport_size({"width": 375, "height": 800})
    site.sign_in(business_unit)
    year = period.start_year
    for path in (
        f"/reports/{year}/",
        f"/reports/{year}/checklist/",
        f"/reports/{year}/review/",
        f"/reports/{year}/achievements/",
        f"/reports/{year}/partners/",
        f"/reports/{year}/publication/",
        "/reports/consents/",
        "/reports/cover/",
    ):
        site.page.goto(f"{site.base_url}{path}")
        assert_accessible(site.page)
        overflow = site.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)
