"""Photo checks: each photo that cannot be measured honestly is refused with its own reason."""

from __future__ import annotations

import numpy as np
import pytest

from facial_profile.detect import detect_landmarks
from facial_profile.types import PhotoRefused
from tests.facial_profile.synth import (
    SHAPES,
    FaceShape,
    Scene,
    render,
    render_backdrop_only,
    render_busy,
    render_frontal,
    render_pair,
)

pytestmark = pytest.mark.unit


def _refusal(image: np.ndarray) -> PhotoRefused:
    with pytest.raises(PhotoRefused) as err:
        detect_landmarks(image)
    assert err.value.message  # always a sentence a person can act on
    return err.value


def test_no_person() -> None:
    assert _refusal(render_backdrop_only()).code == "no_person"


def test_two_people() -> None:
    assert _refusal(render_pair()).code == "several_people"


def test_frontal_view_is_not_a_side_view() -> None:
    assert _refusal(render_frontal()).code == "not_side_view"


def test_three_quarter_view_with_a_hidden_nose_is_not_a_side_view() -> None:
    # Turned towards the camera, the nose barely stands out of the outline.
    fx = render(FaceShape(nose_projection=-24.0), Scene())
    assert _refusal(fx.image).code == "not_side_view"


def test_busy_backdrop() -> None:
    assert _refusal(render_busy()).code == "backdrop_too_busy"


def test_lips_apart() -> None:
    fx = render(FaceShape(lip_gap=8.0), Scene())
    assert _refusal(fx.image).code == "lips_apart"


def test_a_lower_face_read_as_points_piled_on_one_another_is_refused() -> None:
    """Skin close to the backdrop's grey and a soft edge: every walk down from the nose stops
    at once, so Ls lies on Sn, Li on stomion and Pog' on B'. That is no reading of the lower
    face: the photo is refused. It was measured before, with the nose tip unflagged and 119 mm
    from the drawn one."""
    scene = Scene(skin_rgb=(150, 140, 135), backdrop_rgb=(130, 130, 135), blur_px=2.5)
    refused = _refusal(render(SHAPES["flat_brow"], scene).image)
    assert refused.code == "lower_face_unreadable"
    assert "place the points by hand" in refused.message


def test_a_close_up_on_a_plain_wall_is_not_told_its_background_is_busy() -> None:
    """The head fills the frame, so little of its edge is backdrop and the separation cannot be
    trusted: the refusal says that, what to do, and what was seen, not that the wall is busy."""
    close_up = Scene(zoom=1.6)
    refused = _refusal(render(FaceShape(lip_gap=8.0), close_up).image)
    assert refused.code == "backdrop_too_busy"
    assert "too busy" not in refused.message
    assert "background showing all round the head" in refused.message
    assert refused.message.endswith(_refusal(render(FaceShape(lip_gap=8.0), Scene()).image).message)
    # The same close-up with the lips together is measured.
    detect_landmarks(render(FaceShape(), close_up).image)


def test_chin_and_neck_cropped() -> None:
    fx = render(FaceShape(), Scene(offset_mm=(0.0, 110.0)))
    assert _refusal(fx.image).code == "cropped"


def test_face_cut_by_the_side_of_the_frame() -> None:
    fx = render(FaceShape(), Scene(offset_mm=(62.0, 0.0)))
    assert _refusal(fx.image).code == "cropped"


@pytest.mark.parametrize("tilt", [-22.0, 22.0])
def test_strong_head_tilt(tilt: float) -> None:
    fx = render(FaceShape(), Scene(tilt_deg=tilt))
    assert _refusal(fx.image).code == "head_tilt"


def test_face_too_small() -> None:
    fx = render(FaceShape(), Scene(zoom=0.3))
    assert _refusal(fx.image).code == "face_too_small"


def test_a_good_photo_passes_every_check() -> None:
    fx = render(FaceShape(), Scene(seed=4))
    det = detect_landmarks(fx.image)
    assert det.warnings == ()
