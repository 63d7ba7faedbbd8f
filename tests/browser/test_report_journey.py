"""Issue 6's yearly report in the browser, as the business unit: edit the scrutineer's
statement, render the PDF, watch the status page reach done, download it. The axe
check runs on every page."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from governance import roles
from governance.models import Agency
from governance.periods import FinancialYear
from tests.browser.axe import assert_accessible
from tests.governance.factories import AgencyFactory, PersonFactory
from tests.thscp.url_expectations import last_financial_year
from thscp.reports.models import NarrativeSection, ReportRender

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

    def render_pdf(self) -> None:
        self.site.main().get_by_role("button", name="Render PDF").click()
        expect(self.page.get_by_role("heading", level=1)).to_have_text("PDF of the yearly report")
        assert_accessible(self.page)


def test_business_unit_edits_the_statement_renders_and_downloads_the_report(site, make_user):
    for value, label in Agency.StatutoryPartner.choices:
        AgencyFactory(name=label, statutory_partner=value, kind=Agency.Kind.OTHER)
    user = make_user(roles.BUSINESS_UNIT)
    PersonFactory(user=user, full_name="Amira Hussain")
    label = FinancialYear(last_financial_year()).label

    site.sign_in(user)
    site.page.get_by_role("navigation", name="Menu").get_by_role("link", name="Reports").click()
    expect(site.page.get_by_role("heading", level=1)).to_have_text("Reports")
    assert_accessible(site.page)
    site.main().get_by_role("link", name=f"Open the {label} report").first.click()
    report = ReportPage(site).arrived(label)

    # An empty statement is refused with an error summary, then written.
    report.change("The independent scrutineer's statement")
    site.main().get_by_role("button", name="Save").click()
    expect(site.error_summary()).to_contain_text("Enter the text for")
    assert_accessible(site.page)
    statement = "The partnership has strengthened its rapid reviews this year."
    site.main().get_by_label("The independent scrutineer's statement").fill(statement)
    site.main().get_by_role("button", name="Save").click()
    report.arrived(label)
    expect(site.page.locator("#section-scrutineer_statement")).to_contain_text(statement)
    assert NarrativeSection.objects.get(key="scrutineer_statement").text == statement

    # Render: the status page works without JavaScript and reaches done (Celery is eager here).
    report.render_pdf()
    status = site.page.locator("#render-status")
    for _ in range(20):
        if "Done" in status.inner_text() or "Failed" in status.inner_text():
            break
        site.main().get_by_role("link", name="Refresh", exact=True).click()
        assert_accessible(site.page)
    expect(status).to_have_text("Done")
    render = ReportRender.objects.get()
    expect(site.main()).to_contain_text(render.sha256)

    with site.page.expect_download() as download_info:
        site.main().get_by_role("link", name=re.compile(r"Download the PDF \(\d+ pages\)")).click()
    download = download_info.value
    assert download.suggested_filename == render.file_name
    content = Path(download.path()).read_bytes()
    assert content.startswith(b"%PDF")
    assert render.document_version.sha256 == render.sha256
