"""Private uploads: papers, terms of reference, evidence.

Files live under MEDIA_ROOT, which no URL serves: each is downloaded only through a
view that checks permission. Type and size are checked on upload.
"""

import uuid
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
    upload.seek(0)
    head = upload.read(8)
    upload.seek(position)
    if not any(head.startswith(signature) for signature in ALLOWED_TYPES[extension]):
        raise ValidationError(
            f"The selected file is not a real {extension.lstrip('.').upper()} file", code="file_content"
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
