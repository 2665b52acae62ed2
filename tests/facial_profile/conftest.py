"""Fixtures shared by the facial_profile tests: synthetic side-profile photos with known points."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facial_profile.types import Facing
from tests.facial_profile.annotated import load_annotations
from tests.facial_profile.synth import FaceShape, Fixture, Scene, render


@pytest.fixture(scope="session")
def profile_right() -> Fixture:
    """An average adult profile facing right, 0.5 MP, light noise and JPEG."""
    return render(FaceShape(), Scene(facing=Facing.RIGHT, seed=11))


@pytest.fixture(scope="session")
def profile_left() -> Fixture:
    """The same face facing left."""
    return render(FaceShape(), Scene(facing=Facing.LEFT, seed=11))


@pytest.fixture(scope="session")
def lateral_photos() -> Path:
    """The real side-profile photographs in ../shared (FP_PHOTOS overrides), as CI has them."""
    folder = Path(
        os.environ.get(
            "FP_PHOTOS", Path(__file__).resolve().parents[3] / "shared/data/lateral-photos"
        )
    )
    if not folder.is_dir():
        pytest.skip(f"The shared photographs are not at {folder}; set FP_PHOTOS.")
    return folder


@pytest.fixture(scope="session")
def photo_annotations(lateral_photos: Path) -> dict[str, dict[str, object]]:
    """Hand-placed landmarks by image name: the shared file and our own extra annotations."""
    return load_annotations(lateral_photos)
