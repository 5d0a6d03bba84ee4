"""GUI-thread watchdog: logs a warning whenever the event loop is blocked longer than a limit.

A `QTimer` on the GUI thread stamps a heartbeat every few milliseconds; a plain Python thread
checks the stamp and, when it is older than ``limit_ms``, logs a warning with the GUI
thread's current stack (so the slow call can be found) and records the block. Used as a test
helper (``GuiWatchdog`` in a ``with`` block, then assert on ``blocks``) and, with
``SATCHEL_WATCHDOG=1``, in the running app.

Threading: create, start and stop it on the GUI thread; ``blocks`` is appended by the
checker thread under a lock and is safe to read after `stop()`.
"""

from __future__ import annotations

import logging
import sys
import threading
import time
import traceback
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer

log = logging.getLogger("satchel.watchdog")


@dataclass(frozen=True)
class Block:
    duration_ms: float
    stack: str

    def in_our_code(self) -> bool:
        """True when the GUI thread's innermost Python frame was Satchel code (ui/, app/).

        A stall whose innermost frame is Qt's event loop (``exec``/``processEvents``/a
        test's ``wait``) means the thread was waiting for the CPU or for the GIL held by
        another thread, not busy with one of our calls."""
        frames = [line.strip() for line in self.stack.splitlines()
                  if line.lstrip().startswith("File ")]
        if not frames:
            return False
        innermost = frames[-1]
        ours = ("/ui/" in innermost or "/app/" in innermost) and "/tests/" not in innermost
        return ours and "watchdog.py" not in innermost


class GuiWatchdog(QObject):
    """Detects event-loop stalls longer than ``limit_ms`` (default 50 ms)."""

    def __init__(
        self, limit_ms: float = 50.0, tick_ms: int = 5, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self.limit_ms = limit_ms
        self.blocks: list[Block] = []
        self._lock = threading.Lock()
        self._beat = time.monotonic()
        self._timer = QTimer(self)
        self._timer.setInterval(tick_ms)
        self._timer.timeout.connect(self._tick)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._gui_ident = threading.get_ident()

    def _tick(self) -> None:
        self._beat = time.monotonic()

    def start(self) -> GuiWatchdog:
        self._gui_ident = threading.get_ident()
        self._beat = time.monotonic()
        self._stop.clear()
        self._timer.start()
        self._thread = threading.Thread(target=self._watch, name="gui-watchdog", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._timer.stop()
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None

    def __enter__(self) -> GuiWatchdog:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def longest_ms(self) -> float:
        with self._lock:
            return max((b.duration_ms for b in self.blocks), default=0.0)

    def _watch(self) -> None:
        blocked_since: float | None = None
        stack = ""
        while not self._stop.wait(0.005):
            beat = self._beat
            lag_ms = (time.monotonic() - beat) * 1000
            if lag_ms > self.limit_ms:
                if blocked_since != beat:
                    blocked_since = beat
                    frame = sys._current_frames().get(self._gui_ident)
                    stack = "".join(traceback.format_stack(frame)) if frame else ""
            elif blocked_since is not None:
                # the loop came back: record how long the stall lasted
                duration = (self._beat - blocked_since) * 1000
                self._record(duration, stack)
                blocked_since = None
        if blocked_since is not None:
            self._record((time.monotonic() - blocked_since) * 1000, stack)

    def _record(self, duration_ms: float, stack: str) -> None:
        with self._lock:
            self.blocks.append(Block(duration_ms, stack))
        log.warning(
            "GUI thread blocked for %.0f ms (limit %.0f ms); it was in:\n%s",
            duration_ms, self.limit_ms, stack,
        )
