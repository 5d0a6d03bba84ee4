"""Resumable, verified downloads of content-addressed files (HTTP Range).

`fetch()` streams a file into ``<dest>.part``, resuming from the bytes already there with
``Range: bytes=N-`` (after a kill, a dropped network or a pause), hashes everything with
sha256 and only renames the file to ``dest`` when the hash and size match. It never leaves a
file under ``dest`` that was not verified, so "available offline" is only ever set for a
complete, correct file.

Failures, each with a plain message:
- `Offline`: the network dropped or the store went away; the partial file is kept, the next
  `fetch()` resumes it;
- `DiskFull`: the disk ran out of space (checked up front, and on ENOSPC while writing); the
  partial file keeps every byte written so far and resumes once space is freed;
- `CorruptDownload`: the complete file does not match its sha256 (or the store sent more than
  the expected size); the partial file is deleted, so the next try starts clean.

`DownloadControl` pauses (the connection is closed, ``fetch`` returns ``PAUSED`` and the
partial file stays) and cancels (``CANCELLED``, the partial file is deleted) from any thread.
`DownloadQueue` runs download tasks (usually `SyncEngine.download_course`) on its own worker
threads, with per-download pause/resume/cancel handles.

Threading: `fetch` blocks; run it on a worker thread (the queue does). Progress callbacks run
on that worker thread, at most every `PROGRESS_INTERVAL` seconds plus once at the end.
"""

from __future__ import annotations

import enum
import errno
import hashlib
import logging
import os
import queue
import shutil
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import requests
import urllib3

from sync.client import StoreClient
from sync.errors import CorruptDownload, DiskFull, Offline, SyncError

log = logging.getLogger(__name__)

CHUNK = 1024 * 1024
PROGRESS_INTERVAL = 0.1
_DISK_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


class Outcome(enum.Enum):
    COMPLETED = "completed"
    PAUSED = "paused"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class Progress:
    """Bytes done of total, smoothed rate (bytes/s) and estimated seconds left."""

    done: int
    total: int
    rate: float
    eta: float | None

    @property
    def fraction(self) -> float:
        return 1.0 if self.total == 0 else self.done / self.total


ProgressCallback = Callable[[Progress], None]


class PartFile(Protocol):
    """What `fetch` needs of the open partial file (an unbuffered binary file)."""

    def write(self, data: bytes | memoryview, /) -> int | None: ...
    def truncate(self, size: int, /) -> int: ...
    def fileno(self) -> int: ...
    def close(self) -> None: ...


def open_part(path: Path) -> PartFile:
    """Open the partial file for appending, unbuffered (so ENOSPC surfaces on `write`)."""
    return open(path, "ab", buffering=0)


class DownloadControl:
    """Pause/resume/cancel flags shared between the UI (any thread) and the fetch."""

    def __init__(self) -> None:
        self._pause = threading.Event()
        self._cancel = threading.Event()

    def pause(self) -> None:
        self._pause.set()

    def resume(self) -> None:
        self._pause.clear()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def paused(self) -> bool:
        return self._pause.is_set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class _Meter:
    """Rate (exponential moving average, or the plain average until the first 0.25 s
    window closes) and ETA, reported at most every `PROGRESS_INTERVAL`."""

    def __init__(self, total: int, callback: ProgressCallback | None, now: Callable[[], float]):
        self.total = total
        self.callback = callback
        self.now = now
        self.rate = 0.0
        self._first: tuple[float, int] | None = None
        self._window: tuple[float, int] | None = None
        self._last_report = -PROGRESS_INTERVAL

    def update(self, done: int, *, final: bool = False) -> None:
        t = self.now()
        if self._first is None:
            self._first = self._window = (t, done)
        assert self._window is not None
        w_t, w_done = self._window
        if t - w_t >= 0.25:
            inst = (done - w_done) / (t - w_t)
            self.rate = inst if self.rate == 0.0 else 0.3 * inst + 0.7 * self.rate
            self._window = (t, done)
        if self.callback is None or (not final and t - self._last_report < PROGRESS_INTERVAL):
            return
        self._last_report = t
        rate = self.rate
        f_t, f_done = self._first
        if rate == 0.0 and t > f_t:
            rate = (done - f_done) / (t - f_t)
        left = self.total - done
        eta = 0.0 if left <= 0 else (left / rate if rate > 0 else None)
        self.callback(Progress(done, self.total, rate, eta))


def part_path(dest: Path) -> Path:
    return dest.with_name(dest.name + ".part")


def _mb(n: int) -> str:
    return f"{max(n, 0) / 1_000_000:.1f} MB"


def _disk_full(dest: Path, needed: int) -> DiskFull:
    return DiskFull(
        f"There is not enough free disk space in {dest.parent} to finish this download "
        f"({_mb(needed)} more needed). Free some space, then resume the download; what was "
        "already downloaded is kept."
    )


def _hash_file(path: Path, limit: int | None = None) -> tuple[hashlib._Hash, int]:
    digest = hashlib.sha256()
    done = 0
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            if limit is not None and done + len(chunk) > limit:
                chunk = chunk[: limit - done]
            digest.update(chunk)
            done += len(chunk)
            if limit is not None and done >= limit:
                break
    return digest, done


def sha256_of(path: Path) -> str:
    """The hex sha256 of a file (the baseline the benchmark compares against)."""
    return _hash_file(path)[0].hexdigest()


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _finish(part: Path, dest: Path, digest: str, sha256: str, name: str) -> None:
    if digest != sha256:
        part.unlink(missing_ok=True)
        raise CorruptDownload(
            f"The download of {name} arrived damaged (its checksum does not match), so it was "
            "deleted. Try the download again; if this keeps happening, the store's copy may "
            "be broken."
        )
    try:
        os.replace(part, dest)
    except OSError as exc:
        if exc.errno in _DISK_FULL_ERRNOS:
            raise _disk_full(dest, 0) from exc
        raise
    _fsync_dir(dest.parent)


def fetch(
    client: StoreClient,
    url: str,
    dest: Path,
    *,
    sha256: str,
    size: int,
    control: DownloadControl | None = None,
    on_progress: ProgressCallback | None = None,
    opener: Callable[[Path], PartFile] = open_part,
    now: Callable[[], float] = time.monotonic,
    name: str | None = None,
) -> Outcome:
    """Download ``url`` to ``dest`` (see the module docstring). ``name`` is for messages."""
    control = control or DownloadControl()
    label = name or dest.name
    part = part_path(dest)
    meter = _Meter(size, on_progress, now)

    if dest.exists():
        digest, have = _hash_file(dest)
        if have == size and digest.hexdigest() == sha256:
            meter.update(size, final=True)
            return Outcome.COMPLETED
        dest.unlink()  # a wrong file under the final name is never trusted

    dest.parent.mkdir(parents=True, exist_ok=True)
    if part.exists() and part.stat().st_size > size:
        part.unlink()
    hasher, offset = _hash_file(part) if part.exists() else (hashlib.sha256(), 0)

    free = shutil.disk_usage(dest.parent).free
    if free < size - offset:
        raise _disk_full(dest, size - offset - free)

    stalled_passes = 0
    while True:
        if control.cancelled:
            part.unlink(missing_ok=True)
            return Outcome.CANCELLED
        if control.paused:
            meter.update(offset, final=True)
            return Outcome.PAUSED
        if offset == size:
            break
        before = offset
        hasher, offset = _one_pass(
            client, url, part, hasher, offset, size, control, meter, opener, dest
        )
        if offset == before and not (control.paused or control.cancelled):
            stalled_passes += 1
            if stalled_passes >= 2:
                raise Offline(
                    f"The store stopped sending {label}. The download is kept and resumes "
                    "next time."
                )
        else:
            stalled_passes = 0

    meter.update(offset, final=True)
    _finish(part, dest, hasher.hexdigest(), sha256, label)
    return Outcome.COMPLETED


def _one_pass(
    client: StoreClient,
    url: str,
    part: Path,
    hasher: hashlib._Hash,
    offset: int,
    size: int,
    control: DownloadControl,
    meter: _Meter,
    opener: Callable[[Path], PartFile],
    dest: Path,
) -> tuple[hashlib._Hash, int]:
    """One HTTP request from ``offset``; returns the hash state and the new offset."""
    with client.open_content(url, start=offset) as response:
        if response.status_code == 416:
            # The store has no bytes past what we hold: our partial file is wrong.
            part.unlink(missing_ok=True)
            return hashlib.sha256(), 0
        if response.status_code == 206:
            start = _content_range_start(response.headers.get("Content-Range"))
            if start != offset:
                part.unlink(missing_ok=True)
                return hashlib.sha256(), 0
        elif response.status_code == 200:
            if offset:
                log.info("store ignored Range for %s; restarting from 0", url)
            part.unlink(missing_ok=True)
            hasher, offset = hashlib.sha256(), 0
        else:
            raise SyncError(f"The store answered HTTP {response.status_code} to a download.")

        fh = opener(part)
        sink = _Sink(fh, offset, dest, size)
        received = offset
        error: BaseException | None = None
        try:
            while not (control.cancelled or control.paused):
                chunk = _read(response, dest)
                if not chunk:
                    break
                if received + len(chunk) > size:
                    raise CorruptDownload(
                        f"The store sent more data than expected for {dest.name}; the download "
                        "was stopped and will start over."
                    )
                sink.put(chunk)
                hasher.update(chunk)  # while the helper thread writes the same bytes
                received += len(chunk)
                meter.update(received)
        except BaseException as exc:
            error = exc
        offset, write_error = sink.close()  # every byte received is on disk (or refused)
        # After a write error the hash state is ahead of the file; it is dropped with the
        # error (the next fetch re-hashes the partial file from disk).
        error = write_error or error
        try:
            if error is None:
                os.fsync(fh.fileno())
        except OSError as exc:
            error = _disk_full(dest, size - offset) if exc.errno in _DISK_FULL_ERRNOS else exc
        finally:
            fh.close()
        if isinstance(error, CorruptDownload):
            part.unlink(missing_ok=True)
        if error is not None:
            raise error
    return hasher, offset


class _Sink:
    """Writes chunks on a helper thread, so the network, the disk and sha256 (on the
    downloading thread) work at the same time: file writes and hashing release the GIL.
    `close()` waits until every chunk handed over is written and returns the file's new
    length and the first write error (after which further chunks are dropped, so the file
    ends at a valid offset)."""

    def __init__(self, fh: PartFile, offset: int, dest: Path, size: int) -> None:
        self._fh, self.offset = fh, offset
        self._dest, self._size = dest, size
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
        self.error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="satchel-download-write")
        self._thread.start()

    def put(self, chunk: bytes) -> None:
        if self.error is not None:
            raise self.error
        self._queue.put(chunk)

    def close(self) -> tuple[int, BaseException | None]:
        self._queue.put(None)
        self._thread.join()
        return self.offset, self.error

    def _run(self) -> None:
        while (chunk := self._queue.get()) is not None:
            if self.error is not None:
                continue
            try:
                self.offset = _write_all(self._fh, chunk, self.offset, self._dest, self._size)
            except BaseException as exc:  # handed to the downloading thread
                self.error = exc


def _read(response: requests.Response, dest: Path) -> bytes:
    """The next bytes of the body as soon as they arrive (so a cut loses nothing)."""
    try:
        return response.raw.read1(CHUNK)
    except (urllib3.exceptions.HTTPError, requests.RequestException, OSError) as exc:
        raise Offline(
            f"The connection was lost while downloading {dest.name}. What was downloaded "
            "is kept; the download resumes when the store is reachable again."
        ) from exc


def _write_all(fh: PartFile, chunk: bytes, offset: int, dest: Path, size: int) -> int:
    """Write ``chunk``; on a short write/ENOSPC the file still ends at a valid offset."""
    view = memoryview(chunk)
    while view:
        try:
            n = fh.write(view)
        except OSError as exc:
            if exc.errno in _DISK_FULL_ERRNOS:
                raise _disk_full(dest, size - offset) from exc
            raise
        if not n:
            raise _disk_full(dest, size - offset)
        offset += n
        view = view[n:]
    return offset


def _content_range_start(header: str | None) -> int | None:
    # "bytes 100-199/1000"
    if not header or not header.startswith("bytes "):
        return None
    try:
        return int(header[6:].split("-", 1)[0])
    except ValueError:
        return None


# --------------------------------------------------------------------------- queue

#: A download to run: given its control, it fetches (and marks) and returns the outcome,
#: e.g. ``lambda control: engine.download_course(course_id, control=control, ...)``.
DownloadTask = Callable[[DownloadControl], Outcome]


class DownloadHandle:
    """One queued download. ``pause()`` stops it keeping the partial file, ``resume()`` runs
    it again from there, ``cancel()`` stops it and deletes the partial file (through the
    task), ``result()`` waits for the current run (raising what it raised)."""

    def __init__(self, pool: ThreadPoolExecutor, task: DownloadTask) -> None:
        self._pool = pool
        self._task = task
        self.control = DownloadControl()
        self._lock = threading.Lock()
        self._future: Future[Outcome] = pool.submit(task, self.control)

    def pause(self) -> None:
        self.control.pause()

    def resume(self) -> None:
        """Continue a paused or failed download (a running one just keeps going)."""
        with self._lock:
            self.control.resume()
            if self._future.done() and not self.control.cancelled:
                self._future = self._pool.submit(self._task, self.control)

    def cancel(self) -> None:
        with self._lock:
            self.control.cancel()
            if self._future.done():  # not running: run it once more to clean up
                self._future = self._pool.submit(self._task, self.control)

    def result(self, timeout: float | None = None) -> Outcome:
        with self._lock:
            future = self._future
        return future.result(timeout)


class DownloadQueue:
    """Runs downloads on ``workers`` background threads (not the GUI thread)."""

    def __init__(self, workers: int = 2) -> None:
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="satchel-download")

    def start(self, task: DownloadTask) -> DownloadHandle:
        return DownloadHandle(self._pool, task)

    def close(self) -> None:
        """Wait for running downloads (pause or cancel them first to stop sooner)."""
        self._pool.shutdown(wait=True, cancel_futures=True)
