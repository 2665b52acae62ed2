"""The ``facial-profile`` command: outputs on a synthetic photo, and clear refusals."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import cv2
import numpy as np
import pytest

from facial_profile.cli import (
    EXIT_BAD_INPUT,
    EXIT_REFUSED,
    EXIT_UNREADABLE,
    main,
    parse_point,
    parse_scale,
    summary,
)
from facial_profile.report import RESULT_SCHEMA
from facial_profile.triage import CLOSING
from facial_profile.types import DOUBTS, Facing, InvalidInputError, L
from tests.facial_profile.faces import sample_assessment


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def plain_photo(tmp_path: Path) -> Path:
    p = tmp_path / "wall.png"
    cv2.imwrite(str(p), np.full((600, 450, 3), 180, np.uint8))
    return p


def test_parse_scale_and_point() -> None:
    cal = parse_scale("10,20,110,20,50")
    assert (cal.p1, cal.p2, cal.length_mm, cal.mm_per_px) == (
        (10.0, 20.0),
        (110.0, 20.0),
        50.0,
        0.5,
    )
    assert parse_point("Tr=120.5,340") == (L.TR, (120.5, 340.0))
    with pytest.raises(InvalidInputError, match="Unknown landmark 'Xx'"):
        parse_point("Xx=1,2")
    with pytest.raises(InvalidInputError, match="must differ"):
        parse_scale("10,20,10,20,50")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--scale", "1,2,3"], "--scale needs 5 numbers"),
        (["--point", "Tr120,340"], "--point needs KEY=X,Y"),
        (["--point", "Zz=1,2"], "Unknown landmark"),
        (["--vertical", "5,5,5,5"], "two different points"),
    ],
)
def test_bad_arguments_exit_2_with_a_plain_message(
    extra: list[str],
    message: str,
    plain_photo: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run(["analyse", str(plain_photo), "--out", str(tmp_path / "o"), *extra], capsys)
    assert code == EXIT_BAD_INPUT
    assert message in err
    assert "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_missing_and_non_image_files_exit_3(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(
        ["analyse", str(tmp_path / "nope.jpg"), "--out", str(tmp_path / "o")], capsys
    )
    assert (code, err.startswith("facial-profile: cannot read the image:")) == (
        EXIT_UNREADABLE,
        True,
    )
    text = tmp_path / "notes.jpg"
    text.write_text("this is not a photo")
    code, _, err = run(["analyse", str(text), "--out", str(tmp_path / "o")], capsys)
    assert code == EXIT_UNREADABLE
    assert "Traceback" not in err


def test_a_photo_with_no_profile_is_refused_with_the_reason(
    plain_photo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("facial_profile.detect")
    code, out, err = run(["analyse", str(plain_photo), "--out", str(tmp_path / "o")], capsys)
    assert code == EXIT_REFUSED
    assert err.startswith("facial-profile: photo refused (")
    assert out == ""
    assert not (tmp_path / "o").exists()


def test_python_dash_m_runs_the_same_command(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "facial_profile",
            "analyse",
            str(tmp_path / "x.jpg"),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == EXIT_UNREADABLE
    assert "cannot read the image" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_analyse_writes_json_overlays_and_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("facial_profile.detect")
    from tests.facial_profile import synth

    fx = synth.render(synth.FaceShape(), synth.Scene(megapixels=0.5, seed=3))
    photo = tmp_path / "profile.jpg"
    cv2.imwrite(
        str(photo), cv2.cvtColor(fx.image, cv2.COLOR_RGB2BGR), [cv2.IMWRITE_JPEG_QUALITY, 92]
    )
    # A 50 mm marker, placed using the fixture's known scale.
    marker = f"10,10,{10 + 50 * fx.px_per_mm:.3f},10,50"
    out = tmp_path / "out"
    code, stdout, err = run(
        ["analyse", str(photo), "--sex", "female", "--scale", marker, "--out", str(out)], capsys
    )
    assert (code, err) == (0, "")
    assert sorted(p.name for p in out.iterdir()) == [
        "overlay.png",
        "overlay.svg",
        "report.html",
        "result.json",
    ]
    result = json.loads((out / "result.json").read_text("utf-8"))
    assert (result["schema"], result["source"], result["sex"]) == (
        RESULT_SCHEMA,
        "profile.jpg",
        "female",
    )
    assert result["facing"] == "right"
    assert result["scale"]["kind"] == "mm"
    assert result["scale"]["mm_per_px"] == pytest.approx(1 / fx.px_per_mm, rel=1e-3)
    assert result["triage"]["closing"] == CLOSING
    # The detector's nose tip lands near the drawn one (a loose check: accuracy is benchmarked).
    prn = result["landmarks"]["Prn"]
    gx, gy = fx.points_px[L.PRN]
    assert abs(prn["x"] - gx) < 3 * fx.px_per_mm and abs(prn["y"] - gy) < 3 * fx.px_per_mm
    png = cv2.imdecode(np.frombuffer((out / "overlay.png").read_bytes(), np.uint8), 1)
    assert png.shape == fx.image.shape
    ET.fromstring((out / "overlay.svg").read_text("utf-8"))
    html = (out / "report.html").read_text("utf-8")
    assert "practitioner&#x27;s judgement" in html
    assert 'src="data:image/jpeg;base64,' in html  # the face crop, embedded
    assert "Wrote result.json" in stdout
    assert stdout.rstrip().endswith(CLOSING)


def test_the_terminal_lists_the_points_to_check_with_their_reasons() -> None:
    """After a run on a busy background the practitioner sees which points to check and why,
    a reason they all share said once, not only that a report was written."""
    a = sample_assessment(Facing.LEFT, low=(L.POG, L.LI), why=("learned", "faint_edge"))
    lines = summary(a).splitlines()
    shared = f"{DOUBTS['learned']}; {DOUBTS['faint_edge']}"
    start = lines.index(f"Check these points by eye before use; for all of them, {shared}:")
    # Top to bottom, with no reason of their own left to give; points found surely not listed.
    assert lines[start + 1 : start + 3] == ["  Li", "  Pog\u2032"]
    assert not any(line.strip().startswith("Ls") for line in lines)
    assert lines[0].startswith("Facing left; no scale marker")
    assert lines[-1] == CLOSING


def test_the_terminal_gives_each_points_own_reason_and_what_the_rules_noticed() -> None:
    a = sample_assessment(Facing.RIGHT, calibrated=True, low=(L.B,), why=("flat_sulcus",))
    text = summary(a)
    assert "Facing right; calibrated." in text
    assert f"Check these points by eye before use:\n  B\u2032: {DOUBTS['flat_sulcus']}\n" in text
    for finding in a.triage.findings:
        assert f"Rule {finding.rule}: {finding.message}" in text
    assert text.endswith(CLOSING)


def test_the_terminal_says_when_no_point_is_flagged() -> None:
    text = summary(sample_assessment(Facing.RIGHT, calibrated=True))
    assert "Check these points" not in text
    assert "No point is flagged low confidence" in text


def test_analyse_function_takes_an_array_and_manual_points() -> None:
    pytest.importorskip("facial_profile.detect")
    from facial_profile.analyse import analyse
    from tests.facial_profile import synth

    fx = synth.render(synth.FaceShape(), synth.Scene(megapixels=0.5, seed=5, facing=Facing.LEFT))
    n = fx.points_px[L.N]
    # Tragus well behind the nasion, orbitale just behind it, on one level: Frankfort level.
    ppm = fx.px_per_mm
    manual = {L.TR: (n[0] + 80 * ppm, n[1] + 20 * ppm), L.OR: (n[0] + 12 * ppm, n[1] + 20 * ppm)}
    a = analyse(fx.image, sex="male", manual=manual)
    assert a.landmarks.facing.value == "left"
    assert a.frame.basis == "frankfort"
    assert a.landmarks.points[L.TR].source == "manual"
    assert a.sex == "male"
    assert len(a.measures) == 23
    assert a.measure("z_angle").notes == ()


def test_the_detectors_stale_low_confidence_warning_is_dropped_others_kept() -> None:
    from facial_profile.analyse import detection_warnings
    from facial_profile.types import Detection, LandmarkSet

    d = Detection(
        landmarks=LandmarkSet({}, Facing.RIGHT, (10, 10)),
        outline=np.zeros((0, 2)),
        tilt_deg=0.0,
        warnings=("Low confidence (please check by eye): G, Sn.", "The head is tilted."),
    )
    assert detection_warnings(d) == ("The head is tilted.",)


def test_a_fault_in_the_software_is_reported_plainly(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import facial_profile.cli as cli

    def broken(args: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "run_analyse", broken)
    code, _, err = run(["analyse", str(tmp_path / "x.jpg"), "--out", str(tmp_path)], capsys)
    assert code == cli.EXIT_FAULT == 1
    assert "unexpected error (RuntimeError: boom)" in err
    assert "Traceback" not in err


def test_a_given_vertical_reads_the_points_in_the_head_frame_as_analyse_does(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The command and ``analyse()`` are one path: with the head tilted and a true vertical
    given, the command reads the landmarks in the head's upright frame too."""
    import math

    from facial_profile.analyse import TrueVertical, analyse
    from facial_profile.detect import detect_landmarks
    from tests.facial_profile import synth

    fx = synth.render(synth.FaceShape(), synth.Scene(tilt_deg=10.0, seed=7))
    photo = tmp_path / "tilted.png"
    cv2.imwrite(str(photo), cv2.cvtColor(fx.image, cv2.COLOR_RGB2BGR))
    theta = math.radians(10.0)
    nx, ny = fx.points_px[L.N]
    up = (-math.sin(theta), -math.cos(theta))  # facing right, nose up by 10 degrees
    upper, lower = (nx + 100 * up[0], ny + 100 * up[1]), (nx - 100 * up[0], ny - 100 * up[1])
    line = f"{upper[0]:.3f},{upper[1]:.3f},{lower[0]:.3f},{lower[1]:.3f}"
    out = tmp_path / "out"
    code, _, err = run(["analyse", str(photo), "--vertical", line, "--out", str(out)], capsys)
    assert (code, err) == (0, "")
    got = json.loads((out / "result.json").read_text("utf-8"))["landmarks"]
    expected = analyse(fx.image, vertical=TrueVertical(upper=upper, lower=lower)).landmarks
    photo_frame = detect_landmarks(fx.image).landmarks
    moved = False
    for key in (L.G, L.POG):
        assert got[key.value]["x"] == pytest.approx(expected.points[key].x, abs=0.01)
        assert got[key.value]["y"] == pytest.approx(expected.points[key].y, abs=0.01)
        moved |= (
            math.dist(
                (got[key.value]["x"], got[key.value]["y"]),
                (photo_frame.points[key].x, photo_frame.points[key].y),
            )
            > 1.0
        )
    assert moved, "the head frame should move the brow or chin point on a tilted head"


def _hand_case(facing: Facing) -> tuple[np.ndarray, dict[L, tuple[float, float]]]:
    """A photo the detector refuses (a bare wall) and a drawn face's true points on it."""
    from tests.facial_profile import synth

    fx = synth.render(synth.FaceShape(), synth.Scene(megapixels=0.5, seed=7, facing=facing))
    wall = np.full_like(fx.image, 180)
    return wall, dict(fx.points_px)


@pytest.mark.parametrize("facing", [Facing.RIGHT, Facing.LEFT])
def test_a_refused_photo_is_measured_from_points_placed_by_hand(facing: Facing) -> None:
    pytest.importorskip("facial_profile.detect")
    from facial_profile.analyse import analyse, assess_landmarks
    from facial_profile.types import LandmarkSet

    wall, points = _hand_case(facing)
    a = analyse(wall, sex="female", manual=points)
    assert a.landmarks.facing is facing
    assert {p.source for p in a.landmarks.points.values()} == {"manual"}
    assert {p.confidence for p in a.landmarks.points.values()} == {1.0}
    assert a.warnings[0].startswith("The photo could not be measured automatically: ")
    assert "placed by hand" in a.warnings[0]
    # The same measures as the pure geometry gives on those points.
    expected = assess_landmarks(
        LandmarkSet(a.landmarks.points, facing, (wall.shape[1], wall.shape[0])), sex="female"
    )
    assert [(m.key, m.value, m.status) for m in a.measures] == [
        (m.key, m.value, m.status) for m in expected.measures
    ]
    assert a.measure("e_line_lower_lip").status != "missing"


def test_a_refused_photo_with_too_few_points_says_which_to_place() -> None:
    pytest.importorskip("facial_profile.detect")
    from facial_profile.analyse import analyse
    from facial_profile.types import PhotoRefused

    wall, points = _hand_case(Facing.RIGHT)
    with pytest.raises(PhotoRefused) as plain:
        analyse(wall)
    assert "missing: N, Prn, Pog" in plain.value.message
    with pytest.raises(PhotoRefused) as some:
        analyse(wall, manual={k: points[k] for k in (L.N, L.PRN)})
    assert some.value.code == plain.value.code
    assert "missing: Pog" in some.value.message


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({L.POG: (1e6, 10.0)}, "lies outside the photo"),
        ({L.POG: (float("nan"), 10.0)}, "lies outside the photo"),
        ({L.PRN: "on the line"}, "must lie in front of the line"),
    ],
)
def test_points_placed_by_hand_that_cannot_be_right_are_refused_plainly(
    change: dict[L, object], message: str
) -> None:
    pytest.importorskip("facial_profile.detect")
    from facial_profile.analyse import analyse

    wall, points = _hand_case(Facing.RIGHT)
    for key, value in change.items():
        if value == "on the line":
            n, pog = points[L.N], points[L.POG]
            points[key] = ((n[0] + pog[0]) / 2, (n[1] + pog[1]) / 2)
        else:
            points[key] = value  # type: ignore[assignment]
    with pytest.raises(InvalidInputError, match=message):
        analyse(wall, manual=points)


def test_the_command_measures_a_refused_photo_from_points_given_with_point(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("facial_profile.detect")
    wall, points = _hand_case(Facing.LEFT)
    photo = tmp_path / "wall.png"
    cv2.imwrite(str(photo), wall)
    code, _, err = run(["analyse", str(photo), "--out", str(tmp_path / "none")], capsys)
    assert code == EXIT_REFUSED
    assert "place the points by hand" in err and "--point KEY=X,Y" in err
    args = [f"--point={k.value}={x:.2f},{y:.2f}" for k, (x, y) in points.items()]
    out = tmp_path / "out"
    code, stdout, err = run(["analyse", str(photo), *args, "--out", str(out)], capsys)
    assert (code, err) == (0, "")
    result = json.loads((out / "result.json").read_text("utf-8"))
    assert result["facing"] == "left"
    assert "placed by hand" in result["warnings"][0]
    assert "placed by hand" in (out / "report.html").read_text("utf-8")
    assert "Facing left" in stdout


def test_a_correction_outside_the_photo_is_refused_before_anything_is_measured() -> None:
    pytest.importorskip("facial_profile.detect")
    from facial_profile.analyse import analyse
    from tests.facial_profile import synth

    fx = synth.render(synth.FaceShape(), synth.Scene(megapixels=0.5, seed=5))
    with pytest.raises(InvalidInputError, match="lies outside the photo"):
        analyse(fx.image, manual={L.TR: (-5.0, 10.0)})
    with pytest.raises(InvalidInputError, match="needs two numbers"):
        analyse(fx.image, manual={L.TR: (1.0,)})  # type: ignore[dict-item]


def test_the_committed_example_is_what_the_documented_command_gives(
    lateral_photos: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """docs/facial_profile/example: the files and the terminal output in its README come from
    the command the README gives, run on today's code."""
    example = Path(__file__).resolve().parents[2] / "docs/facial_profile/example"
    readme = (example / "README.md").read_text("utf-8")
    photo = lateral_photos / "generated/img2-1024-right-lateral.jpg"
    points = "G=828,312 Sn=831.5,573.5 B=797.5,728 Me=740.5,806.2 Tr=386,420 Or=737,430"
    for p in points.split():
        assert f"--point {p}" in readme
    args = [a for p in points.split() for a in ("--point", p)]
    code, stdout, err = run(
        ["analyse", str(photo), "--sex", "female", *args, "--out", str(tmp_path)], capsys
    )
    assert (code, err) == (0, "")
    shown = stdout.replace(str(tmp_path), "docs/facial_profile/example")
    assert f"```\n{shown}```" in readme
    got = json.loads((tmp_path / "result.json").read_text("utf-8"))
    committed = json.loads((example / "result.json").read_text("utf-8"))
    assert _rounded(got) == _rounded(committed)


def _rounded(value: object) -> object:
    """A JSON value with floats to 6 significant figures (the last bits of a float may differ
    between CPUs)."""
    if isinstance(value, float):
        return float(f"{value:.6g}")
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_rounded(v) for v in value]
    return value
