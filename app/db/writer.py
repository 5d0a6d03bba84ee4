"""The database handle: many readers, one writer lane.

Threading rule: **every write goes through** :meth:`Database.write` **or**
:meth:`Database.write_sync`. They queue ``fn(session)`` to one dedicated writer thread, which
runs each function in its own transaction (``BEGIN IMMEDIATE``), commits when it returns and
rolls back when it raises; the result or exception arrives through the returned Future. Jobs
run one at a time in the order they were queued, so writes from one thread land in the order
that thread made them, and SQLite never sees two writers ("database is locked" cannot happen
inside the app). Put all changes that must be atomic into one ``fn``; never keep the session
or hand it to another thread.

:meth:`Database.read` may be used from any thread, concurrently with the writer: each call
opens its own short-lived session on a read-only connection (WAL gives it a consistent
snapshot for the whole ``with`` block). Keep read blocks short, since a long-open reader stops
the WAL from being checkpointed. Objects returned from either kind of session are detached
snapshots: their loaded columns stay readable; lazy relationships do not load.

Disk problems (full disk, read-only file or folder, I/O errors) surface as
:class:`app.errors.StorageError` with a plain message; the database stays usable.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from app.db import cipher
from app.errors import StorageError

T = TypeVar("T")

# SQLite primary result codes (the low byte of an extended code).
_SQLITE_READONLY = 8
_SQLITE_IOERR = 10
_SQLITE_FULL = 13
_SQLITE_CANTOPEN = 14


def storage_error_for(exc: BaseException, path: Path) -> StorageError | None:
    """The StorageError a user should see for this SQLite failure, or None if it is not one."""
    orig = exc.orig if isinstance(exc, DBAPIError) else exc
    if not isinstance(orig, cipher.ERRORS):
        return None
    code = getattr(orig, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(orig).lower()
    if primary == _SQLITE_FULL or "database or disk is full" in text:
        return StorageError(
            f"The disk is full: Satchel could not save its data in {path}. "
            "Free some disk space, then try again."
        )
    if primary == _SQLITE_READONLY or "readonly" in text:
        return StorageError(
            f"Satchel could not save its data: {path} or its folder is read-only. "
            "Check the file's permissions, or move the data folder somewhere you may write."
        )
    if primary == _SQLITE_CANTOPEN:
        return StorageError(
            f"Satchel could not open its database {path}. "
            "Check that the folder exists and that you may write there."
        )
    if primary == _SQLITE_IOERR:
        return StorageError(
            f"The disk reported an error while Satchel was using {path}. "
            "Check that the disk is connected and healthy, then try again."
        )
    return None


@contextmanager
def storage_errors(path: Path) -> Iterator[None]:
    """Re-raise SQLite disk failures inside the block as StorageError (others unchanged)."""
    try:
        yield
    except Exception as exc:
        if not isinstance(exc, (DBAPIError, *cipher.ERRORS)):
            raise
        mapped = storage_error_for(exc, path)
        if mapped is None:
            raise
        raise mapped from exc


class ReadSession(Session):
    """A session that refuses to flush changes: writes belong in :meth:`Database.write`."""

    def flush(self, objects: Any = None) -> None:
        if self.new or self.dirty or self.deleted:
            raise RuntimeError(
                "Database.read() sessions are read-only; make changes inside Database.write(fn)"
            )
        super().flush(objects)


@dataclass(slots=True)
class _Job:
    fn: Callable[[Session], Any]
    future: Future[Any]


class Database:
    """An open Satchel database (make one with :func:`app.db.engine.open_database`).

    Thread-safe. ``read()`` from any thread; ``write()``/``write_sync()`` from any thread except
    from inside a write function itself; ``close()`` once, from any thread but the writer.
    """

    def __init__(self, path: Path, writer_engine: Engine, reader_engine: Engine) -> None:
        self.path = path
        self._writer_engine = writer_engine
        self._reader_engine = reader_engine
        self._queue: queue.SimpleQueue[_Job | None] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="satchel-db-writer", daemon=True)
        self._thread.start()

    # --- reads --------------------------------------------------------------------------

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A new read-only session for this block; closed (and its snapshot released) on exit."""
        self._check_open()
        session = ReadSession(self._reader_engine, autoflush=False, expire_on_commit=False)
        try:
            with storage_errors(self.path):
                yield session
        finally:
            session.close()

    # --- writes -------------------------------------------------------------------------

    def write(self, fn: Callable[[Session], T]) -> Future[T]:
        """Queue ``fn(session)`` for the writer thread; one transaction, committed on success.

        The Future gives ``fn``'s return value, or the exception it raised (the transaction is
        then rolled back). Disk failures arrive as StorageError. Raises RuntimeError if the
        database is closed.
        """
        future: Future[T] = Future()
        with self._lock:
            if self._closed:
                raise RuntimeError(f"the database {self.path} is closed")
            self._queue.put(_Job(fn, future))
        return future

    def write_sync(self, fn: Callable[[Session], T], timeout: float | None = None) -> T:
        """:meth:`write` and wait for the result (raises what ``fn`` raised)."""
        if threading.current_thread() is self._thread:
            raise RuntimeError(
                "write_sync() called inside a write function would wait for itself; "
                "do the work with the session you were given"
            )
        return self.write(fn).result(timeout)

    def _run(self) -> None:
        while (job := self._queue.get()) is not None:
            if not job.future.set_running_or_notify_cancel():
                continue
            try:
                with (
                    storage_errors(self.path),
                    Session(self._writer_engine, expire_on_commit=False) as session,
                    session.begin(),
                ):
                    result = job.fn(session)
            except BaseException as exc:  # handed to the caller through the future
                job.future.set_exception(exc)
            else:
                job.future.set_result(result)

    # --- lifetime -----------------------------------------------------------------------

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(f"the database {self.path} is closed")

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Run every write already queued, stop the writer thread, close all connections."""
        if threading.current_thread() is self._thread:
            raise RuntimeError("Database.close() cannot be called from inside a write function")
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(None)
        self._thread.join()
        self._writer_engine.dispose()
        self._reader_engine.dispose()

    def __enter__(self) -> Database:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
