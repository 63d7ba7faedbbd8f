"""Uploads are checked by content as well as by name, and polyglots are refused."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from governance.files import validate_document
from tests.governance.uploads import (
    OLE,
    PDF,
    docx_that_is_also_a_pdf,
    office_document,
    pdf_that_is_also_a_zip,
    zip_of,
)


def check(name: str, content: bytes):
    validate_document(SimpleUploadedFile(name, content))


def refusal(name: str, content: bytes) -> str:
    with pytest.raises(ValidationError) as raised:
        check(name, content)
    return raised.value.messages[0]


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("paper.pdf", PDF),
        ("paper.docx", office_document(".docx")),
        ("figures.xlsx", office_document(".xlsx")),
        ("slides.pptx", office_document(".pptx")),
        ("paper.doc", OLE),
        ("figures.xls", OLE),
        ("slides.ppt", OLE),
    ],
)
def test_real_files_of_each_type_are_accepted(name, content):
    check(name, content)


def test_a_pdf_that_is_also_a_zip_archive_is_refused():
    assert refusal("paper.pdf", pdf_that_is_also_a_zip()) == (
        "The selected file is a PDF and a ZIP archive at once: save it again as a plain PDF"
    )


def test_a_word_file_that_is_also_a_pdf_is_refused():
    assert refusal("paper.docx", docx_that_is_also_a_pdf()) == (
        "The selected file is a DOCX file and a PDF at once: save it again from its own application"
    )


def test_an_old_office_file_that_is_also_a_zip_archive_is_refused():
    assert "DOC file and a ZIP archive at once" in refusal("paper.doc", zip_of({"x": "y"}, prefix=OLE))


def test_a_zip_archive_named_docx_without_a_word_document_is_refused():
    assert refusal("paper.docx", zip_of({"evil.exe": "MZ"})) == "The selected file is not a real DOCX file"


def test_a_spreadsheet_named_docx_is_refused():
    assert refusal("paper.docx", office_document(".xlsx")) == "The selected file is not a real DOCX file"


def test_a_file_that_only_starts_like_a_zip_is_refused():
    assert refusal("paper.docx", b"PK\x03\x04" + b"\0" * 60) == "The selected file is not a real DOCX file"


def test_a_web_page_named_pdf_is_refused():
    assert (
        refusal("paper.pdf", b"<html><script>alert(1)</script>") == "The selected file is not a real PDF file"
    )


def test_the_check_leaves_the_upload_where_it_was():
    upload = SimpleUploadedFile("paper.docx", office_document(".docx"))
    upload.seek(3)
    validate_document(upload)
    assert upload.tell() == 3
