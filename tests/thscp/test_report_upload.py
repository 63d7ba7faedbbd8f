"""A file uploaded as a version of the yearly report goes through the checks a rendered
version goes through before sign-off: the Working Together contents list (covered by
the file's sections, or the business unit's reason) and the safety check (no case
reference, case date or unconsented name), read from the file's own text."""

import io
import re
import zipfile

import pytest
import weasyprint
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from governance import services as governance_services
from governance.models import DocumentVersion
from tests.thscp.report_helpers import PERIOD, business_unit, covered_report, rendered
from thscp.reports import services

pytestmark = pytest.mark.django_db


def _pdf(html: str) -> bytes:
    return weasyprint.HTML(string=html).write_pdf()


def _upload(render, content: bytes, name: str, by) -> DocumentVersion:
    """The business unit's own file, added to the report's document after the render."""
    return governance_services.add_document_version(
        document=render.document_version.document,
        upload=SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        by=by,
    )


def _laid_out_elsewhere(extra: str = "") -> bytes:
    """The report as the service builds it, printed by another tool, with `extra` added."""
    built = services.build_report(PERIOD)
    return _pdf(built.html.replace("</body>", f"<p>{extra}</p></body>"))


@pytest.fixture
def by():
    user = business_unit()
    covered_report(user)
    return user


def test_an_uploaded_report_covering_every_item_with_nothing_unsafe_goes_for_sign_off(by):
    version = _upload(rendered(by), _laid_out_elsewhere(), "report-designed.pdf", by)

    governance_services.send_for_sign_off(version=version, by=by)

    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.AWAITING_SIGN_OFF


def test_an_uploaded_report_with_a_case_reference_cannot_be_sent_for_sign_off(by):
    version = _upload(
        rendered(by), _laid_out_elsewhere("The rapid review of SI-2025-003 was late."), "report.pdf", by
    )

    with pytest.raises(ValidationError, match=r"contains a case reference \(SI-2025-003\)"):
        governance_services.send_for_sign_off(version=version, by=by)
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.DRAFT


def test_an_uploaded_report_with_a_case_date_set_across_two_lines_cannot_be_sent_for_sign_off(by):
    # covered_report's serious incident: the Panel was notified on 5 June 2025.
    html = "<h1>Yearly report</h1><p style='width: 9em'>Harm was notified on 5 June 2025 to the Panel.</p>"
    version = _upload(rendered(by), _pdf(html), "report.pdf", by)

    with pytest.raises(ValidationError, match=r"contains the exact date of a case \(5 June 2025\)"):
        governance_services.send_for_sign_off(version=version, by=by)


def test_an_uploaded_report_without_a_required_section_cannot_be_sent_without_a_reason(by):
    render = rendered(by)
    html = re.sub(
        r"(the )?independent scrutine\w+(&#x27;|')?s?( statement| in the year)",
        "Our reflections",
        services.build_report(PERIOD).html,
        flags=re.IGNORECASE,
    )
    version = _upload(render, _pdf(html), "report.pdf", by)

    with pytest.raises(ValidationError, match="covered by no section of the uploaded file"):
        governance_services.send_for_sign_off(version=version, by=by)

    services.record_checklist_reason(
        period=PERIOD, item="independent_scrutiny", reason="The scrutineer reports separately.", by=by
    )
    governance_services.send_for_sign_off(version=version, by=by)
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.AWAITING_SIGN_OFF


def test_a_word_document_uploaded_as_the_report_is_checked_from_its_text(by):
    document_xml = (
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        "<w:p><w:r><w:t>The review of </w:t></w:r><w:r><w:t>SI-2025-003</w:t></w:r></w:p>"
        "</w:body></w:document>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", document_xml)
    version = _upload(rendered(by), buffer.getvalue(), "report.docx", by)

    with pytest.raises(ValidationError, match=r"contains a case reference \(SI-2025-003\)"):
        governance_services.send_for_sign_off(version=version, by=by)


def test_an_uploaded_file_whose_text_cannot_be_read_cannot_be_sent_for_sign_off(by):
    version = _upload(rendered(by), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "report.doc", by)

    with pytest.raises(ValidationError, match="The text of this file cannot be read"):
        governance_services.send_for_sign_off(version=version, by=by)
    version.refresh_from_db()
    assert version.status == DocumentVersion.Status.DRAFT
