"""The single-writer lane: ordering, concurrency, errors, shutdown, full disks."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db import Database, open_database
from app.db.events import record_event
from app.db.models import LearningEvent, Note, Outbox, SyncCursor
from app.errors import StorageError

THREADS = 8
WRITES_PER_THREAD = 200


def _event(thread: int, seq: int) -> Callable[[Session], None]:
    def fn(session: Session) -> None:
        record_event(
            session,
            actor_id="u",
            device_id=f"dev-{thread}",
            verb="progressed",
            object_type="item",
            object_id="video",
            context={"thread": thread, "seq": seq},
        )

    return fn


def test_concurrent_writers_all_land_in_order_while_readers_read(db: Database) -> None:
    errors: list[BaseException] = []
    done = threading.Event()
    reads = [0]

    def writer(thread: int) -> None:
        try:
            if thread % 2:  # half wait for each write, half queue all then wait
                for seq in range(WRITES_PER_THREAD):
                    db.write_sync(_event(thread, seq))
            else:
                futures = [db.write(_event(thread, seq)) for seq in range(WRITES_PER_THREAD)]
                for future in futures:
                    future.result(timeout=60)
        except BaseException as exc:
            errors.append(exc)

    def reader() -> None:
        last = 0
        try:
            while not done.is_set():
                with db.read() as session:
                    events = session.scalar(select(func.count()).select_from(LearningEvent))
                    queued = session.scalar(select(func.count()).select_from(Outbox))
                assert events == queued, "a reader saw an event without its outbox row"
                assert events is not None and events >= last
                last = events
                reads[0] += 1
                time.sleep(0.005)  # a UI reads now and then, not in a tight loop
        except BaseException as exc:
            errors.append(exc)

    readers = [threading.Thread(target=reader) for _ in range(2)]
    writers = [threading.Thread(target=writer, args=(t,)) for t in range(THREADS)]
    for worker in readers + writers:
        worker.start()
    for worker in writers:
        worker.join()
    done.set()
    for worker in readers:
        worker.join()

    assert errors == []
    assert reads[0] > 10
    with db.read() as session:
        rows = session.execute(select(Outbox.payload).order_by(Outbox.id)).scalars().all()
    assert len(rows) == THREADS * WRITES_PER_THREAD
    for thread in range(THREADS):
        seqs = [p["context"]["seq"] for p in rows if p["context"]["thread"] == thread]
        assert seqs == list(range(WRITES_PER_THREAD))


def test_write_returns_the_result_or_raises_the_error(db: Database) -> None:
    def add_cursor(session: Session) -> str:
        session.add(SyncCursor(name="events", value="17"))
        return "ok"

    assert db.write(add_cursor).result(timeout=10) == "ok"

    def change_then_fail(session: Session) -> None:
        cursor = session.get(SyncCursor, "events")
        assert cursor is not None
        cursor.value = "99"
        session.flush()
        raise KeyError("boom")

    future = db.write(change_then_fail)
    assert isinstance(future.exception(timeout=10), KeyError)
    with db.read() as session:
        assert session.get(SyncCursor, "events").value == "17"  # type: ignore[union-attr]


def test_read_sessions_refuse_writes(db: Database) -> None:
    with db.read() as session, pytest.raises(RuntimeError, match="read-only"):
        session.add(SyncCursor(name="x", value="y"))
        session.flush()


def test_write_sync_inside_a_write_is_refused_instead_of_deadlocking(db: Database) -> None:
    def nested(session: Session) -> None:
        db.write_sync(lambda s: None)

    with pytest.raises(RuntimeError, match="wait for itself"):
        db.write_sync(nested, timeout=10)


def test_close_runs_queued_writes_first(db_path: Path) -> None:
    db = open_database(db_path)
    futures = [db.write(_event(0, seq)) for seq in range(50)]
    db.close()
    assert all(f.done() and f.exception() is None for f in futures)
    with pytest.raises(RuntimeError, match="closed"):
        db.write(lambda s: None)
    with pytest.raises(RuntimeError, match="closed"), db.read():
        pass
    with open_database(db_path) as reopened, reopened.read() as session:
        assert session.scalar(select(func.count()).select_from(LearningEvent)) == 50


def _note(body: str) -> Callable[[Session], None]:
    def fn(session: Session) -> None:
        session.add(
            Note(
                id=str(uuid.uuid4()),
                course_id="c1",
                body=body,
                hlc="0",
                clocks={},
                updated_by_device="dev",
            )
        )

    return fn


def _notes(db: Database) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(Note)) or 0


def _pragma(db: Database, pragma: str) -> object:
    """Run a PRAGMA on the writer's connection; returns its value (None for a setting)."""

    def run(session: Session) -> object:
        result = session.connection().exec_driver_sql(f"PRAGMA {pragma}")
        return result.scalar() if result.returns_rows else None

    return db.write_sync(run)


def test_full_disk_is_a_storage_error_and_the_database_recovers(db: Database) -> None:
    db.write_sync(_note("kept"))
    pages = _pragma(db, "page_count")
    assert isinstance(pages, int)
    _pragma(db, f"max_page_count = {pages + 3}")  # SQLite now reports SQLITE_FULL

    def fill(session: Session) -> None:
        for i in range(200):
            _note(f"{i:03d}" + "x" * 3000)(session)
            session.flush()

    with pytest.raises(StorageError, match="disk is full") as caught:
        db.write_sync(fill)
    assert str(db.path) in str(caught.value)
    assert _notes(db) == 1  # nothing of the failed transaction remains

    _pragma(db, "max_page_count = 1073741823")  # space freed
    db.write_sync(_note("after"))
    assert _notes(db) == 2


def test_read_only_database_is_a_storage_error(db_path: Path) -> None:
    with open_database(db_path) as db:
        _pragma(db, "query_only = ON")  # the writer's connection now gets SQLITE_READONLY
        with pytest.raises(StorageError, match="read-only"):
            db.write_sync(_note("refused"))
        assert _notes(db) == 0
    with open_database(db_path) as db:  # a fresh connection can write again
        db.write_sync(_note("accepted"))
        assert _notes(db) == 1
