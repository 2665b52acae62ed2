"""The backdrop model behind the segmentation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from facial_profile.segment import fit_backdrop, median

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


@settings(max_examples=200, deadline=None)
@given(
    hnp.arrays(
        np.float32,
        hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=9),
        elements=st.floats(-1e6, 1e6, width=32),
    ),
    st.integers(0, 2),
)
def test_the_fast_median_is_numpys_median_exactly(values: np.ndarray, axis: int) -> None:
    """The edge statistics use a faster median; it must give numpy's answer to the last bit,
    so that the speed-up changes no landmark."""
    axis = axis % values.ndim
    assert np.array_equal(median(values, axis=axis), np.median(values, axis=axis))
