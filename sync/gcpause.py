"""Pausing Python's cyclic garbage collector around batch work (a 5,000-event push or pull
page, a 100k-event import), shared by the app and the store.

Building such a batch allocates ~10 objects per row; with 100k rows the collector's full
passes otherwise cost more than the work itself. The rows hold no reference cycles, so
nothing collectable piles up meanwhile. Thread-safe: the collector is off while at least one
thread is inside `gc_paused` and back on (if it was on) when the last one leaves.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_depth = 0
_was_enabled = False


@contextmanager
def gc_paused() -> Iterator[None]:
    global _depth, _was_enabled
    with _lock:
        if _depth == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _was_enabled:
                gc.enable()
