"""The two modern studio-style photographs in ../shared/data/lateral-photos/generated, against
the annotator's points."""

from __future__ import annotations

from pathlib import Path

import pytest

from facial_profile.detect import detect_landmarks
from facial_profile.io import load_image
from facial_profile.types import L
from tests.facial_profile.annotated import assert_near_annotation


@pytest.mark.parametrize("name", ["img2-1024-right-lateral.jpg", "img3-1024-left-lateral.jpg"])
def test_cervical_point_and_menton_on_a_modern_photo_match_the_annotator(
    lateral_photos: Path, photo_annotations: dict[str, dict[str, object]], name: str
) -> None:
    """The annotator took C at the highest point of the under-chin/neck angle; so do we."""
    det = detect_landmarks(load_image(lateral_photos / "generated" / name))
    assert_near_annotation(det, photo_annotations[name], ((L.C, "C"), (L.ME, "Me")))
