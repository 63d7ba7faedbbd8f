"""The report's pages: sections follow on, a long one starts a page unless that leaves the
page before it nearly blank, and the preview is a page of well-formed HTML."""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.safestring import mark_safe

from governance import roles
from governance.periods import FinancialYear
from thscp.reports import pdf, services
from thscp.reports.sections import LONG_SECTION_HTML, ReportSection

pytestmark = pytest.mark.django_db

PERIOD = FinancialYear(2025)
PARAGRAPH = "<p>The partnership met, reviewed its plans and agreed what each agency would do next.</p>"


def section(key, number, paragraphs, *, long=False):
    html = mark_safe(PARAGRAPH * paragraphs)  # noqa: S308 - a fixed paragraph of the test
    return ReportSection(key=key, order=number, title=f"Section {key}", html=html, number=number, long=long)


def test_a_long_section_follows_on_rather_than_leave_the_page_before_it_nearly_blank():
    long_paragraphs = LONG_SECTION_HTML // len(PARAGRAPH) + 40
    html = pdf.report_html(
        period=PERIOD, sections=[section("a", 1, 3), section("b", 2, long_paragraphs, long=True)]
    )
    document = pdf.layout(html)
    pages = document.pages
    first_page = {}
    for number, page in enumerate(pages):
        for anchor in page.anchors:  # a section on several pages has its anchor on each
            first_page.setdefault(anchor, number)
    assert first_page["section-b"] == first_page["section-a"]
    # Cover, contents, then report pages none of which is nearly blank (the last aside).
    for page in pages[2:-1]:
        assert pdf.page_fill(page) >= pdf.NEAR_BLANK


def test_a_long_section_after_a_full_page_starts_a_page_of_its_own():
    html = pdf.report_html(
        period=PERIOD,
        sections=[section("a", 1, 45), section("b", 2, LONG_SECTION_HTML // len(PARAGRAPH) + 5, long=True)],
    )
    document = pdf.layout(html)
    first_page = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            first_page.setdefault(anchor, number)
    assert first_page["section-b"] > first_page["section-a"]
    assert pdf.page_fill(document.pages[first_page["section-b"] - 1]) >= pdf.NEAR_BLANK


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids = Counter()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id":
                self.ids[value] += 1


def test_the_preview_gives_every_element_its_own_id(signed_in_client):
    from tests.thscp.report_helpers import covered_report

    client, user = signed_in_client(roles.BUSINESS_UNIT)
    covered_report(user)
    page = client.get(reverse("reports:report", args=[PERIOD.start_year])).content.decode()
    parser = _Ids()
    parser.feed(page)
    assert [value for value, count in parser.ids.items() if count > 1] == []


def test_the_document_numbers_only_the_sections_it_holds():
    found = services.report_sections(PERIOD)
    held = services.document_sections(found)
    assert [section.number for section in held] == list(range(1, len(held) + 1))
    assert all(section.number is None for section in found if not section.included)


def _pages_of(document, anchor):
    return [number for number, page in enumerate(document.pages) if anchor in page.anchors]


@pytest.mark.parametrize("paragraphs", [20, 26, 32])
def test_the_glossary_is_kept_whole_on_one_page(paragraphs):
    from thscp.reports.sections import _glossary_section

    glossary = _glossary_section()
    glossary = ReportSection(
        key="glossary", order=2, title=glossary.title, html=glossary.html, number=2, long=False
    )
    html = pdf.report_html(period=PERIOD, sections=[section("a", 1, paragraphs), glossary])
    document = pdf.layout(html)
    assert len(_pages_of(document, "section-glossary")) == 1
