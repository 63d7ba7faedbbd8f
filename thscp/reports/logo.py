"""The partnership's logo on the report's cover: checked on upload, embedded when shown.

Only PNG and JPEG are accepted (no SVG: an SVG is a document that can carry script and
links). The file must start like one, open as one, and stay within a sensible size;
it is stored privately and embedded in the page and the PDF as a data URI, so no URL
ever serves it. Pillow comes with WeasyPrint, which already depends on it.
"""

import base64
from pathlib import PurePath

from django.core.exceptions import ValidationError

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 4000 * 4000  # well below Pillow's decompression-bomb limit
SIGNATURES = {
    ".png": (b"\x89PNG\r\n\x1a\n", "PNG", "image/png"),
    ".jpg": (b"\xff\xd8\xff", "JPEG", "image/jpeg"),
    ".jpeg": (b"\xff\xd8\xff", "JPEG", "image/jpeg"),
}


def validate_logo(upload) -> None:
    """A logo must be a real PNG or JPEG image of at most 2 MB."""
    if not upload:
        return
    if getattr(upload, "_committed", False):
        return  # a file already stored was checked when it was uploaded
    extension = PurePath(upload.name).suffix.lower()
    if extension not in SIGNATURES:
        raise ValidationError("The logo must be a PNG or JPEG image", code="file_type")
    if upload.size == 0:
        raise ValidationError("The selected file is empty", code="file_empty")
    if upload.size > MAX_LOGO_BYTES:
        raise ValidationError("The logo must be smaller than 2 MB", code="file_size")
    signature, pillow_format, _ = SIGNATURES[extension]
    position = upload.tell() if hasattr(upload, "tell") else 0
    upload.seek(0)
    head = upload.read(len(signature))
    upload.seek(0)
    try:
        if head != signature:
            raise ValidationError(
                f"The selected file is not a real {pillow_format} image", code="file_content"
            )
        _check_image(upload, pillow_format)
    finally:
        upload.seek(position)


def _check_image(upload, pillow_format: str) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(upload) as image:
            if image.format != pillow_format:
                raise ValidationError(
                    f"The selected file is not a real {pillow_format} image", code="file_content"
                )
            width, height = image.size
            if width * height > MAX_LOGO_PIXELS:
                raise ValidationError(
                    "The logo must be at most 4000 pixels wide and tall", code="file_dimensions"
                )
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as error:
        raise ValidationError(
            f"The selected file is not a real {pillow_format} image", code="file_content"
        ) from error


def logo_data_uri(field_file) -> str:
    """The stored logo as a data URI, or "" when there is none or it cannot be read."""
    if not field_file:
        return ""
    extension = PurePath(field_file.name).suffix.lower()
    if extension not in SIGNATURES:
        return ""
    try:
        with field_file.open("rb") as handle:
            content = handle.read(MAX_LOGO_BYTES + 1)
    except (FileNotFoundError, OSError):
        return ""
    signature, _, mime = SIGNATURES[extension]
    if not content.startswith(signature) or len(content) > MAX_LOGO_BYTES:
        return ""
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"
