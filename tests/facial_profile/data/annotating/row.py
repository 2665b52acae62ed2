"""Grey values (0-255, the mean of R, G and B) along one row or one column of a photograph.

usage: python row.py PHOTO y Y X0 X1     pixel row Y, columns X0 to X1 - 1
       python row.py PHOTO x X Y0 Y1     pixel column X, rows Y0 to Y1 - 1

Each value is printed beside its pixel index (the pixel with index c covers [c, c + 1]), with a
bar, so the annotator can put a point where the level passes halfway between skin and background.
"""

from __future__ import annotations

import sys

import cv2
import numpy as np
from crop import find


def main(argv: list[str]) -> None:
    img = cv2.imread(str(find(argv[0]))).astype(np.float64).mean(axis=2)
    kind, k, a, b = argv[1], int(argv[2]), int(argv[3]), int(argv[4])
    values = img[k, a:b] if kind == "y" else img[a:b, k]
    for i, v in zip(range(a, b), values, strict=True):
        print(f"{i:4d} {v:6.1f} " + "#" * int(v / 8))


if __name__ == "__main__":
    main(sys.argv[1:])
