"""Images uploaded to the CMS lose their metadata (EXIF, GPS, XMP) before they are stored.

A photo taken on a phone carries where and when it was taken and on which device; none of that
belongs on a public website. Pixels and colour profile are kept; orientation is applied.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from wagtail.images.forms import BaseImageForm

from facial_profile.io import strip_metadata


def _clean_webp(data: bytes) -> bytes:
    with Image.open(io.BytesIO(data)) as im:
        im.load()
        clean = im.copy()
    clean.info = {}
    out = io.BytesIO()
    clean.save(out, format="WEBP", quality=90)
    return out.getvalue()


class PublicImageForm(BaseImageForm):
    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload is None or "file" not in self.changed_data or not hasattr(upload, "read"):
            return upload
        upload.seek(0)
        data = upload.read()
        suffix = Path(upload.name).suffix.lower()
        if suffix in {".jpg", ".jpeg", ".png"}:
            cleaned = strip_metadata(data)
        elif suffix == ".webp":
            cleaned = _clean_webp(data)
        else:
            upload.seek(0)
            return upload
        return SimpleUploadedFile(
            upload.name, cleaned, content_type=getattr(upload, "content_type", None)
        )
