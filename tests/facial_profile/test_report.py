"""Outputs: versioned JSON, SVG and PNG overlays, and the self-contained HTML report."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html import escape as html_escape

import cv2
import numpy as np
import pytest

from facial_profile.analyse import ALGORITHM_VERSION
from facial_profile.norms import load_norms
from facial_profile.overlay import E_LINE, MERIDIAN, S_LINE, render_png, render_svg
from facial_profile.report import RESULT_SCHEMA, render_html, result_dict, result_json
from facial_profile.triage import CLOSING
from facial_profile.types import DOUBTS, Facing, L
from tests.facial_profile.faces import BALANCED_FACE, H, W
from tests.facial_profile.faces import sample_assessment as make

FACE = BALANCED_FACE  # the sample face these report tests draw


@pytest.fixture
def photo() -> np.ndarray:
    img = np.full((H, W, 3), (70, 110, 150), np.uint8)
    cv2.circle(img, (300, 400), 200, (205, 160, 135), -1)
    return img


def test_json_result_is_versioned_and_round_trips() -> None:
    a = make(Facing.RIGHT)
    d = json.loads(result_json(a, source="photo.jpg"))
    assert (d["schema"], d["algorithm_version"], d["norms_version"], d["source"]) == (
        RESULT_SCHEMA,
        ALGORITHM_VERSION,
        load_norms().version,
        "photo.jpg",
    )
    assert d["triage"]["version"] == "triage-v1"
    assert d["facing"] == "right"
    assert d["scale"]["kind"] == "relative"
    assert d["scale"]["reference"] == "N\u2032\u2013Me\u2032"
    assert [m["key"] for m in d["measures"]] == [m.key for m in a.measures]
    assert d == result_dict(a, source="photo.jpg")  # nothing lost: plain JSON types only


def test_json_flags_low_confidence_landmarks_and_measures() -> None:
    d = result_dict(make(Facing.RIGHT, low=(L.LI,)))
    assert d["landmarks"]["Li"]["low_confidence"] is True
    assert (d["landmarks"]["Li"]["doubts"], d["landmarks"]["Ls"]["doubts"]) == (["faint_edge"], [])
    e = next(m for m in d["measures"] if m["key"] == "e_line_lower_lip")
    assert (e["status"], e["low_confidence"]) == ("low_confidence", ["Li"])


@pytest.mark.parametrize("facing", [Facing.RIGHT, Facing.LEFT])
def test_svg_overlay_is_valid_and_draws_the_reference_lines(
    photo: np.ndarray, facing: Facing
) -> None:
    svg = render_svg(photo, make(facing))
    root = ET.fromstring(svg)
    ns = "{http://www.w3.org/2000/svg}"
    assert (root.get("width"), root.get("height")) == (str(W), str(H))
    image = root.find(f"{ns}image")
    assert image is not None and image.get("href", "").startswith("data:image/jpeg;base64,")
    strokes = [e.get("stroke") for e in root.iter(f"{ns}line")]
    for colour in (E_LINE, S_LINE, MERIDIAN):
        assert "#{:02x}{:02x}{:02x}".format(*colour) in strokes
    labels = {t.text for t in root.iter(f"{ns}text")}
    assert {"Prn", "Pog\u2032", "N\u2032", "Sts"} <= labels
    assert "Sti" not in labels  # lips together: one stomion label
    circles = list(root.iter(f"{ns}circle"))
    assert len(circles) == len(FACE)


def test_svg_marks_low_confidence_points_hollow_with_a_question_mark(photo: np.ndarray) -> None:
    root = ET.fromstring(render_svg(photo, make(Facing.RIGHT, low=(L.B,))))
    ns = "{http://www.w3.org/2000/svg}"
    assert "B\u2032?" in {t.text for t in root.iter(f"{ns}text")}
    assert [c.get("fill") for c in root.iter(f"{ns}circle")].count("none") == 1


def test_png_overlay_has_the_photo_size_and_draws_on_it(photo: np.ndarray) -> None:
    png = render_png(photo, make(Facing.LEFT))
    out = cv2.imdecode(np.frombuffer(png, np.uint8), cv2.IMREAD_COLOR)
    assert out.shape == photo.shape
    assert int(np.count_nonzero(np.any(out != photo[:, :, ::-1], axis=2))) > 1000
    cropped = cv2.imdecode(
        np.frombuffer(render_png(photo, make(Facing.LEFT), crop_to_face=True), np.uint8),
        cv2.IMREAD_COLOR,
    )
    assert cropped.shape[0] < H and cropped.shape[1] < W


def test_png_overlay_accepts_a_grey_photo(photo: np.ndarray) -> None:
    grey = cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY)
    out = cv2.imdecode(np.frombuffer(render_png(grey, make(Facing.RIGHT)), np.uint8), 1)
    assert out.shape == (H, W, 3)


def test_html_report_is_self_contained_and_ends_with_the_practitioners_judgement(
    photo: np.ndarray,
) -> None:
    a = make(Facing.RIGHT, calibrated=True)
    html = render_html(a, render_png(photo, a, crop_to_face=True), title="client photo.jpg")
    # No external requests: every src is a data URI, no stylesheets or scripts are linked.
    assert re.findall(r'src="([a-z]+):', html) == ["data"]
    assert "<link" not in html and "<script" not in html and "url(" not in html
    assert "Content-Security-Policy" in html
    # Versions, every measure and the closing statement, which comes last.
    assert ALGORITHM_VERSION in html and load_norms().version in html
    for m in a.measures:
        assert m.name in html
    body = html[: html.rindex("</body>")]
    closing = html_escape(CLOSING)
    assert body.rstrip().endswith(f'<div class="closing">{closing}</div>')
    assert 'lang="en-GB"' in html


def test_html_says_why_each_low_confidence_point_is_doubtful(photo: np.ndarray) -> None:
    a = make(Facing.RIGHT, low=(L.LI,))
    html = render_html(a, render_png(photo, a))
    reason = html_escape(DOUBTS["faint_edge"])
    # The reason in words; points found surely are not listed.
    assert f"<li><b>Li</b>: {reason}.</li>" in html
    assert "<b>Ls</b>" not in html


def test_html_says_once_a_reason_every_flagged_point_shares(photo: np.ndarray) -> None:
    """On a busy background every point is doubtful for the same reason: it is said once."""
    a = make(Facing.RIGHT, low=(L.POG, L.LI), why=("learned", "faint_edge"))
    html = render_html(a, render_png(photo, a))
    learned, faint = html_escape(DOUBTS["learned"]), html_escape(DOUBTS["faint_edge"])
    assert html.count(learned) == 1 and html.count(faint) == 1
    # Listed top to bottom, each with no reason of its own left to give.
    assert (
        f"for all of them, {learned}; {faint}.<ul>\n<li><b>Li</b>.</li>\n<li><b>Pog\u2032</b>.</li>"
        in html
    )


def test_html_escapes_the_title() -> None:
    a = make(Facing.RIGHT)
    html = render_html(a, b"\x89PNG", title="<script>alert(1)</script>.jpg")
    assert "<script>" not in html


@pytest.mark.parametrize("facing", [Facing.RIGHT, Facing.LEFT])
def test_angle_labels_sit_behind_the_profile_and_point_labels_ahead_of_it(
    photo: np.ndarray, facing: Facing
) -> None:
    a = make(facing)
    root = ET.fromstring(render_svg(photo, a))
    ns = "{http://www.w3.org/2000/svg}"
    texts = {t.text or "": t for t in root.iter(f"{ns}text")}
    sn = a.landmarks.points[L.SN]
    ahead = 1.0 if facing is Facing.RIGHT else -1.0
    nla = next(t for k, t in texts.items() if k.startswith("NLA"))
    # The angle label runs backwards from a point behind Sn; the Sn label forwards from ahead.
    assert (float(nla.get("x", "0")) - sn.x) * ahead < 0
    assert nla.get("text-anchor") == ("end" if facing is Facing.RIGHT else "start")
    sn_label = texts["Sn"]
    assert (float(sn_label.get("x", "0")) - sn.x) * ahead > 0
    assert sn_label.get("text-anchor") == ("start" if facing is Facing.RIGHT else "end")


@pytest.mark.parametrize("tilt", [-10.0, 10.0])
def test_a_given_true_vertical_is_used_to_read_the_landmarks(tilt: float) -> None:
    """With the head tilted and the true vertical given, points are read in the head's frame."""
    import math

    import numpy as np

    from facial_profile.analyse import TrueVertical, analyse
    from facial_profile.types import CORE_LANDMARKS
    from tests.facial_profile.synth import FaceShape, Scene, render

    fx = render(FaceShape(), Scene(tilt_deg=tilt, seed=7))
    # The true vertical in the photo: the face's up direction, rotated by the tilt.
    n = fx.points_px[CORE_LANDMARKS[1]]
    theta = math.radians(tilt)
    facing_sign = 1.0 if fx.scene.facing.value == "right" else -1.0
    up = (-facing_sign * math.sin(theta), -math.cos(theta))
    upper = (n[0] + 100 * up[0], n[1] + 100 * up[1])
    lower = (n[0] - 100 * up[0], n[1] - 100 * up[1])

    def mean_error(result: object) -> float:
        pts = result.points  # type: ignore[attr-defined]
        return float(
            np.mean(
                [
                    math.hypot(pts[k].x - fx.points_px[k][0], pts[k].y - fx.points_px[k][1])
                    / fx.px_per_mm
                    for k in CORE_LANDMARKS
                ]
            )
        )

    from facial_profile.detect import detect_landmarks

    photo_vertical = detect_landmarks(fx.image).landmarks
    with_vertical = analyse(fx.image, vertical=TrueVertical(upper=upper, lower=lower))
    assert with_vertical.frame.basis == "user_line"
    assert mean_error(with_vertical.landmarks) <= 1.0
    assert mean_error(with_vertical.landmarks) < 0.8 * mean_error(photo_vertical)
