"""Magnified view of part of a photograph, with a labelled pixel grid, for hand annotation.

usage: python crop.py PHOTO X0 Y0 X1 Y1 ZOOM [--stretch] [OUT.png]

  PHOTO        a path, or a file name in the shared lateral-photos folders (FP_PHOTOS)
  X0 Y0 X1 Y1  the region, in original pixels (x right, y down)
  ZOOM         each original pixel becomes ZOOM x ZOOM screen pixels
  --stretch    spread the crop's own grey range (1st to 99th percentile) over 0-255, as a
               viewer's contrast control does: faint edges show; no position changes

Grid: a faint line at every 10th pixel boundary (every 5th, in blue, at zoom 5 and up), labelled
with the coordinate of that boundary, and a tick at every pixel boundary from zoom 4. Coordinates
follow the shared LANDMARKS.md: the pixel in column c, row r covers x in [c, c+1], y in
[r, r+1]. Nothing here finds an edge or a landmark: it only shows the photograph.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import cv2
import numpy as np

#: The shared photographs, as the tests find them (FP_PHOTOS overrides).
PHOTOS = Path(
    os.environ.get("FP_PHOTOS", Path(__file__).resolve().parents[5] / "shared/data/lateral-photos")
)
MARGIN = 34


def find(photo: str) -> Path:
    path = Path(photo)
    if path.exists():
        return path
    return next(PHOTOS.glob(f"*/{photo}*"))


def main(argv: list[str]) -> None:
    stretch = "--stretch" in argv
    args = [a for a in argv if a != "--stretch"]
    path = find(args[0])
    x0, y0, x1, y1, z = map(int, args[1:6])
    img = cv2.imread(str(path))
    h, w = img.shape[:2]
    x0, y0, x1, y1 = max(0, x0), max(0, y0), min(w, x1), min(h, y1)
    crop = img[y0:y1, x0:x1]
    if stretch:
        lo, hi = np.percentile(crop, (1, 99))
        crop = np.clip((crop - lo) * 255.0 / max(hi - lo, 1.0), 0, 255).astype(np.uint8)
    big = cv2.resize(crop, None, fx=z, fy=z, interpolation=cv2.INTER_NEAREST)
    canvas = np.full((big.shape[0] + MARGIN, big.shape[1] + MARGIN, 3), 255, np.uint8)
    canvas[MARGIN:, MARGIN:] = big
    overlay = canvas.copy()
    step = 5 if z >= 5 else 10
    for axis, (a, b) in enumerate(((x0, x1), (y0, y1))):
        for v in range(a, b + 1):
            p = MARGIN + (v - a) * z
            colour = (0, 220, 255) if v % 10 == 0 else (255, 200, 0)
            if axis == 0:
                if z >= 4:
                    cv2.line(canvas, (p, MARGIN - 3), (p, MARGIN - 1), (0, 0, 0), 1)
                if v % step == 0:
                    cv2.line(overlay, (p, MARGIN), (p, canvas.shape[0] - 1), colour, 1)
                if v % 10 == 0:
                    cv2.putText(canvas, str(v), (p - 8, 12 + v // 10 % 2 * 12), 0, 0.35, 0, 1)
            else:
                if z >= 4:
                    cv2.line(canvas, (MARGIN - 3, p), (MARGIN - 1, p), (0, 0, 0), 1)
                if v % step == 0:
                    cv2.line(overlay, (MARGIN, p), (canvas.shape[1] - 1, p), colour, 1)
                if v % 10 == 0:
                    cv2.putText(canvas, str(v), (1, p + 4), 0, 0.35, 0, 1)
    canvas[MARGIN:, MARGIN:] = cv2.addWeighted(overlay, 0.45, canvas, 0.55, 0)[MARGIN:, MARGIN:]
    out = args[6] if len(args) > 6 else f"{path.stem}_{x0}_{y0}_{x1}_{y1}_z{z}{'s' * stretch}.png"
    cv2.imwrite(out, canvas)
    print(out, f"(image is {w} x {h})")


if __name__ == "__main__":
    main(sys.argv[1:])
