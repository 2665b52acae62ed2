"""Generate the demo clinic's images: calm, warm-neutral abstract compositions.

Run from anywhere with the project's virtualenv:

    .venv/bin/python src/kmkm/website/demo/content/make_images.py

Every image is drawn from scratch here (no photographs, no faces of real people, no text) and
is released under CC0. The output is deterministic: each file's random choices are seeded from
its name, so re-running the script reproduces the committed files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

OUT = Path(__file__).resolve().parent / "images"

CREAM = (246, 241, 234)  # #F6F1EA
SAND = (233, 222, 208)  # #E9DED0
OAT = (216, 199, 178)  # #D8C7B2
TAUPE = (184, 159, 134)  # #B89F86
GREEN = (47, 74, 69)  # #2F4A45, the one deep accent, used sparingly

WIDE = (1600, 1000)
PORTRAIT = (800, 1000)
QUALITY = 82

# A side profile facing right, from forehead to neck, in units of the image height
# (x is measured from the image centre). Catmull-Rom interpolation smooths it into one line.
PROFILE = [
    (-0.080, 0.060),
    (-0.032, 0.140),
    (-0.010, 0.230),
    (0.000, 0.300),
    (-0.004, 0.345),
    (0.016, 0.405),
    (0.046, 0.462),
    (0.074, 0.510),
    (0.070, 0.534),
    (0.046, 0.547),
    (0.030, 0.563),
    (0.032, 0.585),
    (0.046, 0.604),
    (0.031, 0.621),
    (0.041, 0.641),
    (0.024, 0.666),
    (0.008, 0.690),
    (0.020, 0.735),
    (0.018, 0.766),
    (-0.006, 0.790),
    (-0.050, 0.800),
    (-0.090, 0.808),
    (-0.110, 0.840),
    (-0.118, 0.910),
    (-0.120, 0.985),
]
# The jaw: from below the ear, round the angle of the jaw, towards the chin.
JAW = [
    (-0.250, 0.560),
    (-0.244, 0.640),
    (-0.226, 0.700),
    (-0.170, 0.745),
    (-0.090, 0.778),
    (-0.040, 0.790),
]


def seeded_rng(name: str) -> np.random.Generator:
    digest = hashlib.sha256(name.encode("utf-8")).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "big"))


def mix(a: tuple[int, int, int], b: tuple[int, int, int], t: float) -> np.ndarray:
    return np.array(a, dtype=np.float64) * (1 - t) + np.array(b, dtype=np.float64) * t


def gradient(
    size: tuple[int, int], top: np.ndarray, bottom: np.ndarray, angle: float
) -> np.ndarray:
    """A linear gradient across the canvas at `angle` radians, as a float RGB array."""
    w, h = size
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    t = (xs / w - 0.5) * np.cos(angle) + (ys / h - 0.5) * np.sin(angle)
    t = (t - t.min()) / (t.max() - t.min())
    t = t * t * (3 - 2 * t)  # smoothstep: softer ends
    return top[None, None, :] * (1 - t[..., None]) + bottom[None, None, :] * t[..., None]


def blob_mask(
    size: tuple[int, int],
    centre: tuple[float, float],
    radius: float,
    rng: np.random.Generator,
    softness: float,
) -> np.ndarray:
    """A soft-edged organic shape: a circle whose radius wobbles gently with the angle."""
    w, h = size
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float64)
    dx, dy = xs - centre[0], ys - centre[1]
    theta = np.arctan2(dy, dx)
    r = np.hypot(dx, dy)
    edge = np.ones_like(theta)
    for k in (2, 3, 5):
        edge += rng.uniform(0.02, 0.10) * np.sin(k * theta + rng.uniform(0, 2 * np.pi))
    d = (r - radius * edge) / softness
    return np.clip(0.5 - d, 0.0, 1.0) ** 1.5


def composite(canvas: np.ndarray, colour: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    return canvas * (1 - alpha[..., None]) + colour[None, None, :] * alpha[..., None]


def catmull_rom(points: list[tuple[float, float]], steps: int = 24) -> list[tuple[float, float]]:
    """A smooth line through `points` (uniform Catmull-Rom spline)."""
    p = np.array([points[0], *points, points[-1]], dtype=np.float64)
    out: list[tuple[float, float]] = []
    for i in range(1, len(p) - 2):
        p0, p1, p2, p3 = p[i - 1], p[i], p[i + 1], p[i + 2]
        for s in np.linspace(0, 1, steps, endpoint=False):
            s2, s3 = s * s, s * s * s
            q = 0.5 * (
                2 * p1
                + (-p0 + p2) * s
                + (2 * p0 - 5 * p1 + 4 * p2 - p3) * s2
                + (-p0 + 3 * p1 - 3 * p2 + p3) * s3
            )
            out.append((float(q[0]), float(q[1])))
    out.append((float(p[-2][0]), float(p[-2][1])))
    return out


def grain(canvas: np.ndarray, rng: np.random.Generator, amount: float = 1.2) -> np.ndarray:
    """A whisper of noise so the gradients do not band."""
    return canvas + rng.normal(0.0, amount, canvas.shape[:2])[..., None]


def to_image(canvas: np.ndarray) -> Image.Image:
    return Image.fromarray(np.clip(canvas + 0.5, 0, 255).astype(np.uint8), "RGB")


def draw_lines(
    img: Image.Image,
    lines: list[tuple[list[tuple[float, float]], tuple[int, ...], float]],
    dashed: list[tuple[list[tuple[float, float]], tuple[int, ...], float]] | None = None,
) -> Image.Image:
    """Draw anti-aliased strokes by drawing at 3x and scaling down. Coordinates in pixels."""
    scale = 3
    w, h = img.size
    layer = Image.new("RGBA", (w * scale, h * scale), (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    for pts, colour, width in lines:
        big = [(x * scale, y * scale) for x, y in pts]
        d.line(big, fill=colour, width=round(width * scale), joint="curve")
        r = width * scale / 2
        for x, y in (big[0], big[-1]):
            d.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    for pts, colour, width in dashed or []:
        for x, y in pts:
            r = width * scale / 2
            d.ellipse((x * scale - r, y * scale - r, x * scale + r, y * scale + r), fill=colour)
    layer = layer.resize((w, h), Image.Resampling.LANCZOS)
    base = img.convert("RGBA")
    base.alpha_composite(layer)
    return base.convert("RGB")


def abstract(name: str, size: tuple[int, int] = WIDE, accent: bool = True) -> Image.Image:
    """Soft gradient, a few overlapping organic shapes and, sometimes, one fine green curve."""
    rng = seeded_rng(name)
    w, h = size
    angle = rng.uniform(-0.6, 0.6) + (np.pi / 2 if rng.random() < 0.5 else 0)
    canvas = gradient(
        size, mix(CREAM, SAND, rng.uniform(0, 0.3)), mix(SAND, OAT, rng.uniform(0, 0.6)), angle
    )
    tones = [SAND, OAT, TAUPE, CREAM, OAT]
    for i in range(int(rng.integers(3, 6))):
        centre = (rng.uniform(0.05, 0.95) * w, rng.uniform(0.1, 0.9) * h)
        radius = rng.uniform(0.18, 0.42) * h
        mask = blob_mask(size, centre, radius, rng, softness=rng.uniform(40, 160))
        colour = mix(tones[i % len(tones)], CREAM, rng.uniform(0.0, 0.35))
        canvas = composite(canvas, colour, mask * rng.uniform(0.35, 0.75))
    canvas = np.asarray(
        Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8)).filter(
            ImageFilter.GaussianBlur(6)
        ),
        dtype=np.float64,
    )
    img = to_image(grain(canvas, rng))
    strokes: list[tuple[list[tuple[float, float]], tuple[int, ...], float]] = []
    # One or two fine flowing lines, like a pencil sweep across the page.
    for j in range(2 if accent else 1):
        y0 = rng.uniform(0.3, 0.7) * h
        amp = rng.uniform(0.06, 0.16) * h
        freq = rng.uniform(0.7, 1.4)
        phase = rng.uniform(0, 2 * np.pi)
        xs = np.linspace(-0.05 * w, 1.05 * w, 200)
        ys = y0 + amp * np.sin(freq * 2 * np.pi * xs / w + phase) + j * rng.uniform(30, 70)
        colour = (*GREEN, 200) if (accent and j == 0) else (*TAUPE, 170)
        strokes.append((list(zip(xs, ys, strict=True)), colour, 2.2 if j == 0 else 1.6))
    return draw_lines(img, strokes)


def profile(name: str, size: tuple[int, int] = WIDE, focus: str = "whole") -> Image.Image:
    """A fine-line side profile on a warm ground, with a dotted guide from nose tip to chin."""
    rng = seeded_rng(name)
    w, h = size
    canvas = gradient(size, np.array(CREAM, dtype=np.float64), mix(CREAM, SAND, 0.8), 1.2)
    cx = w * rng.uniform(0.52, 0.60)
    # A large, very soft warm shape behind the lower face.
    mask = blob_mask(size, (cx - 0.02 * h, 0.66 * h), 0.26 * h, rng, softness=140)
    canvas = composite(canvas, mix(OAT, SAND, 0.4), mask * 0.55)
    mask = blob_mask(size, (cx - 0.30 * h, 0.34 * h), 0.20 * h, rng, softness=160)
    canvas = composite(canvas, mix(SAND, CREAM, 0.2), mask * 0.6)
    img = to_image(grain(canvas, rng))

    def px(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [(cx + x * h, y * h) for x, y in points]

    face = px(catmull_rom(PROFILE))
    jaw = px(catmull_rom(JAW))
    lines = [(face, (*GREEN, 235), 2.4), (jaw, (*TAUPE, 210), 1.8)]
    # Dotted line from the tip of the nose to the front of the chin: the classic guide that
    # practitioners use to judge how the lips sit between the two.
    nose, chin = px([(0.074, 0.510)])[0], px([(0.021, 0.745)])[0]
    ext = 0.05
    start = (nose[0] + (nose[0] - chin[0]) * ext, nose[1] + (nose[1] - chin[1]) * ext)
    end = (chin[0] + (chin[0] - nose[0]) * ext, chin[1] + (chin[1] - nose[1]) * ext)
    dots = [
        (start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t)
        for t in np.linspace(0, 1, 26)
    ]
    dashed = [(dots, (*TAUPE, 230), 3.0)]
    if focus in ("chin", "jaw"):
        # A faint arc around the area being discussed.
        c = px([(0.005, 0.750)] if focus == "chin" else [(-0.14, 0.72)])[0]
        r = 0.09 * h if focus == "chin" else 0.14 * h
        t = np.linspace(0.15 * np.pi, 1.85 * np.pi, 120)
        arc = [(c[0] + r * np.cos(a), c[1] + r * np.sin(a)) for a in t]
        lines.append((arc, (*TAUPE, 150), 1.4))
    return draw_lines(img, lines, dashed)


def monogram(name: str) -> Image.Image:
    """Portrait placeholder: a K built from three soft curves. Plainly not a photograph."""
    rng = seeded_rng(name)
    size = PORTRAIT
    w, h = size
    canvas = gradient(size, mix(CREAM, SAND, 0.2), mix(SAND, OAT, 0.7), 1.3)
    mask = blob_mask(size, (0.5 * w, 0.48 * h), 0.33 * w, rng, softness=90)
    canvas = composite(canvas, np.array(CREAM, dtype=np.float64), mask * 0.7)
    img = to_image(grain(canvas, rng))
    cx, cy = 0.43 * w, 0.48 * h
    stem = bezier([(cx, cy - 0.23 * h), (cx + 0.05 * w, cy), (cx, cy + 0.23 * h)])
    join = (cx + 0.026 * w, cy + 0.02 * h)
    upper = bezier([join, (cx + 0.15 * w, cy - 0.05 * h), (cx + 0.22 * w, cy - 0.23 * h)])
    branch = (cx + 0.088 * w, cy - 0.035 * h)
    lower = bezier([branch, (cx + 0.19 * w, cy + 0.05 * h), (cx + 0.25 * w, cy + 0.23 * h)])
    t = np.linspace(0, 2 * np.pi, 240)
    ring_r = 0.36 * w
    ring = [(0.5 * w + ring_r * np.cos(a), 0.48 * h + ring_r * np.sin(a)) for a in t]
    return draw_lines(
        img,
        [
            (ring, (*TAUPE, 150), 1.6),
            (stem, (*GREEN, 235), 8.0),
            (upper, (*GREEN, 235), 6.0),
            (lower, (*TAUPE, 245), 6.0),
        ],
    )


def bezier(ctrl: list[tuple[float, float]], steps: int = 120) -> list[tuple[float, float]]:
    """Points along a quadratic Bezier curve with control points `ctrl` (three of them)."""
    (x0, y0), (x1, y1), (x2, y2) = ctrl
    s = np.linspace(0, 1, steps)
    xs = (1 - s) ** 2 * x0 + 2 * (1 - s) * s * x1 + s**2 * x2
    ys = (1 - s) ** 2 * y0 + 2 * (1 - s) * s * y1 + s**2 * y2
    return list(zip(xs.tolist(), ys.tolist(), strict=True))


# File name -> how to draw it. Articles and treatments each get their own image.
IMAGES = {
    "article-profile-balancing.jpg": lambda n: profile(n),
    "article-chin-jawline.jpg": lambda n: profile(n, focus="chin"),
    "article-choosing-safely.jpg": abstract,
    "article-consultation.jpg": abstract,
    "article-lip-filler.jpg": abstract,
    "article-skin-health.jpg": lambda n: abstract(n, accent=False),
    "article-skin-winter.jpg": lambda n: abstract(n, accent=False),
    "article-aftercare.jpg": abstract,
    "article-complications.jpg": abstract,
    "article-welcome.jpg": abstract,
    "treatment-consultation.jpg": abstract,
    "treatment-profile-balancing.jpg": lambda n: profile(n),
    "treatment-lip-filler.jpg": abstract,
    "treatment-chin-filler.jpg": lambda n: profile(n, focus="chin"),
    "treatment-jawline-filler.jpg": lambda n: profile(n, focus="jaw"),
    "treatment-skin-boosters.jpg": lambda n: abstract(n, accent=False),
    "treatment-filler-review.jpg": abstract,
    "portrait-placeholder.jpg": monogram,
}


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, draw in IMAGES.items():
        path = OUT / name
        draw(name).save(path, "JPEG", quality=QUALITY, optimize=True, progressive=True)
        print(f"{name}: {path.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main()
