"""Loading photos: formats, orientation, colour modes, and every kind of bad file."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import cv2
import numpy as np
import pillow_heif
import pytest
from PIL import Image

from facial_profile.io import MAX_PIXELS, load_image, strip_metadata
from facial_profile.types import ImageLoadError, ImageTooLargeError

pytestmark = pytest.mark.unit


def _encode(im: Image.Image, fmt: str, **kw: object) -> bytes:
    buf = io.BytesIO()
    im.save(buf, format=fmt, **kw)
    return buf.getvalue()


def _marked(w: int = 40, h: int = 20) -> Image.Image:
    """A blue image with a red top-left quarter, so orientation can be checked."""
    arr = np.zeros((h, w, 3), np.uint8)
    arr[:, :] = (0, 0, 200)
    arr[: h // 2, : w // 2] = (220, 0, 0)
    return Image.fromarray(arr)


def _exif_with(orientation: int | None = None, gps: bool = False) -> Image.Exif:
    exif = Image.Exif()
    if orientation is not None:
        exif[0x0112] = orientation
    exif[0x010F] = "TestCam"  # Make
    if gps:
        exif[0x8825] = {1: "N", 2: (51.0, 30.0, 0.0), 3: "W", 4: (0.0, 7.0, 0.0)}
    return exif


def test_jpeg_loads_as_rgb_uint8() -> None:
    arr = load_image(_encode(_marked(), "JPEG", quality=95))
    assert (arr.shape, arr.dtype) == ((20, 40, 3), np.dtype(np.uint8))
    # Red quarter stays red (channel order is RGB, not OpenCV's BGR).
    assert arr[2, 2, 0] > 180 and arr[2, 2, 2] < 60


def test_path_and_bytes_give_the_same_pixels(tmp_path: Path) -> None:
    data = _encode(_marked(), "PNG")
    path = tmp_path / "photo.png"
    path.write_bytes(data)
    assert np.array_equal(load_image(path), load_image(data))
    assert np.array_equal(load_image(str(path)), load_image(data))


def test_exif_orientation_is_applied() -> None:
    # Orientation 6: the camera was turned; the viewer rotates 90 degrees clockwise.
    data = _encode(_marked(), "JPEG", quality=95, exif=_exif_with(orientation=6))
    arr = load_image(data)
    assert arr.shape == (40, 20, 3)
    # After a clockwise turn the red quarter sits top-right.
    assert arr[2, 17, 0] > 180 and arr[2, 2, 0] < 60


def test_grey_image_becomes_three_equal_channels() -> None:
    grey = Image.fromarray(np.arange(256, dtype=np.uint8).reshape(16, 16))
    arr = load_image(_encode(grey, "PNG"))
    assert arr.shape == (16, 16, 3)
    assert np.array_equal(arr[:, :, 0], arr[:, :, 2])
    assert arr[15, 15, 1] == 255


def test_transparent_png_is_placed_on_white() -> None:
    rgba = np.zeros((10, 10, 4), np.uint8)
    rgba[:5] = (200, 10, 10, 255)  # opaque red top half, fully transparent bottom half
    arr = load_image(_encode(Image.fromarray(rgba, "RGBA"), "PNG"))
    assert arr[0, 0].tolist() == [200, 10, 10]
    assert arr[9, 9].tolist() == [255, 255, 255]


def test_16_bit_grey_png_is_reduced_to_8_bits() -> None:
    arr16 = np.array([[0, 32896, 65535]], dtype=np.uint16)
    ok, enc = cv2.imencode(".png", arr16)
    assert ok
    arr = load_image(enc.tobytes())
    assert arr[0, :, 0].tolist() == [0, 128, 255]


def test_16_bit_colour_png_is_reduced_to_8_bits() -> None:
    bgr16 = np.zeros((4, 4, 3), np.uint16)
    bgr16[:, :, 2] = 65535  # red in OpenCV's BGR order
    ok, enc = cv2.imencode(".png", bgr16)
    assert ok
    arr = load_image(enc.tobytes())
    assert arr[0, 0].tolist() == [255, 0, 0]


def test_heic_from_an_iphone_loads() -> None:
    pillow_heif.register_heif_opener()
    data = _encode(_marked(64, 32), "HEIF", quality=95)
    arr = load_image(data)
    assert arr.shape == (32, 64, 3)
    assert arr[4, 4, 0] > 160 and arr[4, 60, 2] > 150


def test_not_an_image_is_refused_with_a_clear_message() -> None:
    with pytest.raises(ImageLoadError) as err:
        load_image(b"%PDF-1.7 this is a letter, not a photo")
    assert err.value.code == "image_unreadable"
    assert "JPEG, PNG or HEIC" in err.value.message


def test_other_image_formats_are_refused() -> None:
    with pytest.raises(ImageLoadError) as err:
        load_image(_encode(_marked(), "GIF"))
    assert "GIF" in err.value.message


def test_empty_file_is_refused() -> None:
    with pytest.raises(ImageLoadError) as err:
        load_image(b"")
    assert "empty" in err.value.message


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImageLoadError):
        load_image(tmp_path / "nowhere.jpg")


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_file_is_refused(fmt: str) -> None:
    rng = np.random.default_rng(0)
    noisy = Image.fromarray(rng.integers(0, 255, (200, 200, 3), dtype=np.uint8))
    data = _encode(noisy, fmt)
    with pytest.raises(ImageLoadError) as err:
        load_image(data[: len(data) // 2])
    assert "truncated" in err.value.message


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` but whose data is tiny."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 16))
        + chunk(b"IEND", b"")
    )


def test_enormous_dimensions_are_refused_before_decoding() -> None:
    with pytest.raises(ImageTooLargeError) as err:
        load_image(_png_header_only(20_000, 20_000))
    assert err.value.code == "image_too_large"
    assert isinstance(err.value, ImageLoadError)
    assert MAX_PIXELS < 20_000 * 20_000


def test_strip_metadata_removes_exif_and_gps_from_jpeg() -> None:
    data = _encode(_marked(), "JPEG", quality=95, exif=_exif_with(orientation=6, gps=True))
    assert len(Image.open(io.BytesIO(data)).getexif()) > 0
    clean = strip_metadata(data)
    im = Image.open(io.BytesIO(clean))
    assert (im.format, len(im.getexif()), "exif" in im.info) == ("JPEG", 0, False)
    # Orientation was applied to the pixels before the tag was dropped.
    assert im.size == (20, 40)


def test_strip_metadata_removes_png_text() -> None:
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Author", "Client name")
    info.add_text("GPS", "51.5, -0.12")
    clean = strip_metadata(_encode(_marked(), "PNG", pnginfo=info))
    im = Image.open(io.BytesIO(clean))
    assert (im.format, "Author" in im.info, "GPS" in im.info) == ("PNG", False, False)
    assert np.array_equal(np.asarray(im.convert("RGB")), np.asarray(_marked()))


def test_strip_metadata_removes_exif_from_heic() -> None:
    pillow_heif.register_heif_opener()
    data = _encode(_marked(64, 32), "HEIF", quality=95, exif=_exif_with(gps=True).tobytes())
    assert Image.open(io.BytesIO(data)).info.get("exif")
    clean = strip_metadata(data)
    im = Image.open(io.BytesIO(clean))
    assert (im.format, bool(im.info.get("exif")), len(im.getexif())) == ("HEIF", False, 0)


def test_strip_metadata_refuses_a_non_image() -> None:
    with pytest.raises(ImageLoadError):
        strip_metadata(b"not a photo")
