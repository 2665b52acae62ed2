"""Command line: ``facial-profile analyse PHOTO [--sex ...] [--scale ...] [--point ...] --out DIR``.

Writes result.json, overlay.svg, overlay.png and report.html into DIR. A photo that cannot be
measured honestly, or bad input, gives a plain message on stderr and a non-zero exit status
(never a traceback): 2 for bad arguments, 3 for an unreadable image, 4 for a refused photo,
1 for a fault in the software itself. Coordinates are pixels of the photo as shown upright (after
its EXIF orientation is applied), x to the right, y downwards.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from facial_profile.analyse import Assessment, TrueVertical, analyse
from facial_profile.norms import Sex
from facial_profile.types import (
    Calibration,
    ImageLoadError,
    InvalidInputError,
    L,
    PhotoRefused,
    ProfileError,
)

EXIT_FAULT = 1
EXIT_BAD_INPUT = 2
EXIT_UNREADABLE = 3
EXIT_REFUSED = 4


def _floats(text: str, n: int, what: str) -> list[float]:
    parts = text.split(",")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        values = []
    if len(values) != n:
        raise InvalidInputError(f"{what} needs {n} numbers separated by commas, got {text!r}.")
    return values


def parse_scale(text: str) -> Calibration:
    x1, y1, x2, y2, mm = _floats(text, 5, "--scale")
    cal = Calibration((x1, y1), (x2, y2), mm)
    cal.mm_per_px  # noqa: B018 - validates the two points and the length now, with a clear message
    return cal


def parse_point(text: str) -> tuple[L, tuple[float, float]]:
    key, sep, rest = text.partition("=")
    if not sep:
        raise InvalidInputError(f"--point needs KEY=X,Y (for example Tr=120,340), got {text!r}.")
    try:
        lk = L(key.strip())
    except ValueError:
        known = ", ".join(k.value for k in L)
        raise InvalidInputError(
            f"Unknown landmark {key!r} in --point; known keys: {known}."
        ) from None
    x, y = _floats(rest, 2, f"--point {key}")
    return lk, (x, y)


def parse_vertical(text: str) -> TrueVertical:
    x1, y1, x2, y2 = _floats(text, 4, "--vertical")
    if (x1, y1) == (x2, y2):
        raise InvalidInputError("--vertical needs two different points.")
    return TrueVertical((x1, y1), (x2, y2))


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="facial-profile",
        description="Measure a side-profile photo and explain it. Coordinates are pixels of the "
        "photo as shown upright, x to the right, y downwards.",
    )
    sub = p.add_subparsers(dest="command", required=True)
    a = sub.add_parser("analyse", help="analyse one lateral photo")
    a.add_argument("photo", help="JPEG, PNG or HEIC file of a side profile on a plain backdrop")
    a.add_argument("--sex", choices=["female", "male"], help="selects sex-specific norms")
    a.add_argument(
        "--scale",
        metavar="X1,Y1,X2,Y2,MM",
        help="two image points on a marker in the plane of the face, and its length in mm",
    )
    a.add_argument(
        "--point",
        action="append",
        default=[],
        metavar="KEY=X,Y",
        help="place or correct a landmark by hand (e.g. Tr=120,340); repeat as needed",
    )
    a.add_argument(
        "--vertical",
        metavar="X1,Y1,X2,Y2",
        help="a truly vertical line in the photo, upper point first",
    )
    a.add_argument("--out", required=True, help="folder to write the results into")
    return p


def run_analyse(args: argparse.Namespace) -> int:
    from facial_profile.io import load_image
    from facial_profile.overlay import render_jpeg, render_png, render_svg
    from facial_profile.report import render_html, result_json

    calibration = parse_scale(args.scale) if args.scale else None
    vertical = parse_vertical(args.vertical) if args.vertical else None
    manual = dict(parse_point(t) for t in args.point)
    sex: Sex | None = args.sex
    photo = Path(args.photo)
    image = load_image(photo)
    assessment = analyse(
        image, sex=sex, calibration=calibration, manual=manual or None, vertical=vertical
    )
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    png = render_png(image, assessment)
    (out / "result.json").write_text(result_json(assessment, source=photo.name), "utf-8")
    (out / "overlay.svg").write_text(render_svg(image, assessment), "utf-8")
    (out / "overlay.png").write_bytes(png)
    face = render_jpeg(image, assessment, crop_to_face=True)
    html = render_html(assessment, face, title=photo.name, mime="image/jpeg")
    (out / "report.html").write_text(html, "utf-8")
    print(f"Wrote result.json, overlay.svg, overlay.png and report.html to {out}")
    print(summary(assessment))
    return 0


def summary(assessment: Assessment) -> str:
    """What the terminal says after an analysis: the facing, the scale, what to check by eye
    and why, the warnings, what the rules noticed, and the closing statement (the report has the
    measures and the suggestions)."""
    from facial_profile.report import flagged_points

    a = assessment
    scale = (
        "calibrated"
        if a.scale.kind == "mm"
        else "no scale marker: distances as % of N\u2032\u2013Me\u2032, millimetres estimated"
    )
    lines = [f"Facing {a.landmarks.facing.value}; {scale}."]
    flagged = flagged_points(a.landmarks)
    if flagged.points:
        shared = "; for all of them, " + "; ".join(flagged.shared) if flagged.shared else ""
        lines.append(f"Check these points by eye before use{shared}:")
        for label, own in flagged.points:
            lines.append(f"  {label}" + (": " + "; ".join(own) if own else ""))
    else:
        lines.append(
            "No point is flagged low confidence; look at the overlay before relying on them."
        )
    lines.extend(f"Note: {w}" for w in a.warnings)
    lines.extend(f"Rule {f.rule}: {f.message}" for f in a.triage.findings)
    lines.append(a.triage.closing)
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "analyse":
            return run_analyse(args)
    except PhotoRefused as exc:
        # analyse() says which points a refused photo needs placed by hand; here is how.
        print(
            f"facial-profile: photo refused ({exc.code}): {exc.message} Give each point with "
            "--point KEY=X,Y.",
            file=sys.stderr,
        )
        return EXIT_REFUSED
    except ImageLoadError as exc:
        print(f"facial-profile: cannot read the image: {exc.message}", file=sys.stderr)
        return EXIT_UNREADABLE
    except (InvalidInputError, ProfileError) as exc:
        print(f"facial-profile: {exc.message}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except OSError as exc:
        print(f"facial-profile: {exc.strerror or exc}: {exc.filename or ''}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a fault in this software: say so plainly, without a traceback
        print(
            f"facial-profile: unexpected error ({type(exc).__name__}: {exc}). This is a fault "
            "in the software, not in your photo; please report it with the photo if you can.",
            file=sys.stderr,
        )
        return EXIT_FAULT
    parser.error(f"unknown command {args.command!r}")
    return EXIT_BAD_INPUT
