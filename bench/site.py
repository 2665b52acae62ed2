"""Driver for bench/site. Never run as a test."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"
DB = "kmkm_bench_site"
URLS = {
    "home": "/",
    "journal index": "/journal/",
    "article": "/journal/what-is-profile-balancing/",
}


def sh(
    *args: str, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, env=env, check=check, capture_output=True, text=True)


def ensure_tools() -> None:
    if shutil.which("wrk") is None:
        print("Installing wrk (Debian package)...", flush=True)
        sh("apt-get", "install", "-y", "-qq", "wrk")
    if sh("redis-cli", "ping", check=False).stdout.strip() != "PONG":
        sh(
            "redis-server",
            "--daemonize",
            "yes",
            "--bind",
            "127.0.0.1",
            "--port",
            "6379",
            "--save",
            "",
            "--appendonly",
            "no",
        )
        time.sleep(1)


def wrk(url: str, seconds: int) -> tuple[float, float, float]:
    out = sh("wrk", "-t2", "-c20", f"-d{seconds}s", "--latency", url).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]

    def pct(p: str) -> float:
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()  # type: ignore[union-attr]
        return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{out}")
    return rps, pct("50"), pct("99")


def main() -> int:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    ensure_tools()
    var = Path(tempfile.mkdtemp(prefix="kmkm-bench-site-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{DB}",
        "REDIS_URL": "redis://127.0.0.1:6379/3",
        "VAR_DIR": str(var),
        "SITE_URL": BASE,
        "DEBUG": "0",
        "SERVER_LOG_LEVEL": "ERROR",
        "LOG_LEVEL": "WARNING",
    }
    py = str(ROOT / ".venv" / "bin" / "python")
    manage = str(ROOT / "src" / "manage.py")
    sh("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB)
    sh("createdb", "-h", "127.0.0.1", "-U", "postgres", DB)
    print("Preparing: migrate, demo clinic, static files...", flush=True)
    sh(py, manage, "migrate", "--noinput", env=env)
    sh(py, manage, "load_demo_clinic", env=env)
    sh(py, manage, "collectstatic", "--noinput", env=env)
    sh("redis-cli", "-n", "3", "flushdb")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "kmkm.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--chdir",
            str(ROOT / "src"),
            "--access-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(60):
            try:
                urllib.request.urlopen(f"{BASE}/healthz", timeout=1)  # noqa: S310
                break
            except OSError:
                time.sleep(0.5)
        for path in URLS.values():  # warm the cache and the renditions
            for _ in range(3):
                urllib.request.urlopen(f"{BASE}{path}", timeout=30).read()  # noqa: S310
        print(
            f"\ngunicorn 2 workers, PostgreSQL, Redis page cache; wrk 2 threads, 20 connections, {seconds}s per URL"
        )
        print(f"{'page':<16}{'requests/s':>12}{'p50 ms':>10}{'p99 ms':>10}")
        for name, path in URLS.items():
            rps, p50, p99 = wrk(f"{BASE}{path}", seconds)
            print(f"{name:<16}{rps:>12.0f}{p50:>10.2f}{p99:>10.2f}", flush=True)
        print("\nGoal: article >= 1,000 requests/s with p99 < 50 ms on this 2-core machine.")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=20)
        shutil.rmtree(var, ignore_errors=True)
        sh("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", DB, check=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
