"""Is the store reachable right now? A light probe (``GET /v1/health``) with backoff.

The status bar must not say "Last synced just now" while the store is down: the UI calls
`Reachability.probe()` on a worker every few seconds (it returns the delay until the next
probe: `ONLINE_EVERY` while the store answers, then `FIRST_RETRY`, doubling up to
`MAX_RETRY` while it does not). A failed probe puts the sync status to OFFLINE (with the
moment it became unreachable); the first answer after that puts it back to IDLE, keeping
the last sync time. A sync in progress is left alone (it reports for itself).

Threading: `probe` does network I/O; call it from a worker, one probe at a time.
"""

from __future__ import annotations

from sync.client import StoreClient
from sync.status import StatusBoard, SyncState

ONLINE_EVERY = 15.0  # seconds between probes while the store answers
FIRST_RETRY = 2.0
MAX_RETRY = 60.0
PROBE_TIMEOUT = 3.0


class Reachability:
    def __init__(self, client: StoreClient, board: StatusBoard) -> None:
        self.client = client
        self.board = board
        self._retry = FIRST_RETRY
        self.reachable: bool | None = None  # None: not probed yet

    def probe(self) -> float:
        """Probe once; update the status; return the seconds until the next probe."""
        ok = self.client.health(timeout=PROBE_TIMEOUT)
        self.reachable = ok
        state = self.board.current.state
        if ok:
            self._retry = FIRST_RETRY
            if state is SyncState.OFFLINE:
                self.board.idle()
            return ONLINE_EVERY
        delay = self._retry
        self._retry = min(self._retry * 2, MAX_RETRY)
        if state is not SyncState.SYNCING:
            self.board.offline(f"The store at {self.client.base_url} could not be reached.",
                               retry_in=delay)
        return delay
