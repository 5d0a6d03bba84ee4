"""Alembic environment of the client database.

The app runs migrations through :func:`app.db.engine.open_database`, which passes an open
connection (already inside a transaction, foreign keys off) as ``config.attributes
["connection"]``. Developers generate revisions with :func:`app.db.engine.alembic_config`
(see that function); then ``sqlalchemy.url`` names a scratch database.

SQLite cannot ALTER most things, so revisions use batch mode (``render_as_batch``): a table is
copied into a new one. Re-create the ``learning_events`` triggers after any batch operation
on that table; dropping the table drops them.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection, create_engine, pool

from app.db.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,
        compare_server_default=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_offline() -> None:
    context.configure(
        url=config.get_main_option("sqlalchemy.url"),
        target_metadata=target_metadata,
        literal_binds=True,
        render_as_batch=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("set sqlalchemy.url or pass a connection in config.attributes")
    engine = create_engine(url, poolclass=pool.NullPool)
    try:
        with engine.begin() as conn:
            _run(conn)
    finally:
        engine.dispose()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
