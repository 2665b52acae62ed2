"""Synthetic side-profile photographs with known landmark positions.

A face is drawn as a silhouette whose front outline passes through landmark control points
given in millimetres (face frame: x anterior, y downwards, origin at soft-tissue nasion). Between
control points the outline is a monotone cubic (PCHIP), so each convex landmark is exactly the
outline's most anterior point and each concave landmark exactly its deepest point, as
docs/facial_profile/landmarks.md defines them. The chin, under-chin and neck follow as arcs and
lines, and Me', C and Cm are computed on the dense, noise-free outline by their documented
rules. The silhouette is then tilted, scaled to the requested megapixels, mirrored for a
left-facing face, composited over a backdrop with shading, blur, noise and JPEG compression.

Everything is deterministic for a given seed; nothing is written to disk.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import cv2
import numpy as np
from numpy.typing import NDArray

from facial_profile.types import Facing, L

F64 = NDArray[np.float64]

#: Scene size in millimetres (portrait, 3:4).
SCENE_H_MM = 360.0
SCENE_W_MM = 270.0


@dataclass(frozen=True)
class FaceShape:
    """Variations of a typical adult profile, in millimetres (positive = more anterior)."""

    nose_projection: float = 0.0
    nose_drop: float = 0.0  # pronasale lower (+) or higher (-)
    upper_lip: float = 0.0
    lower_lip: float = 0.0
    chin: float = 0.0  # whole chin forward (+, protrusion) or back (-, retrusion)
    sulcus: float = 0.0  # mentolabial sulcus deeper (+)
    forehead: float = 0.0  # brow prominence
    chin_radius: float = 14.0
    submental_drop: float = 6.0  # how far the neck angle lies below the chin's lowest point
    lip_gap: float = 0.0  # lips apart by this many mm (0 = closed)
    #: Lips closed, with the backdrop reaching this many mm between them as a narrow wedge
    #: (stomion at its apex), as on many photographs where the lips meet behind their fronts.
    notch: float = 0.0


@dataclass(frozen=True)
class Scene:
    """How the face is photographed."""

    facing: Facing = Facing.RIGHT
    tilt_deg: float = 0.0  # positive = nose up
    megapixels: float = 0.5
    skin_rgb: tuple[int, int, int] = (205, 160, 135)
    backdrop_rgb: tuple[int, int, int] = (70, 110, 150)
    hair_rgb: tuple[int, int, int] = (45, 35, 30)
    noise_sigma: float = 3.0  # grey levels
    jpeg_quality: int | None = 90
    shading: float = 0.12  # backdrop brightness change across the frame (fraction)
    blur_px: float = 0.8
    offset_mm: tuple[float, float] = (0.0, 0.0)  # shift the head in the frame
    zoom: float = 1.0  # >1 = closer (bigger face); the head stays centred on the mid-face
    #: A soft shadow on the backdrop in front of the face, this many mm wide (0 = none), as on
    #: studio portraits lit from behind the camera: the backdrop darkens smoothly towards the
    #: skin, so the person's mask takes in the shadow and the edge must be found inside it.
    shadow_mm: float = 0.0
    seed: int = 0


@dataclass(frozen=True)
class Fixture:
    image: NDArray[np.uint8]
    #: Ground truth in image pixels.
    points_px: dict[L, tuple[float, float]]
    #: Ground truth in the face frame, millimetres (x anterior, y down, origin at nasion).
    points_mm: dict[L, tuple[float, float]]
    px_per_mm: float
    shape: FaceShape
    scene: Scene
    extra: dict[str, float] = field(default_factory=dict)


def pchip(xk: F64, yk: F64, x: F64) -> F64:
    """Monotone piecewise-cubic interpolation (Fritsch-Carlson), as in SciPy's PchipInterpolator."""
    h = np.diff(xk)
    delta = np.diff(yk) / h
    d = np.zeros_like(yk)
    for k in range(1, len(xk) - 1):
        if delta[k - 1] * delta[k] > 0:
            w1 = 2 * h[k] + h[k - 1]
            w2 = h[k] + 2 * h[k - 1]
            d[k] = (w1 + w2) / (w1 / delta[k - 1] + w2 / delta[k])
    d[0] = delta[0] if len(delta) == 1 else _end_slope(h[0], h[1], delta[0], delta[1])
    d[-1] = delta[-1] if len(delta) == 1 else _end_slope(h[-1], h[-2], delta[-1], delta[-2])
    idx = np.clip(np.searchsorted(xk, x, side="right") - 1, 0, len(xk) - 2)
    t = (x - xk[idx]) / h[idx]
    h00 = 2 * t**3 - 3 * t**2 + 1
    h10 = t**3 - 2 * t**2 + t
    h01 = -2 * t**3 + 3 * t**2
    h11 = t**3 - t**2
    return np.asarray(
        h00 * yk[idx] + h10 * h[idx] * d[idx] + h01 * yk[idx + 1] + h11 * h[idx] * d[idx + 1],
        dtype=np.float64,
    )


def _end_slope(h0: float, h1: float, m0: float, m1: float) -> float:
    d = ((2 * h0 + h1) * m0 - h0 * m1) / (h0 + h1)
    if np.sign(d) != np.sign(m0):
        return 0.0
    if np.sign(m0) != np.sign(m1) and abs(d) > abs(3 * m0):
        return 3 * m0
    return float(d)


def _control_points(s: FaceShape) -> list[tuple[L | None, float, float]]:
    """(landmark, x, y) in mm for the front outline from the upper forehead to pogonion."""
    gap = s.lip_gap
    pts: list[tuple[L | None, float, float]] = [
        (None, -12.0, -72.0),
        (None, -3.0, -45.0),
        (L.G, 4.0 + s.forehead, -18.0),
        (L.N, 0.0, 0.0),
        (None, 14.0 + 0.5 * s.nose_projection, 20.0 + 0.5 * s.nose_drop),
        (L.PRN, 30.0 + s.nose_projection, 38.0 + s.nose_drop),
        (L.SN, 13.0, 52.0),
        (L.LS, 17.0 + s.upper_lip, 64.0),
    ]
    if gap > 0:
        pts += [
            (L.STS, 12.0 + 0.5 * s.upper_lip, 72.5),
            (None, 4.0, 73.0 + gap / 2),
            (L.STI, 12.0 + 0.5 * s.lower_lip, 73.5 + gap),
        ]
    elif s.notch > 0:
        front = 12.0 + 0.5 * (s.upper_lip + s.lower_lip) + 0.3 * s.chin
        pts += [
            (None, front, 72.0),
            (L.STS, front - s.notch, 73.0),
            (None, front, 74.0),
        ]
    else:
        pts.append((L.STS, 12.0 + 0.5 * (s.upper_lip + s.lower_lip) + 0.3 * s.chin, 73.0))
    pts += [
        (L.LI, 15.0 + s.lower_lip + 0.3 * s.chin, 82.0 + gap),
        (L.B, 5.0 - s.sulcus + 0.8 * s.chin, 95.0 + gap),
        (L.POG, 9.0 + s.chin, 108.0 + gap),
    ]
    return pts


def _arc(cx: float, cy: float, r: float, a0: float, a1: float, n: int) -> F64:
    t = np.linspace(a0, a1, n)
    return np.stack([cx + r * np.cos(t), cy + r * np.sin(t)], axis=1)


def face_outline(s: FaceShape) -> tuple[F64, F64, dict[L, tuple[float, float]]]:
    """Return (front outline, closed silhouette polygon, landmarks), all in face-frame mm."""
    ctrl = _control_points(s)
    ys = np.array([c[2] for c in ctrl])
    xs = np.array([c[1] for c in ctrl])
    yy = np.arange(ys[0], ys[-1] + 1e-9, 0.02)
    front = np.stack([pchip(ys, xs, yy), yy], axis=1)
    gt: dict[L, tuple[float, float]] = {k: (x, y) for k, x, y in ctrl if k is not None}
    if L.STI not in gt:
        gt[L.STI] = gt[L.STS]
    pog = gt[L.POG]
    r = s.chin_radius
    # Chin: a quarter circle from pogonion (vertical tangent) to its lowest point.
    chin = _arc(pog[0] - r, pog[1], r, 0.0, math.pi / 2, 200)[1:]
    low = chin[-1]
    # Under-chin line back to the neck angle, a rounded angle, then the front of the neck.
    c_corner = np.array([low[0] - 38.0, low[1] + s.submental_drop])
    under = np.linspace(low, c_corner, 300)[1:]
    neck_dir = np.array([-0.12, 1.0]) / math.hypot(0.12, 1.0)
    neck = c_corner + np.linspace(0, 400, 800)[1:, None] * neck_dir
    under, corner, neck = _fillet(under, c_corner, neck, NECK_ANGLE_RADIUS_MM)
    front_full = np.vstack([front, chin, under, corner, neck])

    # Ground truth for the points defined by rules rather than control points.
    n_front = len(front)
    below = front_full[n_front - 1 :]
    # C: extreme point of the under-chin/neck outline towards posterior-and-up (45 degrees) ...
    i_low = len(chin)
    score_c = below[:, 0] + below[:, 1]
    search = slice(i_low, i_low + len(under) + len(corner) + 200)
    ic = int(np.argmin(score_c[search])) + i_low
    # ... or, where the under-chin rises to the neck, the highest point of the angle.
    top = int(np.argmin(below[search, 1])) + i_low
    if below[i_low, 1] - below[top, 1] > 0.5:
        ic = top
    gt[L.C] = (float(below[ic, 0]), float(below[ic, 1]))
    # Me: the chin point farthest from the line Pog-C, between them.
    p0, p1 = below[0], below[ic]
    dvec = (p1 - p0) / np.linalg.norm(p1 - p0)
    normal = np.array([dvec[1], -dvec[0]])
    dist = (below[: ic + 1] - p0) @ normal
    im = int(np.argmax(np.abs(dist)))
    gt[L.ME] = (float(below[im, 0]), float(below[im, 1]))
    # Cm: where the tangent from subnasale touches the lower border of the nose.
    gt[L.CM] = _columella(front, gt[L.PRN], gt[L.SN])

    back = np.array(
        [
            [-12.0, -72.0],
            [-30.0, -100.0],
            [-70.0, -116.0],
            [-120.0, -110.0],
            [-165.0, -80.0],
            [-188.0, -35.0],
            [-180.0, 20.0],
            [-155.0, 65.0],
            [-140.0, 110.0],
            [-135.0, 160.0],
            [-130.0, 420.0],
        ]
    )
    back_dense = _catmull_rom(back, 40)
    poly = np.vstack([front_full, back_dense[::-1]])
    return front_full, poly, gt


#: Radius of the rounded angle between under-chin and neck: real necks are round there.
NECK_ANGLE_RADIUS_MM = 6.0


def _fillet(a: F64, corner: F64, b: F64, radius: float) -> tuple[F64, F64, F64]:
    """Round the corner between polyline ``a`` (ending at ``corner``) and ``b`` (leaving it) with
    a circular arc of ``radius`` tangent to both; returns (a, arc, b) with the cut points gone."""
    d1 = (corner - a[0]) / np.linalg.norm(corner - a[0])
    d2 = (b[-1] - corner) / np.linalg.norm(b[-1] - corner)
    turn = math.acos(float(np.clip(d1 @ d2, -1.0, 1.0)))  # how far the direction turns
    t = radius * math.tan(turn / 2)  # from the corner to each tangent point
    p1, p2 = corner - t * d1, corner + t * d2
    # The centre lies a radius from p1, on the side the path turns towards.
    cross = d1[0] * d2[1] - d1[1] * d2[0]
    n1 = np.array([-d1[1], d1[0]]) * (1.0 if cross > 0 else -1.0)
    centre = p1 + radius * n1
    a0 = math.atan2(p1[1] - centre[1], p1[0] - centre[0])
    a1 = math.atan2(p2[1] - centre[1], p2[0] - centre[0])
    if cross > 0 and a1 < a0:
        a1 += 2 * math.pi
    if cross < 0 and a1 > a0:
        a1 -= 2 * math.pi
    arc = _arc(float(centre[0]), float(centre[1]), radius, a0, a1, 80)
    keep_a = (a - corner) @ d1 < -t
    keep_b = (b - corner) @ d2 > t
    return a[keep_a], arc, b[keep_b]


def _columella(
    front: F64, prn: tuple[float, float], sn: tuple[float, float]
) -> tuple[float, float]:
    sel = (front[:, 1] > prn[1]) & (front[:, 1] < sn[1] - 1.0)
    seg = front[sel]
    ang = np.arctan2(seg[:, 1] - sn[1], seg[:, 0] - sn[0])  # below the line Sn-Prn is larger
    i = int(np.argmax(ang))
    return (float(seg[i, 0]), float(seg[i, 1]))


def _catmull_rom(p: F64, n: int) -> F64:
    pts = np.vstack([p[0], p, p[-1]])
    out = []
    t = np.linspace(0, 1, n, endpoint=False)[:, None]
    for i in range(1, len(pts) - 2):
        p0, p1, p2, p3 = pts[i - 1], pts[i], pts[i + 1], pts[i + 2]
        out.append(
            0.5
            * (
                2 * p1
                + (-p0 + p2) * t
                + (2 * p0 - 5 * p1 + 4 * p2 - p3) * t**2
                + (-p0 + 3 * p1 - 3 * p2 + p3) * t**3
            )
        )
    out.append(p[-1:])
    return np.vstack(out)


def image_size(megapixels: float) -> tuple[int, int]:
    h = round(math.sqrt(megapixels * 1e6 * 4 / 3))
    w = round(h * 3 / 4)
    return w, h


def render(shape: FaceShape, scene: Scene) -> Fixture:
    """Draw one fixture."""
    w, h = image_size(scene.megapixels)
    ppm = h / SCENE_H_MM * scene.zoom
    front, poly, gt_mm = face_outline(shape)
    # Place nasion in the scene (mm from the top-left corner), then tilt about the mid-face.
    # Nasion sits at (190, 135) mm in the unzoomed frame; zoom about the mid-face (0, 50).
    mid = np.array([190.0, 185.0])
    origin = mid / scene.zoom - np.array([0.0, 50.0]) + np.array(scene.offset_mm)
    pivot = np.array([0.0, 50.0])
    t = math.radians(-scene.tilt_deg)  # nose up = counter-clockwise on screen for a right face
    rot = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])

    def to_px(p: F64) -> F64:
        q = (np.atleast_2d(p) - pivot) @ rot.T + pivot + origin
        q = q * ppm
        if scene.facing is Facing.LEFT:
            q[:, 0] = w - q[:, 0]
        return q

    rng = np.random.default_rng(scene.seed)
    alpha = _fill(to_px(poly), w, h)
    hair_poly = np.array(
        [
            [-12.0, -72.0],
            [-30.0, -100.0],
            [-70.0, -116.0],
            [-120.0, -110.0],
            [-165.0, -80.0],
            [-188.0, -35.0],
            [-180.0, 20.0],
            [-150.0, 40.0],
            [-90.0, -10.0],
            [-45.0, -50.0],
        ]
    )
    hair = _fill(to_px(_catmull_rom(hair_poly, 20)), w, h)

    # Backdrop with a gentle left-right and top-bottom shading.
    gx = np.linspace(-0.5, 0.5, w, dtype=np.float32)[None, :]
    gy = np.linspace(-0.5, 0.5, h, dtype=np.float32)[:, None]
    shade_bg = 1.0 + scene.shading * (0.7 * gx + 0.5 * gy)
    if scene.shadow_mm > 0:
        outside = np.where(alpha > 127, 0, 255).astype(np.uint8)
        dist = cv2.distanceTransform(outside, cv2.DIST_L2, 5)
        ramp = np.clip(1.0 - dist / (scene.shadow_mm * ppm), 0.0, 1.0) ** 2
        shade_bg = shade_bg * (1.0 - 0.4 * ramp)
    out = np.empty((h, w, 3), np.uint8)
    a = alpha.astype(np.float32) / 255.0
    hr = hair.astype(np.float32) / 255.0
    noise = np.empty((h, w), np.float32)
    # Seed OpenCV's generator before drawing, so a fixture looks the same however many were
    # drawn before it.
    cv2.setRNGSeed(scene.seed)
    for c in range(3):
        bg = scene.backdrop_rgb[c] * shade_bg
        fg = scene.skin_rgb[c] * (1.0 - 0.05 * gx * 2) * (1 - hr) + scene.hair_rgb[c] * hr
        chan = bg * (1 - a) + fg * a
        if scene.blur_px > 0:
            chan = cv2.GaussianBlur(chan, (0, 0), scene.blur_px)
        cv2.randn(noise, 0.0, scene.noise_sigma)
        noise += np.float32(rng.normal(0, 1e-3))
        out[:, :, c] = np.clip(chan + noise, 0, 255).astype(np.uint8)
    if scene.jpeg_quality is not None:
        ok, enc = cv2.imencode(
            ".jpg", out[:, :, ::-1], [cv2.IMWRITE_JPEG_QUALITY, scene.jpeg_quality]
        )
        assert ok
        out = cv2.imdecode(enc, cv2.IMREAD_COLOR)[:, :, ::-1].copy()

    pts_px = {
        k: (float(v[0, 0]), float(v[0, 1]))
        for k, v in ((k, to_px(np.array(p))) for k, p in gt_mm.items())
    }
    return Fixture(
        image=out,
        points_px=pts_px,
        points_mm=gt_mm,
        px_per_mm=ppm,
        shape=shape,
        scene=scene,
        extra={"front_len": float(len(front))},
    )


#: OpenCV's anti-aliased fill draws each edge about 0.7 px outside the polygon (measured on a
#: square); the polygon is shrunk by this much so the drawn edge lies where the outline is.
AA_GROWTH_PX = 0.7


def _fill(poly_px: F64, w: int, h: int) -> NDArray[np.uint8]:
    m = np.zeros((h, w), np.uint8)
    nxt = np.roll(poly_px, -1, axis=0)
    prv = np.roll(poly_px, 1, axis=0)
    tang = nxt - prv
    tang /= np.maximum(np.linalg.norm(tang, axis=1, keepdims=True), 1e-12)
    normal = np.stack([tang[:, 1], -tang[:, 0]], axis=1)
    area2 = float(np.sum(poly_px[:, 0] * nxt[:, 1] - nxt[:, 0] * poly_px[:, 1]))
    # For a positive (clockwise on screen) polygon this normal points outwards.
    poly_px = poly_px - np.sign(area2) * AA_GROWTH_PX * normal
    pts = np.round(poly_px * 16).astype(np.int32).reshape(-1, 1, 2)
    cv2.fillPoly(m, [pts], 255, lineType=cv2.LINE_AA, shift=4)
    return m


# --- Fixture sets --------------------------------------------------------------------------

SHAPES: dict[str, FaceShape] = {
    "average": FaceShape(),
    "long_nose": FaceShape(nose_projection=6.0, nose_drop=3.0),
    "short_nose": FaceShape(nose_projection=-6.0, nose_drop=-2.0),
    "full_lips": FaceShape(upper_lip=3.0, lower_lip=3.5),
    "thin_lips": FaceShape(upper_lip=-2.0, lower_lip=-2.0, sulcus=-1.0),
    "retruded_chin": FaceShape(chin=-8.0, lower_lip=-1.0, sulcus=-1.0),
    "protruded_chin": FaceShape(chin=6.0, sulcus=1.5),
    "deep_sulcus": FaceShape(sulcus=3.0, chin=2.0),
    "flat_brow": FaceShape(forehead=-3.0, chin_radius=10.0, submental_drop=-4.0),
}


def fixture_scenes(seed: int = 0, large: bool = False) -> list[tuple[str, FaceShape, Scene]]:
    """The accuracy set: every shape in both directions, plus tilt, contrast, noise, JPEG, size.

    ``large`` adds 12-megapixel renderings of a few shapes (slow to draw).
    """
    out: list[tuple[str, FaceShape, Scene]] = []
    base = Scene(seed=seed)
    variants: list[tuple[str, Scene]] = [
        ("plain", base),
        ("tilt+10", replace(base, tilt_deg=10.0)),
        ("tilt-10", replace(base, tilt_deg=-10.0)),
        ("low_contrast", replace(base, skin_rgb=(150, 140, 135), backdrop_rgb=(130, 130, 135))),
        ("noisy_jpeg60", replace(base, noise_sigma=8.0, jpeg_quality=60)),
        ("2mp", replace(base, megapixels=2.0)),
        ("light_backdrop", replace(base, backdrop_rgb=(235, 235, 230), skin_rgb=(190, 140, 115))),
        ("dark_skin", replace(base, skin_rgb=(95, 65, 50), backdrop_rgb=(120, 160, 190))),
        (
            "skin_near_backdrop",
            replace(base, skin_rgb=(200, 165, 145), backdrop_rgb=(215, 190, 170)),
        ),
        ("soft_shadow", replace(base, shadow_mm=8.0)),
    ]
    i = 0
    for name, shape in SHAPES.items():
        for vname, sc in variants:
            for facing in (Facing.RIGHT, Facing.LEFT):
                i += 1
                out.append(
                    (
                        f"{name}/{vname}/{facing.value}",
                        shape,
                        replace(sc, facing=facing, seed=seed + i),
                    )
                )
    return out


# --- Photos the checks must refuse ----------------------------------------------------------


def render_backdrop_only(megapixels: float = 0.5, seed: int = 0) -> NDArray[np.uint8]:
    """A plain backdrop with noise and nobody in front of it."""
    w, h = image_size(megapixels)
    rng = np.random.default_rng(seed)
    base = np.array([70, 110, 150], np.float64)
    img = base[None, None, :] + rng.normal(0, 3.0, (h, w, 3))
    return np.clip(img, 0, 255).astype(np.uint8)


def render_frontal(megapixels: float = 0.5, seed: int = 0) -> NDArray[np.uint8]:
    """A face seen from the front: a symmetric head, ears and neck, no profile."""
    w, h = image_size(megapixels)
    ppm = h / SCENE_H_MM
    rng = np.random.default_rng(seed)
    alpha = np.zeros((h, w), np.uint8)
    cx = w / 2
    cv2.ellipse(
        alpha,
        (round(cx), round(130 * ppm)),
        (round(75 * ppm), round(105 * ppm)),
        0,
        0,
        360,
        255,
        -1,
    )
    for side in (-1, 1):
        cv2.ellipse(
            alpha,
            (round(cx + side * 76 * ppm), round(135 * ppm)),
            (round(9 * ppm), round(25 * ppm)),
            0,
            0,
            360,
            255,
            -1,
        )
    cv2.rectangle(
        alpha, (round(cx - 50 * ppm), round(200 * ppm)), (round(cx + 50 * ppm), h), 255, -1
    )
    a = cv2.GaussianBlur(alpha.astype(np.float32) / 255.0, (0, 0), 0.8)[:, :, None]
    skin = np.array([205, 160, 135], np.float64)
    bg = np.array([70, 110, 150], np.float64)
    img = bg * (1 - a) + skin * a + rng.normal(0, 3.0, (h, w, 3))
    return np.clip(img, 0, 255).astype(np.uint8)


def render_busy(shape: FaceShape | None = None, seed: int = 0) -> NDArray[np.uint8]:
    """A profile in front of a cluttered room: random coloured blocks fill the background."""
    fx = render(shape or FaceShape(), Scene(seed=seed, jpeg_quality=None))
    h, w = fx.image.shape[:2]
    rng = np.random.default_rng(seed)
    clutter = np.zeros((h, w, 3), np.uint8)
    for _ in range(160):
        x0, y0 = int(rng.integers(0, w)), int(rng.integers(0, h))
        x1, y1 = x0 + int(rng.integers(10, 120)), y0 + int(rng.integers(10, 120))
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        cv2.rectangle(clutter, (x0, y0), (x1, y1), colour, -1)
    # Reuse the fixture's silhouette: pixels that differ from its plain backdrop are the person.
    plain = render(shape or FaceShape(), Scene(seed=seed, jpeg_quality=None, noise_sigma=0.0))
    person = np.abs(plain.image.astype(int) - np.array([70, 110, 150])).sum(axis=2) > 40
    out = np.where(person[:, :, None], fx.image, clutter)
    return out.astype(np.uint8)


def render_pair(seed: int = 0) -> NDArray[np.uint8]:
    """Two people side by side, both in profile, in front of one plain backdrop."""
    a = render(FaceShape(), Scene(seed=seed, jpeg_quality=None, noise_sigma=0.0, shading=0.0))
    b = render(
        FaceShape(chin=3.0), Scene(seed=seed + 1, jpeg_quality=None, noise_sigma=0.0, shading=0.0)
    )
    wall = np.array(a.scene.backdrop_rgb, np.float64)
    both = np.hstack([a.image, b.image]).astype(np.float64)
    rng = np.random.default_rng(seed)
    both += rng.normal(0.0, 3.0, both.shape)
    # Each half was drawn on the same plain wall colour, so the joined frame is one backdrop.
    assert np.allclose(both[5, 5], wall, atol=15)
    return np.clip(both, 0, 255).astype(np.uint8)
