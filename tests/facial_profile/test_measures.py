"""Measures: hand-worked examples, sign conventions, missing points, and invariance.

Points are written in a face frame in millimetres (x anterior, y up) and turned into image pixels
for a right- or left-facing face, so every example is also checked in both facing directions.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from facial_profile import measures as M
from facial_profile.analyse import Assessment, TrueVertical, assess_landmarks
from facial_profile.geometry import FaceFrame, angle_at, signed_distance
from facial_profile.norms import load_norms
from facial_profile.types import (
    Calibration,
    Facing,
    InvalidInputError,
    L,
    Landmark,
    LandmarkSet,
)
from tests.facial_profile.faces import BALANCED_FACE

PX_PER_MM = 2.0
ORIGIN = (400.0, 400.0)


def to_image(p: tuple[float, float], facing: Facing) -> tuple[float, float]:
    sx = 1.0 if facing is Facing.RIGHT else -1.0
    return (ORIGIN[0] + sx * p[0] * PX_PER_MM, ORIGIN[1] - p[1] * PX_PER_MM)


def landmark_set(
    pts_mm: Mapping[L, tuple[float, float]],
    facing: Facing = Facing.RIGHT,
    confidence: Mapping[L, float] | None = None,
) -> LandmarkSet:
    conf = confidence or {}
    points = {k: Landmark(k, *to_image(p, facing), conf.get(k, 0.9)) for k, p in pts_mm.items()}
    return LandmarkSet(points, facing, (800, 800))


CAL = Calibration((0.0, 0.0), (10 * PX_PER_MM, 0.0), 10.0)


def measure(
    key: str,
    pts_mm: Mapping[L, tuple[float, float]],
    facing: Facing = Facing.RIGHT,
    *,
    calibration: Calibration | None = CAL,
    confidence: Mapping[L, float] | None = None,
    outline: np.ndarray | None = None,
) -> M.MeasureResult:
    a = assess_landmarks(
        landmark_set(pts_mm, facing, confidence),
        calibration=calibration,
        outline=outline,
    )
    return a.measure(key)


BOTH = pytest.mark.parametrize("facing", [Facing.RIGHT, Facing.LEFT])


# --- geometry helpers -------------------------------------------------------------------------


def test_angle_at_a_right_angle_is_90_degrees() -> None:
    assert angle_at((1.0, 0.0), (0.0, 0.0), (0.0, 5.0)) == pytest.approx(90.0)


def test_signed_distance_is_positive_ahead_of_the_line_in_both_facing_directions() -> None:
    # A vertical line at x = 10 in image pixels; the point at x = 13.
    assert signed_distance((13.0, 5.0), (10.0, 0.0), (10.0, 20.0), (1.0, 0.0)) == 3.0
    assert signed_distance((13.0, 5.0), (10.0, 0.0), (10.0, 20.0), (-1.0, 0.0)) == -3.0
    # The order of the line's points does not change the sign.
    assert signed_distance((13.0, 5.0), (10.0, 20.0), (10.0, 0.0), (1.0, 0.0)) == 3.0


def test_face_frame_from_photo_maps_anterior_and_up() -> None:
    for facing, ant in ((Facing.RIGHT, (1.0, 0.0)), (Facing.LEFT, (-1.0, 0.0))):
        f = FaceFrame.from_photo(facing)
        assert f.to_face((ant[0] * 5, -7.0)) == (5.0, 7.0)


def test_face_frame_from_frankfort_levels_a_tilted_head() -> None:
    # Frankfort rising 10 degrees towards the front of a right-facing face (nose up).
    t = math.radians(10)
    tr, orb = (0.0, 0.0), (math.cos(t) * 70, -math.sin(t) * 70)
    f = FaceFrame.from_frankfort(tr, orb, Facing.RIGHT)
    x, y = f.to_face(orb)
    assert (round(x, 6), round(y, 6)) == (70.0, 0.0)
    assert f.tilt_deg == pytest.approx(10.0)


# --- hand-worked examples ---------------------------------------------------------------------


@BOTH
def test_e_line_lips_against_a_vertical_e_line(facing: Facing) -> None:
    pts = {L.PRN: (10.0, 0.0), L.POG: (10.0, -40.0), L.LI: (8.0, -25.0), L.LS: (13.0, -15.0)}
    lower = measure("e_line_lower_lip", pts, facing)
    upper = measure("e_line_upper_lip", pts, facing)
    assert (lower.status, lower.unit) == ("ok", "mm")
    assert lower.value == pytest.approx(-2.0)
    assert upper.value == pytest.approx(3.0)
    # Ricketts' lower-lip norm is -2 +/- 2 mm: exactly on the mean.
    assert lower.deviation_sd == pytest.approx(0.0)
    assert "behind the line" in lower.sentence


@BOTH
def test_e_line_distance_is_perpendicular_to_a_sloping_line(facing: Facing) -> None:
    # Line from (20, 0) to (0, -40); Li sits 2 mm behind it horizontally.
    pts = {L.PRN: (20.0, 0.0), L.POG: (0.0, -40.0), L.LI: (6.0, -24.0)}
    m = measure("e_line_lower_lip", pts, facing)
    assert m.value == pytest.approx(-2.0 * 40 / math.hypot(20, 40))


@BOTH
def test_s_line_and_b_line(facing: Facing) -> None:
    pts = {
        L.CM: (6.0, 0.0),
        L.SN: (0.0, 0.0),
        L.POG: (0.0, -40.0),
        L.LS: (3.0, -10.0),
        L.LI: (2.0, -25.0),
    }
    assert measure(
        "s_line_upper_lip", {**pts, L.POG: (6.0, -40.0), L.LS: (7.0, -15.0)}, facing
    ).value == pytest.approx(1.0)
    b_up = measure("b_line_upper_lip", pts, facing)
    b_lo = measure("b_line_lower_lip", pts, facing)
    assert (b_up.value, b_lo.value) == (pytest.approx(3.0), pytest.approx(2.0))
    assert (b_up.within_norm, b_lo.within_norm) == (True, True)


@BOTH
def test_holdaway_h_angle_is_signed_by_the_upper_lip(facing: Facing) -> None:
    pts = {L.N: (0.0, 60.0), L.POG: (0.0, -40.0), L.LS: (10.0, -20.0)}
    assert measure("h_angle", pts, facing).value == pytest.approx(math.degrees(math.atan(0.5)))
    behind = {**pts, L.LS: (-10.0, -20.0)}
    assert measure("h_angle", behind, facing).value == pytest.approx(-math.degrees(math.atan(0.5)))


@BOTH
def test_nasolabial_angle(facing: Facing) -> None:
    pts = {L.CM: (10.0, 0.0), L.SN: (0.0, 0.0), L.LS: (-5.0, -5.0 * math.sqrt(3))}
    m = measure("nasolabial_angle", pts, facing)
    assert (m.value, m.unit) == (pytest.approx(120.0), "\u00b0")
    # Legan & Burstone: 102 +/- 8 degrees.
    assert m.deviation_sd == pytest.approx((120.0 - 102.0) / 8.0)


@BOTH
def test_mentolabial_angle_and_sulcus_depth(facing: Facing) -> None:
    pts = {L.LI: (5.0, 0.0), L.B: (0.0, -10.0), L.POG: (5.0, -20.0)}
    # Each arm leans 5 mm forward over 10 mm of height: 2 x atan(10 / 5).
    assert measure("mentolabial_angle", pts, facing).value == pytest.approx(
        2 * math.degrees(math.atan(2.0))
    )
    depth = measure("mentolabial_sulcus_depth", pts, facing)
    assert depth.value == pytest.approx(5.0)
    assert depth.deviation_sd == pytest.approx(0.5)


@BOTH
def test_facial_convexity_is_positive_when_convex_and_negative_when_concave(facing: Facing) -> None:
    convex = {L.G: (0.0, 60.0), L.SN: (6.0, 0.0), L.POG: (0.0, -40.0)}
    expected = math.degrees(math.atan(6 / 60) + math.atan(6 / 40))
    assert measure("facial_convexity", convex, facing).value == pytest.approx(expected)
    concave = {**convex, L.SN: (-6.0, 0.0)}
    assert measure("facial_convexity", concave, facing).value == pytest.approx(-expected)


@BOTH
def test_total_facial_convexity(facing: Facing) -> None:
    pts = {L.G: (0.0, 60.0), L.PRN: (20.0, 0.0), L.POG: (0.0, -40.0)}
    assert measure("total_facial_convexity", pts, facing).value == pytest.approx(135.0)


@BOTH
def test_chin_against_zero_meridian_and_subnasale_vertical(facing: Facing) -> None:
    pts = {L.N: (-5.0, 50.0), L.SN: (2.0, 0.0), L.POG: (-8.0, -60.0)}
    zm = measure("chin_zero_meridian", pts, facing)
    snv = measure("chin_subnasale_vertical", pts, facing)
    assert (zm.value, snv.value) == (pytest.approx(-3.0), pytest.approx(-10.0))
    assert "Uses the photo's vertical as the true vertical." in snv.notes


def test_chin_position_follows_frankfort_when_tragus_and_orbitale_are_given() -> None:
    # The whole head is turned 10 degrees nose-up in the photo; Frankfort turns with it.
    t = math.radians(10)

    def rot(p: tuple[float, float]) -> tuple[float, float]:
        return (p[0] * math.cos(t) - p[1] * math.sin(t), p[0] * math.sin(t) + p[1] * math.cos(t))

    upright = {L.N: (-5.0, 50.0), L.SN: (2.0, 0.0), L.POG: (-8.0, -60.0), L.PRN: (18.0, 10.0)}
    frankfort = {L.TR: (-80.0, 30.0), L.OR: (-10.0, 30.0)}
    tilted = {k: rot(p) for k, p in {**upright, **frankfort}.items()}
    with_fh = measure("chin_subnasale_vertical", tilted)
    assert with_fh.value == pytest.approx(-10.0)
    assert with_fh.notes == ()
    # Without Frankfort the photo's vertical is used and the tilt shows in the figure.
    without = measure("chin_subnasale_vertical", {k: rot(p) for k, p in upright.items()})
    assert without.value != pytest.approx(-10.0, abs=0.5)


def test_a_given_vertical_line_sets_the_true_vertical() -> None:
    t = math.radians(8)

    def rot(p: tuple[float, float]) -> tuple[float, float]:
        return (p[0] * math.cos(t) - p[1] * math.sin(t), p[0] * math.sin(t) + p[1] * math.cos(t))

    pts = {k: rot(p) for k, p in {L.SN: (2.0, 0.0), L.POG: (-8.0, -60.0)}.items()}
    upper, lower = (
        to_image(rot((0.0, 100.0)), Facing.RIGHT),
        to_image(rot((0.0, 0.0)), Facing.RIGHT),
    )
    a = assess_landmarks(landmark_set(pts), calibration=CAL, vertical=TrueVertical(upper, lower))
    assert a.measure("chin_subnasale_vertical").value == pytest.approx(-10.0)
    assert a.frame.basis == "user_line"


def test_swapped_tragus_and_orbitale_are_refused() -> None:
    pts = {L.PRN: (18.0, 10.0), L.TR: (-10.0, 30.0), L.OR: (-80.0, 30.0)}
    with pytest.raises(InvalidInputError, match="Orbitale"):
        assess_landmarks(landmark_set(pts))


@BOTH
def test_lower_face_thirds_and_lip_height_ratio(facing: Facing) -> None:
    pts = {
        L.SN: (0.0, 0.0),
        L.LS: (3.0, -10.0),
        L.STS: (0.0, -18.0),
        L.STI: (0.0, -18.0),
        L.LI: (2.0, -31.0),
        L.ME: (-5.0, -54.0),
    }
    thirds = measure("lower_face_thirds", pts, facing)
    assert (thirds.value, thirds.unit) == (pytest.approx(0.5), "ratio")
    lips = measure("lip_height_ratio", {**pts, L.B: (-6.0, -34.0)}, facing)
    # Upper lip Sn-Sts 18 mm tall, lower lip Sti-B' 16 mm.
    assert lips.value == pytest.approx(18 / 16)
    assert lips.within_norm is True


def test_ratio_with_points_out_of_order_is_not_measurable() -> None:
    pts = {L.SN: (0.0, -30.0), L.STS: (0.0, -18.0), L.STI: (0.0, -18.0), L.ME: (-5.0, -54.0)}
    m = measure("lower_face_thirds", pts)
    assert (m.status, m.value) == ("not_measurable", None)


@BOTH
def test_cervicomental_angle_uses_the_neck_line_from_the_outline(facing: Facing) -> None:
    pts = {L.ME: (0.0, 0.0), L.C: (-40.0, 0.0)}
    path = [(-t, 0.0) for t in np.linspace(0, 40, 41)]
    path += [(-40.0 - 10 * s, -40.0 * s) for s in np.linspace(0.025, 1.5, 60)]
    outline = np.array([to_image(p, facing) for p in path])
    m = measure("cervicomental_angle", pts, facing, outline=outline)
    assert m.value == pytest.approx(90.0 + math.degrees(math.atan(10 / 40)), abs=0.01)
    # The outline's direction (forehead-to-neck or back) does not matter.
    back = measure("cervicomental_angle", pts, facing, outline=outline[::-1].copy())
    assert back.value == pytest.approx(m.value)
    # Without an outline there is no neck line: the measure says so.
    missing = measure("cervicomental_angle", pts, facing)
    assert (missing.status, missing.missing) == ("missing", ("neck",))


@BOTH
def test_lower_face_throat_and_mentocervical_angles(facing: Facing) -> None:
    lft = {L.SN: (10.0, 60.0), L.ME: (0.0, 0.0), L.C: (-40.0, 0.0)}
    assert measure("lower_face_throat_angle", lft, facing).value == pytest.approx(
        90.0 + math.degrees(math.atan(10 / 60))
    )
    mc = {L.G: (0.0, 100.0), L.POG: (0.0, 0.0), L.ME: (-5.0, -10.0), L.C: (-45.0, 0.0)}
    assert measure("mentocervical_angle", mc, facing).value == pytest.approx(
        90.0 - math.degrees(math.atan(10 / 40))
    )


@BOTH
def test_powell_nasal_angles(facing: Facing) -> None:
    nf = {L.G: (0.0, 20.0), L.N: (0.0, 0.0), L.PRN: (20.0, -20.0)}
    assert measure("nasofrontal_angle", nf, facing).value == pytest.approx(135.0)
    nfa = {
        L.G: (0.0, 60.0),
        L.POG: (0.0, -40.0),
        L.N: (0.0, 50.0),
        L.PRN: (20.0, 50.0 - 20.0 * math.sqrt(3)),
    }
    assert measure("nasofacial_angle", nfa, facing).value == pytest.approx(30.0)
    nm = {L.N: (0.0, 40.0), L.PRN: (20.0, 0.0), L.POG: (0.0, -40.0)}
    assert measure("nasomental_angle", nm, facing).value == pytest.approx(
        2 * math.degrees(math.atan(2.0))
    )


@BOTH
def test_z_angle_uses_the_more_prominent_lip_and_frankfort(facing: Facing) -> None:
    pts = {
        L.TR: (-80.0, 30.0),
        L.OR: (-10.0, 30.0),
        L.PRN: (20.0, 10.0),
        L.POG: (0.0, -40.0),
        L.LS: (10.0, -10.0),
        L.LI: (5.0, -20.0),
    }
    m = measure("z_angle", pts, facing)
    assert m.value == pytest.approx(math.degrees(math.atan(3.0)))
    assert m.notes == ()
    # With the lower lip more prominent, the line runs to it instead.
    m2 = measure("z_angle", {**pts, L.LI: (12.0, -20.0)}, facing)
    assert m2.value == pytest.approx(math.degrees(math.atan(20 / 12)))


# --- missing, low-confidence and unscaled -----------------------------------------------------


def test_a_missing_point_gives_no_number_and_says_which() -> None:
    m = measure("e_line_lower_lip", {L.PRN: (10.0, 0.0), L.LI: (8.0, -25.0)})
    assert (m.status, m.value, m.missing) == ("missing", None, ("Pog\u2032",))
    assert m.sentence == (
        "Lower lip to E-line was not measured: it needs Pog\u2032, which was neither found nor "
        "placed by hand."
    )
    assert not m.usable
    both = measure("e_line_lower_lip", {L.LI: (8.0, -25.0)})
    assert both.sentence.endswith(
        "it needs Prn and Pog\u2032, which were neither found nor placed by hand."
    )


def test_a_low_confidence_point_is_flagged_not_silently_used() -> None:
    pts = {L.PRN: (10.0, 0.0), L.POG: (10.0, -40.0), L.LI: (8.0, -25.0)}
    m = measure("e_line_lower_lip", pts, confidence={L.LI: 0.2})
    assert (m.status, m.low_confidence) == ("low_confidence", ("Li",))
    assert m.value == pytest.approx(-2.0)
    assert m.sentence.startswith("Uncertain")
    assert not m.usable


def test_without_a_scale_distances_are_a_share_of_n_me_with_an_estimate_in_mm() -> None:
    pts = {
        L.N: (0.0, 60.0),
        L.ME: (0.0, -60.0),
        L.PRN: (10.0, 0.0),
        L.POG: (10.0, -40.0),
        L.LI: (8.0, -25.0),
    }
    m = measure("e_line_lower_lip", pts, calibration=None)
    assert m.unit == M.RELATIVE_UNIT
    assert m.value == pytest.approx(-2.0 / 120.0 * 100.0)
    # The estimate uses the norms table's typical adult N'-Me' (117 mm when sex is unknown).
    assert m.value_mm_estimated == pytest.approx(-2.0 / 120.0 * 117.0)
    assert "estimated" in m.sentence


def test_without_a_scale_or_n_me_a_distance_is_not_given() -> None:
    m = measure(
        "e_line_lower_lip",
        {L.PRN: (10.0, 0.0), L.POG: (10.0, -40.0), L.LI: (8.0, -25.0)},
        calibration=None,
    )
    assert (m.status, m.value) == ("no_scale", None)


def test_sex_specific_norms_are_used_where_published() -> None:
    pts = {L.SN: (0.0, 0.0), L.POG: (-2.6, -50.0)}
    female = assess_landmarks(landmark_set(pts), sex="female", calibration=CAL)
    male = assess_landmarks(landmark_set(pts), sex="male", calibration=CAL)
    f, m = female.measure("chin_subnasale_vertical"), male.measure("chin_subnasale_vertical")
    assert (f.norm and f.norm.sex, m.norm and m.norm.sex) == ("female", "male")
    assert f.deviation_sd == pytest.approx(0.0)


def test_every_measure_has_a_docstring_with_points_sign_or_source() -> None:
    for fn in M.ALL_MEASURES:
        doc = fn.__doc__ or ""
        assert "Points:" in doc, fn.__name__
        assert "Source" in doc, fn.__name__


def test_every_measure_has_a_norm_with_a_citation() -> None:
    a = assess_landmarks(landmark_set(BASE_FACE), calibration=CAL)
    assert len(a.measures) == len(M.ALL_MEASURES)
    for m in a.measures:
        assert m.norm is not None and m.norm.citation, m.key


# --- invariance (hypothesis) ------------------------------------------------------------------

#: A plausible adult profile in mm (x anterior, y up, origin at subnasale), with Frankfort.
BASE_FACE: dict[L, tuple[float, float]] = {
    **BALANCED_FACE,
    L.STI: (0.0, -20.5),  # lips just apart, so Sts and Sti are told apart
    L.TR: (-85.0, 30.0),
    L.OR: (-15.0, 30.0),
}


def neck_path(face: Mapping[L, tuple[float, float]]) -> list[tuple[float, float]]:
    me, c = face[L.ME], face[L.C]
    path = [(me[0] + (c[0] - me[0]) * s, me[1] + (c[1] - me[1]) * s) for s in np.linspace(0, 1, 30)]
    path += [(c[0] - 8 * s, c[1] - 50 * s) for s in np.linspace(0.02, 1, 40)]
    return path


Transform = tuple[float, float, float, float, bool]


def apply(p: tuple[float, float], tf: Transform) -> tuple[float, float]:
    """Mirror (optionally), rotate, scale and translate an image point."""
    theta, s, tx, ty, mirror = tf
    x, y = (-p[0], p[1]) if mirror else p
    c, si = math.cos(theta), math.sin(theta)
    return (s * (c * x - si * y) + tx, s * (si * x + c * y) + ty)


def assessed(
    face: Mapping[L, tuple[float, float]],
    tf: Transform,
    *,
    calibration: str,
    frankfort: bool = True,
) -> Assessment:
    facing = Facing.LEFT if tf[4] else Facing.RIGHT
    pts = {k: v for k, v in face.items() if frankfort or k not in (L.TR, L.OR)}
    points = {k: Landmark(k, *apply(to_image(p, Facing.RIGHT), tf), 0.9) for k, p in pts.items()}
    outline = np.array([apply(to_image(p, Facing.RIGHT), tf) for p in neck_path(face)])
    cal = None
    if calibration == "moves":
        cal = Calibration(apply(CAL.p1, tf), apply(CAL.p2, tf), CAL.length_mm)
    elif calibration == "fixed":
        cal = CAL
    return assess_landmarks(
        LandmarkSet(points, facing, (4000, 4000)), calibration=cal, outline=outline
    )


jitter = st.floats(min_value=-2.5, max_value=2.5, allow_nan=False)
faces = st.fixed_dictionaries({k: st.tuples(jitter, jitter) for k in BASE_FACE}).map(
    lambda d: {k: (BASE_FACE[k][0] + d[k][0], BASE_FACE[k][1] + d[k][1]) for k in BASE_FACE}
)
transforms = st.tuples(
    st.floats(min_value=-math.pi, max_value=math.pi),
    st.floats(min_value=0.2, max_value=20.0),
    st.floats(min_value=-2000, max_value=2000),
    st.floats(min_value=-2000, max_value=2000),
    st.booleans(),
)
IDENTITY: Transform = (0.0, 1.0, 0.0, 0.0, False)


def values(a: Assessment) -> dict[str, float | None]:
    return {m.key: m.value for m in a.measures}


def assert_same(a: dict[str, float | None], b: dict[str, float | None]) -> None:
    assert a.keys() == b.keys()
    for k in a:
        va, vb = a[k], b[k]
        assert va is not None and vb is not None, k
        assert vb == pytest.approx(va, rel=1e-6, abs=1e-6), k


@settings(max_examples=60, deadline=None)
@given(face=faces, tf=transforms)
def test_every_measure_is_unchanged_when_the_photo_moves_with_its_references(
    face: dict[L, tuple[float, float]], tf: Transform
) -> None:
    """Rotation, translation, uniform scaling and mirroring of all points together (Frankfort
    and the calibration marker included) change nothing: mm stay mm, shares stay shares."""
    for calibration in ("moves", "none"):
        before = assessed(face, IDENTITY, calibration=calibration)
        after = assessed(face, tf, calibration=calibration)
        assert_same(values(before), values(after))
        assert [m.status for m in after.measures] == ["ok"] * len(after.measures)


@settings(max_examples=40, deadline=None)
@given(face=faces, tf=transforms)
def test_distances_scale_with_the_photo_when_the_marker_does_not(
    face: dict[L, tuple[float, float]], tf: Transform
) -> None:
    before = assessed(face, IDENTITY, calibration="fixed")
    after = assessed(face, tf, calibration="fixed")
    s = tf[1]
    for mb, ma in zip(before.measures, after.measures, strict=True):
        assert mb.value is not None and ma.value is not None
        expected = mb.value * s if mb.kind == "distance" else mb.value
        assert ma.value == pytest.approx(expected, rel=1e-6, abs=1e-6), mb.key


@settings(max_examples=40, deadline=None)
@given(
    face=faces,
    tx=st.floats(min_value=-2000, max_value=2000),
    ty=st.floats(min_value=-2000, max_value=2000),
    s=st.floats(min_value=0.2, max_value=20.0),
    mirror=st.booleans(),
    # Beyond a quarter turn the photo's "forward" is no longer the face's, so signs would flip.
    theta=st.floats(min_value=-1.0, max_value=1.0),
)
def test_with_the_photo_vertical_only_rotation_may_change_vertical_based_measures(
    face: dict[L, tuple[float, float]], tx: float, ty: float, s: float, mirror: bool, theta: float
) -> None:
    before = values(assessed(face, IDENTITY, calibration="none", frankfort=False))
    moved = values(assessed(face, (0.0, s, tx, ty, mirror), calibration="none", frankfort=False))
    assert_same(before, moved)
    rotated = values(
        assessed(face, (theta, 1.0, 0.0, 0.0, False), calibration="none", frankfort=False)
    )
    vertical_based = {
        "chin_zero_meridian",
        "chin_subnasale_vertical",
        "lower_face_thirds",
        "lip_height_ratio",
        "z_angle",
    }
    assert_same(
        {k: v for k, v in before.items() if k not in vertical_based},
        {k: v for k, v in rotated.items() if k not in vertical_based},
    )


def test_the_norms_table_is_complete_and_every_figure_has_a_source() -> None:
    table = load_norms()
    raw = table.raw
    assert raw["version"] == table.version == "norms-v1"
    assert set(raw["source_names"]) == set(raw["sources"])
    assert set(raw["measures"]) == {fn.__name__ for fn in M.ALL_MEASURES}
    for key, entry in raw["measures"].items():
        assert entry["unit"] in {"mm", "deg", "ratio"}, key
        sexes = [v["sex"] for v in entry["variants"]]
        assert "any" in sexes or {"female", "male"} <= set(sexes), key
        for v in entry["variants"]:
            assert v["source"] in raw["sources"], key
            if v.get("sd") is not None:
                assert v["sd"] > 0, key
            if v.get("range") is not None:
                lo, hi = v["range"]
                assert lo < hi, key


def test_a_value_that_rounds_onto_a_range_bound_reads_just_outside() -> None:
    t = math.radians(29.8)
    pts = {
        L.G: (0.0, 60.0),
        L.POG: (0.0, -40.0),
        L.N: (0.0, 50.0),
        L.PRN: (20.0 * math.sin(t), 50.0 - 20.0 * math.cos(t)),
    }
    m = measure("nasofacial_angle", pts)
    assert m.value == pytest.approx(29.8)
    assert m.sentence.startswith("Nasofacial angle: 30°; this is just below the published range")
