"""The partnership's logo on the report's cover: a real PNG or JPEG only, kept private,
embedded in the page and the PDF (no URL serves it)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from governance import roles
from thscp.reports.logo import logo_data_uri, validate_logo
from thscp.reports.models import ReportBranding

pytestmark = pytest.mark.django_db


def png_bytes(size=(40, 20)) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, (29, 112, 184)).save(buffer, format="PNG")
    return buffer.getvalue()


def jpeg_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 20), (29, 112, 184)).save(buffer, format="JPEG")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content"), [("logo.png", png_bytes), ("logo.jpg", jpeg_bytes)])
def test_a_real_png_or_jpeg_is_accepted(name, content):
    validate_logo(SimpleUploadedFile(name, content()))


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "logo.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "PNG or JPEG",
        ),
        ("logo.gif", b"GIF89a", "PNG or JPEG"),
        ("logo.png", b"<html>not an image</html>", "not a real PNG"),
        ("logo.png", b"\x89PNG\r\n\x1a\nbroken", "not a real PNG"),
        ("logo.jpg", png_bytes(), "not a real JPEG"),
        ("logo.png", b"", "empty"),
    ],
)
def test_anything_else_is_refused_with_a_clear_message(name, content, message):
    with pytest.raises(ValidationError, match=message):
        validate_logo(SimpleUploadedFile(name, content))


def test_a_huge_image_is_refused():
    with pytest.raises(ValidationError, match="4000 pixels"):
        validate_logo(SimpleUploadedFile("logo.png", png_bytes(size=(5000, 4000))))


def test_the_business_unit_uploads_the_logo_which_is_stored_privately_and_embedded(
    signed_in_client, settings
):
    client, user = signed_in_client(roles.BUSINESS_UNIT)
    response = client.post(
        reverse("reports:cover"),
        {
            "logo": SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"),
            "logo_description": "Three linked hands",
            "short_line": "Working together to keep children safe",
        },
    )
    assert response.status_code == 302
    branding = ReportBranding.objects.get()
    assert branding.logo.name.startswith("private/report-logo/")
    assert branding.history.latest().history_user == user
    assert logo_data_uri(branding.logo).startswith("data:image/png;base64,")
    page = client.get(reverse("reports:cover")).content.decode()
    assert 'src="data:image/png;base64,' in page and 'alt="Three linked hands"' in page


def test_a_logo_without_a_description_is_refused_and_nothing_is_saved(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    response = client.post(
        reverse("reports:cover"),
        {
            "logo": SimpleUploadedFile("logo.png", png_bytes(), content_type="image/png"),
            "logo_description": "",
        },
    )
    assert response.status_code == 200
    assert "Enter a description of the logo" in response.content.decode()
    assert not ReportBranding.objects.exclude(logo="").exists()


def test_an_svg_upload_is_refused_on_the_page(signed_in_client):
    client, _ = signed_in_client(roles.BUSINESS_UNIT)
    response = client.post(
        reverse("reports:cover"),
        {"logo": SimpleUploadedFile("logo.svg", b"<svg/>"), "logo_description": "A logo"},
    )
    assert "The logo must be a PNG or JPEG image" in response.content.decode()
    assert not ReportBranding.objects.exists()
