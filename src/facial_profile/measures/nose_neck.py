"""The neck angles and Powell & Humphreys' nasal and mentocervical angles."""

from __future__ import annotations

from facial_profile.geometry import sub
from facial_profile.measures._core import (
    MeasureContext,
    MeasureResult,
    _angle,
    _measure,
    _Spec,
    _vec_angle,
)
from facial_profile.types import L

# --------------------------------------------------------------------------------------------
# Neck

_CMA = _Spec("cervicomental_angle", "Cervicomental angle", "angle", (L.ME, L.C), extra=("neck",))
_LFT = _Spec("lower_face_throat_angle", "Lower face\u2013throat angle", "angle", (L.SN, L.ME, L.C))


def cervicomental_angle(ctx: MeasureContext) -> MeasureResult:
    """Cervicomental angle.

    Points: Me', C and a point on the front of the neck below C (taken from the traced outline).
    The angle Me'-C-neck between the under-chin line and the neck line. Unsigned; smaller means
    a sharper neck angle. Source: Ellenbogen R, Karlin JV, Plast Reconstr Surg 1980;66:826-837.
    """
    return _measure(
        ctx,
        _CMA,
        lambda p: _angle(p[0], p[1], p[2]),
        notes=("The neck line runs from C to a point on the traced outline below it.",),
    )


def lower_face_throat_angle(ctx: MeasureContext) -> MeasureResult:
    """Lower face-throat angle.

    Points: Sn, Me', C. The angle at Me' between the line to Sn and the under-chin line to C.
    Legan and Burstone used soft-tissue gnathion as the vertex; Me' stands in for it here, which
    gives a slightly larger angle. Source: Legan & Burstone 1980.
    """
    return _measure(
        ctx,
        _LFT,
        lambda p: _angle(p[0], p[1], p[2]),
        notes=("Me\u2032 is used in place of soft-tissue gnathion.",),
    )


# --------------------------------------------------------------------------------------------
# Powell & Humphreys' aesthetic triangle

_NFR = _Spec("nasofrontal_angle", "Nasofrontal angle", "angle", (L.G, L.N, L.PRN))
_NFA = _Spec("nasofacial_angle", "Nasofacial angle", "angle", (L.G, L.POG, L.N, L.PRN))
_NME = _Spec("nasomental_angle", "Nasomental angle", "angle", (L.N, L.PRN, L.POG))
_MCV = _Spec("mentocervical_angle", "Mentocervical angle", "angle", (L.G, L.POG, L.ME, L.C))

_DORSUM_NOTE = (
    "The nasal dorsum is taken as the line N\u2032\u2013Prn (a dorsal hump is not followed)."
)


def nasofrontal_angle(ctx: MeasureContext) -> MeasureResult:
    """Nasofrontal angle.

    Points: G', N', Prn. The angle at N' between the forehead line N'-G' and the nasal dorsum,
    taken as N'-Prn. Unsigned. Source: Powell N, Humphreys B, Proportions of the Aesthetic
    Face, 1984.
    """
    return _measure(ctx, _NFR, lambda p: _angle(p[0], p[1], p[2]), notes=(_DORSUM_NOTE,))


def nasofacial_angle(ctx: MeasureContext) -> MeasureResult:
    """Nasofacial angle.

    Points: G', Pog', N', Prn. The angle between the facial plane G'-Pog' and the nasal dorsum
    N'-Prn. Unsigned; larger means a more projecting nose. Source: Powell & Humphreys 1984.
    """
    return _measure(
        ctx, _NFA, lambda p: _vec_angle(sub(p[1], p[0]), sub(p[3], p[2])), notes=(_DORSUM_NOTE,)
    )


def nasomental_angle(ctx: MeasureContext) -> MeasureResult:
    """Nasomental angle.

    Points: N', Prn, Pog'. The angle at the nose tip between the nasal dorsum (to N') and the
    line to the chin (Pog'). Unsigned. Source: Powell & Humphreys 1984.
    """
    return _measure(ctx, _NME, lambda p: _angle(p[0], p[1], p[2]), notes=(_DORSUM_NOTE,))


def mentocervical_angle(ctx: MeasureContext) -> MeasureResult:
    """Mentocervical angle.

    Points: G', Pog', Me', C. The angle between the facial plane (from Pog' up to G') and the
    under-chin line (from Me' back to C). Unsigned. Source: Powell & Humphreys 1984.
    """
    return _measure(ctx, _MCV, lambda p: _vec_angle(sub(p[0], p[1]), sub(p[3], p[2])))
