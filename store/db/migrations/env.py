"""Alembic environment: runs online against the engine that `store.db.migrate` passes in."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Engine

from store.db.models import Base

FTS_OBJECTS = {"course_fts", "ix_courses_fts"}


def include_object(
    obj: object, name: str | None, type_: str, reflected: bool, compare_to: object
) -> bool:
    """Leave the hand-written full-text objects (and SQLite's FTS shadow tables) alone."""
    return not (name and (name in FTS_OBJECTS or name.startswith("course_fts_")))


def run_migrations_online() -> None:
    engine = context.config.attributes["engine"]
    assert isinstance(engine, Engine)
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=connection.dialect.name == "sqlite",
            include_object=include_object,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()


run_migrations_online()
