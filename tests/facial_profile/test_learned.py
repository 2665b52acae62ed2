"""Photos whose background is not plain: the bundled person model, and its limits.

These run on the real archival scans in ../shared/data/lateral-photos (as CI has them). The
outline found there follows the face, but the lips and chin are often read one feature off, so
every point must come back flagged for checking, never as a finding.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pytest

from facial_profile import learned
from facial_profile.detect import (
    CHAIN_WARNING,
    REREAD_CONFIDENCE,
    detect_landmarks,
)
from facial_profile.io import load_image
from facial_profile.segment import LEARNED_WARNING
from facial_profile.types import LOW_CONFIDENCE, Facing, L, PhotoRefused
from tests.facial_profile.annotated import annotation_sets, assert_near_annotation
from tests.facial_profile.photo_changes import mirrored, tone
from tests.facial_profile.synth import render_busy

MODEL_SHA256 = "9ee168ec7c8f2a16c56fe8e1cfbc514974cbbb7e434051b455635f1bd1462f5c"


def test_the_bundled_model_is_the_one_recorded_in_its_readme() -> None:
    assert learned.available()
    assert hashlib.sha256(learned.MODEL.read_bytes()).hexdigest() == MODEL_SHA256
    readme = (learned.MODEL.parent / "README.md").read_text()
    assert MODEL_SHA256 in readme


def test_a_scan_on_a_cluttered_background_is_outlined_with_every_point_flagged(
    lateral_photos: Path, photo_annotations: dict[str, dict[str, object]]
) -> None:
    name = "7288256-3-side-0.jpg"
    det = detect_landmarks(load_image(lateral_photos / "realface" / name))
    assert det.landmarks.facing is Facing.LEFT
    assert LEARNED_WARNING in det.warnings
    assert all(p.confidence < LOW_CONFIDENCE for p in det.landmarks.points.values())
    assert all("learned" in p.doubts for p in det.landmarks.points.values())
    # The outline does follow the face: nose tip and subnasale land where the annotator put
    # them (within 1.7 % of N'-Me', the spread between two careful annotators).
    points = photo_annotations[name]["points"]
    assert isinstance(points, dict)
    assert_near_annotation(det, points, ((L.PRN, "Prn"), (L.SN, "Sn")))


def test_a_scan_whose_lips_barely_stand_out_is_read_by_their_usual_spacing(
    lateral_photos: Path, photo_annotations: dict[str, dict[str, object]]
) -> None:
    """On this scan the upper lip comes forward of the hollow above it by under a pixel, and the
    chin has hardly a bump: the walk down from the nose read Ls on top of Sn, and B', Pog' and
    menton on one point (Ls 12.7 %, Pog' 13.9 % of N'-Me' off), and the second reading was
    crowded too. Chosen together by their usual spacing, Ls and Pog' are about 3 % off. Still
    not an annotator's reading: every point stays flagged, and a warning says how the lips and
    chin were placed."""
    name = "7288690-13-side-0.jpg"
    det = detect_landmarks(load_image(lateral_photos / "realface" / name))
    points = photo_annotations[name]["points"]
    assert isinstance(points, dict)
    assert CHAIN_WARNING in det.warnings
    ref = math.dist(points["N"], points["Me"])
    for key, label in ((L.LS, "Ls"), (L.STS, "Stm"), (L.POG, "Pog")):
        p = det.landmarks.points[key]
        assert math.dist((p.x, p.y), points[label]) / ref < 0.035, key
        assert p.confidence <= REREAD_CONFIDENCE, key
    # Columella is read from the Sn that is reported: the tangent from it touches the nose's
    # lower border there, with no point of that border beyond the line.
    sn, cm, prn = (det.landmarks.points[k] for k in (L.SN, L.CM, L.PRN))
    border = det.outline[(det.outline[:, 1] > prn.y) & (det.outline[:, 1] < sn.y - 1)]
    dx, dy = cm.x - sn.x, cm.y - sn.y
    side = dx * (border[:, 1] - sn.y) - dy * (border[:, 0] - sn.x)
    assert (side <= 0.5).all() or (side >= -0.5).all()


def test_a_scan_whose_lower_face_cannot_be_read_is_refused_not_read_one_feature_low(
    lateral_photos: Path,
) -> None:
    """The same scan mirrored. The first walk down from the nose is crowded: Ls on Sn, Li on
    stomion, Pog' on B'. The second, passing turns it took for wiggles, passed the real stomion
    and read every point after it one feature low (Li on the chin, B' and Pog' under it; 14-29 %
    of N'-Me' off); spaced as no face is, it is not taken. The third finds no chain of lips and
    chin. With half the lower face piled on the point above, nothing was read: the scan is
    refused (on its busy background, as `backdrop_too_busy`), not measured."""
    image, _ = mirrored(load_image(lateral_photos / "realface" / "7288690-13-side-0.jpg"))
    with pytest.raises(PhotoRefused) as info:
        detect_landmarks(image)
    assert info.value.code == "backdrop_too_busy"


def test_a_dark_portrait_the_backdrop_cannot_read_is_measured_on_the_learned_outline(
    lateral_photos: Path, photo_annotations: dict[str, dict[str, object]]
) -> None:
    """A studio portrait made much darker (gamma 2): against the modelled backdrop the outline
    ran through the lit cheek, facing the wrong way, with six lip and chin points piled on one
    pixel (85 % of N'-Me' off, all flagged). That reading is refused as unreadable, and the
    learned segmentation measures the photo, facing the right way, every point flagged."""
    name = "img3-1024-left-lateral.jpg"
    image, _ = tone(2.0)(load_image(lateral_photos / "generated" / name))
    det = detect_landmarks(image)
    assert det.landmarks.facing is Facing.LEFT
    assert LEARNED_WARNING in det.warnings
    assert all(p.confidence < LOW_CONFIDENCE for p in det.landmarks.points.values())
    points = photo_annotations[name]["points"]
    assert isinstance(points, dict)
    assert_near_annotation(det, points, ((L.PRN, "Prn"), (L.LS, "Ls"), (L.POG, "Pog")))


def _nearest_annotator(
    lateral_photos: Path, name: str, p: tuple[float, float], label: str
) -> float:
    """Distance from ``p`` to the nearest annotator's point, as a share of that annotator's
    N'-Me' (the annotators differ most on flat chins, where each is as good as the next)."""
    out = []
    for annotated in annotation_sets(lateral_photos).values():
        points = annotated.get(name, {}).get("points", {})
        assert isinstance(points, dict)
        if label in points and "N" in points and "Me" in points:
            out.append(math.dist(p, points[label]) / math.dist(points["N"], points["Me"]))
    assert len(out) >= 3, name
    return min(out)


def test_a_collar_or_writing_that_comes_forward_of_the_nose_is_not_read_as_the_chin(
    lateral_photos: Path,
) -> None:
    """Below the nose the face stays behind its tip. On 7461686-1 an ink stroke touches the chin
    and loops forward; on 7461913-3 the outline runs from the chin onto the collar, out to the
    frame's edge. Searched there, Pog' was read on the ink (17-25 % of N'-Me' from every
    annotator's) and the lips one feature too high (Ls 11-13 % off, the chain's reading refused
    as cropped). Stopped where the outline comes forward of the nose tip, Pog' is on the chin and
    Ls on the lip; both stay flagged on the chin, where the annotators themselves differ."""
    name = "7461686-1-side-0.jpg"
    det = detect_landmarks(load_image(lateral_photos / "realface" / name))
    pog = det.landmarks.points[L.POG]
    assert _nearest_annotator(lateral_photos, name, (pog.x, pog.y), "Pog") < 0.03
    assert pog.confidence < LOW_CONFIDENCE
    name = "7461913-3-side-0.jpg"
    det = detect_landmarks(load_image(lateral_photos / "realface" / name))
    ls = det.landmarks.points[L.LS]
    for annotated in annotation_sets(lateral_photos).values():
        if name in annotated:
            points = annotated[name]["points"]
            assert isinstance(points, dict)
            ref = math.dist(points["N"], points["Me"])
            assert math.dist((ls.x, ls.y), points["Ls"]) / ref < 0.025
    assert ls.confidence < LOW_CONFIDENCE


def test_on_a_forehead_with_two_bumps_glabella_is_the_upper_one_and_flagged(
    lateral_photos: Path,
) -> None:
    """On 7461686-1 the brow makes a small bump below the forehead's own. The walk up from the
    nasion took the brow's (14 % of N'-Me' from both blind annotations); G' is now the forehead's
    more anterior bump, as the annotators take it, and stays flagged."""
    name = "7461686-1-side-0.jpg"
    det = detect_landmarks(load_image(lateral_photos / "realface" / name))
    g = det.landmarks.points[L.G]
    sets = annotation_sets(lateral_photos)
    for who in ("blind 1", "blind 2"):
        points = sets[who][name]["points"]
        assert isinstance(points, dict)
        ref = math.dist(points["N"], points["Me"])
        assert math.dist((g.x, g.y), points["G"]) / ref < 0.017, who
    assert g.confidence < LOW_CONFIDENCE
    assert "two_bumps" in g.doubts


def test_a_scan_whose_facing_cannot_be_told_is_refused_not_guessed(lateral_photos: Path) -> None:
    """On this scan the model's outline is as bumpy behind the head as in front of it."""
    with pytest.raises(PhotoRefused) as info:
        detect_landmarks(load_image(lateral_photos / "realface" / "7288146-7-side-0.jpg"))
    assert info.value.code == "backdrop_too_busy"


def test_a_drawn_silhouette_on_a_busy_backdrop_is_still_refused() -> None:
    """The model knows real people only; it must not turn clutter into a face."""
    with pytest.raises(PhotoRefused) as info:
        detect_landmarks(render_busy(seed=3))
    assert info.value.code == "backdrop_too_busy"
