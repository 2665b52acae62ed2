"""Soft-tissue profile measures.

Every measure is a function of a :class:`MeasureContext` (the landmarks in the face frame: x
anterior, y up along the true vertical) and returns a :class:`MeasureResult`. Its docstring
states the points used, the sign convention and the source. A measure whose points are missing
says so (``status="missing"``) and carries no value; one that uses a low-confidence point keeps
its value but says so (``status="low_confidence"``) and is never used by the triage rules.

Distances are in millimetres when the photo has a calibration. Without one they are given as a
percentage of the soft-tissue N'-Me' distance (the stated reference), and an *estimated*
millimetre figure is derived from a typical adult N'-Me' (see the norms table) only to compare
against published norms; results say so.
"""

from __future__ import annotations

from collections.abc import Callable

from facial_profile.measures._core import (
    ANTERIOR,
    LANDMARK_LABELS,
    REFERENCE_LABEL,
    RELATIVE_UNIT,
    Kind,
    MeasureContext,
    MeasureResult,
    Scale,
    Status,
)
from facial_profile.measures.face import (
    chin_subnasale_vertical,
    chin_zero_meridian,
    facial_convexity,
    lower_face_thirds,
    total_facial_convexity,
    z_angle,
)
from facial_profile.measures.lips import (
    b_line_lower_lip,
    b_line_upper_lip,
    e_line_lower_lip,
    e_line_upper_lip,
    h_angle,
    lip_height_ratio,
    mentolabial_angle,
    mentolabial_sulcus_depth,
    nasolabial_angle,
    s_line_lower_lip,
    s_line_upper_lip,
)
from facial_profile.measures.nose_neck import (
    cervicomental_angle,
    lower_face_throat_angle,
    mentocervical_angle,
    nasofacial_angle,
    nasofrontal_angle,
    nasomental_angle,
)

#: Every measure, in report order.
ALL_MEASURES: tuple[Callable[[MeasureContext], MeasureResult], ...] = (
    e_line_upper_lip,
    e_line_lower_lip,
    s_line_upper_lip,
    s_line_lower_lip,
    b_line_upper_lip,
    b_line_lower_lip,
    h_angle,
    nasolabial_angle,
    mentolabial_angle,
    mentolabial_sulcus_depth,
    facial_convexity,
    total_facial_convexity,
    chin_zero_meridian,
    chin_subnasale_vertical,
    lower_face_thirds,
    lip_height_ratio,
    cervicomental_angle,
    lower_face_throat_angle,
    nasofrontal_angle,
    nasofacial_angle,
    nasomental_angle,
    mentocervical_angle,
    z_angle,
)


def measure_all(ctx: MeasureContext) -> tuple[MeasureResult, ...]:
    """Run every measure on one context."""
    return tuple(m(ctx) for m in ALL_MEASURES)


__all__ = [
    "ALL_MEASURES",
    "ANTERIOR",
    "LANDMARK_LABELS",
    "REFERENCE_LABEL",
    "RELATIVE_UNIT",
    "Kind",
    "MeasureContext",
    "MeasureResult",
    "Scale",
    "Status",
    "b_line_lower_lip",
    "b_line_upper_lip",
    "cervicomental_angle",
    "chin_subnasale_vertical",
    "chin_zero_meridian",
    "e_line_lower_lip",
    "e_line_upper_lip",
    "facial_convexity",
    "h_angle",
    "lip_height_ratio",
    "lower_face_thirds",
    "lower_face_throat_angle",
    "measure_all",
    "mentocervical_angle",
    "mentolabial_angle",
    "mentolabial_sulcus_depth",
    "nasofacial_angle",
    "nasofrontal_angle",
    "nasolabial_angle",
    "nasomental_angle",
    "s_line_lower_lip",
    "s_line_upper_lip",
    "total_facial_convexity",
    "z_angle",
]
