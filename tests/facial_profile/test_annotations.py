"""The annotation files the accuracy figures rest on: every point where LANDMARKS.md can have
it, so that a slip in a file (x and y swapped, a wrong name, the wrong photo) cannot pass for a
detector error; and the consensus reference built the way the docs say."""

from __future__ import annotations

import math
from pathlib import Path

import cv2
import pytest

from tests.facial_profile.annotated import annotation_sets, consensus

LABELS = ("G", "N", "Prn", "Sn", "Ls", "Stm", "Li", "B", "Pog", "Me", "C")
#: Top to bottom along the profile: each point lies below the one before.
DOWNWARDS = ("G", "N", "Prn", "Sn", "Ls", "Stm", "Li", "B", "Pog", "Me")


def test_every_annotation_lies_on_its_photo_in_profile_order(lateral_photos: Path) -> None:
    sets = annotation_sets(lateral_photos)
    assert all(sets.values()), {k: len(v) for k, v in sets.items()}
    for who, annotated in sets.items():
        for image, a in annotated.items():
            (path,) = lateral_photos.glob(f"*/{image}")
            h, w = cv2.imread(str(path)).shape[:2]
            pts = a["points"]
            assert isinstance(pts, dict)
            assert set(pts) <= set(LABELS), (who, image)
            for k, (x, y) in pts.items():
                assert 0 <= x <= w and 0 <= y <= h, (who, image, k)
            ys = [pts[k][1] for k in DOWNWARDS if k in pts]
            assert ys == sorted(ys), (who, image)
            # The nose tip stands in front of nasion and subnasale: the facing is the right way.
            sign = 1 if a["facing"] == "right" else -1
            for k in ("N", "Sn"):
                if "Prn" in pts and k in pts:
                    assert sign * (pts["Prn"][0] - pts[k][0]) > 0, (who, image, k)


def test_consensus_is_the_shared_annotation_else_the_mean_of_our_passes(
    lateral_photos: Path,
) -> None:
    sets = annotation_sets(lateral_photos)
    ref = consensus(sets)
    ours = [s for k, s in sets.items() if k != "shared"]
    assert set(ref) == set(sets["shared"]).union(*ours)
    for image, a in sets["shared"].items():
        assert ref[image]["points"] == a["points"]
    image = next(i for i in sets["ours 11-25"] if i not in sets["shared"])
    placed = [s[image]["points"]["Prn"] for s in ours if image in s]  # type: ignore[index]
    assert len(placed) == len(ours)
    x, y = ref[image]["points"]["Prn"]  # type: ignore[index]
    assert math.isclose(x, sum(p[0] for p in placed) / len(placed))
    assert math.isclose(y, sum(p[1] for p in placed) / len(placed))


@pytest.mark.parametrize("who", ["blind 1", "blind 2"])
def test_each_blind_pass_covers_every_photo(lateral_photos: Path, who: str) -> None:
    names = {p.name for p in lateral_photos.glob("*/*.jpg")}
    assert set(annotation_sets(lateral_photos)[who]) == names
