"""Inserting many rows in one driver-level ``executemany``: the batch path for learning
events and outbox rows that arrive together (a pull page, an import, a benchmark).

SQLAlchemy's ORM bulk insert processes every row's parameters in Python (tens of µs a row);
here each column's own bind processor (the same conversion SQLAlchemy would apply: JSON
encoding, UTC datetimes) runs once per value and the rows go to sqlite3 as plain tuples.
Python-side column defaults are evaluated once per call. Runs inside the caller's
transaction (the writer lane); never commits.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session
from sqlalchemy.sql import sqltypes


def insert_many(
    session: Session,
    table: Table,
    rows: Sequence[Mapping[str, Any]],
    *,
    ignore_conflicts: bool = False,
) -> None:
    """Insert ``rows`` (all with the same keys) into ``table``; with ``ignore_conflicts`` a
    row whose key already exists is skipped (``INSERT OR IGNORE``)."""
    if rows:
        insert_columns(
            session, table, {name: [row[name] for row in rows] for name in rows[0]},
            ignore_conflicts=ignore_conflicts,
        )


def insert_columns(
    session: Session,
    table: Table,
    columns: Mapping[str, Sequence[Any]],
    *,
    ignore_conflicts: bool = False,
) -> None:
    """`insert_many` for rows given column by column (``{name: values}``, all the same
    length), which a batch builds without a dict per row."""
    lengths = {len(values) for values in columns.values()}
    if not columns or lengths == {0}:
        return
    if len(lengths) != 1:
        raise ValueError(f"columns of different lengths: {sorted(lengths)}")
    (count,) = lengths
    conn = session.connection()
    dialect = conn.dialect
    keys = list(columns)
    constants: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.key in keys or default is None:
            continue
        if getattr(default, "is_scalar", False):
            constants[column.key] = default.arg  # type: ignore[attr-defined]
        elif getattr(default, "is_callable", False):
            constants[column.key] = default.arg(None)  # type: ignore[attr-defined]
    names = [*keys, *constants]
    converted: list[Sequence[Any]] = []
    to_json = getattr(dialect, "_json_serializer", None) or json.dumps
    for name in keys:
        values = columns[name]
        kind = table.columns[name].type
        proc = kind._cached_bind_processor(dialect)
        if isinstance(kind, sqltypes.JSON):  # documents: the engine's serializer, directly
            values = [None if v is None else to_json(v) for v in values]
        elif proc is not None:
            memo: dict[Any, Any] = {}  # repeated values (one timestamp per batch) once

            def convert(v: Any, proc: Any = proc, memo: dict[Any, Any] = memo) -> Any:
                if v is None:
                    return None
                try:
                    return memo[v]
                except KeyError:
                    memo[v] = out = proc(v)
                    return out
                except TypeError:  # unhashable
                    return proc(v)

            values = list(map(convert, values))
        converted.append(values)
    for name, value in constants.items():
        proc = table.columns[name].type._cached_bind_processor(dialect)
        converted.append(
            [proc(value) if proc is not None and value is not None else value] * count
        )
    params = list(zip(*converted, strict=True))
    quote = dialect.identifier_preparer.quote
    verb = "INSERT OR IGNORE" if ignore_conflicts else "INSERT"
    sql = (
        f"{verb} INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join('?' for _ in names)})"
    )
    conn.exec_driver_sql(sql, params)
