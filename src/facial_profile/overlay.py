"""Annotated overlay of an assessment on its photo, as SVG and as PNG.

Both renderings come from one list of shapes in image coordinates, so they always agree: the
landmarks (low-confidence ones hollow and amber), Ricketts' E-line, Steiner's S-line, the zero
meridian and the subnasale vertical (both along the true vertical), Frankfort horizontal when
given, and the main angles with their values.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape

import cv2
import numpy as np

from facial_profile.analyse import Assessment
from facial_profile.geometry import Point
from facial_profile.measures import LANDMARK_LABELS
from facial_profile.types import LOW_CONFIDENCE, Facing, ImageArray, InvalidInputError, L

Colour = tuple[int, int, int]

E_LINE: Colour = (214, 51, 108)
S_LINE: Colour = (28, 126, 214)
MERIDIAN: Colour = (47, 158, 68)
SN_VERTICAL: Colour = (132, 94, 247)
FRANKFORT: Colour = (120, 120, 120)
ANGLE: Colour = (245, 159, 0)
POINT: Colour = (0, 200, 220)
MANUAL: Colour = (64, 192, 87)
LOW: Colour = (255, 146, 43)
TEXT: Colour = (255, 255, 255)


@dataclass(frozen=True)
class Line:
    a: Point
    b: Point
    colour: Colour
    dashed: bool = False
    width: float = 1.0


@dataclass(frozen=True)
class Dot:
    p: Point
    colour: Colour
    hollow: bool = False


@dataclass(frozen=True)
class Arc:
    centre: Point
    radius: float
    start_deg: float  # image-coordinate angle (y down), degrees
    sweep_deg: float  # signed; positive turns clockwise on screen
    colour: Colour


@dataclass(frozen=True)
class Text:
    p: Point
    text: str
    colour: Colour
    anchor: Literal["start", "end"] = "start"


Shape = Line | Dot | Arc | Text


@dataclass(frozen=True)
class Legend:
    items: tuple[tuple[str, Colour, bool], ...]


def _extend(a: Point, b: Point, before: float, after: float) -> tuple[Point, Point]:
    dx, dy = b[0] - a[0], b[1] - a[1]
    return (a[0] - before * dx, a[1] - before * dy), (b[0] + after * dx, b[1] + after * dy)


def _ray_angle(c: Point, p: Point) -> float:
    return math.degrees(math.atan2(p[1] - c[1], p[0] - c[0]))


def _arc(c: Point, a: Point, b: Point, r: float, colour: Colour) -> Arc:
    a1, a2 = _ray_angle(c, a), _ray_angle(c, b)
    sweep = (a2 - a1 + 180.0) % 360.0 - 180.0
    return Arc(c, r, a1, sweep, colour)


def build_shapes(assessment: Assessment) -> tuple[list[Shape], float]:
    """The overlay's shapes in image coordinates, and a size unit (about 1/200 of the face)."""
    lm = assessment.landmarks
    pts = {k: p.xy for k, p in lm.points.items()}
    frame = assessment.frame
    n, me = pts.get(L.N), pts.get(L.ME)
    face = math.dist(n, me) if n is not None and me is not None else min(lm.image_size) / 2
    u = max(face / 200.0, 0.5)
    shapes: list[Shape] = []
    up = frame.up
    value = {m.key: m.value for m in assessment.measures}

    def vertical_through(p: Point, colour: Colour) -> None:
        top = pts.get(L.G, p)
        bottom = pts.get(L.ME, p)
        hi = frame.to_face(top)[1] - frame.to_face(p)[1] + 10 * u
        lo = frame.to_face(bottom)[1] - frame.to_face(p)[1] - 10 * u
        a = (p[0] + up[0] * hi, p[1] + up[1] * hi)
        b = (p[0] + up[0] * lo, p[1] + up[1] * lo)
        shapes.append(Line(a, b, colour, dashed=True))

    if L.N in pts:
        vertical_through(pts[L.N], MERIDIAN)
    if L.SN in pts:
        vertical_through(pts[L.SN], SN_VERTICAL)
    if L.TR in pts and L.OR in pts:
        a, b = _extend(pts[L.TR], pts[L.OR], 0.05, 0.3)
        shapes.append(Line(a, b, FRANKFORT, dashed=True))
    if L.PRN in pts and L.POG in pts:
        a, b = _extend(pts[L.PRN], pts[L.POG], 0.15, 0.1)
        shapes.append(Line(a, b, E_LINE, width=1.3))
    if L.CM in pts and L.POG in pts:
        a, b = _extend(pts[L.CM], pts[L.POG], 0.15, 0.1)
        shapes.append(Line(a, b, S_LINE, width=1.3))

    def angle_mark(a: L, v: L, b: L, key: str, label: str) -> None:
        if a not in pts or v not in pts or b not in pts or value.get(key) is None:
            return
        c = pts[v]
        shapes.append(Line(c, pts[a], ANGLE, width=0.7))
        shapes.append(Line(c, pts[b], ANGLE, width=0.7))
        r = 12 * u
        arc = _arc(c, pts[a], pts[b], r, ANGLE)
        shapes.append(arc)
        mid = math.radians(arc.start_deg + arc.sweep_deg / 2)
        tp = (c[0] - math.cos(mid) * 4 * u, c[1] - math.sin(mid) * 4 * u)
        v_ = value[key]
        assert v_ is not None
        # The label sits behind the vertex, away from the arc, and runs away from it.
        anchor: Literal["start", "end"] = "end" if math.cos(mid) > 0 else "start"
        shapes.append(Text(tp, f"{label} {v_:.0f}\u00b0", ANGLE, anchor))

    angle_mark(L.CM, L.SN, L.LS, "nasolabial_angle", "NLA")
    angle_mark(L.LI, L.B, L.POG, "mentolabial_angle", "MLA")
    angle_mark(L.G, L.N, L.PRN, "nasofrontal_angle", "NFA")
    if "neck" in (assessment.derived or {}) and L.ME in pts and L.C in pts:
        neck = (assessment.derived or {})["neck"]
        c = pts[L.C]
        shapes.append(Line(c, pts[L.ME], ANGLE, width=0.7))
        shapes.append(Line(c, neck, ANGLE, width=0.7))
        shapes.append(_arc(c, pts[L.ME], neck, 12 * u, ANGLE))
        cm = value.get("cervicomental_angle")
        if cm is not None:
            # Behind the vertex, like the other angles, so it keeps clear of C's own label,
            # which sits ahead of the outline.
            back = -frame.anterior[0]
            cm_anchor: Literal["start", "end"] = "end" if back < 0 else "start"
            tp = (c[0] + back * 6 * u, c[1] - 3 * u)
            shapes.append(Text(tp, f"CMA {cm:.0f}\u00b0", ANGLE, cm_anchor))

    ant = frame.anterior
    labels: list[tuple[Point, str]] = []
    for k, p in lm.points.items():
        low = p.confidence < LOW_CONFIDENCE
        colour = LOW if low else (MANUAL if p.source == "manual" else POINT)
        shapes.append(Dot(p.xy, colour, hollow=low))
        sts = lm.get(L.STS)
        if k is L.STI and sts is not None and math.dist(sts.xy, p.xy) < u:
            continue  # lips together: one label for the stomion
        label = LANDMARK_LABELS[k] + ("?" if low else "")
        # Labels go ahead of the profile so they sit on the backdrop, not the face.
        labels.append(((p.x + ant[0] * 5 * u, p.y + ant[1] * 5 * u + 2.5 * u), label))
    # Push labels apart vertically so neighbours (Prn/Cm, Sts/Li) stay readable.
    labels.sort(key=lambda t: t[0][1])
    last_y = -math.inf
    anchor: Literal["start", "end"] = "start" if ant[0] >= 0 else "end"
    for (x, y), label in labels:
        y = max(y, last_y + 8 * u)
        last_y = y
        shapes.append(Text((x, y), label, TEXT, anchor))
    return shapes, u


LEGEND = Legend(
    (
        ("E-line (Prn\u2013Pog\u2032)", E_LINE, False),
        ("S-line (Cm\u2013Pog\u2032)", S_LINE, False),
        ("Zero meridian (N\u2032)", MERIDIAN, True),
        ("Subnasale vertical", SN_VERTICAL, True),
        ("Angles", ANGLE, False),
        ("Low-confidence point", LOW, False),
    )
)


def _hex(c: Colour) -> str:
    return f"#{c[0]:02x}{c[1]:02x}{c[2]:02x}"


def _rgb(image: ImageArray) -> ImageArray:
    """A contiguous H x W x 3 uint8 copy (grey is expanded, alpha dropped)."""
    if image.ndim == 2:
        return np.asarray(cv2.cvtColor(image, cv2.COLOR_GRAY2RGB), dtype=np.uint8)
    return np.ascontiguousarray(image[:, :, :3], dtype=np.uint8).copy()


def _encode(image: ImageArray, ext: str) -> bytes:
    arr = _rgb(image)
    bgr = cv2.cvtColor(arr, cv2.COLOR_RGB2BGR)
    params = [cv2.IMWRITE_JPEG_QUALITY, 90] if ext == ".jpg" else []
    ok, buf = cv2.imencode(ext, bgr, params)
    if not ok:
        raise InvalidInputError("The image could not be encoded for the overlay.")
    return bytes(buf.tobytes())


def render_svg(image: ImageArray, assessment: Assessment) -> str:
    """An SVG with the photo embedded (JPEG data URI) and the overlay drawn on it."""
    h, w = image.shape[:2]
    shapes, u = build_shapes(assessment)
    sw = 1.2 * u
    fs = 7 * u
    img64 = base64.b64encode(_encode(image, ".jpg")).decode("ascii")
    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" font-family="Helvetica, Arial, sans-serif">',
        f"<title>Profile overlay ({escape(assessment.algorithm_version)})</title>",
        f'<image href="data:image/jpeg;base64,{img64}" x="0" y="0" width="{w}" height="{h}"/>',
    ]
    for s in shapes:
        if isinstance(s, Line):
            dash = f' stroke-dasharray="{4 * u:.1f} {3 * u:.1f}"' if s.dashed else ""
            out.append(
                f'<line x1="{s.a[0]:.1f}" y1="{s.a[1]:.1f}" x2="{s.b[0]:.1f}" y2="{s.b[1]:.1f}" '
                f'stroke="{_hex(s.colour)}" stroke-width="{sw * s.width:.2f}"{dash}/>'
            )
        elif isinstance(s, Arc):
            a1 = math.radians(s.start_deg)
            a2 = math.radians(s.start_deg + s.sweep_deg)
            x1, y1 = s.centre[0] + s.radius * math.cos(a1), s.centre[1] + s.radius * math.sin(a1)
            x2, y2 = s.centre[0] + s.radius * math.cos(a2), s.centre[1] + s.radius * math.sin(a2)
            sweep = 1 if s.sweep_deg > 0 else 0
            out.append(
                f'<path d="M {x1:.1f} {y1:.1f} A {s.radius:.1f} {s.radius:.1f} 0 0 {sweep} '
                f'{x2:.1f} {y2:.1f}" fill="none" stroke="{_hex(s.colour)}" '
                f'stroke-width="{sw:.2f}"/>'
            )
        elif isinstance(s, Dot):
            fill = "none" if s.hollow else _hex(s.colour)
            out.append(
                f'<circle cx="{s.p[0]:.1f}" cy="{s.p[1]:.1f}" r="{2.2 * u:.1f}" fill="{fill}" '
                f'stroke="{_hex(s.colour)}" stroke-width="{sw:.2f}"/>'
            )
        else:
            out.append(
                f'<text x="{s.p[0]:.1f}" y="{s.p[1]:.1f}" font-size="{fs:.1f}" '
                f'fill="{_hex(s.colour)}" text-anchor="{s.anchor}" stroke="#000" '
                f'stroke-width="{0.25 * u:.2f}" paint-order="stroke">{escape(s.text)}</text>'
            )
    right = assessment.landmarks.facing is Facing.RIGHT
    out.extend(_svg_legend(LEGEND, u, w if right else None))
    out.append("</svg>")
    return "\n".join(out)


def _legend_origin(u: float, width: int | None) -> tuple[float, float]:
    """Top corner on the side the face points to, where the backdrop usually is."""
    wbox = 95 * u
    return (width - wbox - 4 * u if width is not None else 4 * u), 4 * u


def _svg_legend(legend: Legend, u: float, right_edge: int | None) -> Sequence[str]:
    fs = 6 * u
    line_h = 8 * u
    x0, y0 = _legend_origin(u, right_edge)
    wbox, hbox = 95 * u, line_h * len(legend.items) + 4 * u
    out = [
        f'<rect x="{x0:.1f}" y="{y0:.1f}" width="{wbox:.1f}" height="{hbox:.1f}" '
        'fill="#000" fill-opacity="0.55" rx="3"/>'
    ]
    for i, (label, colour, dashed) in enumerate(legend.items):
        y = y0 + (i + 1) * line_h
        dash = f' stroke-dasharray="{3 * u:.1f} {2 * u:.1f}"' if dashed else ""
        out.append(
            f'<line x1="{x0 + 3 * u:.1f}" y1="{y - 2 * u:.1f}" x2="{x0 + 15 * u:.1f}" '
            f'y2="{y - 2 * u:.1f}" stroke="{_hex(colour)}" stroke-width="{1.5 * u:.1f}"{dash}/>'
        )
        out.append(
            f'<text x="{x0 + 18 * u:.1f}" y="{y:.1f}" font-size="{fs:.1f}" fill="#fff">'
            f"{escape(label)}</text>"
        )
    return out


def _ascii(text: str) -> str:
    """OpenCV's Hershey fonts draw ASCII only."""
    return (
        text.replace("\u2032", "'")
        .replace("\u00b0", " deg")
        .replace("\u2013", "-")
        .encode("ascii", "replace")
        .decode("ascii")
    )


def face_box(assessment: Assessment, u: float) -> tuple[int, int, int, int]:
    """A crop (x0, y0, x1, y1) around the landmarks with room for labels, inside the image."""
    lm = assessment.landmarks
    xs = [p.x for p in lm.points.values()]
    ys = [p.y for p in lm.points.values()]
    w, h = lm.image_size
    face = 200 * u
    x0, x1 = min(xs) - 0.45 * face, max(xs) + 0.45 * face
    y0, y1 = min(ys) - 0.3 * face, max(ys) + 0.3 * face
    return (max(0, int(x0)), max(0, int(y0)), min(w, int(x1) + 1), min(h, int(y1) + 1))


def render_png(image: ImageArray, assessment: Assessment, *, crop_to_face: bool = False) -> bytes:
    """The same overlay drawn into the photo with OpenCV, encoded as PNG.

    ``crop_to_face`` keeps only the region around the landmarks.
    """
    return _render_raster(image, assessment, crop_to_face=crop_to_face, ext=".png")


def render_jpeg(image: ImageArray, assessment: Assessment, *, crop_to_face: bool = True) -> bytes:
    """The overlay as a JPEG (quality 90), cropped to the face by default: small enough to embed
    in the HTML report."""
    return _render_raster(image, assessment, crop_to_face=crop_to_face, ext=".jpg")


def _render_raster(
    image: ImageArray, assessment: Assessment, *, crop_to_face: bool, ext: str
) -> bytes:
    canvas = _rgb(image)
    shapes, u = build_shapes(assessment)
    th = max(1, round(1.2 * u))
    fscale = 0.028 * u * 7
    aa = cv2.LINE_AA

    def ip(p: Point) -> tuple[int, int]:
        return (round(p[0]), round(p[1]))

    for s in shapes:
        if isinstance(s, Line):
            t = max(1, round(th * s.width))
            if s.dashed:
                _dashed(canvas, s.a, s.b, s.colour, t, 4 * u, 3 * u)
            else:
                cv2.line(canvas, ip(s.a), ip(s.b), s.colour, t, aa)
        elif isinstance(s, Arc):
            start = s.start_deg
            end = s.start_deg + s.sweep_deg
            r = max(1, round(s.radius))
            cv2.ellipse(canvas, ip(s.centre), (r, r), 0.0, start, end, s.colour, th, aa)
        elif isinstance(s, Dot):
            r = max(2, round(2.2 * u))
            cv2.circle(canvas, ip(s.p), r, s.colour, th if s.hollow else -1, aa)
        else:
            text = _ascii(s.text)
            (tw, _), _ = cv2.getTextSize(text, cv2.FONT_HERSHEY_SIMPLEX, fscale, th)
            x = s.p[0] - tw if s.anchor == "end" else s.p[0]
            org = ip((x, s.p[1]))
            cv2.putText(canvas, text, org, cv2.FONT_HERSHEY_SIMPLEX, fscale, (0, 0, 0), th + 2, aa)
            cv2.putText(canvas, text, org, cv2.FONT_HERSHEY_SIMPLEX, fscale, s.colour, th, aa)
    if crop_to_face and assessment.landmarks.points:
        x0, y0, x1, y1 = face_box(assessment, u)
        canvas = np.ascontiguousarray(canvas[y0:y1, x0:x1])
    right = assessment.landmarks.facing is Facing.RIGHT
    _png_legend(canvas, u, th, fscale, canvas.shape[1] if right else None)
    return _encode(canvas, ext)


def _dashed(
    img: ImageArray, a: Point, b: Point, colour: Colour, t: int, on: float, off: float
) -> None:
    length = math.dist(a, b)
    if length == 0:
        return
    dx, dy = (b[0] - a[0]) / length, (b[1] - a[1]) / length
    pos = 0.0
    while pos < length:
        e = min(pos + on, length)
        p1 = (round(a[0] + dx * pos), round(a[1] + dy * pos))
        p2 = (round(a[0] + dx * e), round(a[1] + dy * e))
        cv2.line(img, p1, p2, colour, t, cv2.LINE_AA)
        pos = e + off


def _png_legend(img: ImageArray, u: float, th: int, fscale: float, right_edge: int | None) -> None:
    line_h = 8 * u
    x0, y0 = _legend_origin(u, right_edge)
    x0 = max(0.0, x0)
    wbox, hbox = 95 * u, line_h * len(LEGEND.items) + 4 * u
    roi = img[round(y0) : round(y0 + hbox), round(x0) : round(x0 + wbox)]
    roi[:] = (roi.astype(np.float32) * 0.45).astype(np.uint8)
    for i, (label, colour, dashed) in enumerate(LEGEND.items):
        y = y0 + (i + 1) * line_h
        a, b = (x0 + 3 * u, y - 2 * u), (x0 + 15 * u, y - 2 * u)
        if dashed:
            _dashed(img, a, b, colour, max(1, round(1.5 * u)), 3 * u, 2 * u)
        else:
            cv2.line(
                img,
                (round(a[0]), round(a[1])),
                (round(b[0]), round(b[1])),
                colour,
                max(1, round(1.5 * u)),
                cv2.LINE_AA,
            )
        cv2.putText(
            img,
            _ascii(label),
            (round(x0 + 18 * u), round(y)),
            cv2.FONT_HERSHEY_SIMPLEX,
            fscale * 0.85,
            (255, 255, 255),
            max(1, th - 1),
            cv2.LINE_AA,
        )
