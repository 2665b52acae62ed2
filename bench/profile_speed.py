#!/usr/bin/env python3
"""Speed and memory of facial_profile.detect_landmarks on one core.

Each size runs in its own subprocess, so ru_maxrss is that size's own peak. Reports the median
wall time over several runs, the peak of Python-tracked allocations (tracemalloc: numpy arrays,
not OpenCV's internal buffers) and the process's peak resident memory (ru_maxrss, which includes
the interpreter, numpy, OpenCV and the input image itself).

The test photo is drawn in a separate process and passed as a .npy file. The second table is a
photo on a cluttered background, which goes through the learned segmentation (ADR 0104): an
archival scan from ../shared/data/lateral-photos (FP_PHOTOS overrides), resized. The last line
times every archival scan resized to 1 MP (a median for each), since scans
take different paths (some are refused early, some try both segmentations).

Usage: bench/profile_speed [--runs N] [--sizes 1,12]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


SCAN = "realface/7288256-3-side-0.jpg"


def photos_folder() -> Path:
    return Path(os.environ.get("FP_PHOTOS", ROOT.parent / "shared/data/lateral-photos"))


def draw(megapixels: float, path: str, kind: str) -> None:
    """Make the test photo and save it (in its own process, so drawing memory is not counted)."""
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import numpy as np

    if kind == "scan":
        import cv2

        from facial_profile.io import load_image
        from tests.facial_profile.synth import image_size

        w, h = image_size(megapixels)
        scan = load_image(photos_folder() / SCAN)
        np.save(path, cv2.resize(scan, (w, h), interpolation=cv2.INTER_CUBIC))
        return
    from tests.facial_profile.synth import FaceShape, Scene, render

    np.save(path, render(FaceShape(), Scene(megapixels=megapixels, seed=1)).image)


def one_core() -> None:
    """Set up this (sub)process to run the detector on one core, from the source tree."""
    os.environ["OMP_NUM_THREADS"] = "1"
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    import cv2

    cv2.setNumThreads(1)


def timed(call: Callable[[], object], runs: int) -> list[float]:
    """Seconds for each of ``runs`` calls, after one warm-up call (imports, caches)."""
    import time

    call()
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return times


def one(path: str, runs: int) -> dict[str, float]:
    """Measure one image in this process (called in a subprocess)."""
    one_core()
    import resource
    import statistics
    import tracemalloc

    import numpy as np

    from facial_profile.detect import detect_landmarks

    image = np.load(path)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    times = timed(lambda: detect_landmarks(image), runs)
    tracemalloc.start()
    detect_landmarks(image)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "megapixels": image.shape[0] * image.shape[1] / 1e6,
        "width": float(image.shape[1]),
        "height": float(image.shape[0]),
        "median_ms": 1000 * statistics.median(times),
        "min_ms": 1000 * min(times),
        "traced_peak_mb": peak / 2**20,
        "rss_before_mb": rss_before,
        "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
    }


def every_scan(megapixels: float, runs: int) -> list[dict[str, object]]:
    """Every archival scan resized to ``megapixels``: median time and outcome (in a subprocess)."""
    one_core()
    import statistics

    import cv2

    from facial_profile.detect import detect_landmarks
    from facial_profile.io import load_image
    from facial_profile.types import ImageArray, ProfileError

    def detect(image: ImageArray) -> str:
        try:
            detect_landmarks(image)
        except ProfileError as exc:
            return exc.code
        return "measured"

    out: list[dict[str, object]] = []
    for path in sorted((photos_folder() / "realface").glob("*.jpg")):
        scan = load_image(path)
        s = (megapixels * 1e6 / (scan.shape[0] * scan.shape[1])) ** 0.5
        size = (round(scan.shape[1] * s), round(scan.shape[0] * s))
        image = cv2.resize(scan, size, interpolation=cv2.INTER_CUBIC)
        times = timed(partial(detect, image), runs)
        out.append(
            {"name": path.name, "ms": 1000 * statistics.median(times), "outcome": detect(image)}
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    ap.add_argument("--sizes", default="1,12", help="megapixels, comma-separated")
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--draw", nargs=3, help=argparse.SUPPRESS)
    ap.add_argument("--every-scan", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.every_scan:
        print(json.dumps(every_scan(1.0, args.runs)))
        return
    if args.draw:
        draw(float(args.draw[0]), args.draw[1], args.draw[2])
        return
    if args.one is not None:
        print(json.dumps(one(args.one, args.runs)))
        return
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    tables = [("synthetic", "synthetic profile photo, plain backdrop")]
    if (photos_folder() / SCAN).is_file():
        tables.append(("scan", f"archival scan {SCAN} resized: cluttered, learned segmentation"))
    for kind, title in tables:
        print(f"detect_landmarks on one core (cv2.setNumThreads(1)), {title}")
        print(
            f"{'size':>8s} {'pixels':>11s} {'median':>9s} {'min':>9s} {'traced peak':>12s} "
            f"{'max RSS':>9s}"
        )
        for mp in (float(s) for s in args.sizes.split(",")):
            path = os.path.join(tempfile.gettempdir(), f"profile_speed_{kind}_{mp:g}mp.npy")
            subprocess.run(
                [sys.executable, __file__, "--draw", str(mp), path, kind], env=env, check=True
            )
            out = subprocess.run(
                [sys.executable, __file__, "--one", path, "--runs", str(args.runs)],
                capture_output=True,
                text=True,
                env=env,
                check=True,
            )
            os.unlink(path)
            r = json.loads(out.stdout.strip().splitlines()[-1])
            print(
                f"{mp:6.1f}MP {int(r['width']):>5d}x{int(r['height']):<5d} {r['median_ms']:7.0f}ms "
                f"{r['min_ms']:7.0f}ms {r['traced_peak_mb']:10.0f}MB {r['maxrss_mb']:7.0f}MB "
                f"(before: {r['rss_before_mb']:.0f}MB)"
            )
    if (photos_folder() / "realface").is_dir():
        out = subprocess.run(
            [sys.executable, __file__, "--every-scan", "--runs", str(args.runs)],
            capture_output=True,
            text=True,
            env=env,
            check=True,
        )
        scans = json.loads(out.stdout.strip().splitlines()[-1])
        ms = sorted(float(r["ms"]) for r in scans)
        slow = max(scans, key=lambda r: float(r["ms"]))
        measured = sum(r["outcome"] == "measured" for r in scans)
        print(
            f"Every archival scan resized to 1 MP ({len(scans)}; {measured} measured, the rest "
            "refused): median of the medians"
        )
        print(
            f"  {ms[len(ms) // 2]:.0f} ms; fastest {ms[0]:.0f} ms; slowest {ms[-1]:.0f} ms "
            f"({slow['name']}, {slow['outcome']})"
        )
    print("max RSS: whole process (interpreter, numpy, OpenCV, the decoded image); 'before' is")
    print("the same process with the image loaded, before the first detection.")


if __name__ == "__main__":
    main()
