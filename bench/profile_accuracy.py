#!/usr/bin/env python3
"""Landmark accuracy of facial_profile.detect_landmarks.

Synthetic fixtures: mean radial error in millimetres and the share within 2 mm, per landmark.
Real photographs (../shared/data/lateral-photos, or FP_PHOTOS): mean radial error as a percentage
of the annotated N'-Me' distance and the share within 1.7 %, per landmark. Both report how many
images the photo checks refused, and why, how many points were flagged low confidence, and how
many were off by more than the limit without being flagged ("silent"). The "found*" line takes
only the core points that were not flagged: what the practitioner is shown as found. For the
photographs it also prints how far each annotated point lies from the traced outline: the error
a perfect reading of the same outlines would have, which tells the outline's share of the error
from the reading's. Every photograph is measured again mirrored (all the archival faces look left,
and the detector was tuned on them as given). The two modern photographs are also measured
changed as a phone or a clinic might change them (resized, JPEG, noise, exposure, turned,
mirrored, off centre, soft focus), against their annotations moved with them.

The photographs' reference is the shared annotations where they exist, else the mean of our
three passes (ours of 2026-11-25 and two blind passes); the bench also prints how closely the
annotators agree with each other, each one's own error estimated from that, and the detector's
error against each set of annotations alone.

Menton is the chin point furthest from the line Pog'-C (docs/facial_profile/landmarks.md): the
lowest point when the under-chin rises to the neck, the chin's corner when it slopes down.

Usage: bench/profile_accuracy [--quick] [--no-photos] [--photos DIR]
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

import cv2  # noqa: E402
import numpy as np  # noqa: E402

from facial_profile.detect import detect_landmarks  # noqa: E402
from facial_profile.io import load_image  # noqa: E402
from facial_profile.types import (  # noqa: E402
    CORE_LANDMARKS,
    LOW_CONFIDENCE,
    Detection,
    L,
    PhotoRefused,
)
from tests.facial_profile.annotated import (  # noqa: E402
    CORE_LABELS,
    CORE_PAIRS,
    agreement,
    annotation_sets,
    consensus,
    load_annotations,
    moved,
)
from tests.facial_profile.photo_changes import CHANGES, mirrored  # noqa: E402
from tests.facial_profile.synth import fixture_scenes, render  # noqa: E402

ORDER = [L.G, L.N, L.PRN, L.CM, L.SN, L.LS, L.STS, L.LI, L.B, L.POG, L.ME, L.C]
#: Annotation files use "Stm" for stomion; the detector gives Sts (= Sti when lips are closed).
ANN_KEY = {"Stm": L.STS}
#: "Within" limits from the issue: 2 mm on synthetic fixtures; 1.7 % of N'-Me' on photos.
SYNTH_LIMIT_MM = 2.0
PHOTO_LIMIT_PCT = 1.7


#: Per landmark: (error, flagged low confidence) for every point found.
Errors = dict[L, list[tuple[float, bool]]]


def _table(title: str, errs: Errors, unit: str, limit: float) -> None:
    """Per point: mean error, share within the limit, how many were flagged low confidence, and
    how many were off by more than the limit without being flagged (silent wrong answers), and
    the largest silent error. The last line takes only the core points that were not flagged: what a practitioner would
    be shown as found."""
    print(f"\n{title}")
    print(
        f"  {'point':6s} {'n':>4s} {'mean ' + unit:>10s} {'within ' + str(limit) + unit:>12s} "
        f"{'flagged':>8s} {'silent':>7s} {'worst silent':>13s}"
    )

    def row(label: str, found: list[tuple[float, bool]]) -> None:
        v = np.array([e for e, _ in found])
        low = np.array([f for _, f in found], bool)
        silent = (v > limit) & ~low
        worst = f"{v[silent].max():10.2f}{unit:>3s}" if silent.any() else f"{'-':>13s}"
        print(
            f"  {label:6s} {v.size:4d} {v.mean():10.2f} {100 * np.mean(v <= limit):11.0f}% "
            f"{int(low.sum()):8d} {int(silent.sum()):7d} {worst}"
        )

    for key in ORDER:
        if errs.get(key):
            row(key.value + ("*" if key in CORE_LANDMARKS else " "), errs[key])
    core = [r for k in CORE_LANDMARKS for r in errs.get(k, [])]
    if core:
        row("core*", core)
        trusted = [r for r in core if not r[1]]
        if trusted:
            row("found*", trusted)


def _run(cases: list, give_tilt: bool) -> tuple[Errors, Counter[str], dict[str, list[str]]]:
    errs: Errors = defaultdict(list)
    refused: Counter[str] = Counter()
    refused_names: dict[str, list[str]] = defaultdict(list)
    for name, shape, scene in cases:
        fx = render(shape, scene)
        try:
            det = detect_landmarks(fx.image, head_tilt_deg=scene.tilt_deg if give_tilt else None)
        except PhotoRefused as exc:
            refused[exc.code] += 1
            refused_names[exc.code].append(name)
            continue
        for key, (x, y) in fx.points_px.items():
            p = det.landmarks.get(key)
            if p is None or key not in ORDER:
                continue
            e = math.hypot(p.x - x, p.y - y) / fx.px_per_mm
            errs[key].append((e, p.confidence < LOW_CONFIDENCE))
    return errs, refused, refused_names


def synthetic(quick: bool) -> None:
    cases = fixture_scenes(seed=0, large=not quick)
    level = [c for c in cases if c[2].tilt_deg == 0]
    tilted = [c for c in cases if c[2].tilt_deg != 0]
    t0 = time.perf_counter()
    for title, subset, give in (
        ("level head", level, False),
        ("head tilted +-10 deg, read against the photo's vertical", tilted, False),
        ("head tilted +-10 deg, head tilt given (true vertical known)", tilted, True),
    ):
        errs, refused, names = _run(subset, give)
        print(f"\nSynthetic fixtures, {title}: {len(subset)}, refused {sum(refused.values())}")
        for code, k in refused.most_common():
            print(f"  refused {code}: {k}  ({', '.join(names[code][:4])})")
        _table(f"Synthetic ({title}): radial error (mm)", errs, "mm", SYNTH_LIMIT_MM)
    print(
        f"\n({time.perf_counter() - t0:.0f} s; fixtures: {len(cases)} = 9 face shapes x 10 scenes x 2"
    )
    print(
        " directions"
        + ("" if quick else " + 6 at 12 MP")
        + "; scenes: plain 0.5 MP, tilt +10, tilt -10,"
    )
    print(
        " low contrast, noise 8 + JPEG 60, 2 MP, light backdrop, dark skin, skin near backdrop,"
        " soft shadow in front of the face)"
    )


def _points(annotation: dict[str, object]) -> dict[L, tuple[float, float]]:
    """An annotation's points by landmark (the files say "Stm" for stomion)."""
    raw = annotation["points"]
    assert isinstance(raw, dict)
    return {ANN_KEY.get(k) or L(k): (float(x), float(y)) for k, (x, y) in raw.items()}


def _errors(det: Detection, pts: dict[L, tuple[float, float]]) -> list[tuple[L, float, bool]]:
    """(landmark, error as % of annotated N'-Me', flagged) for each annotated point found."""
    ref = math.dist(pts[L.N], pts[L.ME])
    out = []
    for key, (x, y) in pts.items():
        p = det.landmarks.get(key)
        if p is not None and key in ORDER:
            out.append(
                (key, 100 * math.hypot(p.x - x, p.y - y) / ref, p.confidence < LOW_CONFIDENCE)
            )
    return out


def _off_outline(det: Detection, pts: dict[L, tuple[float, float]]) -> list[tuple[L, float]]:
    """(landmark, distance from the annotated point to the traced outline as % of annotated
    N'-Me') for each annotated core point: the error a perfect reading of this outline would
    have, so the outline's share of the error can be told from the reading's."""
    ref = math.dist(pts[L.N], pts[L.ME])
    a, b = det.outline[:-1], det.outline[1:]
    ab = b - a
    len2 = np.maximum((ab * ab).sum(axis=1), 1e-12)
    out = []
    for key, (x, y) in pts.items():
        if key not in CORE_LANDMARKS:
            continue
        q = np.array([x, y])
        t = np.clip(((q - a) * ab).sum(axis=1) / len2, 0.0, 1.0)
        d = np.hypot(*(a + t[:, None] * ab - q).T)
        out.append((key, 100 * float(d.min()) / ref))
    return out


#: Per photograph: the core points' mean error (% of N'-Me'), how many are within the limit, and
#: how many were compared; or what happened instead ("refused: <code>").
PhotoResult = tuple[float, int, int] | str


def _core_result(errors: list[tuple[L, float, bool]]) -> PhotoResult:
    core = [e for key, e, _ in errors if key in CORE_LANDMARKS]
    return float(np.mean(core)), sum(e <= PHOTO_LIMIT_PCT for e in core), len(core)


def photos(folder: Path) -> dict[str, PhotoResult]:
    """The photographs as given, against the reference; returns each one's core result."""
    sets = annotation_sets(folder)
    # The reference: the shared annotations where they exist, else the mean of our three passes
    # (docs/facial_profile/archival-photos.md, eighth session, says why and how it was chosen).
    ann = consensus(sets)
    files = sorted(p for p in folder.glob("*/*.jpg"))
    errs: Errors = defaultdict(list)
    on_outline: dict[L, list[float]] = defaultdict(list)
    refused: Counter[str] = Counter()
    dets: dict[str, Detection] = {}
    results: dict[str, PhotoResult] = {}
    facing_wrong = 0
    n_ann = sum(1 for a in ann.values() if a.get("points"))
    shared = set(sets["shared"])
    #: Core-point errors by (who annotated the photo, which folder it is in).
    by_source: dict[tuple[str, str], list[float]] = defaultdict(list)
    photos_by_source: Counter[tuple[str, str]] = Counter()
    #: Annotated points' distance from the photo's edge, by who annotated them and landmark.
    to_edge: dict[str, dict[str, list[float]]] = {who: defaultdict(list) for who in sets}
    print(
        f"\nPhotographs: {len(files)} in {folder}, {n_ann} annotated; reference: the shared"
        " annotations, else the mean of our three passes"
    )
    for path in files:
        a = ann.get(path.name)
        who = "shared" if path.name in shared else "ours"
        image = load_image(path)
        for name, annotated in sets.items():
            if path.name in annotated:
                for key, d in _edge_offsets(image, annotated[path.name]):
                    to_edge[name][key].append(d)
        try:
            det = detect_landmarks(image)
        except PhotoRefused as exc:
            refused[exc.code] += 1
            results[path.name] = f"refused: {exc.code}"
            print(f"  {path.name:32s} refused: {exc.code}")
            continue
        dets[path.name] = det
        pts = _points(a) if a else {}
        if a and a.get("facing") != det.landmarks.facing.value:
            facing_wrong += 1
        if L.N not in pts or L.ME not in pts:
            results[path.name] = "measured (no annotated N'-Me')"
            print(f"  {path.name:32s} {results[path.name]}")
            continue
        line = []
        errors = _errors(det, pts)
        results[path.name] = _core_result(errors)
        source = (who, path.parent.name)
        photos_by_source[source] += 1
        for key, e, low in errors:
            errs[key].append((e, low))
            line.append(f"{key.value}:{e:.1f}{'?' if low else ''}")
            if key in CORE_LANDMARKS:
                by_source[source].append(e)
        for key, e in _off_outline(det, pts):
            on_outline[key].append(e)
        print(f"  {path.name:32s} {det.landmarks.facing.value:5s} " + " ".join(line))
    print(f"  measured {len(dets)}, refused {sum(refused.values())}, facing wrong {facing_wrong}")
    for code, k in refused.most_common():
        print(f"  refused {code}: {k}")
    print("  (? = flagged low confidence)")
    _table("Photographs: radial error (% of annotated N'-Me')", errs, "%", PHOTO_LIMIT_PCT)
    _source_table(by_source, photos_by_source)
    _outline_table(on_outline)
    _edge_table(to_edge)
    archival = {p.name for p in files if p.parent.name == "realface"}
    _annotator_table(sets, archival)
    detector = {img: _as_annotation(det) for img, det in dets.items()}
    _spread_table(sets, detector, archival)
    _like_for_like(sets, detector, archival)
    _reference_table(
        dets,
        {"shared, else ours 11-25": load_annotations(folder), **sets, "consensus": ann},
        archival,
    )
    return results


def _result_text(r: PhotoResult | None) -> str:
    if r is None:
        return "-"
    if isinstance(r, str):
        return r
    return f"{r[0]:5.2f} % ({r[1]}/{r[2]} within)"


def mirrored_photos(folder: Path, as_given: dict[str, PhotoResult]) -> None:
    """The same photographs flipped left to right, against the reference flipped with them.

    Every archival face looks left, and the detector was tuned on them as given; the person
    model on cluttered scans is not symmetric. So the figure as given may owe something to the
    direction the faces look: this is the same test with every face looking the other way."""
    ann = consensus(annotation_sets(folder))
    errs: Errors = defaultdict(list)
    refused: Counter[str] = Counter()
    facing_wrong = 0
    files = sorted(p for p in folder.glob("*/*.jpg"))
    print(
        f"\nPhotographs mirrored: the same {len(files)}, flipped left to right (every archival "
        "face then looks right), against the reference flipped with them"
    )
    print(f"  {'':32s} {'as given':28s} mirrored")
    measured = 0
    for path in files:
        image, flip = mirrored(load_image(path))
        try:
            det = detect_landmarks(image)
        except PhotoRefused as exc:
            refused[exc.code] += 1
            result: PhotoResult = f"refused: {exc.code}"
        else:
            measured += 1
            a = ann.get(path.name)
            pts = _points(a) if a else {}
            result = "measured (no annotated N'-Me')"
            if L.N in pts and L.ME in pts:
                errors = _errors(det, moved(pts, flip))
                for key, e, low in errors:
                    errs[key].append((e, low))
                result = _core_result(errors)
            if a and a.get("facing") == det.landmarks.facing.value:
                facing_wrong += 1
        print(
            f"  {path.name:32s} {_result_text(as_given.get(path.name)):28s} {_result_text(result)}"
        )
    print(
        f"  measured {measured}, refused {sum(refused.values())}, facing wrong {facing_wrong}"
        + "".join(f"; refused {code}: {k}" for code, k in refused.most_common())
    )
    _table("Photographs mirrored: radial error (% of annotated N'-Me')", errs, "%", PHOTO_LIMIT_PCT)


def _annotator_table(sets: dict[str, dict[str, dict[str, object]]], archival: set[str]) -> None:
    """How closely the annotators agree with each other: the second-annotator figure each set of
    annotations would have to be judged by (two careful annotators: 1.5 %, 74 % within 1.7 %)."""
    shared = set(sets["shared"])
    ours = set(sets["ours 11-25"])
    groups = {
        "shared archival": shared & archival,
        "shared generated": shared - archival,
        "ours archival": ours & archival,
    }
    print(
        "\nAnnotators against each other: core points, % of the first one's N'-Me'"
        "\n(two careful annotators of the archival photos: 1.5 %, 74 % within 1.7 %)"
    )
    print(f"  {'first':11s} {'second':8s} {'photos':17s} {'n':>4s} {'mean %':>8s} {'within':>7s}")
    for first, second in (
        ("shared", "blind 1"),
        ("shared", "blind 2"),
        ("blind 1", "blind 2"),
        ("ours 11-25", "blind 1"),
        ("ours 11-25", "blind 2"),
    ):
        for label, images in groups.items():
            d = np.array(agreement(sets[first], sets[second], images))
            if d.size:
                print(
                    f"  {first:11s} {second:8s} {label:17s} {d.size:4d} {d.mean():8.2f} "
                    f"{100 * np.mean(d <= PHOTO_LIMIT_PCT):6.0f}%"
                )


def _as_annotation(det: Detection) -> dict[str, object]:
    """Detected core points in the annotation files' terms, to compare the detector as one more
    annotator."""
    points = {}
    for key, label in CORE_PAIRS:
        p = det.landmarks.get(key)
        if p is not None:
            points[label] = [p.x, p.y]
    return {"points": points}


def _spread(
    sources: dict[str, dict[str, dict[str, object]]], images: set[str], annotators: set[str]
) -> tuple[int, dict[str, float]]:
    """Each source's own RMS error against the unknown true point, % of N'-Me', estimated from
    how far the sources lie from each other ("three-cornered hat"): for independent errors the
    mean squared distance between sources i and j is s_i + s_j, solved by least squares over
    every pair. Only points every source placed count; the reference length is the mean N'-Me'
    of the ``annotators``. Returns (points used, RMS per source; negative where the estimate of
    s_i came out below zero, which small samples allow)."""
    names = list(sources)
    diffs: dict[tuple[int, int], list[float]] = defaultdict(list)
    used = 0
    for img in sorted(images):
        if not all(img in sources[n] for n in names):
            continue
        pts = [sources[n][img]["points"] for n in names]
        refs = [
            math.dist(p["N"], p["Me"])  # type: ignore[index]
            for n, p in zip(names, pts, strict=True)
            if n in annotators and "N" in p and "Me" in p  # type: ignore[operator]
        ]
        if not refs:
            continue
        ref = float(np.mean(refs))
        for k in CORE_LABELS:
            if not all(k in p for p in pts):  # type: ignore[operator]
                continue
            used += 1
            for i in range(len(names)):
                for j in range(i + 1, len(names)):
                    d = math.dist(pts[i][k], pts[j][k]) / ref * 100  # type: ignore[index]
                    diffs[i, j].append(d * d)
    if not used:
        return 0, {}
    pairs = sorted(diffs)
    a = np.zeros((len(pairs), len(names)))
    b = np.array([np.mean(diffs[pr]) for pr in pairs])
    for r, (i, j) in enumerate(pairs):
        a[r, i] = a[r, j] = 1.0
    var = np.linalg.lstsq(a, b, rcond=None)[0]
    return used, {n: float(np.sign(v) * math.sqrt(abs(v))) for n, v in zip(names, var, strict=True)}


def _spread_table(
    sets: dict[str, dict[str, dict[str, object]]],
    detector: dict[str, dict[str, object]],
    archival: set[str],
) -> None:
    """How far each annotator, and the detector, lie from the true points, estimated from how far
    they lie from each other (see _spread): on the archival photos the shared annotators covered,
    and on those only we covered; with and without the detector as a fourth source."""
    print(
        "\nEach source's own RMS error, core points, % of N'-Me', estimated from how far the"
        "\nsources lie from each other (independent errors assumed; only points all placed)"
    )
    for label, first in (("shared archival", "shared"), ("ours archival", "ours 11-25")):
        images = set(sets[first]) & archival
        for with_detector in (False, True):
            sources = {first: sets[first], "blind 1": sets["blind 1"], "blind 2": sets["blind 2"]}
            if with_detector:
                sources["detector"] = detector
            used, rms = _spread(sources, images, {first, "blind 1", "blind 2"})
            if used:
                print(
                    f"  {label:16s} points {used:3d}  "
                    + "  ".join(f"{n} {v:5.2f}" for n, v in rms.items())
                )


def _like_for_like(
    sets: dict[str, dict[str, dict[str, object]]],
    detector: dict[str, dict[str, object]],
    archival: set[str],
) -> None:
    """The issue's yardstick taken literally: against each set of annotations, on the same
    measured photographs and points, how close the detector comes and how close each other
    annotator comes."""
    sources = {**sets, "detector": detector}
    print(
        "\nLike for like: against each set of annotations, on the measured photographs, the"
        "\ndetector and every other annotator (core points, % of the reference's N'-Me')"
    )
    print(f"  {'reference':11s} {'photos':9s} " + " ".join(f"{n:>18s}" for n in sources))
    for ref in sets:
        for label, images in (("all", set(detector)), ("archival", set(detector) & archival)):
            cells = []
            for other in sources:
                d = np.array(agreement(sources[ref], sources[other], images))
                ok = other != ref and d.size
                cells.append(
                    f"{d.size:4d} {d.mean():5.2f} {100 * np.mean(d <= PHOTO_LIMIT_PCT):4.0f}%"
                    if ok
                    else f"{'-':>18s}"
                )
            if any(c.strip() != "-" for c in cells):
                print(f"  {ref:11s} {label:9s} " + " ".join(f"{c:>18s}" for c in cells))


def _reference_table(
    dets: dict[str, Detection], refs: dict[str, dict[str, dict[str, object]]], archival: set[str]
) -> None:
    """The detector's core error on the measured photographs against each reference: the one
    used above (the shared annotations, else ours of 2026-11-25), each set alone, and the
    consensus (shared where it exists, else the mean of our passes)."""
    print("\nPhotographs measured, core points, against each reference (% of its own N'-Me')")
    print(
        f"  {'reference':24s} {'photos':9s} {'n':>4s} {'mean %':>8s} {'within':>7s} "
        f"{'flagged':>8s} {'silent':>7s} {'found: n, mean %':>17s}"
    )
    for name, ref in refs.items():
        for label, keep in (("all", set(dets)), ("archival", set(dets) & archival)):
            rows = []
            for img in sorted(keep & set(ref)):
                pts = _points(ref[img])
                if L.N in pts and L.ME in pts:
                    rows += [
                        (e, low) for k, e, low in _errors(dets[img], pts) if k in CORE_LANDMARKS
                    ]
            if not rows:
                continue
            e = np.array([r[0] for r in rows])
            low = np.array([r[1] for r in rows])
            silent = int(((e > PHOTO_LIMIT_PCT) & ~low).sum())
            found = e[~low]
            print(
                f"  {name:24s} {label:9s} {e.size:4d} {e.mean():8.2f} "
                f"{100 * np.mean(e <= PHOTO_LIMIT_PCT):6.0f}% {int(low.sum()):8d} {silent:7d} "
                f"{found.size:6d}, {found.mean() if found.size else float('nan'):6.2f}"
            )


def _source_table(
    by_source: dict[tuple[str, str], list[float]], photos: Counter[tuple[str, str]]
) -> None:
    """Core error of the measured photographs by who annotated them: the shared annotations.json
    or our own (tests/facial_profile/data/annotations-extra.json), and by folder."""
    print("\nPhotographs measured, core points, by who annotated them and folder")
    print(
        f"  {'annotations':12s} {'folder':10s} {'photos':>6s} {'n':>4s} {'mean %':>8s} {'within':>7s}"
    )
    for (who, where), v in sorted(by_source.items()):
        e = np.array(v)
        print(
            f"  {who:12s} {where:10s} {photos[who, where]:6d} {e.size:4d} {e.mean():8.2f} "
            f"{100 * np.mean(e <= PHOTO_LIMIT_PCT):6.0f}%"
        )


#: Points annotated on a steep stretch of the outline, where the skin's edge crosses the image row:
#: their distance from the strongest step along the row says how closely they follow the edge.
EDGE_POINTS = ("G", "N", "Prn", "Ls", "Li", "Pog")


def _edge_offsets(image: np.ndarray, annotation: dict[str, object]) -> list[tuple[str, float]]:
    """(landmark, signed distance from the annotated point to the photo's own edge, % of
    annotated N'-Me') for the points on steep stretches (EDGE_POINTS).

    LANDMARKS.md puts every point on the boundary between skin and background; the strongest
    grey-level step within 8 pixels along the point's row (image lightly blurred) stands for
    that boundary. Positive is into the background (in front of the face)."""
    points = annotation.get("points")
    if not isinstance(points, dict) or "N" not in points or "Me" not in points:
        return []
    grey = cv2.cvtColor(image, cv2.COLOR_RGB2GRAY).astype(np.float64)
    gx = np.abs(np.gradient(cv2.GaussianBlur(grey, (0, 0), 1.0), axis=1))
    sign = 1.0 if annotation.get("facing") == "right" else -1.0
    ref = math.dist(points["N"], points["Me"])
    out = []
    for key in EDGE_POINTS:
        if key in points:
            x, y = points[key]
            row, col = round(y), round(x)
            lo, hi = max(0, col - 8), min(gx.shape[1] - 1, col + 8)
            edge = lo + int(np.argmax(gx[row, lo : hi + 1]))
            out.append((key, 100 * sign * (x - edge) / ref))
    return out


def _edge_table(offsets: dict[str, dict[str, list[float]]]) -> None:
    """How far each set of annotations places its points from the photo's own edge, so that our
    own annotations can be judged against the shared ones, as a second annotator's."""
    print(
        "\nAnnotations: signed distance from each annotated point to the strongest edge in its row"
        "\n(% of annotated N'-Me'; + = in front of the edge, into the background)"
    )
    print(f"  {'annotations':12s} {'n':>4s} {'mean':>6s} {'mean |d|':>9s}  per point (mean)")
    for who, per in offsets.items():
        every = np.array([d for v in per.values() for d in v])
        if not every.size:
            continue
        detail = " ".join(f"{k}:{np.mean(per[k]):+.2f}" for k in EDGE_POINTS if per.get(k))
        print(
            f"  {who:12s} {every.size:4d} {every.mean():+6.2f} {np.abs(every).mean():9.2f}  {detail}"
        )


def _outline_table(dist: dict[L, list[float]]) -> None:
    """Per core point: how far the annotated point lies from the traced outline."""
    print(
        "\nPhotographs: annotated point to the traced outline (% of annotated N'-Me'), the error a"
        "\nperfect reading of the same outlines would have: the outline's share of the error above"
    )
    print(f"  {'point':6s} {'n':>4s} {'mean %':>10s} {'within 1.7%':>12s}")
    rows = [(k.value + "*", dist[k]) for k in ORDER if dist.get(k)]
    rows.append(("core*", [d for k in ORDER for d in dist.get(k, [])]))
    for label, found in rows:
        v = np.array(found)
        print(
            f"  {label:6s} {v.size:4d} {v.mean():10.2f} {100 * np.mean(v <= PHOTO_LIMIT_PCT):11.0f}%"
        )


def changed_photos(folder: Path) -> None:
    """The annotated modern photographs, each changed as in CHANGES, against the annotations
    moved with them: how stable the reading is, and whether a change makes a silent error."""
    ann = load_annotations(folder)
    errs: Errors = defaultdict(list)
    refused: Counter[str] = Counter()
    silent: list[str] = []
    files = sorted(p for p in (folder / "generated").glob("*.jpg") if p.name in ann)
    print(
        f"\nModern photographs changed: {len(files)} photos x {len(CHANGES)} changes "
        f"({', '.join(CHANGES)})"
    )
    for path in files:
        original = load_image(path)
        points = _points(ann[path.name])
        for label, change in CHANGES.items():
            img, m = change(original)
            pts = moved(points, m)
            try:
                det = detect_landmarks(img)
            except PhotoRefused as exc:
                refused[exc.code] += 1
                print(f"  {path.name:32s} {label:14s} refused: {exc.code}")
                continue
            for key, e, low in _errors(det, pts):
                errs[key].append((e, low))
                if e > PHOTO_LIMIT_PCT and not low:
                    silent.append(f"{path.name} {label}: {key.value} {e:.1f} %")
    print(
        f"  measured {len(files) * len(CHANGES) - sum(refused.values())}, "
        f"refused {sum(refused.values())}"
        + "".join(f"; refused {code}: {k}" for code, k in refused.most_common())
    )
    for line in silent:
        print(f"  silent: {line}")
    _table(
        "Modern photographs changed: radial error (% of N'-Me', moved with the photo)",
        errs,
        "%",
        PHOTO_LIMIT_PCT,
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="skip the 12 MP fixtures")
    ap.add_argument("--no-photos", action="store_true")
    ap.add_argument(
        "--photos",
        type=Path,
        default=Path(os.environ.get("FP_PHOTOS", ROOT.parent / "shared/data/lateral-photos")),
    )
    args = ap.parse_args()
    cv2.setNumThreads(1)
    synthetic(args.quick)
    if not args.no_photos and args.photos.exists():
        mirrored_photos(args.photos, photos(args.photos))
        changed_photos(args.photos)


if __name__ == "__main__":
    main()
