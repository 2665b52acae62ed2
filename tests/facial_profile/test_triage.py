"""Triage rules on constructed profiles: each rule fires when it should, and only then."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from facial_profile.analyse import Assessment, assess_landmarks
from facial_profile.norms import Sex
from facial_profile.triage import CLOSING, LEVEL_CAVEAT, load_triage_table
from facial_profile.types import Calibration, Facing, L, Landmark, LandmarkSet
from tests.facial_profile.faces import BALANCED_FACE

PX_PER_MM = 3.0
CAL = Calibration((0.0, 0.0), (30.0, 0.0), 10.0)

#: A balanced adult profile in mm (x anterior, y up, origin at subnasale): every rule quiet.
BALANCED = BALANCED_FACE  # every rule quiet on it


def assess(
    changes: Mapping[L, tuple[float, float]] | None = None,
    *,
    facing: Facing = Facing.LEFT,
    sex: Sex | None = "female",
    calibrated: bool = True,
    confidence: Mapping[L, float] | None = None,
) -> Assessment:
    pts = {**BALANCED, **(changes or {})}
    sx = 1.0 if facing is Facing.RIGHT else -1.0
    conf = confidence or {}
    points = {
        k: Landmark(k, 500 + sx * x * PX_PER_MM, 500 - y * PX_PER_MM, conf.get(k, 0.9))
        for k, (x, y) in pts.items()
    }
    return assess_landmarks(
        LandmarkSet(points, facing, (1000, 1000)),
        sex=sex,
        calibration=CAL if calibrated else None,
    )


def rules(a: Assessment) -> list[str]:
    return list(a.triage.rules_fired())


def test_balanced_profile_suggests_nothing() -> None:
    a = assess()
    assert rules(a) == ["nothing_suggested"]
    assert a.triage.suggestions == ()


def test_chin_far_behind_the_subnasale_vertical_suggests_referral_and_no_filler() -> None:
    # Pog' 8 mm behind Sn, beyond the 6 mm referral line.
    a = assess({L.POG: (-8.0, -52.0), L.B: (-10.0, -40.0), L.ME: (-14.0, -62.0)})
    # With the chin this far back the E-line tilts back too, so the lower lip now reads as
    # ahead of it: the lip caution stands alongside the referral.
    assert rules(a) == [
        "chin_far_behind_subnasale_vertical",
        "lower_lip_at_or_ahead_of_e_line",
        "referral_first",
    ]
    finding = a.triage.findings[0]
    assert finding.kind == "referral"
    assert "orthodontic or surgical question: consider referral" in finding.message
    assert "Arnett" in finding.basis
    assert a.triage.suggestions == ()


def test_convexity_well_outside_the_norm_suggests_referral() -> None:
    # Glabella far back: convexity about 26 degrees against Legan & Burstone's 12 +/- 4.
    a = assess({L.G: (-25.0, 60.0)})
    assert rules(a) == ["convexity_outside_norm", "referral_first"]
    assert a.measure("facial_convexity").deviation_sd == pytest.approx(
        (a.measure("facial_convexity").value - 12.0) / 4.0  # type: ignore[operator]
    )
    assert "Legan & Burstone" in a.triage.findings[0].basis


def test_a_markedly_concave_profile_also_suggests_referral() -> None:
    a = assess({L.SN: (-2.0, 0.0), L.POG: (4.0, -52.0), L.G: (2.0, 60.0)})
    assert "convexity_outside_norm" in rules(a)
    assert "concave" in a.triage.findings[rules(a).index("convexity_outside_norm")].message


def test_lips_at_or_ahead_of_the_e_line_advise_against_lip_volume() -> None:
    a = assess({L.LI: (8.0, -29.0)})
    assert rules(a) == ["lower_lip_at_or_ahead_of_e_line"]
    assert "Adding lip volume is advised against" in a.triage.findings[0].message
    assert [s.area for s in a.triage.suggestions] == []


def test_mild_chin_deficiency_puts_the_chin_first_with_a_capped_staged_plan() -> None:
    # Pog' 5 mm behind Sn: beyond one SD of the female norm (-2.6 +/- 1.9) but inside 6 mm.
    a = assess({L.POG: (-5.0, -52.0), L.B: (-8.0, -40.0), L.ME: (-12.0, -62.0)})
    assert rules(a) == ["mild_chin_deficiency_chin_first"]
    assert "chin projection" in a.triage.findings[0].message or "changes how the lips read" in (
        a.triage.findings[0].message
    )
    (s,) = a.triage.suggestions
    table = load_triage_table()["areas"]["chin"]
    assert (s.area, s.cap_ml_per_session, s.review_weeks) == (
        "chin",
        table["cap_ml_per_session"],
        table["review_weeks"],
    )
    assert s.start_ml[1] <= s.cap_ml_per_session
    assert "review at 2 weeks" in s.text
    assert s.stop.startswith("Stop once the chin")


def test_chin_first_holds_back_lip_suggestions() -> None:
    # Thin lower lip and a mildly retruded chin: the chin is considered first, lips not yet.
    a = assess(
        {L.POG: (-5.0, -52.0), L.B: (-8.0, -40.0), L.ME: (-12.0, -62.0), L.LI: (-5.0, -29.0)}
    )
    assert [s.area for s in a.triage.suggestions] == ["chin"]


def test_lower_lip_well_behind_the_e_line_with_a_balanced_chin_gives_a_capped_lip_option() -> None:
    a = assess({L.LI: (-5.0, -29.0), L.LS: (-2.0, -12.0)})
    assert rules(a) == ["lower_lip_well_behind_e_line"]
    assert "Ricketts" in a.triage.findings[0].basis
    (s,) = a.triage.suggestions
    cap = load_triage_table()["areas"]["lips"]["cap_ml_per_session"]
    assert (s.area, s.cap_ml_per_session) == ("lips", cap)
    assert "Stop before the lower lip reaches -2 mm" in s.stop


def test_a_low_confidence_chin_point_blocks_the_chin_rules() -> None:
    a = assess({L.POG: (-8.0, -52.0)}, confidence={L.POG: 0.3})
    assert rules(a)[0] == "chin_position_unknown"
    assert "chin_far_behind_subnasale_vertical" not in rules(a)
    assert a.triage.suggestions == ()


def test_without_a_scale_the_chin_rule_uses_an_estimate_and_says_so() -> None:
    a = assess({L.POG: (-9.0, -52.0), L.B: (-10.0, -40.0), L.ME: (-14.0, -62.0)}, calibrated=False)
    assert rules(a)[0] == "chin_far_behind_subnasale_vertical"
    assert "estimated" in a.triage.findings[0].message


@pytest.mark.parametrize(
    "changes",
    [{}, {L.POG: (-8.0, -52.0)}, {L.LI: (8.0, -29.0)}, {L.POG: (-5.0, -52.0)}],
)
def test_every_report_ends_with_the_practitioners_judgement(
    changes: dict[L, tuple[float, float]],
) -> None:
    d = assess(changes).to_dict()["triage"]
    assert d["closing"] == CLOSING
    assert "practitioner's judgement" in d["closing"]


def test_rules_do_not_depend_on_facing_direction() -> None:
    changes = {L.POG: (-5.0, -52.0), L.B: (-8.0, -40.0), L.ME: (-12.0, -62.0)}
    assert rules(assess(changes, facing=Facing.LEFT)) == rules(assess(changes, facing=Facing.RIGHT))


def test_the_triage_table_gives_a_source_for_every_threshold_and_cap() -> None:
    table = load_triage_table()
    assert table["version"] == "triage-v1"
    for name, t in table["thresholds"].items():
        assert isinstance(t["value"], float), name
        assert t["source"], name
    for area, a in table["areas"].items():
        lo, hi = a["start_ml"]
        assert 0 < lo <= hi <= a["cap_ml_per_session"], area
        assert a["review_weeks"] >= 2, area
        assert "signed off by the prescribing practitioner" in a["source"], area


def test_chin_findings_carry_a_caveat_unless_the_vertical_was_given() -> None:
    changes = {L.POG: (-5.0, -52.0), L.B: (-8.0, -40.0), L.ME: (-12.0, -62.0)}
    from_photo = assess(changes)
    assert from_photo.triage.findings[0].message.endswith(LEVEL_CAVEAT)
    # Frankfort given (level tragus and orbitale): the caveat goes.
    with_fh = assess({**changes, L.TR: (-85.0, 30.0), L.OR: (-15.0, 30.0)})
    assert rules(with_fh) == ["mild_chin_deficiency_chin_first"]
    assert not with_fh.triage.findings[0].message.endswith(LEVEL_CAVEAT)
