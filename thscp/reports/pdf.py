"""The yearly report as HTML and as a PDF (WeasyPrint).

One HTML document serves both: the same section HTML the editor previews, with a
cover, a contents page and print CSS. The PDF is A4, tagged, PDF/UA-1, with the
document language from <html lang="en-GB">.
"""

from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from governance.periods import FinancialYear
from governance.reporting import Section

PDF_VARIANT = "pdf/ua-1"

# WeasyPrint logs every layout step at INFO: a line per page per pass in the worker's log.


def report_html(*, period: FinancialYear, sections: list[Section], generated_at=None) -> str:
    return render_to_string(
        "thscp/report/document.html",
        {
            "period": period,
            "sections": sections,
            "generated_at": generated_at or timezone.localtime(),
            "partnership_name": settings.PARTNERSHIP_NAME,
            "partnership_short_name": settings.PARTNERSHIP_SHORT_NAME,
        },
    )


def write_pdf(*, html: str, target: Path) -> int:
    """Render `html` to a PDF at `target`; returns the number of pages."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # The report loads nothing from outside itself (charts are inline SVG): no file or
    # network access, whatever a section's HTML might contain.
    fetcher = URLFetcher(allowed_protocols=("data",), timeout=1)
    document = HTML(string=html, base_url=None, url_fetcher=fetcher).render(pdf_variant=PDF_VARIANT)
    document.write_pdf(target=str(target), pdf_variant=PDF_VARIANT)
    return len(document.pages)
