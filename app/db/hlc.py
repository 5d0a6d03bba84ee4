"""Hybrid logical clock (HLC) for last-writer-wins merges of mutable records.

A timestamp is ``(wall_ms, counter, node)``: wall-clock milliseconds, a counter that orders
events within the same millisecond (or while the wall clock stands still or goes backwards),
and the node (device) id that breaks ties. Timestamps are totally ordered by that tuple.
:meth:`Timestamp.encode` writes the sync protocol's one stamp spelling
(`sync.protocol.format_hlc`: ``<13-digit wall ms>-<6-digit counter>-<node>``, zero-padded
decimal); its plain string order is the clock order, so the database can compare them and
take their ``max()`` as text, and the same text goes on the wire unchanged. Node ids are 1-64
characters of ``A-Z a-z 0-9 _ . -``.

:func:`tick` and :func:`receive` are pure. :class:`HybridLogicalClock` wraps them with the
last issued timestamp and a lock, so one clock may be shared by all threads of the app.
Seed it with the greatest timestamp already stored (``HybridLogicalClock(node, last=...)``)
so it stays monotonic across restarts even when the wall clock was set back.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from sync.protocol import (
    HLC_MAX_COUNTER,
    HLC_MAX_WALL_MS,
    HLC_PATTERN,
    check_hlc_node,
    format_hlc,
    parse_hlc,
)

MAX_WALL_MS = HLC_MAX_WALL_MS  # the year 2286
MAX_COUNTER = HLC_MAX_COUNTER
_ENCODED_RE = re.compile(HLC_PATTERN)


@dataclass(frozen=True, order=True, slots=True)
class Timestamp:
    """One HLC reading; ordered by (wall_ms, counter, node)."""

    wall_ms: int
    counter: int
    node: str

    def __post_init__(self) -> None:
        if not 0 <= self.wall_ms <= MAX_WALL_MS:
            raise ValueError(f"HLC wall time out of range: {self.wall_ms}")
        if not 0 <= self.counter <= MAX_COUNTER:
            raise ValueError(f"HLC counter out of range: {self.counter}")
        check_hlc_node(self.node)

    def encode(self) -> str:
        """``<13-digit wall ms>-<6-digit counter>-<node>``; string order equals clock order."""
        return format_hlc(self.wall_ms, self.counter, self.node)

    @classmethod
    def decode(cls, text: str) -> Timestamp:
        """Parse :meth:`encode` output (exactly; no other spelling); ValueError otherwise."""
        if _ENCODED_RE.fullmatch(text) is None:
            raise ValueError(f"not an HLC timestamp: {text[:120]!r}")
        return cls(*parse_hlc(text))

    def __str__(self) -> str:
        return self.encode()


def _next_after(wall_ms: int, counter: int, node: str) -> Timestamp:
    """(wall_ms, counter + 1), carrying into the wall time if the counter is exhausted."""
    if counter >= MAX_COUNTER:
        return Timestamp(wall_ms + 1, 0, node)
    return Timestamp(wall_ms, counter + 1, node)


def tick(last: Timestamp | None, physical_ms: int, node: str) -> Timestamp:
    """The timestamp for a local event: greater than ``last``, close to ``physical_ms``."""
    physical_ms = max(physical_ms, 0)
    if last is None or physical_ms > last.wall_ms:
        return Timestamp(physical_ms, 0, node)
    return _next_after(last.wall_ms, last.counter, node)


def receive(last: Timestamp | None, remote: Timestamp, physical_ms: int, node: str) -> Timestamp:
    """The timestamp after seeing ``remote``: greater than both ``last`` and ``remote``."""
    physical_ms = max(physical_ms, 0)
    # The greater known reading; on equal wall times it also has the greater counter.
    known = last if last is not None and last > remote else remote
    if physical_ms > known.wall_ms:
        return Timestamp(physical_ms, 0, node)
    return _next_after(known.wall_ms, known.counter, node)


def system_ms() -> int:
    """Wall-clock milliseconds since the Unix epoch."""
    return time.time_ns() // 1_000_000


class HybridLogicalClock:
    """A thread-safe HLC for one node (use the device id as ``node``)."""

    def __init__(
        self,
        node: str,
        *,
        last: Timestamp | None = None,
        physical: Callable[[], int] = system_ms,
    ) -> None:
        Timestamp(0, 0, node)  # validates the node id
        self._node = node
        self._last = last
        self._physical = physical
        self._lock = threading.Lock()

    @property
    def node(self) -> str:
        return self._node

    @property
    def last(self) -> Timestamp | None:
        """The last timestamp this clock issued (or was seeded with)."""
        return self._last

    def now(self) -> Timestamp:
        """A new timestamp for a local change, greater than every earlier one."""
        with self._lock:
            self._last = tick(self._last, self._physical(), self._node)
            return self._last

    def update(self, remote: Timestamp | str) -> Timestamp:
        """Merge a timestamp seen from another device; returns one greater than both."""
        if isinstance(remote, str):
            remote = Timestamp.decode(remote)
        with self._lock:
            self._last = receive(self._last, remote, self._physical(), self._node)
            return self._last
