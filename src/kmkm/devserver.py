"""`make run`: the web server and the background worker together, stopped together.

Serves http://127.0.0.1:8000 with Django's server (fine for one person trying the demo) and runs
the database-backed task worker beside it, so booking emails and reminders are really sent (to
files under var/mail/ unless EMAIL_URL is set).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

MANAGE = str(Path(__file__).resolve().parents[1] / "manage.py")


def main() -> int:
    address = os.environ.get("RUN_ADDRESS", "127.0.0.1:8000")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    worker_cmd = [sys.executable, MANAGE, "db_worker", "--interval", "1", "--verbosity", "0"]
    worker = subprocess.Popen(worker_cmd, env=env)  # noqa: S603
    web_cmd = [sys.executable, MANAGE, "runserver", address, "--noreload", "--nostatic"]
    web = subprocess.Popen(web_cmd, env=env)  # noqa: S603
    print(f"\nKMKM is running at http://{address}/ (press Ctrl+C to stop)\n", flush=True)
    children = [web, worker]
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGINT)
        for child in children:
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
    return max((child.returncode or 0) for child in children)


if __name__ == "__main__":
    raise SystemExit(main())
