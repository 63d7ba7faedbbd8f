"""The yearly report as HTML and as a PDF (WeasyPrint).

One HTML document serves both: the same section HTML the editor previews, with a
cover (the partnership's name and logo, the year and a short line), a numbered
contents page and print CSS in which sections follow on, a long one starting a page.
The PDF is A4, tagged, PDF/UA-1, with the document language from <html lang="en-GB">.
"""

import logging
import re
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from governance.periods import FinancialYear

from .logo import logo_data_uri

PDF_VARIANT = "pdf/ua-1"

logger = logging.getLogger(__name__)

# WeasyPrint logs every layout step at INFO: a line per page per pass in the worker's log.


def report_html(
    *, period: FinancialYear, sections: list, generated_at=None, cover: dict | None = None
) -> str:
    """The document: `sections` are those it includes, numbered (services.document_sections)."""
    cover = cover or {}
    return render_to_string(
        "thscp/report/document.html",
        {
            "period": period,
            "sections": sections,
            "generated_at": generated_at or timezone.localtime(),
            "partnership_name": settings.PARTNERSHIP_NAME,
            "partnership_short_name": settings.PARTNERSHIP_SHORT_NAME,
            "short_line": cover.get("short_line", ""),
            "logo": logo_data_uri(cover.get("logo")),
            "logo_description": cover.get("logo_description", ""),
        },
    )


# A long section starts a new page, unless the page before it would then be nearly
# blank: less than this share of its height in use.
NEAR_BLANK = 0.35
MAX_LAYOUT_PASSES = 4
LONG_SECTION = re.compile(r'report-section--long[^"]*" id="section-([\w-]+)"')


def write_pdf(*, html: str, target: Path) -> int:
    """Render `html` to a PDF at `target`; returns the number of pages."""
    document = layout(html)
    document.write_pdf(target=str(target), pdf_variant=PDF_VARIANT)
    return len(document.pages)


def layout(html: str):
    """The document laid out in pages.

    A long section whose new page would leave the page before it nearly blank follows
    on instead, and the document is laid out again (which may move later sections: a
    few passes at most)."""
    document = _render(html)
    passes = 1
    for _ in range(MAX_LAYOUT_PASSES - 1):
        follow_on = _breaks_leaving_blank_pages(document, html)
        if not follow_on:
            break
        for key in follow_on:
            html = html.replace(f' report-section--long" id="section-{key}"', f'" id="section-{key}"')
        document = _render(html)
        passes += 1
    logger.info("yearly report laid out in %s pass(es), %s pages", passes, len(document.pages))
    return document


def _render(html: str):
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # The report loads nothing from outside itself (charts are inline SVG, the logo a
    # data URI): no file or network access, whatever a section's HTML might contain.
    fetcher = URLFetcher(allowed_protocols=("data",), timeout=1)
    return HTML(string=html, base_url=None, url_fetcher=fetcher).render(pdf_variant=PDF_VARIANT)


def page_fill(page) -> float:
    """How far down the page's content area its content reaches, as a share of that
    area's height (margins, running headers and page numbers aside: measured against
    the whole sheet, a third of a page read as nearly half)."""
    bottoms = []

    def walk(box):
        for child in getattr(box, "children", []):
            if type(child).__name__ == "MarginBox":
                continue
            if getattr(child, "height", None) is not None and not getattr(child, "children", None):
                bottoms.append(child.position_y + child.height)
            walk(child)

    box = page._page_box
    walk(box)
    if not bottoms:
        return 0.0
    return max(0.0, max(bottoms) - box.content_box_y()) / box.height


def _breaks_leaving_blank_pages(document, html: str) -> list[str]:
    first_page = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            first_page.setdefault(anchor, number)
    found = []
    for key in LONG_SECTION.findall(html):
        number = first_page.get(f"section-{key}")
        if not number:
            continue
        before = document.pages[number - 1]
        if "contents-title" in before.anchors:
            continue  # the first section after the contents page always starts a page
        if page_fill(before) < NEAR_BLANK:
            found.append(key)
    return found
