"""Private uploads: papers, terms of reference, evidence.

Files live under MEDIA_ROOT, which no URL serves: each is downloaded only through a
view that checks permission. Type and size are checked on upload, the type by the name
and by the content: the leading bytes (magic numbers) must be the named type's, an
Office Open XML file must be a ZIP archive holding that application's main part, and a
file that is two types at once (a polyglot: a PDF that is also a ZIP archive, or a ZIP
or Office file a PDF reader would open) is refused, since a reader of the other type
would find content the checks never saw.
"""

import uuid
import zipfile
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.deconstruct import deconstructible

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

# Extension -> the leading bytes such a file starts with. Office files are ZIPs (OOXML)
# or OLE compound documents (older formats).
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ALLOWED_TYPES = {
    ".pdf": (b"%PDF",),
    ".doc": (_OLE,),
    ".docx": (_ZIP,),
    ".xls": (_OLE,),
    ".xlsx": (_ZIP,),
    ".ppt": (_OLE,),
    ".pptx": (_ZIP,),
}
ALLOWED_DESCRIPTION = "PDF, Word, Excel or PowerPoint"

# An Office Open XML file is a ZIP archive holding its application's main part.
OOXML_MAIN_PARTS = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".pptx": "ppt/presentation.xml"}
# PDF readers look for "%PDF" anywhere in a file's first 1024 bytes (ISO 32000-1 annex H).
PDF_HEADER_WINDOW = 1024


def validate_document(upload) -> None:
    """A paper must be a PDF or Office document of at most 20 MB, and look like one."""
    if upload is None:
        return
    if getattr(upload, "_committed", False):
        return  # a file already stored was checked when it was uploaded
    extension = PurePath(upload.name).suffix.lower()
    if extension not in ALLOWED_TYPES:
        raise ValidationError(f"The selected file must be a {ALLOWED_DESCRIPTION} file", code="file_type")
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError("The selected file must be smaller than 20 MB", code="file_size")
    if upload.size == 0:
        raise ValidationError("The selected file is empty", code="file_empty")
    position = upload.tell() if hasattr(upload, "tell") else 0
    try:
        _check_content(upload, extension)
    finally:
        upload.seek(position)


def _not_real(extension: str) -> ValidationError:
    return ValidationError(
        f"The selected file is not a real {extension.lstrip('.').upper()} file", code="file_content"
    )


def _opens_as_zip(upload) -> zipfile.ZipFile | None:
    """The archive, if the file is a ZIP archive a ZIP reader would open (its central
    directory, found from the end of the file, reads), wherever it starts."""
    upload.seek(0)
    try:
        archive = zipfile.ZipFile(upload)
        archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None
    return archive


def _check_content(upload, extension: str) -> None:
    upload.seek(0)
    head = upload.read(PDF_HEADER_WINDOW)
    if not any(head.startswith(signature) for signature in ALLOWED_TYPES[extension]):
        raise _not_real(extension)
    archive = _opens_as_zip(upload)
    if extension == ".pdf":
        if archive is not None:
            raise ValidationError(
                "The selected file is a PDF and a ZIP archive at once: save it again as a plain PDF",
                code="file_polyglot",
            )
        return
    if b"%PDF" in head:
        raise ValidationError(
            f"The selected file is a {extension.lstrip('.').upper()} file and a PDF at once: "
            "save it again from its own application",
            code="file_polyglot",
        )
    if extension in OOXML_MAIN_PARTS:
        if archive is None:
            raise _not_real(extension)
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names or OOXML_MAIN_PARTS[extension] not in names:
            raise _not_real(extension)
    elif archive is not None:
        # An older Office file (an OLE compound document) is never also a ZIP archive.
        raise ValidationError(
            f"The selected file is a {extension.lstrip('.').upper()} file and a ZIP archive at once: "
            "save it again from its own application",
            code="file_polyglot",
        )


@deconstructible
class PrivatePath:
    """Stores an upload under a random name, keeping only its extension."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename):
        return f"private/{self.folder}/{uuid.uuid4().hex}{PurePath(filename).suffix.lower()}"

    def __eq__(self, other):
        return isinstance(other, PrivatePath) and other.folder == self.folder
