"""Sync status for the UI: idle, syncing, offline, error (with a plain reason), last synced.

`StatusBoard` holds the current `SyncStatus` and calls every listener with each new value.
Listeners run on the thread that changed the status (the sync worker), never the GUI thread:
a Qt adapter must forward them with a queued signal. A listener that raises is logged and
does not stop the others. `StatusBoard` is safe to use from any thread.
"""

from __future__ import annotations

import enum
import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

log = logging.getLogger(__name__)


class SyncState(enum.Enum):
    IDLE = "idle"
    SYNCING = "syncing"
    OFFLINE = "offline"
    ERROR = "error"


@dataclass(frozen=True)
class SyncStatus:
    """One snapshot. ``reason`` is a plain message for OFFLINE and ERROR, else None.

    ``step`` names what SYNCING is doing ("sending your progress", ...); ``retry_in`` is the
    seconds until the auto-sync loop tries again after OFFLINE or ERROR (None when unknown).
    ``offline_since`` is when the store stopped answering (OFFLINE only).
    """

    state: SyncState = SyncState.IDLE
    reason: str | None = None
    last_synced: datetime | None = None
    step: str | None = None
    retry_in: float | None = None
    offline_since: datetime | None = None


StatusListener = Callable[[SyncStatus], None]


class StatusBoard:
    """The current status plus its listeners."""

    def __init__(self, initial: SyncStatus | None = None) -> None:
        self._lock = threading.Lock()
        self._status = initial or SyncStatus()
        self._listeners: list[StatusListener] = []

    @property
    def current(self) -> SyncStatus:
        with self._lock:
            return self._status

    def subscribe(self, listener: StatusListener) -> Callable[[], None]:
        """Add a listener; returns a function that removes it."""
        with self._lock:
            self._listeners.append(listener)

        def cancel() -> None:
            with self._lock:
                if listener in self._listeners:
                    self._listeners.remove(listener)

        return cancel

    def _publish(self, status: SyncStatus) -> None:
        with self._lock:
            self._status = status
            listeners = list(self._listeners)
        for listener in listeners:
            try:
                listener(status)
            except Exception:
                log.exception("sync status listener %r failed", listener)

    def syncing(self, step: str) -> None:
        self._publish(replace(self.current, state=SyncState.SYNCING, step=step, reason=None,
                              retry_in=None))

    def idle(self, synced_at: datetime | None = None) -> None:
        last = synced_at or self.current.last_synced
        self._publish(SyncStatus(SyncState.IDLE, None, last, None, None))

    def offline(self, reason: str, retry_in: float | None = None) -> None:
        now = self.current  # an outage lasts until a sync or a probe succeeds (idle)
        self._publish(SyncStatus(SyncState.OFFLINE, reason, now.last_synced, None, retry_in,
                                 now.offline_since or datetime.now(UTC)))

    def error(self, reason: str, retry_in: float | None = None) -> None:
        self._publish(SyncStatus(SyncState.ERROR, reason, self.current.last_synced, None,
                                 retry_in))

    def retry_in(self, seconds: float) -> None:
        """Annotate the current OFFLINE/ERROR status with when the next attempt happens."""
        self._publish(replace(self.current, retry_in=seconds))
