"""Issue 14 acceptance, as a new user would try it. An agency data lead downloads their
Excel workbook for this quarter, fills it, uploads it with one mistake, sees the error
for that cell, fixes it, uploads again and submits. The business unit returns one
figure for correction and accepts the rest; once the agency has corrected it and the
business unit has accepted it, the dashboard shows the figures and the agency complete.
The axe check runs on every page visited."""

import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from dataset import services
from dataset.models import Indicator, QuarterlyReturn, ReturnValue, return_due_on
from dataset.selectors import collection_period, quarters_ending
from governance import roles
from tests.browser.axe import assert_accessible
from tests.dataset.factories import IndicatorFactory
from tests.governance.factories import AgencyFactory, PersonFactory
from tests.services import require

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
    # A second tab with the submit page open, to press again once submitted.
    second = site.page.context.new_page()
    second.goto(f"{site.base_url}{found.get_absolute_url()}submit/")
    site.follow("Submit the return")
    site.submit("Submit the return")
    expect(site.page.locator(".govuk-notification-banner")).to_contain_text("Return submitted")
    second.get_by_role("button", name="Submit the return").click()
    expect(second.locator(".govuk-notification-banner")).to_contain_text("This return is submitted already")
    assert_accessible(second)
    second.close()

    # Back to the submit page: it says the return is submitted already, with no error.
    site.page.go_back()
    expect(site.page.locator(".govuk-notification-banner")).to_contain_text(
        "This return is submitted already"
    )
    expect(site.error_summary()).to_have_count(0)
    expect(site.page.locator("#return-status")).to_contain_text("Submitted")
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
    site.follow("Change the figures")
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


def quarters_of_figures(indicator, periods, values, comment=""):
    """Accepted returns of the indicator's agency for the quarters, one figure each."""
    for period, value in zip(periods, values, strict=True):
        found, _ = QuarterlyReturn.objects.get_or_create(
            agency=indicator.agency,
            year=period.year.start_year,
            quarter=period.number,
            defaults={"due_on": return_due_on(period), "status": QuarterlyReturn.Status.ACCEPTED},
        )
        ReturnValue.objects.create(
            quarterly_return=found,
            indicator=indicator,
            value=Decimal(str(value)),
            comment=comment if period == periods[-1] else "",
            status=ReturnValue.Status.ACCEPTED,
        )


def poppler(tool: str, *arguments) -> str:
    found = shutil.which(tool)
    require(found is not None, f"{tool} (apt-get install poppler-utils)")
    return subprocess.run(  # noqa: S603 - a fixed tool on our own file
        [found, *arguments], capture_output=True, text=True, check=True
    ).stdout


def pdf_pages_text(path) -> list[str]:
    return poppler("pdftotext", "-layout", str(path), "-").split("\f")[:-1]


def grey_pixels(path) -> tuple[int, int, bytes]:
    """A page image from pdftoppm as (width, height, one byte a pixel), read from its PGM."""
    data = path.read_bytes()
    header = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    return int(header[1]), int(header[2]), data[header.end() :]


def test_the_quarterly_summary_prints_on_landscape_pages_without_the_services_chrome(
    site, make_user, tmp_path
):
    period = collection_period(timezone.localdate())
    periods = quarters_ending(period, 5)
    agencies = [AgencyFactory(name=f"Partner agency {n}") for n in range(3)]
    for n in range(24):
        indicator = IndicatorFactory(
            agency=agencies[n % 3],
            code=f"PRINT-{n:02d}",
            title=f"Printed indicator number {n}",
            display_order=n,
        )
        # Each row's latest figure and comment are its own, to find the row on its page.
        quarters_of_figures(
            indicator,
            periods,
            [50, 51, 52, 53, Decimal("60.1") + n],
            comment=f"Comment for row {n:02d}: the team explains the quarter's figure in a sentence or two.",
        )
    chair = make_user(roles.SUB_GROUP_CHAIR)
    site.sign_in(chair)
    site.open("/dataset/")
    site.follow("Quarterly summary for the Quality Assurance and Performance sub-group")
    expect(site.page.get_by_role("heading", level=1)).to_have_text(
        f"Quarterly dataset summary, {period.label}"
    )

    site.page.emulate_media(media="print")
    path = tmp_path / "summary.pdf"
    site.page.pdf(path=str(path), prefer_css_page_size=True)
    info = poppler("pdfinfo", str(path))
    width, height = (float(n) for n in re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert width > height, "the summary prints landscape"
    pages = pdf_pages_text(str(path))
    assert len(pages) >= 2
    whole = "\n".join(pages)
    # No menus, account links, breadcrumbs, filters, buttons or link addresses.
    for chrome in (
        "My work",
        "Sign out",
        "Your profile",
        "Accessibility statement",
        "Show",
        "/dataset/",
        "CSV",
    ):
        assert chrome not in whole, chrome
    for number, text in enumerate(pages, start=1):
        assert "Official – sensitive" in text
        assert f"Page {number} of {len(pages)}" in text
    # A row is never cut across pages: each row's code, latest figure and comment are on one page.
    for n in range(24):
        [page] = [text for text in pages if f"PRINT-{n:02d}" in text]
        assert f"{Decimal('60.1') + n}%" in page and f"Comment for row {n:02d}" in page, n

    # Each page as a picture: something is printed, and nothing runs off the right-hand edge.
    poppler("pdftoppm", "-gray", "-r", "40", str(path), str(tmp_path / "page"))
    images = sorted(tmp_path.glob("page-*.pgm"))
    assert len(images) == len(pages)
    for image in images:
        columns, rows, pixels = grey_pixels(image)
        assert min(pixels) < 100, f"{image.name} is blank"
        edge = columns * 98 // 100
        assert all(
            pixels[row * columns + column] > 240 for row in range(rows) for column in range(edge, columns)
        )


def test_the_dataset_pages_fit_a_phone(site, make_user):
    period = collection_period(timezone.localdate())
    agency = AgencyFactory(name="Tower Hamlets Council Children's Services")
    first = IndicatorFactory(
        agency=agency, code="CSC-ASSESS-45", title="Assessments completed within 45 days"
    )
    earlier = quarters_ending(period, 4)[:3]
    quarters_of_figures(first, earlier[:2], [80, 82])
    # The definition changed: the trend's table gains its widest column.
    indicator = services.save_indicator(
        indicator=first, by=make_user(roles.BUSINESS_UNIT), definition="Redefined."
    )
    quarters_of_figures(indicator, earlier[2:], [70])
    found = QuarterlyReturn.objects.create(
        agency=agency, year=period.year.start_year, quarter=period.number, due_on=return_due_on(period)
    )
    lead = make_user(roles.AGENCY_DATA_LEAD)
    PersonFactory(user=lead, full_name=lead.full_name, agency=agency)
    site.page.set_viewport_size({"width": 375, "height": 800})
    site.sign_in(lead)
    for path in (
        "/dataset/",
        found.get_absolute_url(),
        f"/dataset/returns/{found.pk}/figures/",
        f"/dataset/returns/{found.pk}/upload/",
        indicator.get_absolute_url(),
        "/dataset/summary/",
    ):
        site.open(path)
        overflow = site.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (path, overflow)


def test_readers_see_accepted_figures_only_and_young_scrutineers_do_not_see_the_dataset(site, make_user):
    period = collection_period(timezone.localdate())
    agency = AgencyFactory(name="East London NHS Foundation Trust")
    indicator = IndicatorFactory(agency=agency, code="ELFT-TRAINING", title="Staff trained to level 3")
    quarters_of_figures(indicator, quarters_ending(period, 2)[:1], [81.5])
    submitted = QuarterlyReturn.objects.create(
        agency=agency,
        year=period.year.start_year,
        quarter=period.number,
        due_on=return_due_on(period),
        status=QuarterlyReturn.Status.SUBMITTED,
    )
    ReturnValue.objects.create(quarterly_return=submitted, indicator=indicator, value=Decimal("97.3"))

    site.sign_in(make_user(roles.INDEPENDENT_SCRUTINEER))
    site.open("/dataset/")
    expect(site.page.locator("#indicator-elft-training")).to_contain_text("81.5%")
    site.follow(agency.name)
    expect(site.main()).to_contain_text("Not yet accepted")
    expect(site.main()).not_to_contain_text("97.3")
    expect(site.main().get_by_role("link", name="Accept the figures")).to_have_count(0)
    expect(site.main().get_by_role("link", name="Download the workbook")).to_have_count(0)
    site.sign_out()

    site.sign_in(make_user(roles.YOUNG_SCRUTINEER))
    expect(site.page.locator(".govuk-service-navigation")).not_to_contain_text("Dataset")
    response = site.page.goto(f"{site.base_url}/dataset/")
    assert response.status == 403
    response = site.page.goto(f"{site.base_url}{submitted.get_absolute_url()}")
    assert response.status in (403, 404)
    expect(site.page.locator("body")).not_to_contain_text("97.3")
