"""Photo checks: refuse, with a reason a person can act on, rather than measure nonsense.

Thresholds are stated here in one place. Sizes are compared with the found N'-Me' height so they
hold at any resolution.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from facial_profile.types import L, Landmark, PhotoRefused

if TYPE_CHECKING:
    from facial_profile.outline import Profile

#: A face whose N'-Me' height is below this many pixels is too small to measure to ~1 mm.
MIN_FACE_PX: Final = 100.0
#: Nose projection in front of subnasale, as a share of N'-Me'; a true profile shows ~10-17 %.
MIN_NOSE_SHARE: Final = 0.05
#: The back of the outline may show a bump at most this share of the front's (the nose).
MAX_BACK_BUMP_SHARE: Final = 0.7
#: Depth of the notch between the lips behind the line Ls-Li, as a share of N'-Me'.
MAX_LIP_NOTCH_SHARE: Final = 0.05
#: Head tilt (G'-Pog' line against the photo's vertical) beyond which we refuse.
MAX_TILT_DEG: Final = 20.0


#: A head (nose tip to back of head, about 1.7 times N'-Me') narrower than this is too small.
MIN_HEAD_DEPTH_PX: Final = 1.6 * MIN_FACE_PX
#: Below this nose bump (share of the person's height) no side can be called the front.
MIN_BUMP_SHARE: Final = 0.01


def check_outline(prof: Profile, size: tuple[int, int]) -> None:
    """Checks that need only the outline: run before landmarks are read."""
    right = prof.facing.value == "right"
    # The front outline from the top of the head to the nose tip running along the frame means
    # the face is cut off; the mask merely reaching the frame lower down (writing, a stamp) does
    # not.
    xs = prof.points[: prof.prn_index + 1, 0]
    front_touch = bool(((xs <= 1.0) | (xs >= size[0] - 2.0)).any())
    back_touch = prof.touches_left if right else prof.touches_right
    weak = prof.bump_front < MIN_BUMP_SHARE * prof.extent
    # If the back of the head touches the frame, the front must be unmistakable: a nose cut off
    # by the frame leaves the other side's small bumps looking like the front.
    unsure = prof.bump_back > 0.5 * prof.bump_front
    if front_touch or (back_touch and (weak or unsure)):
        raise PhotoRefused(
            "The face runs off the side of the photo. Please include the whole head, with some "
            "background in front of the face.",
            code="cropped",
        )
    if prof.head_depth < MIN_HEAD_DEPTH_PX:
        raise PhotoRefused(
            f"The head is too small in the photo (about {prof.head_depth:.0f} pixels from the "
            f"nose to the back of the head; at least {MIN_HEAD_DEPTH_PX:.0f} are needed). "
            "Please move closer or zoom in.",
            code="face_too_small",
        )
    if weak or prof.bump_back > MAX_BACK_BUMP_SHARE * prof.bump_front:
        raise PhotoRefused(
            "This does not look like a side view: no nose stands out on one side of the outline. "
            "Please photograph the face in full profile (ear towards the camera).",
            code="not_side_view",
        )


def _dist(p: Landmark, q: Landmark) -> float:
    return math.hypot(p.x - q.x, p.y - q.y)


def check_photo(
    prof: Profile, points: Mapping[L, Landmark], tilt_deg: float, size: tuple[int, int]
) -> None:
    """Raise :class:`PhotoRefused` if the photo fails a check; return quietly otherwise."""
    sign = 1.0 if prof.facing.value == "right" else -1.0
    n, me = points[L.N], points[L.ME]
    n_me = _dist(n, me)
    prn, sn = points[L.PRN], points[L.SN]
    nose = sign * (prn.x - sn.x)
    if prof.bump_front <= 0 or prof.bump_back > MAX_BACK_BUMP_SHARE * prof.bump_front:
        raise PhotoRefused(
            "This does not look like a side view: no nose stands out on one side of the outline. "
            "Please photograph the face in full profile (ear towards the camera).",
            code="not_side_view",
        )
    if nose < MIN_NOSE_SHARE * n_me or points[L.N].y >= prn.y or prn.y >= me.y:
        raise PhotoRefused(
            "This does not look like a full side view (the nose hardly stands out from the face, "
            "as in a three-quarter or frontal view). Please photograph the face in full profile.",
            code="not_side_view",
        )
    if abs(tilt_deg) > MAX_TILT_DEG:
        raise PhotoRefused(
            f"The head is tilted about {abs(tilt_deg):.0f} degrees "
            f"{'up' if tilt_deg > 0 else 'down'}. Please retake with the head level, eyes looking "
            "straight ahead.",
            code="head_tilt",
        )
    if n_me < MIN_FACE_PX:
        raise PhotoRefused(
            f"The face is too small in the photo (about {n_me:.0f} pixels from nasion to chin; "
            f"at least {MIN_FACE_PX:.0f} are needed). Please move closer or zoom in.",
            code="face_too_small",
        )
    # Cropped: the face outline from the glabella to menton touches the frame.
    i_g = _index_of(prof, points[L.G])
    i_me = _index_of(prof, me)
    if bool(prof.on_border[i_g : i_me + 1].any()) or me.y >= size[1] - 2:
        raise PhotoRefused(
            "The face runs off the edge of the photo (forehead, nose, chin or neck is cut off). "
            "Please include the whole head, neck and shoulders.",
            code="cropped",
        )
    c = points[L.C]
    # The neck angle must be in the frame; if it lies on a side edge (writing or a collar
    # running out of the picture) the point is already flagged with zero confidence.
    if c.y >= size[1] - 0.02 * size[1]:
        raise PhotoRefused(
            "The neck is cut off at the bottom of the photo, so the chin and neck angle cannot be "
            "read. Please include the neck and shoulders.",
            code="cropped",
        )
    ls, li, st = points[L.LS], points[L.LI], points[L.STS]
    chord = math.hypot(li.x - ls.x, li.y - ls.y)
    if chord > 0:
        # Distance of stomion behind the line from Ls to Li.
        cross = ((li.x - ls.x) * (st.y - ls.y) - (li.y - ls.y) * (st.x - ls.x)) / chord
        depth = abs(cross)
        if depth > MAX_LIP_NOTCH_SHARE * n_me:
            raise PhotoRefused(
                "The lips seem to be apart. Please retake with the lips lightly together and "
                "relaxed.",
                code="lips_apart",
            )


def _index_of(prof: Profile, p: Landmark) -> int:
    d = (prof.points[:, 0] - p.x) ** 2 + (prof.points[:, 1] - p.y) ** 2
    return int(d.argmin())
