"""A photo uploaded to the CMS never keeps where, when or on what it was taken."""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images import get_image_model

pytestmark = pytest.mark.integration


def _jpeg_with_metadata() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 99"  # Model
    exif[0x0132] = "2026:11:20 09:15:00"  # DateTime
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = (51.0, 30.0, 26.0)
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 160, 140)).save(out, format="JPEG", exif=exif)
    return out.getvalue()


def test_uploaded_photo_is_stored_without_exif_or_gps(practitioner_client, demo_site):
    data = _jpeg_with_metadata()
    assert Image.open(io.BytesIO(data)).getexif().get(0x010F) == "PhoneMaker"  # the test is real
    response = practitioner_client.post(
        f"/{settings.CMS_PATH}/images/add/",
        {
            "title": "Clinic room",
            "file": SimpleUploadedFile("room.jpg", data, content_type="image/jpeg"),
            "collection": get_image_model().objects.first().collection_id,
            "tags": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = get_image_model().objects.get(title="Clinic room")
    with image.file.open("rb") as handle:
        stored = Image.open(io.BytesIO(handle.read()))
        stored.load()
    assert dict(stored.getexif()) == {}
    assert (image.width, image.height) == (64, 48)
