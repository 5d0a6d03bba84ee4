"""Engines and sessions for SQLite and PostgreSQL.

`Database` owns one engine (a connection pool) and hands out sessions: `read()` for GET-like
work, `write()` for work that changes data. On SQLite a write session starts with
`BEGIN IMMEDIATE` so that concurrent writers queue on the busy timeout instead of failing
with "database is locked" when a read transaction tries to upgrade; reads stay concurrent
thanks to WAL. Each session is used by one thread; the `Database` itself is thread-safe.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

_BEGIN_OPTION = "satchel_sqlite_begin"


def _prepare_sqlite_file(url: str) -> None:
    database = make_url(url).database
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)


# Page cache per connection (SQLite's default is 2 MiB): a 5,000-event push inserts into two
# unique indexes; with the default cache, and the random event ids of apps before UUIDv7,
# it re-read index pages from the OS for most rows once a user had a few 100k events (about
# 60 -> 40 ms per batch measured). Allocated as pages are touched.
SQLITE_CACHE_KIB = 32 * 1024


def make_engine(url: str, *, busy_timeout_ms: int = 30_000) -> Engine:
    """An engine with the store's per-backend settings (WAL, foreign keys, pool sizes)."""
    backend = make_url(url).get_backend_name()
    if backend == "sqlite":
        _prepare_sqlite_file(url)
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": busy_timeout_ms / 1000},
            pool_size=16,
            max_overflow=32,
        )

        @event.listens_for(engine, "connect")
        def _on_connect(dbapi_conn: Any, _record: Any) -> None:
            dbapi_conn.isolation_level = None  # we emit BEGIN ourselves (below)
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA cache_size=-{SQLITE_CACHE_KIB}")
            cur.execute(f"PRAGMA busy_timeout={int(busy_timeout_ms)}")
            cur.close()

        @event.listens_for(engine, "begin")
        def _on_begin(conn: Any) -> None:
            mode = conn.get_execution_options().get(_BEGIN_OPTION, "DEFERRED")
            conn.exec_driver_sql(f"BEGIN {mode}")

        return engine
    return create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)


class Database:
    """The store's engine plus read and write session factories."""

    def __init__(self, url: str, *, busy_timeout_ms: int = 30_000) -> None:
        self.url = url
        self.engine = make_engine(url, busy_timeout_ms=busy_timeout_ms)
        self.backend = self.engine.dialect.name
        write_engine = self.engine.execution_options(**{_BEGIN_OPTION: "IMMEDIATE"})
        self._read = sessionmaker(self.engine, expire_on_commit=False)
        self._write = sessionmaker(write_engine, expire_on_commit=False)
        self._now: Engine | None = None  # `read_now`'s pool (PostgreSQL)
        self._now_lock = threading.Lock()

    @property
    def is_sqlite(self) -> bool:
        return self.backend == "sqlite"

    def session(self, *, write: bool) -> Session:
        return self._write() if write else self._read()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write session; commits on success, rolls back on error."""
        with self._write() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:
            yield session

    def read_now(self, sql: str) -> Any:
        """The first column of the first row of ``sql`` (None without a row), read on its
        own outside any transaction: for the one cheap check some requests make before
        anything else (the catalog revision). It skips the session machinery, and on
        PostgreSQL it uses a small autocommit pool without the main pool's pre-ping, so it
        costs one round trip; a connection found broken is dropped and the read tried once
        more on a fresh one."""
        engine = self._now_engine()
        for attempt in (1, 2):
            conn = engine.raw_connection()
            try:
                cur = conn.cursor()
                try:
                    cur.execute(sql)
                    row = cur.fetchone()
                finally:
                    cur.close()
            except engine.dialect.loaded_dbapi.Error as exc:
                dropped = engine.dialect.is_disconnect(exc, conn.dbapi_connection, None)
                if attempt == 2 or not dropped:
                    conn.close()
                    raise
                conn.invalidate(exc)
                continue
            conn.close()
            return row[0] if row else None
        raise AssertionError("unreachable")

    def _now_engine(self) -> Engine:
        if self.is_sqlite:
            return self.engine  # no pre-ping there, and connections are in autocommit
        with self._now_lock:
            if self._now is None:
                self._now = create_engine(
                    self.url,
                    pool_size=4,
                    max_overflow=8,
                    isolation_level="AUTOCOMMIT",
                    pool_reset_on_return=None,  # autocommit: no transaction to end
                )
            return self._now

    def dispose(self) -> None:
        self.engine.dispose()
        with self._now_lock:
            if self._now is not None:
                self._now.dispose()
                self._now = None
