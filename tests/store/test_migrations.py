"""The Alembic migrations shipped in the package build, from an empty database, exactly the
schema the models describe (plus the full-text index), on SQLite and PostgreSQL, and can be
rolled back."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from store.db.engine import make_engine
from store.db.migrate import current_revision, downgrade, head_revision, upgrade
from store.db.models import Base


def _include(obj: object, name: str | None, type_: str, reflected: bool, other: object) -> bool:
    return not (name and (name.startswith("course_fts") or name == "ix_courses_fts"))


def check_round_trip(url: str) -> None:
    engine = make_engine(url)
    try:
        assert current_revision(engine) is None
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn, opts={"include_object": _include, "compare_type": True}
            )
            assert compare_metadata(context, Base.metadata) == []
            tables = set(sa.inspect(conn).get_table_names())
            assert set(Base.metadata.tables) <= tables
            if conn.dialect.name == "sqlite":
                assert "course_fts" in tables
            else:
                indexes = {i["name"] for i in sa.inspect(conn).get_indexes("courses")}
                assert "ix_courses_fts" in indexes
        downgrade(engine, "base")
        with engine.connect() as conn:
            left = set(sa.inspect(conn).get_table_names()) - {"alembic_version"}
            assert left == set()
        upgrade(engine)  # and up again from scratch
        assert current_revision(engine) == head_revision()
    finally:
        engine.dispose()


def test_migrations_sqlite(tmp_path: Path) -> None:
    check_round_trip(f"sqlite:///{tmp_path / 'fresh.db'}")


@pytest.mark.postgres
def test_migrations_postgres(pg_url: str) -> None:
    check_round_trip(pg_url)
