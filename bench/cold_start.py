"""Cold start of the desktop app to its first paint, next to a bare QMainWindow baseline.

Each run is a fresh Python process (cold interpreter, empty data folder). The clock runs
from just before the process is spawned to the moment it prints "first-paint" — which the
app does from an event filter when the main window receives its first paint event
(`SATCHEL_REPORT_FIRST_PAINT=1`). The baseline process imports PySide6.QtWidgets, creates a
QApplication and shows an empty QMainWindow, reporting its first paint the same way.
The app's services (database, embedded demo store) start after the first paint and are not
part of the figure. Target: app median under 0.6 s.

    python bench/cold_start.py [--runs 7]

Uses the offscreen platform unless a display is available (QT_QPA_PLATFORM overrides).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 0.6

BASELINE = """
import sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv)
win = QMainWindow()
win.resize(1180, 760)
class Watcher(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is win:
            print("first-paint", flush=True)
            win.removeEventFilter(self)
        return False
w = Watcher()
win.installEventFilter(w)
win.show()
app.exec()
"""


def time_to_paint(cmd: list[str], env: dict[str, str], timeout: float = 60.0) -> float:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    try:
        assert proc.stdout is not None
        deadline = start + timeout
        for line in proc.stdout:
            if line.strip() == "first-paint":
                return time.perf_counter() - start
            if time.perf_counter() > deadline:
                break
        raise RuntimeError(f"{cmd[-1]!r} never reported its first paint")
    finally:
        proc.kill()
        proc.wait()
        if proc.stdout is not None:
            proc.stdout.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    env = dict(os.environ)
    if "QT_QPA_PLATFORM" not in env and not env.get("DISPLAY") and not env.get(
            "WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    env["SATCHEL_REPORT_FIRST_PAINT"] = "1"
    results: dict[str, list[float]] = {"baseline": [], "satchel": []}
    time_to_paint([sys.executable, "-c", BASELINE], env)  # warm the OS file cache once
    for _ in range(args.runs):
        results["baseline"].append(time_to_paint([sys.executable, "-c", BASELINE], env))
        with tempfile.TemporaryDirectory(prefix="satchel-bench-") as home:
            app_env = dict(env, SATCHEL_HOME=home)
            results["satchel"].append(
                time_to_paint([sys.executable, "-m", "ui.main"], app_env))
    print(f"cold start to first paint, {args.runs} runs each "
          f"(platform: {env.get('QT_QPA_PLATFORM', 'default')})")
    print(f"{'':28}{'median':>9}{'min':>9}{'max':>9}")
    for name, label in (("baseline", "bare QMainWindow baseline"), ("satchel", "Satchel")):
        xs = results[name]
        print(f"{label:28}{statistics.median(xs):8.3f}s{min(xs):8.3f}s{max(xs):8.3f}s")
    app = statistics.median(results["satchel"])
    base = statistics.median(results["baseline"])
    verdict = "meets" if app < TARGET_S else "MISSES"
    print(f"Satchel costs {app - base:+.3f} s over the baseline; {verdict} the "
          f"{TARGET_S:.1f} s target.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
