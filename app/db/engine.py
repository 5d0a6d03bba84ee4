"""Opening the local database: SQLite engines, schema migrations, backups.

:func:`open_database` is the one entry point. It refuses a database written by a newer
Satchel (without touching the file), copies an existing database to
``<name>.pre-<revision>.bak`` before migrating it, runs Alembic ``upgrade head`` from the
migrations shipped in ``app/db/migrations`` in one transaction, and returns a
:class:`~app.db.writer.Database`. Call it once per process (from any thread), before the UI
needs data; it blocks for the migration.

Every connection runs with WAL, ``synchronous=NORMAL``, a busy timeout and foreign keys on
(migrations run with foreign keys off, as SQLite requires for table rebuilds, and check them
before committing). SQLAlchemy, not the driver, emits ``BEGIN`` so DDL is transactional.

``key`` (32 bytes) opens a database encrypted with SQLCipher (`app.db.cipher`); every
connection, backup and check then uses it. Without a key the file is plain SQLite, opened
through the same driver.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path
from typing import Any, Literal

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool, QueuePool

from app.db import cipher
from app.db.writer import Database, storage_error_for, storage_errors
from app.errors import StorageError, UserError
from sync import wirejson

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().with_name("migrations")
BUSY_TIMEOUT_MS = 10_000
READER_POOL_SIZE = 4
READER_MAX_OVERFLOW = 28

_SQLITE_CORRUPT = 11
_SQLITE_NOTADB = 26

Role = Literal["migrate", "write", "read"]


class SchemaTooNewError(UserError):
    """The database was written by a newer Satchel than this one."""


class NotASatchelDatabaseError(UserError):
    """The file is not a Satchel database, or it is damaged."""


def alembic_config(url: str | None = None, *, script_location: str | Path | None = None) -> Config:
    """An Alembic Config for the shipped migrations, built in code (no alembic.ini).

    For developers adding a revision::

        from alembic import command
        from app.db.engine import alembic_config
        cfg = alembic_config("sqlite:////tmp/scratch.db")
        command.upgrade(cfg, "head")
        command.revision(cfg, "add x", autogenerate=True, rev_id="0002_add_x")

    then hand-check the generated file (see ``app/db/migrations/env.py``) and add a
    ``tests/db/released/v<version>.sql`` dump when the schema ships.
    """
    cfg = Config()
    cfg.set_main_option("script_location", str(script_location or MIGRATIONS_DIR))
    cfg.set_main_option("path_separator", "os")
    cfg.set_main_option("file_template", "%%(rev)s")
    if url is not None:
        cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


WRITER_CACHE_KIB = 32 * 1024


def create_sqlite_engine(path: Path, role: Role, key: bytes | None = None) -> Engine:
    """An engine for ``path`` set up for one role (``key``: the SQLCipher key, if any).

    ``write``: a single connection for the writer thread, transactions ``BEGIN IMMEDIATE``.
    ``read``: a pool of read-only (``query_only``) connections, deferred ``BEGIN``.
    ``migrate``: unpooled, foreign keys off, ``BEGIN IMMEDIATE``.
    """
    url = URL.create("sqlite+pysqlite", database=str(path))
    pool_args: dict[str, Any]
    if role == "migrate":
        pool_args = {"poolclass": NullPool}
    elif role == "write":
        pool_args = {"poolclass": QueuePool, "pool_size": 1, "max_overflow": 0}
    else:
        pool_args = {
            "poolclass": QueuePool,
            "pool_size": READER_POOL_SIZE,
            "max_overflow": READER_MAX_OVERFLOW,
        }
    timeout = BUSY_TIMEOUT_MS / 1000

    def creator() -> Any:
        return cipher.connect(path, key, timeout=timeout, check_same_thread=False)

    engine = create_engine(
        url, module=cipher.dbapi, creator=creator, json_serializer=wirejson.dumps_text,
        json_deserializer=wirejson.loads, **pool_args,
    )
    pragmas = [
        f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
        "PRAGMA synchronous = NORMAL",
        f"PRAGMA foreign_keys = {'OFF' if role == 'migrate' else 'ON'}",
    ]
    if role == "read":
        pragmas.append("PRAGMA query_only = ON")
    else:  # the one writer: room for a pull page's or an import's index pages (default 2 MiB)
        pragmas.append(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
    begin = "BEGIN" if role == "read" else "BEGIN IMMEDIATE"

    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Take BEGIN away from the sqlite3 module (it would not BEGIN before DDL).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        try:
            if role != "read":
                mode = cursor.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(mode).lower() != "wal":
                    log.warning("SQLite refused WAL mode for %s (journal mode %s)", path, mode)
            for pragma in pragmas:
                cursor.execute(pragma)
        finally:
            cursor.close()

    def on_begin(conn: Connection) -> None:
        conn.exec_driver_sql(begin)

    event.listen(engine, "connect", on_connect)
    event.listen(engine, "begin", on_begin)
    return engine


def head_revision(script_location: str | Path | None = None) -> str:
    """The newest schema revision this app knows."""
    cfg = alembic_config(script_location=script_location)
    return _single_head(ScriptDirectory.from_config(cfg))


def _single_head(script: ScriptDirectory) -> str:
    heads = script.get_heads()
    if len(heads) != 1:
        raise RuntimeError(f"the migrations must have exactly one head, found {heads}")
    return heads[0]


def _read_only_uri(path: Path) -> str:
    return path.as_uri() + "?mode=ro"


def stored_revisions(path: Path, key: bytes | None = None) -> tuple[str, ...]:
    """The schema revision(s) recorded in ``path``; () for a missing or empty database.

    Opens the file read-only and changes nothing.
    """
    if not path.exists() or path.stat().st_size == 0:
        return ()
    try:
        with contextlib.closing(cipher.connect(_read_only_uri(path), key, uri=True)) as con:
            tables = {
                row[0] for row in con.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            if not tables:
                return ()
            if "alembic_version" not in tables:
                raise NotASatchelDatabaseError(
                    f"{path} is not a Satchel database (it has no schema version). "
                    "Move it away or choose another data folder."
                )
            return tuple(row[0] for row in con.execute("SELECT version_num FROM alembic_version"))
    except (sqlite3.DatabaseError, cipher.DatabaseError) as exc:
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code in (_SQLITE_NOTADB, _SQLITE_CORRUPT):
            raise NotASatchelDatabaseError(
                f"{path} is damaged or is not a Satchel database ({exc}). "
                "Restore it from a backup (files ending in .bak next to it) or move it away."
            ) from exc
        raise storage_error_for(exc, path) or exc from exc


def backup_database(path: Path, target: Path, key: bytes | None = None) -> None:
    """Copy a consistent snapshot of ``path`` (WAL content included) to ``target``, encrypted
    with the same key as the original."""
    partial = target.with_name(target.name + ".partial")
    try:
        with (
            contextlib.closing(cipher.connect(_read_only_uri(path), key, uri=True)) as source,
            contextlib.closing(cipher.connect(partial, key)) as copy,
        ):
            source.backup(copy)
        os.replace(partial, target)
    except cipher.ERRORS as exc:
        partial.unlink(missing_ok=True)
        mapped = storage_error_for(exc, target)
        if mapped is None:
            raise
        raise mapped from exc
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise StorageError(
            f"Satchel could not back up its database to {target} before updating it: "
            f"{exc.strerror or exc}. Free some disk space or check the folder's permissions."
        ) from exc


def _upgrade(path: Path, cfg: Config, key: bytes | None) -> None:
    engine = create_sqlite_engine(path, "migrate", key)
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            violations = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if violations:
                raise RuntimeError(f"the migration broke foreign keys: {violations[:5]}")
    finally:
        cfg.attributes.pop("connection", None)
        engine.dispose()


def _prepare_folder(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StorageError(
            f"Satchel could not create the folder for its database {path.parent}: "
            f"{exc.strerror or exc}."
        ) from exc


def open_database(
    path: str | Path, *, key: bytes | None = None, script_location: str | Path | None = None
) -> Database:
    """Open (creating or upgrading) the database at ``path``; close the result when done.

    ``key``: the database is encrypted with SQLCipher under this 32-byte key (a new file is
    created encrypted).

    Raises :class:`SchemaTooNewError` (file untouched) for a database from a newer Satchel,
    :class:`NotASatchelDatabaseError` for a foreign or damaged file, and
    :class:`~app.errors.StorageError` for disk problems. ``script_location`` (another
    migrations folder) is for tests and tools.
    """
    path = Path(path).expanduser().absolute()
    cfg = alembic_config(script_location=script_location)
    script = ScriptDirectory.from_config(cfg)
    head = _single_head(script)
    _prepare_folder(path)

    current = stored_revisions(path, key)
    known = {rev.revision for rev in script.walk_revisions()}
    unknown = [rev for rev in current if rev not in known]
    if unknown:
        raise SchemaTooNewError(
            f"The database {path} was written by a newer version of Satchel (schema "
            f"{', '.join(unknown)}; this version knows up to {head}). Update Satchel to open "
            "it. The file was not changed."
        )
    if current != (head,):
        if current:
            backup_database(path, path.with_name(f"{path.name}.pre-{head}.bak"), key)
        with storage_errors(path):
            _upgrade(path, cfg, key)

    writer = create_sqlite_engine(path, "write", key)
    reader = create_sqlite_engine(path, "read", key)
    try:
        with storage_errors(path):
            writer.connect().close()  # applies WAL now and surfaces open errors here
    except BaseException:
        writer.dispose()
        reader.dispose()
        raise
    return Database(path, writer, reader)
