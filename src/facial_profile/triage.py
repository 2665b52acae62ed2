"""Triage and planning aid: explainable rules over the measures, never a verdict.

Each rule names the measures it read, the basis it rests on and what it suggests. Thresholds and
per-session volume caps come from ``data/triage-v1.json`` with their sources. Only measures whose
points were all found with good confidence are used; a rule that cannot run says why. Every
report closes by stating that the practitioner's judgement decides.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from facial_profile.measures import MeasureResult
from facial_profile.norms import DATA_DIR

TRIAGE_FILE = "triage-v1.json"

FindingKind = Literal["referral", "caution", "order", "info", "cannot_assess"]

CLOSING = (
    "These measures and suggestions are an aid to the consultation, not a diagnosis or a "
    "treatment plan. The practitioner's judgement, reached with the client, decides."
)


@dataclass(frozen=True)
class Finding:
    rule: str
    area: str
    kind: FindingKind
    message: str
    basis: str
    measures: Mapping[str, float | None] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "area": self.area,
            "kind": self.kind,
            "message": self.message,
            "basis": self.basis,
            "measures": {k: (None if v is None else round(v, 2)) for k, v in self.measures.items()},
        }


@dataclass(frozen=True)
class Suggestion:
    """A conservative, staged option for one area, within the per-session cap."""

    area: str
    start_ml: tuple[float, float]
    cap_ml_per_session: float
    review_weeks: int
    text: str
    stop: str
    source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "area": self.area,
            "start_ml": list(self.start_ml),
            "cap_ml_per_session": self.cap_ml_per_session,
            "review_weeks": self.review_weeks,
            "text": self.text,
            "stop": self.stop,
            "source": self.source,
        }


@dataclass(frozen=True)
class TriageReport:
    version: str
    findings: tuple[Finding, ...]
    suggestions: tuple[Suggestion, ...]
    closing: str = CLOSING

    def rules_fired(self) -> tuple[str, ...]:
        return tuple(f.rule for f in self.findings)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "findings": [f.to_dict() for f in self.findings],
            "suggestions": [s.to_dict() for s in self.suggestions],
            "closing": self.closing,
        }


@lru_cache(maxsize=2)
def load_triage_table(name: str = TRIAGE_FILE) -> dict[str, Any]:
    text = (DATA_DIR / name).read_text("utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


def _usable(results: Mapping[str, MeasureResult], key: str) -> MeasureResult | None:
    m = results.get(key)
    return m if m is not None and m.usable else None


def _why_not(results: Mapping[str, MeasureResult], key: str) -> str:
    m = results.get(key)
    if m is None:
        return f"{key} was not computed"
    if m.status == "low_confidence":
        return f"{m.name} rests on low-confidence points ({', '.join(m.low_confidence)})"
    return f"{m.name} could not be measured"


LEVEL_CAVEAT = (
    " This figure assumes the head is level in the photo; Frankfort points or a vertical line "
    "would make it more reliable."
)


def triage(
    measures: Sequence[MeasureResult], *, calibrated: bool, level_from_photo: bool = False
) -> TriageReport:
    """Apply the rules to a set of measure results.

    ``level_from_photo`` says the true vertical is only the photo's own, so chin findings
    (which depend on it) carry a caveat.
    """
    table = load_triage_table()
    th = table["thresholds"]
    areas = table["areas"]
    res = {m.key: m for m in measures}
    findings: list[Finding] = []
    suggestions: list[Suggestion] = []
    est = "" if calibrated else " (estimated: the photo has no scale marker)"
    est_short = "" if calibrated else ", estimated without a scale marker"
    level = LEVEL_CAVEAT if level_from_photo else ""

    # --- Rule 1: chin far behind the subnasale vertical -> a skeletal question.
    chin = _usable(res, "chin_subnasale_vertical")
    chin_mm = chin.comparable_value if chin is not None else None
    refer_chin = False
    if chin is None:
        findings.append(
            Finding(
                "chin_position_unknown",
                "chin",
                "cannot_assess",
                f"Chin position was not assessed: {_why_not(res, 'chin_subnasale_vertical')}. "
                "Check the landmarks before relying on any chin suggestion.",
                "Needs Sn and Pog\u2032 found with good confidence.",
            )
        )
    elif chin_mm is not None and chin_mm < th["chin_referral_mm"]["value"]:
        refer_chin = True
        findings.append(
            Finding(
                "chin_far_behind_subnasale_vertical",
                "chin",
                "referral",
                f"The chin lies about {abs(chin_mm):.1f} mm{est} behind the subnasale vertical. "
                "This is likely an orthodontic or surgical question: consider referral before "
                "any filler to the chin." + level,
                th["chin_referral_mm"]["source"],
                {"chin_subnasale_vertical_mm": chin_mm},
            )
        )

    # --- Rule 2: facial convexity well outside the norm.
    conv = _usable(res, "facial_convexity")
    refer_conv = False
    if conv is not None and conv.deviation_sd is not None:
        limit = float(th["convexity_referral_sd"]["value"])
        if abs(conv.deviation_sd) > limit:
            refer_conv = True
            shape = "convex" if conv.deviation_sd > 0 else "straight or concave"
            findings.append(
                Finding(
                    "convexity_outside_norm",
                    "overall",
                    "referral",
                    f"Facial convexity is {conv.value:.0f}°, more than {limit:g} SD from the "
                    f"published mean: the profile is markedly {shape}. This is likely an "
                    "orthodontic or surgical question: consider referral.",
                    th["convexity_referral_sd"]["source"],
                    {"facial_convexity_deg": conv.value, "deviation_sd": conv.deviation_sd},
                )
            )

    # --- Rule 3: lips at or ahead of the E-line -> do not add lip volume.
    lip_limit = float(th["lips_at_e_line_mm"]["value"])
    lips_forward = False
    for key, lip in (("e_line_upper_lip", "upper"), ("e_line_lower_lip", "lower")):
        m = _usable(res, key)
        v = m.comparable_value if m is not None else None
        if v is not None and v >= lip_limit:
            lips_forward = True
            findings.append(
                Finding(
                    f"{lip}_lip_at_or_ahead_of_e_line",
                    "lips",
                    "caution",
                    f"The {lip} lip is already at or ahead of the E-line ({v:+.1f} mm{est_short}). "
                    "Adding lip volume is advised against: it would push the lips further "
                    "forward of the nose\u2013chin line.",
                    th["lips_at_e_line_mm"]["source"],
                    {f"{key}_mm": v},
                )
            )

    # --- Rule 4: mild chin deficiency -> chin first.
    chin_first = False
    if chin is not None and chin_mm is not None and not refer_chin and chin.norm is not None:
        sd = chin.norm.sd or 0.0
        mild_line = chin.norm.mean - float(th["mild_chin_sd"]["value"]) * sd
        if sd > 0 and chin_mm < mild_line:
            chin_first = True
            findings.append(
                Finding(
                    "mild_chin_deficiency_chin_first",
                    "chin",
                    "order",
                    f"The chin lies about {abs(chin_mm):.1f} mm{est} behind the subnasale "
                    "vertical, a mild deficiency. Consider the chin first: bringing the chin "
                    "forward moves the E-line and changes how the lips read, so lips may need "
                    "less, or nothing." + level,
                    th["mild_chin_sd"]["source"],
                    {"chin_subnasale_vertical_mm": chin_mm, "mild_line_mm": mild_line},
                )
            )

    referral = refer_chin or refer_conv
    if referral:
        findings.append(
            Finding(
                "referral_first",
                "overall",
                "info",
                "Because a referral question is open, no filler suggestion is made here.",
                "Filler cannot correct a skeletal pattern and may hide it.",
            )
        )
    else:
        if chin_first and chin_mm is not None and chin is not None and chin.norm is not None:
            a = areas["chin"]
            gap = chin.norm.mean - chin_mm
            suggestions.append(
                Suggestion(
                    "chin",
                    (float(a["start_ml"][0]), float(a["start_ml"][1])),
                    float(a["cap_ml_per_session"]),
                    int(a["review_weeks"]),
                    f"Start with {a['start_ml'][0]:g}\u2013{a['start_ml'][1]:g} ml to the chin, never "
                    f"more than {a['cap_ml_per_session']:g} ml in one session; review at "
                    f"{a['review_weeks']} weeks and re-measure before anything else.",
                    f"Stop once the chin is near the published position (about {gap:.1f} mm "
                    "forward of where it is now), or sooner if the client is content; then "
                    "reassess the lips before adding anything to them.",
                    a["source"],
                )
            )
        lower = _usable(res, "e_line_lower_lip")
        lv = lower.comparable_value if lower is not None else None
        if (
            not lips_forward
            and not chin_first
            and lower is not None
            and lv is not None
            and lower.norm is not None
            and lower.norm.sd is not None
            and lv < lower.norm.mean - float(th["thin_lips_sd"]["value"]) * lower.norm.sd
        ):
            a = areas["lips"]
            findings.append(
                Finding(
                    "lower_lip_well_behind_e_line",
                    "lips",
                    "info",
                    f"The lower lip lies {abs(lv):.1f} mm{est} behind the E-line, more than "
                    f"{float(th['thin_lips_sd']['value']):g} SD behind the published position, "
                    "with the chin in balance. Lip volume is an option if the client wants it; "
                    "it is not needed for balance alone.",
                    th["thin_lips_sd"]["source"],
                    {"e_line_lower_lip_mm": lv},
                )
            )
            suggestions.append(
                Suggestion(
                    "lips",
                    (float(a["start_ml"][0]), float(a["start_ml"][1])),
                    float(a["cap_ml_per_session"]),
                    int(a["review_weeks"]),
                    f"The lower lip sits well behind the E-line. If the client wishes, start "
                    f"with {a['start_ml'][0]:g}\u2013{a['start_ml'][1]:g} ml, never more than "
                    f"{a['cap_ml_per_session']:g} ml in one session; review at "
                    f"{a['review_weeks']} weeks.",
                    f"Stop before the lower lip reaches {lower.norm.mean:g} mm from the "
                    "E-line (the published norm), or sooner if the client is content.",
                    a["source"],
                )
            )
        if not suggestions and not lips_forward:
            if chin is not None and lower is not None and conv is not None:
                findings.append(
                    Finding(
                        "nothing_suggested",
                        "overall",
                        "info",
                        "The measures used by these rules suggest no filler. Doing nothing is "
                        "a valid choice.",
                        "No rule's threshold was crossed.",
                    )
                )
            else:
                findings.append(
                    Finding(
                        "incomplete",
                        "overall",
                        "cannot_assess",
                        "No suggestion is made: some measures these rules need could not be "
                        "trusted. Check the flagged landmarks and assess again.",
                        "Rules run only on measures whose points were all found with good "
                        "confidence.",
                    )
                )
    return TriageReport(str(table["version"]), tuple(findings), tuple(suggestions))
