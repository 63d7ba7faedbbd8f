"""The text of a file uploaded as a version of the yearly report, so that it is checked
before sign-off as a rendered version is (services.check_version_before_sign_off).

A business unit may lay the report out elsewhere and upload the result. Its text is
read as a reader reads it, one paragraph a line: a PDF through poppler's pdftotext,
a Word or PowerPoint file from its XML parts. A file whose text cannot be read (an
older Office format, a scanned PDF, a machine without pdftotext) is not waved through:
it cannot be checked, so it cannot go for sign-off.
"""

import re
import shutil
import subprocess
import zipfile
from html import escape
from io import BytesIO
from pathlib import PurePath
from xml.etree import ElementTree

PDF_TEXT_TIMEOUT_SECONDS = 60
# Word: the document, its headers, footers, footnotes and comments; PowerPoint: the slides.
OOXML_TEXT_PARTS = {
    ".docx": re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$"),
    ".pptx": re.compile(r"^ppt/(slides|notesSlides)/[^/]+\.xml$"),
}


def paragraphs_of(version) -> list[str] | None:
    """The version's file as paragraphs of text, or None when its text cannot be read."""
    extension = PurePath(version.file_name or version.file.name).suffix.lower()
    with version.file.open("rb") as stored:
        data = stored.read()
    if extension == ".pdf":
        paragraphs = _pdf_paragraphs(data)
    elif extension in OOXML_TEXT_PARTS:
        paragraphs = _ooxml_paragraphs(data, OOXML_TEXT_PARTS[extension])
    else:
        return None
    return paragraphs or None


def as_html(paragraphs: list[str]) -> str:
    """Paragraphs as the HTML the safety check reads (one line each)."""
    return "".join(f"<p>{escape(paragraph)}</p>" for paragraph in paragraphs)


QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-", "\u2014": "-"}
)


def normalised(text: str) -> str:
    """Text compared as a reader compares it: case, spacing and typographic quotes aside."""
    return " ".join(text.translate(QUOTES).casefold().split())


def _pdf_paragraphs(data: bytes) -> list[str]:
    tool = shutil.which("pdftotext")
    if tool is None:
        return []
    try:
        result = subprocess.run(  # noqa: S603 - a fixed tool, the file on standard input
            [tool, "-q", "-enc", "UTF-8", "-", "-"],
            input=data,
            capture_output=True,
            timeout=PDF_TEXT_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return []
    if result.returncode != 0:
        return []
    text = result.stdout.decode("utf-8", errors="replace").replace("\f", "\n\n")
    # pdftotext breaks a paragraph into the lines it was set in, and separates paragraphs
    # with a blank line: a date or a reference set across two lines is one again.
    return [" ".join(block.split()) for block in re.split(r"\n\s*\n", text) if block.strip()]


def _ooxml_paragraphs(data: bytes, parts: re.Pattern) -> list[str]:
    try:
        archive = zipfile.ZipFile(BytesIO(data))
    except zipfile.BadZipFile:
        return []
    paragraphs = []
    with archive:
        for name in sorted(archive.namelist()):
            if not parts.match(name):
                continue
            try:
                root = ElementTree.fromstring(archive.read(name))  # noqa: S314 - expat refuses entity expansion attacks
            except ElementTree.ParseError:
                return []
            for element in root.iter():
                if _local(element.tag) == "p":
                    text = "".join(node.text or "" for node in element.iter() if _local(node.tag) == "t")
                    if text.strip():
                        paragraphs.append(" ".join(text.split()))
    return paragraphs


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
