"""open_database refuses files it must not touch, and says why."""

from __future__ import annotations

import contextlib
import hashlib
import sqlite3
from pathlib import Path

import pytest

from app.db import NotASatchelDatabaseError, SchemaTooNewError, open_database
from app.db.engine import head_revision
from app.db.events import record_event
from app.db.models import LearningEvent
from app.errors import StorageError, UserError


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_database_from_a_newer_app_is_refused_untouched(db_path: Path) -> None:
    with open_database(db_path) as db:
        db.write_sync(
            lambda s: record_event(
                s, actor_id="u", device_id="d", verb="viewed", object_type="item", object_id="i"
            )
        )
    with contextlib.closing(sqlite3.connect(db_path)) as con, con:
        con.execute("UPDATE alembic_version SET version_num = '0042_from_the_future'")
    before = _digest(db_path)
    files_before = {p.name for p in db_path.parent.iterdir()}

    with pytest.raises(SchemaTooNewError) as caught:
        open_database(db_path)

    message = str(caught.value)
    assert "newer version of Satchel" in message
    assert "0042_from_the_future" in message and head_revision() in message
    assert isinstance(caught.value, UserError)
    assert _digest(db_path) == before
    assert not list(db_path.parent.glob("*.bak"))
    # SQLite may leave its empty sidecar files from the read-only look; nothing was written.
    sidecars = {p.name: p.stat().st_size for p in db_path.parent.iterdir()}
    assert set(sidecars) <= {*files_before, "satchel.db-wal", "satchel.db-shm"}
    assert sidecars.get("satchel.db-wal", 0) == 0
    with contextlib.closing(sqlite3.connect(db_path)) as con:
        assert con.execute(f"SELECT count(*) FROM {LearningEvent.__tablename__}").fetchone() == (1,)


def test_a_file_that_is_not_a_database_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(b"this is a PDF, honest" * 100)
    with pytest.raises(NotASatchelDatabaseError, match="damaged or is not a Satchel database"):
        open_database(db_path)
    assert db_path.read_bytes() == b"this is a PDF, honest" * 100


def test_a_foreign_sqlite_database_is_refused(db_path: Path) -> None:
    db_path.parent.mkdir(parents=True)
    with contextlib.closing(sqlite3.connect(db_path)) as con:
        con.execute("CREATE TABLE contacts (name TEXT)")
    with pytest.raises(NotASatchelDatabaseError, match="not a Satchel database"):
        open_database(db_path)


def test_unwritable_database_folder_is_a_storage_error(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(StorageError, match="could not create the folder"):
        open_database(blocker / "satchel.db")
