"""What a phone, a clinic's lighting or an export may do to a photograph: each change returns the
changed photo and the 2 x 3 affine map that carries a point of the original into it (used by the
tests and by bench/profile_accuracy)."""

from __future__ import annotations

import math
from collections.abc import Callable

import cv2
import numpy as np

Affine = np.ndarray
Change = Callable[[np.ndarray], tuple[np.ndarray, Affine]]
SAME: Affine = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])


def resized(megapixels: float) -> Change:
    def change(img: np.ndarray) -> tuple[np.ndarray, Affine]:
        h, w = img.shape[:2]
        s = math.sqrt(megapixels * 1e6 / (h * w))
        out = cv2.resize(
            img,
            (round(w * s), round(h * s)),
            interpolation=cv2.INTER_AREA if s < 1 else cv2.INTER_CUBIC,
        )
        sx, sy = out.shape[1] / w, out.shape[0] / h
        return out, np.array([[sx, 0.0, 0.5 * sx - 0.5], [0.0, sy, 0.5 * sy - 0.5]])

    return change


def jpeg(quality: int) -> Change:
    def change(img: np.ndarray) -> tuple[np.ndarray, Affine]:
        _, buf = cv2.imencode(
            ".jpg", cv2.cvtColor(img, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, quality]
        )
        decoded = cv2.imdecode(buf, cv2.IMREAD_COLOR)
        assert decoded is not None
        return cv2.cvtColor(decoded, cv2.COLOR_BGR2RGB), SAME

    return change


def noise(sigma: float) -> Change:
    def change(img: np.ndarray) -> tuple[np.ndarray, Affine]:
        rng = np.random.default_rng(1)
        return np.clip(img + rng.normal(0, sigma, img.shape), 0, 255).astype(np.uint8), SAME

    return change


def tone(gamma: float, gain: float = 1.0) -> Change:
    def change(img: np.ndarray) -> tuple[np.ndarray, Affine]:
        return (255 * gain * (img / 255.0) ** gamma).astype(np.uint8), SAME

    return change


def turned(deg: float) -> Change:
    def change(img: np.ndarray) -> tuple[np.ndarray, Affine]:
        h, w = img.shape[:2]
        m = cv2.getRotationMatrix2D((w / 2, h / 2), deg, 1.0)
        out = cv2.warpAffine(
            img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        )
        return out, m

    return change


def mirrored(img: np.ndarray) -> tuple[np.ndarray, Affine]:
    w = img.shape[1]
    return np.ascontiguousarray(img[:, ::-1]), np.array([[-1.0, 0.0, w - 1.0], [0.0, 1.0, 0.0]])


def off_centre(img: np.ndarray) -> tuple[np.ndarray, Affine]:
    """The frame's left tenth cut off, so the face sits off centre."""
    cut = int(0.1 * img.shape[1])
    return np.ascontiguousarray(img[:, cut:]), np.array([[1.0, 0.0, -cut], [0.0, 1.0, 0.0]])


def soft_focus(img: np.ndarray) -> tuple[np.ndarray, Affine]:
    return cv2.GaussianBlur(img, (0, 0), 1.5), SAME


CHANGES: dict[str, Change] = {
    "mirrored": mirrored,
    "0.5 MP": resized(0.5),
    "2 MP": resized(2.0),
    "4 MP": resized(4.0),
    "JPEG 60": jpeg(60),
    "JPEG 40": jpeg(40),
    "noise 6": noise(6.0),
    "noise 12": noise(12.0),
    "brighter": tone(0.6),
    "darker": tone(1.5),
    "underexposed": tone(1.0, 0.7),
    "much darker": tone(2.0),
    "turned -5 deg": turned(-5.0),
    "turned +5 deg": turned(5.0),
    "off centre": off_centre,
    "soft focus": soft_focus,
}
