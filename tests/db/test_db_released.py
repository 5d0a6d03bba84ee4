"""Every released schema upgrades to the current head with its data intact.

``released/v<version>.sql`` is the dump of a shipped database (schema + sample rows, made by
``released/make_dump.py``). Each one is loaded into a fresh file and opened with
:func:`open_database`, exactly as a user's database is when they install a new version.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app.db import open_database
from app.db.engine import MIGRATIONS_DIR, alembic_config, head_revision, stored_revisions
from app.db.events import latest_hlc
from app.db.hlc import HybridLogicalClock, Timestamp
from app.db.models import SYNCED_RECORD_MODELS, Base, LearningEvent, Note, Outbox
from app.db.sync_ports.wire import record_to_wire
from sync.protocol import RecordChange

RELEASED = sorted(Path(__file__).with_name("released").glob("v*.sql"))
V010 = Path(__file__).with_name("released") / "v0.1.0.sql"  # the first shipped schema


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

revision = "0099_note_colour"
down_revision = "{head}"
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
    (location / "versions" / "0099_note_colour.py").write_text(
        _EXTRA_REVISION.format(extra=extra, head=head_revision()), encoding="utf-8"
    )
    return location


def test_migrating_backs_up_the_database_first(tmp_path: Path) -> None:
    path = tmp_path / "data" / "satchel.db"
    _load(V010, path)
    before = _row_counts(path)
    location = _migrations_with_extra_revision(tmp_path)

    open_database(path, script_location=location).close()

    backup = path.with_name("satchel.db.pre-0099_note_colour.bak")
    assert stored_revisions(backup) == ("0001_initial",)
    assert _row_counts(backup) == before
    assert stored_revisions(path) == ("0099_note_colour",)
    with contextlib.closing(sqlite3.connect(path)) as con:
        assert {r[0] for r in con.execute("SELECT colour FROM notes")} == {"yellow"}
        triggers = con.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")
        assert triggers.fetchone() == (2,)
    after = _row_counts(path)
    assert {t: n for t, n in after.items() if t in before} == before


def test_a_failing_migration_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "data" / "satchel.db"
    _load(V010, path)
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
    after = _row_counts(path)  # the second open upgraded it: only new tables may be added
    assert {t: n for t, n in after.items() if t in before} == before


# --------------------------------------------------------------------------- HLC stamps

T0_MS = int(datetime(2026, 1, 10, 9, 0, tzinfo=UTC).timestamp() * 1000)  # make_dump.py's T0
LAPTOP = "dev-laptop-01"


def _stamps(path: Path) -> dict[str, str]:
    """Every stored HLC text of the file, keyed by where it is (raw SQL: no model involved)."""
    found: dict[str, str] = {}
    with contextlib.closing(sqlite3.connect(path)) as con:
        for model in SYNCED_RECORD_MODELS:
            table = model.__tablename__
            for rid, hlc, clocks in con.execute(f"SELECT id, hlc, clocks FROM {table}"):
                found[f"{table}/{rid}"] = hlc
                for field, stamp in json.loads(clocks).items():
                    found[f"{table}/{rid}/{field}"] = stamp
        for oid, payload in con.execute("SELECT id, payload FROM outbox WHERE kind = 'record'"):
            found[f"outbox/{oid}"] = json.loads(payload)["hlc"]
    return found


def test_0_1_0_stamps_become_the_wire_spelling_in_order(tmp_path: Path) -> None:
    path = tmp_path / "data" / "satchel.db"
    _load(V010, path)
    before = _stamps(path)
    # 0.1 wrote `<13 hex ms>-<8 hex counter>-<node>`; the dump's records are counters 0..6
    # of one millisecond on the laptop.
    assert len(before) > 20
    assert {v.split("-", 1)[0] for v in before.values()} == {f"{T0_MS:013x}"}

    open_database(path).close()

    after = _stamps(path)
    assert after.keys() == before.keys()
    for where, old in before.items():
        counter = int(old.split("-")[1], 16)
        assert after[where] == f"{T0_MS}-{counter:06d}-{LAPTOP}", where
        assert Timestamp.decode(after[where]) == Timestamp(T0_MS, counter, LAPTOP)
    # String order is still clock order, and a clock seeded from the database goes on from
    # the newest stored stamp (the bookmark's, counter 6).
    assert sorted(before, key=before.__getitem__) == sorted(after, key=after.__getitem__)
    with open_database(path) as db, db.read() as session:
        newest = latest_hlc(session)
        assert newest == Timestamp(T0_MS, 6, LAPTOP)
        assert HybridLogicalClock(LAPTOP, last=newest, physical=lambda: T0_MS).now() > newest
        # Queued record changes go on the wire as they are: the protocol's model accepts
        # them without changing a character.
        for row in session.scalars(select(Outbox).where(Outbox.kind == "record")):
            change = RecordChange.model_validate(record_to_wire(row.payload))
            assert {f.hlc for f in change.fields.values()} == {row.payload["hlc"]}


def test_0_1_0_stamps_without_an_exact_new_spelling_are_mapped_in_order(tmp_path: Path) -> None:
    """A ':' in a node id and a counter above 999999 were possible in 0.1 (and stuck the
    outbox, since the wire refused them); the migration maps them as documented."""
    path = tmp_path / "data" / "satchel.db"
    _load(V010, path)
    odd = f"{T0_MS:013x}-{1_000_002:08x}-dev:odd"
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute(
            "INSERT INTO notes (id, course_id, item_key, anchor, body, hlc, clocks, deleted, "
            "updated_by_device, created_at) VALUES ('n-odd', 'python-basics', NULL, NULL, 'x', "
            "?, ?, 0, 'dev:odd', '2026-01-10 09:00:00.000000')",
            (odd, json.dumps({"body": odd})),
        )
        con.execute(
            "INSERT INTO outbox (kind, record_table, record_id, payload, created_at, attempts) "
            "VALUES ('record', 'notes', 'n-odd', ?, '2026-01-10 09:00:00.000000', 3)",
            (json.dumps({"table": "notes", "id": "n-odd", "hlc": odd, "device": "dev:odd",
                         "fields": {"body": "x"}}),),
        )
        con.commit()

    with open_database(path) as db, db.read() as session:
        note = session.get(Note, "n-odd")
        assert note is not None
        expected = f"{T0_MS + 1}-000002-dev_odd"  # 1000002 = 1 ms carried + 2
        assert (note.hlc, note.clocks, note.updated_by_device) == (
            expected, {"body": expected}, "dev_odd"
        )
        queued = session.scalars(select(Outbox).where(Outbox.record_id == "n-odd")).one()
        assert (queued.payload["hlc"], queued.payload["device"]) == (expected, "dev_odd")
        RecordChange.model_validate(record_to_wire(queued.payload))  # no longer stuck
        assert latest_hlc(session) == Timestamp(T0_MS + 1, 2, "dev_odd")


def test_the_stamp_migration_downgrades_to_the_0_1_0_text(tmp_path: Path) -> None:
    path = tmp_path / "data" / "satchel.db"
    _load(V010, path)
    before = _stamps(path)
    open_database(path).close()
    assert _stamps(path) != before
    command.downgrade(alembic_config(f"sqlite:///{path}"), "0001_initial")
    assert stored_revisions(path) == ("0001_initial",)
    assert _stamps(path) == before


def test_text_that_is_no_stamp_stops_the_migration_and_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "data" / "satchel.db"
    _load(V010, path)
    with contextlib.closing(sqlite3.connect(path)) as con:
        con.execute("UPDATE goals SET hlc = 'not a clock'")
        con.commit()
    before = _stamps(path)
    with pytest.raises(ValueError, match=r"goals .* 'not a clock' is not an HLC stamp"):
        open_database(path)
    assert stored_revisions(path) == ("0001_initial",)
    assert _stamps(path) == before


def test_upgraded_0_1_0_database_numbers_events_per_actor(tmp_path: Path) -> None:
    path = tmp_path / "data" / "satchel.db"
    _load(Path(__file__).with_name("released") / "v0.1.0.sql", path)
    open_database(path).close()
    row = (
        "INSERT INTO learning_events (id, actor_id, device_id, verb, object_type, object_id, "
        "timestamp, server_seq, received_at) VALUES (?, ?, 'd', 'completed', 'lesson', 'x', "
        "'2026-01-01 00:00:00.000000', 900001, '2026-01-01 00:00:00.000000')"
    )
    with contextlib.closing(sqlite3.connect(path)) as con, con:
        con.execute(row, ("a" * 36, "u-upgrade-1"))
        con.execute(row, ("b" * 36, "u-upgrade-2"))
    with contextlib.closing(sqlite3.connect(path)) as con:
        with pytest.raises(sqlite3.IntegrityError, match="server_seq"), con:
            con.execute(row, ("c" * 36, "u-upgrade-1"))
        # The rebuilt table keeps its append-only guard.
        with pytest.raises(sqlite3.IntegrityError, match="append-only"), con:
            con.execute("DELETE FROM learning_events WHERE id = ?", ("a" * 36,))
