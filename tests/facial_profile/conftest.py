"""Fixtures shared by the facial_profile tests: synthetic side-profile photos with known points."""

from __future__ import annotations

import pytest

from facial_profile.types import Facing
from tests.facial_profile.synth import FaceShape, Fixture, Scene, render


@pytest.fixture(scope="session")
def profile_right() -> Fixture:
    """An average adult profile facing right, 0.5 MP, light noise and JPEG."""
    return render(FaceShape(), Scene(facing=Facing.RIGHT, seed=11))


@pytest.fixture(scope="session")
def profile_left() -> Fixture:
    """The same face facing left."""
    return render(FaceShape(), Scene(facing=Facing.LEFT, seed=11))
