"""The migrations build exactly the schema the models describe, and the database is set up
the way the app relies on (WAL, foreign keys, constraints)."""

from __future__ import annotations

import contextlib
import re
import sqlite3
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db import Database, open_database
from app.db.engine import alembic_config
from app.db.models import (
    Base,
    Course,
    CourseVersion,
    Item,
    Module,
    PurchaseIntent,
    Question,
)


def _schema(path: Path) -> dict[tuple[str, str], str]:
    """Every table, index and trigger of the file with its normalised SQL."""
    with contextlib.closing(sqlite3.connect(path)) as con:
        rows = con.execute(
            "SELECT type, name, sql FROM sqlite_master "
            "WHERE name NOT LIKE 'sqlite_%' AND name != 'alembic_version'"
        ).fetchall()
    # A table rebuilt by a batch migration is renamed into place, and SQLite then writes its
    # name quoted ('CREATE TABLE "courses"'): the same DDL, so the quotes are dropped here.
    return {
        (kind, name): re.sub(r'^CREATE TABLE "(\w+)"', r"CREATE TABLE \1",
                             re.sub(r"\s+", " ", sql or "").strip())
        for kind, name, sql in rows
    }


def test_upgrade_from_empty_matches_the_models(db: Database, db_path: Path, tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{db_path}")
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"compare_type": True, "compare_server_default": True}
            )
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()

    # compare_metadata does not see CHECK constraints or triggers: compare the DDL itself.
    reference = tmp_path / "from_models.db"
    engine = create_engine(f"sqlite:///{reference}")
    try:
        Base.metadata.create_all(engine)
    finally:
        engine.dispose()
    migrated = _schema(db_path)
    assert migrated == _schema(reference)
    assert ("trigger", "learning_events_no_update") in migrated


def test_downgrade_and_upgrade_again(db_path: Path) -> None:
    open_database(db_path).close()
    cfg = alembic_config(f"sqlite:///{db_path}")
    command.downgrade(cfg, "base")
    assert _schema(db_path) == {}
    open_database(db_path).close()
    assert ("table", "learning_events") in _schema(db_path)


def test_connections_use_wal_and_foreign_keys(db: Database, db_path: Path) -> None:
    with contextlib.closing(sqlite3.connect(db_path)) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    with db.read() as session:
        assert session.connection().exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert session.connection().exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert (session.connection().exec_driver_sql("PRAGMA busy_timeout").scalar() or 0) >= 1000


def _course_with_outline(session: Session) -> None:
    session.add(
        Course(
            id="c1", title="C", language="en", topic="data", price_amount=0, price_currency="EUR"
        )
    )
    version = CourseVersion(course_id="c1", version="1.0.0", bundle_sha256="a" * 64, manifest={})
    session.add(version)
    session.flush()
    module = Module(course_version_id=version.id, key="m1", title="M", position=0)
    session.add(module)
    session.flush()
    quiz = Item(
        course_version_id=version.id,
        module_id=module.id,
        key="q",
        position=0,
        kind="quiz",
        title="Q",
        path="quizzes/q.json",
        duration_min=3,
        completion={"type": "score", "min": 0.5},
    )
    session.add(quiz)
    session.flush()
    session.add(
        Question(item_id=quiz.id, key="q1", position=0, type="single", skills=[], difficulty=0.5)
    )


def test_removing_a_course_removes_its_outline(db: Database) -> None:
    db.write_sync(_course_with_outline)
    db.write_sync(lambda s: s.execute(delete(Course).where(Course.id == "c1")))
    with db.read() as session:
        for model in (CourseVersion, Module, Item, Question):
            assert session.scalar(select(func.count()).select_from(model)) == 0


def test_foreign_keys_are_enforced(db: Database) -> None:
    orphan = CourseVersion(course_id="nope", version="1.0.0", bundle_sha256="b" * 64, manifest={})
    with pytest.raises(IntegrityError, match="FOREIGN KEY"):
        db.write_sync(lambda s: s.add(orphan))


def _intent(key: str, course: str, amount: int = 1900, state: str = "queued") -> PurchaseIntent:
    return PurchaseIntent(
        idempotency_key=f"00000000-0000-4000-8000-{key:0>12}",
        course_id=course,
        quoted_amount=amount,
        quoted_currency="USD",
        state=state,
    )


def test_one_open_purchase_intent_per_course(db: Database) -> None:
    db.write_sync(lambda s: s.add(_intent("1", "python-basics")))
    with pytest.raises(IntegrityError, match="UNIQUE"):
        db.write_sync(lambda s: s.add(_intent("2", "python-basics")))

    def mark_paid(session: Session) -> None:
        intent = session.get(PurchaseIntent, _intent("1", "x").idempotency_key)
        assert intent is not None
        intent.state = "paid"

    db.write_sync(mark_paid)
    db.write_sync(lambda s: s.add(_intent("3", "python-basics")))  # a new intent after payment
    with pytest.raises(IntegrityError, match="quoted_amount"):
        db.write_sync(lambda s: s.add(_intent("4", "other", amount=-1)))
    with pytest.raises(IntegrityError, match="state"):
        db.write_sync(lambda s: s.add(_intent("5", "other2", state="maybe")))
