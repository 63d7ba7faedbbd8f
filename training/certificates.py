"""Certificates of attendance as PDF (WeasyPrint, as the yearly report: A4, tagged
PDF/UA-1, nothing loaded from outside the document)."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

PDF_VARIANT = "pdf/ua-1"


def certificate_html(booking) -> str:
    return render_to_string(
        "training/certificate.html",
        {
            "booking": booking,
            "session": booking.session,
            "course": booking.session.course,
            "person": booking.person,
            "day": timezone.localtime(booking.session.starts_at),
            "hours": round((booking.session.ends_at - booking.session.starts_at).total_seconds() / 3600, 1),
            "partnership_name": settings.PARTNERSHIP_NAME,
        },
    )


def certificate_pdf(booking) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols=("data",), timeout=1)
    document = HTML(string=certificate_html(booking), base_url=None, url_fetcher=fetcher)
    return document.write_pdf(pdf_variant=PDF_VARIANT)
