"""A coarse person mask from a small bundled model, for photos whose backdrop is not plain.

The model is MediaPipe's Selfie Segmentation (general, 256 x 256 input; Apache-2.0; see
``models/README.md``), run by OpenCV's own DNN module, so nothing beyond numpy and OpenCV is
needed and nothing is downloaded. It knows what a person looks like, not where a skin edge is:
its mask is about 2 % of the frame out along the outline, so it only seeds the outline, which
:mod:`facial_profile.outline` then refines from the photo itself. It finds nothing on a drawn
silhouette, which is why plain-backdrop photos keep the backdrop model of
:mod:`facial_profile.segment`.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Final

import cv2
import numpy as np
from numpy.typing import NDArray

from facial_profile.types import ImageArray

MODEL: Final = Path(__file__).with_name("models") / "selfie_segmentation.tflite"
#: The model's input size, pixels (square).
SIZE: Final = 256


@cache
def _net() -> Any:
    return cv2.dnn.readNetFromTFLite(str(MODEL))


def available() -> bool:
    """True when the model file is present (it ships with the package)."""
    return MODEL.is_file()


def person_probability(rgb: ImageArray) -> NDArray[np.float32]:
    """Per pixel, the model's probability (0-1) that it belongs to a person, at ``rgb``'s size."""
    h, w = rgb.shape[:2]
    small = cv2.resize(rgb, (SIZE, SIZE), interpolation=cv2.INTER_AREA).astype(np.float32)
    blob = cv2.dnn.blobFromImage(small / 255.0)
    net = _net()
    net.setInput(blob)
    out = np.asarray(net.forward(), dtype=np.float32)[0, 0]
    return np.asarray(cv2.resize(out, (w, h), interpolation=cv2.INTER_LINEAR), dtype=np.float32)
