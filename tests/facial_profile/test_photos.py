"""The two modern studio-style photographs in ../shared/data/lateral-photos/generated, against
the annotator's points."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import cv2
import numpy as np
import pytest

from facial_profile.detect import detect_landmarks
from facial_profile.io import load_image
from facial_profile.types import LOW_CONFIDENCE, L
from tests.facial_profile.annotated import ANNOTATOR_SPREAD, assert_near_annotation


@pytest.mark.parametrize("name", ["img2-1024-right-lateral.jpg", "img3-1024-left-lateral.jpg"])
def test_cervical_point_and_menton_on_a_modern_photo_match_the_annotator(
    lateral_photos: Path, photo_annotations: dict[str, dict[str, object]], name: str
) -> None:
    """The annotator took C at the highest point of the under-chin/neck angle; so do we."""
    det = detect_landmarks(load_image(lateral_photos / "generated" / name))
    assert_near_annotation(det, photo_annotations[name], ((L.C, "C"), (L.ME, "Me")))


def _half_megapixel(img: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    h, w = img.shape[:2]
    s = math.sqrt(0.5e6 / (h * w))
    small = cv2.resize(img, (round(w * s), round(h * s)), interpolation=cv2.INTER_AREA)
    sx, sy = small.shape[1] / w, small.shape[0] / h
    return small, np.array([[sx, 0.0, 0.5 * sx - 0.5], [0.0, sy, 0.5 * sy - 0.5]])


def _turned(img: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    h, w = img.shape[:2]
    m = cv2.getRotationMatrix2D((w / 2, h / 2), -5.0, 1.0)
    turned = cv2.warpAffine(img, m, (w, h), flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    return turned, m


def _cropped(img: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    cut = int(0.1 * img.shape[1])
    return np.ascontiguousarray(img[:, cut:]), np.array([[1.0, 0.0, -cut], [0.0, 1.0, 0.0]])


@pytest.mark.parametrize("change", [_half_megapixel, _turned, _cropped])
def test_a_brow_bump_below_a_more_prominent_forehead_is_not_reported_as_glabella(
    lateral_photos: Path, photo_annotations: dict[str, dict[str, object]], change: Callable
) -> None:
    """On img3, eyebrow hairs make a small bump just above the nasion, below a forehead that
    comes further forward. Resized, turned 5 degrees or cropped, the photo had G' read off that
    bump with full confidence, 12-15 % of N'-Me' from the annotator's point. G' must be where
    the annotator put it or flagged for checking."""
    name = "img3-1024-left-lateral.jpg"
    image, m = change(load_image(lateral_photos / "generated" / name))
    points = photo_annotations[name]["points"]
    assert isinstance(points, dict)
    moved = {k: m @ np.array([x, y, 1.0]) for k, (x, y) in points.items()}
    g = detect_landmarks(image).landmarks.points[L.G]
    err = math.dist((g.x, g.y), moved["G"]) / math.dist(moved["N"], moved["Me"])
    assert err <= ANNOTATOR_SPREAD or g.confidence < LOW_CONFIDENCE, (err, g.confidence)


def _jpeg60(img: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    _, buf = cv2.imencode(
        ".jpg", cv2.cvtColor(img, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 60]
    )
    same = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    return cv2.cvtColor(cv2.imdecode(buf, cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB), same


@pytest.mark.parametrize("change", [_cropped, _jpeg60])
def test_menton_is_flagged_when_the_chin_line_it_is_read_against_is_doubtful(
    lateral_photos: Path, photo_annotations: dict[str, dict[str, object]], change: Callable
) -> None:
    """Menton is the chin point furthest from the line Pog'-C. On img3 cropped off centre (C
    doubtful) or saved at JPEG quality 60 (Pog' doubtful), menton was 6-7.5 % of N'-Me' off
    with confidence 0.76. It must be where the annotator put it, or flagged like the point
    it was read against."""
    name = "img3-1024-left-lateral.jpg"
    image, m = change(load_image(lateral_photos / "generated" / name))
    points = photo_annotations[name]["points"]
    assert isinstance(points, dict)
    moved = {k: m @ np.array([x, y, 1.0]) for k, (x, y) in points.items()}
    found = detect_landmarks(image).landmarks.points
    me = found[L.ME]
    if min(found[L.POG].confidence, found[L.C].confidence) < LOW_CONFIDENCE:
        assert me.confidence < LOW_CONFIDENCE
    err = math.dist((me.x, me.y), moved["Me"]) / math.dist(moved["N"], moved["Me"])
    assert err <= ANNOTATOR_SPREAD or me.confidence < LOW_CONFIDENCE, (err, me.confidence)
