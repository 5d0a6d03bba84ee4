"""Every released schema upgrades to the current head with its data intact.

``released/v<version>.sql`` is the dump of a shipped database (schema + sample rows, made by
``released/make_dump.py``). Each one is loaded into a fresh file and opened with
:func:`open_database`, exactly as a user's database is when they install a new version.
"""

from __future__ import annotations

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.db import open_database
from app.db.engine import MIGRATIONS_DIR, head_revision, stored_revisions
from app.db.models import Base, LearningEvent, Note

RELEASED = sorted(Path(__file__).with_name("released").glob("v*.sql"))


def _load(dump: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(target)) as con:
        con.executescript(dump.read_text(encoding="utf-8"))


def _row_counts(path: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(path)) as con:
        tables = [
            row[0]
            for row in con.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' "
                "AND name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
            )
        ]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_there_is_a_released_schema() -> None:
    assert any(p.name == "v0.1.0.sql" for p in RELEASED)


@pytest.mark.parametrize("dump", RELEASED, ids=[p.stem for p in RELEASED])
def test_released_database_upgrades_with_its_data(dump: Path, tmp_path: Path) -> None:
    path = tmp_path / "data" / "satchel.db"
    _load(dump, path)
    before = _row_counts(path)
    assert sum(before.values()) > 0, "a released dump must carry sample rows"
    revision = stored_revisions(path)

    with open_database(path) as db:
        with db.read() as session:
            # every row is readable through the current models (types, JSON, datetimes)
            for mapper in Base.registry.mappers:
                session.scalars(select(mapper.class_)).all()
            event = session.scalars(select(LearningEvent)).first()
        assert event is not None
        with pytest.raises(IntegrityError, match="append-only"):
            db.write_sync(lambda s: s.delete(s.get(LearningEvent, event.id)))

    after = _row_counts(path)
    assert {t: n for t, n in after.items() if t in before} == before
    assert stored_revisions(path) == (head_revision(),)
    with contextlib.closing(sqlite3.connect(path)) as con:
        assert con.execute("PRAGMA journal_mode").fetchone() == ("wal",)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    if revision != (head_revision(),):
        backup = path.with_name(f"satchel.db.pre-{head_revision()}.bak")
        assert _row_counts(backup) == before


_EXTRA_REVISION = """
import sqlalchemy as sa
from alembic import op

revision = "0002_note_colour"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notes", recreate="always") as batch:
        batch.add_column(sa.Column("colour", sa.String(), nullable=True))
    op.execute("UPDATE notes SET colour = 'yellow'")
    {extra}


def downgrade() -> None:
    pass
"""


def _migrations_with_extra_revision(tmp_path: Path, extra: str = "") -> Path:
    location = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS_DIR, location, ignore=shutil.ignore_patterns("__pycache__"))
    (location / "versions" / "0002_note_colour.py").write_text(
        _EXTRA_REVISION.format(extra=extra), encoding="utf-8"
    )
    return location


def test_migrating_backs_up_the_database_first(tmp_path: Path) -> None:
    path = tmp_path / "data" / "satchel.db"
    _load(RELEASED[0], path)
    before = _row_counts(path)
    location = _migrations_with_extra_revision(tmp_path)

    open_database(path, script_location=location).close()

    backup = path.with_name("satchel.db.pre-0002_note_colour.bak")
    assert stored_revisions(backup) == ("0001_initial",)
    assert _row_counts(backup) == before
    assert stored_revisions(path) == ("0002_note_colour",)
    with contextlib.closing(sqlite3.connect(path)) as con:
        assert {r[0] for r in con.execute("SELECT colour FROM notes")} == {"yellow"}
        triggers = con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
        assert triggers.fetchone() == (2,)
    assert _row_counts(path) == before


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "data" / "satchel.db"
    _load(RELEASED[0], path)
    before = _row_counts(path)
    location = _migrations_with_extra_revision(
        tmp_path, extra='raise RuntimeError("migration bug")'
    )

    with pytest.raises(RuntimeError, match="migration bug"):
        open_database(path, script_location=location)

    assert stored_revisions(path) == ("0001_initial",)
    with open_database(path) as db, db.read() as session:  # the app still opens it
        assert session.scalars(select(Note)).all()
    with contextlib.closing(sqlite3.connect(path)) as con:
        columns = {row[1] for row in con.execute("PRAGMA table_info(notes)")}
    assert "colour" not in columns
    assert _row_counts(path) == before
