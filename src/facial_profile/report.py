"""Outputs of an assessment: a versioned JSON result and a one-page, self-contained HTML report.

The HTML makes no external request: styles are inline and the overlay is embedded as a data URI.
It ends, like every report, by stating that the practitioner's judgement decides.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from html import escape
from typing import Any

from facial_profile.analyse import Assessment
from facial_profile.measures import LANDMARK_LABELS, MeasureResult
from facial_profile.types import DOUBTS, LOW_CONFIDENCE, L, LandmarkSet

#: Version of the JSON layout (bump on any incompatible change).
RESULT_SCHEMA = "facial_profile.result/1"
DASH = " \u2013 "


def result_dict(assessment: Assessment, *, source: str | None = None) -> dict[str, Any]:
    """The JSON-ready result, with schema, algorithm and norms versions first."""
    body = assessment.to_dict()
    out: dict[str, Any] = {"schema": RESULT_SCHEMA}
    if source is not None:
        out["source"] = source
    out.update(body)
    return out


def result_json(assessment: Assessment, *, source: str | None = None) -> str:
    return json.dumps(result_dict(assessment, source=source), indent=2, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class Flagged:
    """The low-confidence points, top to bottom, and why, in words for the practitioner.

    A reason every flagged point shares (a busy background) is in ``shared``, said once; each
    point then gives only its own reasons."""

    shared: tuple[str, ...]
    #: (label such as "Pog\u2032", its own reasons) for each flagged point, top to bottom.
    points: tuple[tuple[str, tuple[str, ...]], ...]


def flagged_points(landmarks: LandmarkSet) -> Flagged:
    order = list(L)
    low = sorted(
        (p for p in landmarks.points.values() if p.confidence < LOW_CONFIDENCE),
        key=lambda p: order.index(p.key),
    )
    shared = [d for d in low[0].doubts if all(d in p.doubts for p in low[1:])] if low else []
    if len(low) < 2:
        shared = []
    return Flagged(
        shared=tuple(DOUBTS[d] for d in shared),
        points=tuple(
            (LANDMARK_LABELS[p.key], tuple(DOUBTS[d] for d in p.doubts if d not in shared))
            for p in low
        ),
    )


_CSS = """
body{font-family:Helvetica,Arial,sans-serif;color:#1d2327;margin:0;padding:18px 22px;
font-size:12px;line-height:1.35;max-width:960px}
h1{font-size:18px;margin:0 0 2px}h2{font-size:14px;margin:12px 0 4px;border-bottom:1px solid #ccd;
padding-bottom:2px}.meta{color:#555;font-size:11px}
.top{display:flex;gap:16px;align-items:flex-start}.top img{width:330px;max-width:100%;
height:auto;border:1px solid #ccd;border-radius:4px}.side{flex:1;min-width:0}.wide{overflow-x:auto}
.finding{border-left:4px solid #888;padding:3px 8px;margin:4px 0;background:#f6f7f9}
.referral{border-color:#c92a2a;background:#fff5f5}.caution{border-color:#e67700;background:#fff9db}
.order{border-color:#1c7ed6;background:#e7f5ff}.cannot_assess{border-color:#868e96}
.basis{color:#555;font-size:10.5px}
table{border-collapse:collapse;width:100%;font-size:11px}th,td{text-align:left;padding:2px 4px;
border-bottom:1px solid #e3e5e8;vertical-align:top}th{background:#f1f3f5}
td.num{text-align:right;white-space:nowrap}.muted{color:#868e96}
.caption{font-size:10.5px;color:#555;width:330px;margin-top:3px}
@media print{body{padding:0;font-size:10px}table{font-size:9px}.top img{width:260px}}
@media screen and (max-width:720px){body{padding:12px 14px;font-size:14px}
.top{flex-direction:column}.top img,.caption{width:100%;max-width:480px}.caption{font-size:12px}
table{font-size:13px}.basis{font-size:12px}thead{display:none}tr{display:block;
padding:6px 0;border-bottom:1px solid #e3e5e8}td{display:block;border:0;padding:1px 0}
td.num,td.norm{display:inline-block;text-align:left;margin-right:12px;vertical-align:top}
td.num::before,td.norm::before{content:attr(data-label) ": ";color:#555}td:empty{display:none}}
.flag{color:#c92a2a;font-weight:bold}.closing{margin-top:12px;padding:8px 10px;
border:1px solid #1d2327;border-radius:4px;font-weight:bold}
"""


def _signed(v: float) -> str:
    text = f"{v:+.1f}"
    return "0.0" if text in ("+0.0", "-0.0") else text


def _value_cell(m: MeasureResult) -> str:
    if m.value is None:
        return '<span class="muted">not measured</span>'
    if m.unit == "\u00b0":
        text = f"{m.value:.1f}\u00b0"
    elif m.unit == "ratio":
        text = f"{m.value:.2f}"
    elif m.unit == "mm":
        text = f"{_signed(m.value)} mm"
    else:
        text = f"{_signed(m.value)} %"
        if m.value_mm_estimated is not None:
            text += f" (\u2248{_signed(m.value_mm_estimated)} mm)"
    return escape(text)


def _norm_cell(m: MeasureResult) -> str:
    n = m.norm
    if n is None:
        return ""
    unit = "\u00b0" if n.unit == "deg" else ("" if n.unit == "ratio" else " mm")
    if n.sd is not None:
        text = f"{n.mean:g} \u00b1 {n.sd:g}{unit}"
    elif n.range is not None:
        text = f"{n.range[0]:g} to {n.range[1]:g}{unit}"
    else:
        text = f"{n.mean:g}{unit}"
    return f'{escape(text)}<br><span class="muted">{escape(n.source_name)}</span>'


def _sd_cell(m: MeasureResult) -> str:
    if m.deviation_sd is None:
        return "" if m.within_norm is None else ("in range" if m.within_norm else "out of range")
    cls = ' class="flag"' if abs(m.deviation_sd) > 2 else ""
    return f"<span{cls}>{m.deviation_sd:+.1f}</span>"


def render_html(
    assessment: Assessment, overlay: bytes, *, title: str = "", mime: str = "image/png"
) -> str:
    """A one-page report with the overlay image (``mime``) embedded; no external requests."""
    if mime not in ("image/png", "image/jpeg"):
        raise ValueError(f"Unsupported overlay type {mime!r}.")
    a = assessment
    lm = a.landmarks
    img = base64.b64encode(overlay).decode("ascii")
    scale = (
        f"calibrated ({a.scale.mm_per_px:.4f} mm per pixel)"
        if a.scale.kind == "mm" and a.scale.mm_per_px is not None
        else "no scale marker: distances as % of N\u2032\u2013Me\u2032, millimetres estimated"
    )
    basis = {
        "frankfort": "Frankfort horizontal (tragus and orbitale)",
        "user_line": "a line given by the practitioner",
        "photo": "the photo's vertical",
    }[a.frame.basis]
    title_suffix = " \u2013 " + escape(title) if title else ""
    title_prefix = escape(title) + " \u00b7 " if title else ""
    parts: list[str] = [
        "<!doctype html>",
        '<html lang="en-GB"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "img-src data:; style-src 'unsafe-inline'\">",
        f"<title>Profile assessment{title_suffix}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Side-profile assessment</h1>",
        f'<div class="meta">{title_prefix}'
        f"{escape(a.algorithm_version)} \u00b7 norms {escape(a.norms_version)} \u00b7 triage "
        f"{escape(a.triage.version)} \u00b7 facing {escape(lm.facing.value)} \u00b7 "
        f"sex {escape(a.sex or 'not given')}</div>",
        '<div class="top"><div>',
        f'<img alt="Profile photo with landmarks and reference lines" '
        f'src="data:{mime};base64,{img}">',
        '<div class="caption">Lines: E-line (Prn\u2013Pog\u2032), S-line (Cm\u2013Pog\u2032), zero '
        "meridian through N\u2032 and the subnasale vertical, both along the true vertical. "
        "Angles: NFA nasofrontal, NLA nasolabial, MLA mentolabial, CMA cervicomental. A point "
        "marked ? was found with low confidence.</div></div>",
        '<div class="side">',
        "<h2>What the rules noticed</h2>",
    ]
    for f in a.triage.findings:
        parts.append(
            f'<div class="finding {escape(f.kind)}">{escape(f.message)}'
            f'<div class="basis">Basis: {escape(f.basis)}</div></div>'
        )
    if a.triage.suggestions:
        parts.append("<h2>Conservative options, if the client wishes</h2>")
        for s in a.triage.suggestions:
            parts.append(
                f'<div class="finding order"><b>{escape(s.area.capitalize())}.</b> '
                f"{escape(s.text)} {escape(s.stop)}"
                f'<div class="basis">Caps: {escape(s.source)}</div></div>'
            )
    parts.append("<h2>How this was measured</h2><ul>")
    parts.append(f"<li>True vertical from {escape(basis)}.</li>")
    parts.append(f"<li>Scale: {escape(scale)}.</li>")
    for w in a.warnings:
        parts.append(f"<li>{escape(w)}</li>")
    flagged = flagged_points(lm)
    if flagged.points:
        common = " for all of them, " + "; ".join(flagged.shared) + "." if flagged.shared else ""
        parts.append(
            '<li><span class="flag">Low-confidence points (check before use):</span>'
            f"{escape(common)}<ul>"
        )
        for label, own in flagged.points:
            why = ": " + "; ".join(own) if own else ""
            parts.append(f"<li><b>{escape(label)}</b>{escape(why)}.</li>")
        parts.append("</ul></li>")
    parts.append("</ul></div></div>")
    parts.append(
        '<h2>Measures</h2><div class="wide"><table><thead><tr><th>Measure</th><th>Value</th>'
        "<th>Norm</th><th>SD</th><th>In plain English</th></tr></thead><tbody>"
    )
    for m in a.measures:
        parts.append(
            f'<tr><td>{escape(m.name)}<br><span class="muted">{escape(DASH.join(m.points))}'
            f'</span></td><td class="num" data-label="Value">{_value_cell(m)}</td>'
            f'<td class="norm" data-label="Norm">{_norm_cell(m)}</td>'
            f'<td class="num" data-label="SD">{_sd_cell(m)}</td><td>{escape(m.sentence)}</td></tr>'
        )
    parts.append("</tbody></table></div>")
    parts.append(
        '<p class="meta">Norms are published averages from particular populations and are a '
        "guide, not a target. The software cannot see skin quality, bone, teeth, asymmetry, "
        "movement, or what the client wants.</p>"
    )
    parts.append(f'<div class="closing">{escape(a.triage.closing)}</div>')
    parts.append("</body></html>")
    return "\n".join(parts)
