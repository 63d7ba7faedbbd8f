"""Issue 14 acceptance, as a new user would try it. An agency data lead downloads their
Excel workbook for this quarter, fills it, uploads it with one mistake, sees the error
for that cell, fixes it, uploads again and submits. The business unit returns one
figure for correction and accepts the rest; once the agency has corrected it and the
business unit has accepted it, the dashboard shows the figures and the agency complete.
The axe check runs on every page visited."""

import re
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from dataset.models import Indicator, QuarterlyReturn, ReturnValue
from dataset.selectors import collection_period
from governance import roles
from tests.browser.axe import assert_accessible
from tests.dataset.factories import IndicatorFactory
from tests.governance.factories import AgencyFactory, PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def fill_workbook(path, **cells):
    book = load_workbook(path)
    for cell, value in cells.items():
        book["Return"][cell] = value
    book.save(path)


def test_a_data_lead_uploads_a_workbook_and_the_business_unit_accepts_it(site, make_user, tmp_path):
    period = collection_period(timezone.localdate())
    agency = AgencyFactory(name="Tower Hamlets GP Care Group")
    lead = make_user(roles.AGENCY_DATA_LEAD)
    PersonFactory(user=lead, full_name=lead.full_name, agency=agency)
    IndicatorFactory(
        agency=agency, code="HV-NBV-14", title="New birth visits within 14 days", display_order=1, target=95
    )
    IndicatorFactory(
        agency=agency,
        code="HV-NEGLECT",
        title="Families supported with the neglect toolkit",
        unit=Indicator.Unit.COUNT,
        polarity=Indicator.Polarity.NEITHER,
        target=None,
        display_order=2,
    )
    business_unit = make_user(roles.BUSINESS_UNIT)

    # The data lead finds the return on My work and starts it.
    site.sign_in(lead)
    assert_accessible(site.page)
    site.follow(f"{agency.name}: the {period.label} dataset return")
    site.submit("Start the return")
    found = QuarterlyReturn.objects.get(agency=agency)
    site.open(found.get_absolute_url())

    # Download the workbook, fill it with one mistake: a percentage over 100.
    with site.page.expect_download() as download:
        site.main().get_by_role("link", name="Download the workbook").click()
    path = tmp_path / "return.xlsx"
    download.value.save_as(path)
    fill_workbook(path, D6=104, D7=62)
    site.follow("Upload the workbook")
    site.page.get_by_label("Upload the completed workbook").set_input_files(str(path))
    site.submit("Check and upload")
    expect(site.error_summary()).to_contain_text(
        "Return sheet, row 6, column D (Figure): The percentage for HV-NBV-14 must be 100 or less"
    )
    assert not ReturnValue.objects.exists()

    # Fix the cell and upload again; then submit.
    fill_workbook(path, D6=91.5)
    site.page.get_by_label("Upload the completed workbook").set_input_files(str(path))
    site.submit("Check and upload")
    expect(site.page.locator(".govuk-notification-banner")).to_contain_text("Workbook uploaded")
    expect(site.main()).to_contain_text("91.5%")
    site.follow("Submit the return")
    site.submit("Submit the return")
    expect(site.page.locator(".govuk-notification-banner")).to_contain_text("Return submitted")
    site.sign_out()

    # The business unit returns one figure for correction and accepts the rest.
    site.sign_in(business_unit)
    site.follow(f"{agency.name}: the {period.label} dataset return")
    site.follow("Return for correction HV-NEGLECT")
    site.page.get_by_label("What needs correcting?").fill("Twice last quarter's figure: please check it.")
    site.submit("Return for correction")
    site.follow("Accept the figures")
    site.submit("Accept the figures")
    expect(site.page.locator(".govuk-notification-banner")).to_contain_text(
        "waits for the agency's correction"
    )
    site.sign_out()

    # The data lead corrects the returned figure and submits again.
    site.sign_in(lead)
    site.open(found.get_absolute_url())
    expect(site.main()).to_contain_text("Twice last quarter's figure: please check it.")
    site.follow("Enter the figures")
    neglect = Indicator.objects.get(code="HV-NEGLECT")
    site.page.locator(f"#id_value_{neglect.pk}").fill("31")
    site.submit("Save the draft")
    site.follow("Submit the return")
    site.submit("Submit the return")
    site.sign_out()

    # The business unit accepts; the dashboard shows the figures and the agency complete.
    site.sign_in(business_unit)
    site.open(found.get_absolute_url())
    site.follow("Accept the figures")
    site.submit("Accept the figures")
    expect(site.page.locator(".govuk-notification-banner")).to_contain_text("Return accepted")
    site.open("/dataset/")
    row = site.page.locator("#completeness tr", has_text=agency.name)
    expect(row).to_contain_text("Accepted")
    expect(site.page.locator("#completeness-summary")).to_contain_text("1 of 1 accepted")
    expect(site.page.locator("#indicator-hv-nbv-14")).to_contain_text("91.5%")
    expect(site.page.locator("#indicator-hv-neglect")).to_contain_text(re.compile(r"\b31\b"))
    assert ReturnValue.objects.get(indicator=neglect).value == Decimal(31)
