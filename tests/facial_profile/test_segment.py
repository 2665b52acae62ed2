"""The backdrop model behind the segmentation."""

from __future__ import annotations

import numpy as np
import pytest

from facial_profile.segment import fit_backdrop

pytestmark = pytest.mark.unit


def _lit_wall(h: int = 120, w: int = 90) -> np.ndarray:
    """A wall lit from the left: a smooth colour gradient with a little noise."""
    rng = np.random.default_rng(4)
    x = np.arange(w, dtype=np.float32)[None, :, None]
    base = np.array([180.0, 170.0, 160.0], np.float32)[None, None, :]
    img = base - 0.4 * x + rng.normal(0.0, 1.5, (h, w, 3)).astype(np.float32)
    return np.asarray(img, np.float32)


def test_the_backdrop_surface_follows_a_lit_wall() -> None:
    img = _lit_wall()
    frame = np.zeros(img.shape[:2], bool)
    frame[:6], frame[-6:], frame[:, :6], frame[:, -6:] = True, True, True, True
    model = fit_backdrop(img, frame)
    centre = model.colour_at(np.array([45.0]), np.array([60.0]))[0]
    assert np.allclose(centre, [180 - 18, 170 - 18, 160 - 18], atol=1.5)
    assert np.all(model.sigma < 2.5)


def test_a_backdrop_seen_only_as_a_thin_strip_still_gives_a_usable_surface() -> None:
    """A person filling the frame leaves a strip of wall one pixel wide: the fit must not fail
    or run wild, though the strip cannot say how the colour changes across it."""
    img = _lit_wall()
    strip = np.zeros(img.shape[:2], bool)
    strip[:, 30] = True
    model = fit_backdrop(img, strip)
    on_strip = model.colour_at(np.array([30.0]), np.array([60.0]))[0]
    assert np.all(np.isfinite(model.coef))
    assert np.allclose(on_strip, img[:, 30].mean(axis=0), atol=1.5)
