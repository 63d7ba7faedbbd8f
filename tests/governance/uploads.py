"""Real (if tiny) files of each type an upload may be, and crafted ones that only look
like one: for the tests of the content checks in governance/files.py."""

import io
import zipfile

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# An OLE compound document's signature: Word, Excel and PowerPoint before 2007.
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)
MAIN_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".pptx": "ppt/presentation.xml"}


def zip_of(files: dict[str, bytes], prefix: bytes = b"") -> bytes:
    buffer = io.BytesIO()
    buffer.write(prefix)
    with zipfile.ZipFile(buffer, "a" if prefix else "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def office_document(extension: str) -> bytes:
    """An Office Open XML package: a ZIP archive with its content types and main part."""
    return zip_of({"[Content_Types].xml": CONTENT_TYPES, MAIN_PARTS[extension]: "<document/>"})


def pdf_that_is_also_a_zip() -> bytes:
    """A polyglot: a PDF with a ZIP archive after it, which a ZIP reader opens from the end."""
    return zip_of({"payload.html": "<script>alert(1)</script>"}, prefix=PDF)


def docx_that_is_also_a_pdf() -> bytes:
    """A polyglot: a Word package whose first stored entry puts "%PDF" where a PDF reader looks."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("a.pdf", PDF)
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()
