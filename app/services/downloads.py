"""Course downloads with pause, resume, cancel and retry, one transfer per course.

`Transfers` runs each download on a `sync.downloads.DownloadQueue` (its own worker threads)
through `SyncEngine.download_course`, so every byte is checked against the bundle's sha256
before the course becomes "available offline". Per course:

* `start(course_id)` — download, or resume a paused or failed one from the bytes already on
  disk (also after a restart: the partial file is kept next to the final one);
* `pause(course_id)` — stop and keep the partial file; `resume` = `start`;
* `cancel(course_id)` — stop and delete the partial file (works offline: a transfer that is
  not running is cleaned up locally, without asking the store);
* `states()` — what the Library shows: running (bytes, rate, ETA), paused (bytes kept) or
  failed (a plain message: damaged download, full disk, store unreachable).

Events on the bus: `DownloadProgressed` (at most every 0.1 s while running) and
`DownloadFinished` with the outcome ("completed", "paused", "cancelled", "failed") and, for a
failure, the plain message and its kind ("corrupt", "disk_full", "offline", "error").

Threading: `start`/`pause`/`cancel`/`states` are safe from any thread and return at once
(`cancel` of a transfer that is not running deletes a file and writes one row); `wait` blocks.
Events are emitted on the download threads.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import select

from app.db import Database
from app.db.models import CourseVersion
from app.errors import BundleError, NetworkError, StorageError, UserError, store_error
from app.eventbus import EventBus
from app.services.account import AccountService
from app.services.events import DataChanged, DownloadFinished, DownloadProgressed
from app.services.views import DownloadProgress, DownloadState
from sync.downloads import DownloadControl, DownloadHandle, DownloadQueue, Outcome, Progress
from sync.downloads import part_path as partial_file
from sync.errors import CorruptDownload, DiskFull, Offline, SyncError

if TYPE_CHECKING:
    from app.services.sync_service import SyncService

log = logging.getLogger(__name__)


@dataclass
class _Transfer:
    handle: DownloadHandle | None = None
    state: str = "running"  # running, paused, failed
    progress: DownloadProgress | None = None
    error: str | None = None
    error_kind: str | None = None


def download_error(exc: SyncError) -> tuple[UserError | BundleError, str]:
    """The plain user error for a failed download, and its kind for the UI."""
    if isinstance(exc, CorruptDownload):
        return BundleError(str(exc)), "corrupt"
    if isinstance(exc, DiskFull):
        return StorageError(str(exc)), "disk_full"
    if isinstance(exc, Offline):
        return NetworkError(
            "Satchel cannot reach the store right now to download the course. What was "
            "downloaded is kept; resume the download when you are back online."), "offline"
    return store_error(exc, " to download the course"), "error"


class Transfers:
    """The download queue of one app instance (see the module docstring)."""

    def __init__(self, db: Database, bus: EventBus, account: AccountService,
                 workers: int = 2) -> None:
        self.db = db
        self.bus = bus
        self.account = account
        self.sync: SyncService | None = None
        self._queue = DownloadQueue(workers)
        self._lock = threading.Lock()
        self._transfers: dict[str, _Transfer] = {}
        self._closed = False

    def attach(self, sync: SyncService) -> None:
        self.sync = sync

    # -- actions ----------------------------------------------------------------------------
    def start(self, course_id: str) -> None:
        """Download the course, or resume its paused/failed download; returns at once."""
        if self.sync is None:
            raise UserError("Downloads need the store.")
        if not self.account.signed_in:
            raise UserError("Sign in to download your courses.")
        kept = self._kept(course_id)
        with self._lock:
            if self._closed:
                return
            t = self._transfers.get(course_id)
            if t is not None and t.state == "running":
                return
            if t is None or t.handle is None or t.handle.control.cancelled:
                t = self._transfers[course_id] = _Transfer(progress=kept)
                t.handle = self._queue.start(lambda control: self._run(course_id, control))
            else:
                t.state, t.error, t.error_kind = "running", None, None
                t.handle.resume()
        self.bus.emit(DataChanged("library", course_id))

    def pause(self, course_id: str) -> None:
        """Stop the download keeping what arrived; `start` resumes from there."""
        with self._lock:
            t = self._transfers.get(course_id)
        if t is not None and t.handle is not None and t.state == "running":
            t.handle.pause()

    def cancel(self, course_id: str) -> None:
        """Stop the download and delete the partial file; the course is 'not downloaded'."""
        with self._lock:
            t = self._transfers.get(course_id)
            running = t is not None and t.state == "running" and t.handle is not None
            if t is not None and not running:
                del self._transfers[course_id]
        if running:
            assert t is not None and t.handle is not None
            t.handle.control.cancel()  # the fetch deletes the partial file and says so
            return
        self._discard_partial(course_id)
        self.bus.emit(DownloadFinished(course_id, False, "", outcome="cancelled"))
        self.bus.emit(DataChanged("library", course_id))

    def wait(self, course_id: str, timeout: float | None = None) -> Outcome:
        """Block until the course's current run ends; raises its `UserError` if it failed."""
        with self._lock:
            t = self._transfers.get(course_id)
        if t is None or t.handle is None:
            return Outcome.CANCELLED
        return t.handle.result(timeout)

    def run(self, course_id: str) -> Outcome:
        """`start` and `wait` (for scripts and tests)."""
        self.start(course_id)
        return self.wait(course_id)

    # -- state ------------------------------------------------------------------------------
    def is_running(self, course_id: str) -> bool:
        with self._lock:
            t = self._transfers.get(course_id)
            return t is not None and t.state == "running"

    def states(self) -> dict[str, DownloadState]:
        """Running, paused and failed downloads (also those paused before a restart)."""
        with self._lock:
            live = {cid: replace(t) for cid, t in self._transfers.items()}
        out: dict[str, DownloadState] = {}
        for cid, t in live.items():
            p = t.progress
            out[cid] = DownloadState(
                cid, t.state, p.done_bytes if p else 0, p.total_bytes if p else 0,
                p.rate_bps if p and t.state == "running" else 0.0,
                p.eta_s if p and t.state == "running" else None, t.error, t.error_kind)
        for cid, (done, total) in self._partials().items():
            if cid not in out:
                out[cid] = DownloadState(cid, "paused", done, total)
        return out

    def _partials(self) -> dict[str, tuple[int, int]]:
        """Downloads the database says are under way, with the bytes kept on disk."""
        if self.sync is None:
            return {}
        ports = self.sync.ports.content
        with self.db.read() as s:
            rows = [(v.course_id, v.version, v.bundle_sha256, v.size_bytes or 0)
                    for v in s.scalars(select(CourseVersion).where(
                        CourseVersion.state == "downloading"))]
        out: dict[str, tuple[int, int]] = {}
        for cid, version, sha, size in rows:
            part = partial_file(ports.bundle_path(cid, version, sha))
            try:
                done = part.stat().st_size
            except OSError:
                done = 0
            out[cid] = (min(done, size) if size else done, size)
        return out

    def _kept(self, course_id: str) -> DownloadProgress | None:
        done_total = self._partials().get(course_id)
        return DownloadProgress(course_id, *done_total) if done_total else None

    # -- the download itself (download threads) --------------------------------------------
    def _run(self, course_id: str, control: DownloadControl) -> Outcome:
        assert self.sync is not None
        self.bus.emit(DataChanged("library", course_id))

        def progress(p: Progress) -> None:
            view = DownloadProgress(course_id, p.done, p.total, p.rate, p.eta)
            with self._lock:
                t = self._transfers.get(course_id)
                if t is not None:
                    t.progress = view
            self.bus.emit(DownloadProgressed(view))

        try:
            outcome = self.sync.engine.download_course(course_id, control=control,
                                                       on_progress=progress)
        except SyncError as exc:
            err, kind = download_error(exc)
            log.info("download of %s failed: %s", course_id, exc)
            with self._lock:
                t = self._transfers.get(course_id)
                if t is not None:
                    t.state, t.error, t.error_kind = "failed", str(err), kind
                    if kind == "corrupt":
                        t.progress = None  # the damaged file was deleted
            self.bus.emit(DownloadFinished(course_id, False, str(err), outcome="failed",
                                           kind=kind))
            self.bus.emit(DataChanged("library", course_id))
            raise err from exc
        except BaseException:
            with self._lock:
                self._transfers.pop(course_id, None)
            raise
        with self._lock:
            t = self._transfers.get(course_id)
            if outcome is Outcome.PAUSED and t is not None:
                t.state = "paused"
            else:
                self._transfers.pop(course_id, None)
        ok = outcome is Outcome.COMPLETED
        self.bus.emit(DownloadFinished(course_id, ok, "", outcome=outcome.value))
        self.bus.emit(DataChanged("library", course_id))
        return outcome

    def _discard_partial(self, course_id: str) -> None:
        """Delete the partial file of a download that is not running (no network)."""
        if self.sync is None:
            return
        ports = self.sync.ports.content
        with self.db.read() as s:
            rows = [(v.version, v.bundle_sha256) for v in s.scalars(select(CourseVersion).where(
                CourseVersion.course_id == course_id,
                CourseVersion.state.in_(("downloading", "corrupt"))))]
        for version, sha in rows:
            partial_file(ports.bundle_path(course_id, version, sha)).unlink(missing_ok=True)
            ports.mark_failed(course_id, version, "cancelled")

    # -- shutdown ---------------------------------------------------------------------------
    def close(self) -> list[str]:
        """Pause every running download (its bytes are kept for next time) and stop the
        queue; returns the paused course ids."""
        with self._lock:
            self._closed = True
            running = [(cid, t) for cid, t in self._transfers.items() if t.state == "running"]
        for _cid, t in running:
            if t.handle is not None:
                t.handle.pause()
        self._queue.close()
        return [cid for cid, _ in running]
