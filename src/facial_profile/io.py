"""Reading photos into RGB arrays, and removing personal metadata from uploads.

Everything here works on bytes or a path; nothing is fetched from a network. HEIC (iPhone)
support comes from pillow-heif, registered on first use.
"""

from __future__ import annotations

import contextlib
import io
import os
import warnings
from typing import Final

import numpy as np
from PIL import Image, ImageFile, ImageOps, UnidentifiedImageError

from facial_profile.types import ImageArray, ImageLoadError, ImageTooLargeError

#: Refuse images with more pixels than this before decoding them (a decompression-bomb guard).
#: 50 megapixels is well above any phone camera in clinical use (12 to 48 MP).
MAX_PIXELS: Final = 50_000_000

_FORMATS: Final = ("JPEG", "PNG", "HEIF", "HEIC")
_heif_registered = False


def _register_heif() -> None:
    global _heif_registered
    if not _heif_registered:
        import pillow_heif

        pillow_heif.register_heif_opener()
        _heif_registered = True


def _read_bytes(source: str | os.PathLike[str] | bytes) -> bytes:
    if isinstance(source, bytes | bytearray | memoryview):
        return bytes(source)
    try:
        with open(source, "rb") as fh:
            return fh.read()
    except OSError as exc:
        raise ImageLoadError(
            f"The file {os.fspath(source)!r} could not be opened ({exc.strerror}). "
            "Check the path and try again."
        ) from exc


def _open(data: bytes) -> Image.Image:
    """Open and fully decode ``data`` with every guard in place."""
    if not data:
        raise ImageLoadError("The file is empty. Please choose the photo again.")
    _register_heif()
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            im = Image.open(io.BytesIO(data))
            if im.format not in _FORMATS:
                raise ImageLoadError(
                    f"This is a {im.format} file; please use a JPEG, PNG or HEIC photo."
                )
            w, h = im.size
            if w * h > MAX_PIXELS:
                raise ImageTooLargeError(
                    f"The image is {w} x {h} pixels ({w * h / 1e6:.0f} megapixels), more than the "
                    f"{MAX_PIXELS / 1e6:.0f} megapixels this tool accepts. Please export it smaller."
                )
            if w < 1 or h < 1:
                raise ImageLoadError("The image has no pixels.")
            im.load()
    except ImageLoadError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageTooLargeError(
            "The image is too large to open safely. Please export it at a smaller size."
        ) from exc
    except UnidentifiedImageError as exc:
        raise ImageLoadError(
            "The file is not a photo this tool can read. Please use a JPEG, PNG or HEIC photo."
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageLoadError(
            "The photo could not be read completely; the file may be truncated or damaged. "
            "Please upload it again."
        ) from exc
    return im


def _to_rgb8(im: Image.Image) -> ImageArray:
    """Convert any decoded mode to an H x W x 3 uint8 RGB array."""
    mode = im.mode
    if mode in ("RGBA", "LA", "PA") or (mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        white = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return np.ascontiguousarray(np.asarray(Image.alpha_composite(white, rgba).convert("RGB")))
    if mode.startswith("I;16") or mode in ("I", "F"):
        arr = np.asarray(im)
        if mode == "F":
            lo, hi = float(np.nanmin(arr)), float(np.nanmax(arr))
            scaled = (arr - lo) / (hi - lo) * 255.0 if hi > lo else np.zeros_like(arr)
        else:
            # 16-bit data (PNG "I;16" arrives as "I" in some Pillow versions): keep the top byte.
            scaled = arr.astype(np.float64) / 257.0
        grey = np.clip(np.rint(scaled), 0, 255).astype(np.uint8)
        return np.ascontiguousarray(np.repeat(grey[:, :, None], 3, axis=2))
    return np.ascontiguousarray(np.asarray(im.convert("RGB"), dtype=np.uint8))


def load_image(source: str | os.PathLike[str] | bytes) -> ImageArray:
    """Read a JPEG, PNG or HEIC photo into an H x W x 3 RGB uint8 array.

    The EXIF orientation is applied, so the array is upright as the camera showed it.
    Grey images become three equal channels; transparent images are placed on white; 16-bit
    images are reduced to 8 bits. Raises :class:`ImageLoadError` (or its subclass
    :class:`ImageTooLargeError`) with a plain-English message for anything it cannot read.
    """
    im = _open(_read_bytes(source))
    # A damaged EXIF block must not stop the photo from loading; orientation stays as stored.
    with contextlib.suppress(OSError, ValueError, SyntaxError):
        im = ImageOps.exif_transpose(im)
    return _to_rgb8(im)


def strip_metadata(data: bytes) -> bytes:
    """Re-encode an uploaded JPEG, PNG or HEIC without EXIF, GPS, XMP or text metadata.

    The orientation is applied to the pixels first (the tag that carried it is removed). The
    colour profile is kept so colours look the same. The output is in the input's format.
    """
    im = _open(data)
    fmt = "HEIF" if im.format in ("HEIF", "HEIC") else str(im.format)
    icc = im.info.get("icc_profile")
    with contextlib.suppress(OSError, ValueError, SyntaxError):
        im = ImageOps.exif_transpose(im)
    # Copy the pixels into a fresh image so that no metadata travels with them.
    clean = Image.frombytes(im.mode, im.size, im.tobytes()) if im.mode != "P" else im.copy()
    clean.info = {}
    out = io.BytesIO()
    kwargs: dict[str, object] = {}
    if icc:
        kwargs["icc_profile"] = icc
    if fmt == "JPEG":
        if clean.mode not in ("RGB", "L", "CMYK"):
            clean = clean.convert("RGB")
        clean.save(out, format="JPEG", quality=95, subsampling=0, **kwargs)
    elif fmt == "PNG":
        if clean.mode == "P":
            clean.info = {k: v for k, v in im.info.items() if k == "transparency"}
        clean.save(out, format="PNG", **kwargs)
    else:
        if clean.mode not in ("RGB", "RGBA"):
            clean = clean.convert("RGBA" if "A" in clean.mode else "RGB")
        clean.save(out, format="HEIF", quality=95, **kwargs)
    return out.getvalue()
