"""HLC stamps in the sync protocol's spelling: ``<13-digit ms>-<6-digit counter>-<node>``.

Revision ID: 0003_decimal_hlc
Revises: 0002_course_listing
Create Date: 2026-12-04

Satchel 0.1 stored stamps as ``<13 hex digits>-<8 hex digits>-<node>`` and converted them
for the wire; now the database holds the wire's text itself (`sync.protocol.format_hlc`).
This rewrites every stored stamp: ``hlc``, each value of ``clocks`` and ``updated_by_device``
of goals, plan items, notes and bookmarks, and the ``hlc``/``device`` of queued record
changes in the outbox. Order is kept: both spellings sort in clock order.

Two things 0.1 allowed have no exact new spelling (neither could ever be sent to a store, so
such stamps were stuck in the outbox): a ':' in a node id becomes '_', and a counter above
999999 carries into the milliseconds (as the clock itself now does). Any other text where a
stamp belongs stops the migration (the database stays as it was).

Self-contained on purpose: it must not import the live code, which will move on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0003_decimal_hlc"
down_revision: str | None = "0002_course_listing"
branch_labels: str | None = None
depends_on: str | None = None

RECORD_TABLES = ("goals", "plan_items", "notes", "bookmarks")
_JSON = sa.JSON(none_as_null=True)
_HEX = re.compile(r"([0-9a-f]{13})-([0-9a-f]{8})-([A-Za-z0-9_.:-]{1,64})")
_DECIMAL = re.compile(r"([0-9]{13})-([0-9]{6})-([A-Za-z0-9_.-]{1,64})")
_COUNTER_LIMIT = 10**6


def _node(node: str) -> str:
    return node.replace(":", "_")


def to_decimal(stamp: str, where: str) -> str:
    """A 0.1 (hex) stamp in the new spelling; new-spelling stamps are returned unchanged."""
    if _DECIMAL.fullmatch(stamp):
        return stamp
    match = _HEX.fullmatch(stamp)
    if match is None:
        raise ValueError(f"{where}: {stamp!r} is not an HLC stamp of Satchel 0.1")
    carry, counter = divmod(int(match[2], 16), _COUNTER_LIMIT)
    return f"{int(match[1], 16) + carry:013d}-{counter:06d}-{_node(match[3])}"


def to_hex(stamp: str, where: str) -> str:
    """The 0.1 spelling of a new-spelling stamp (for a downgrade)."""
    match = _DECIMAL.fullmatch(stamp)
    if match is None:
        raise ValueError(f"{where}: {stamp!r} is not an HLC stamp")
    return f"{int(match[1]):013x}-{int(match[2]):08x}-{match[3]}"


def _same(node: str) -> str:
    return node


def _convert(stamp_fn: Callable[[str, str], str], node_fn: Callable[[str], str]) -> None:
    conn = op.get_bind()
    for name in RECORD_TABLES:
        table = sa.table(
            name,
            sa.column("id", sa.String()),
            sa.column("hlc", sa.String()),
            sa.column("clocks", _JSON),
            sa.column("updated_by_device", sa.String()),
        )
        rows = conn.execute(
            sa.select(table.c.id, table.c.hlc, table.c.clocks, table.c.updated_by_device)
        ).all()
        for row_id, hlc, clocks, device in rows:
            where = f"{name} {row_id}"
            values: dict[str, Any] = {
                "clocks": {
                    field: stamp_fn(stamp, f"{where} clocks[{field}]")
                    for field, stamp in (clocks or {}).items()
                },
                "updated_by_device": node_fn(device),
            }
            if hlc:  # "" only on a record that never had a write
                values["hlc"] = stamp_fn(hlc, f"{where} hlc")
            conn.execute(table.update().where(table.c.id == row_id).values(**values))

    outbox = sa.table(
        "outbox",
        sa.column("id", sa.Integer()),
        sa.column("kind", sa.String()),
        sa.column("payload", _JSON),
    )
    queued = conn.execute(
        sa.select(outbox.c.id, outbox.c.payload).where(outbox.c.kind == "record")
    ).all()
    for row_id, payload in queued:
        changed = dict(payload)
        changed["hlc"] = stamp_fn(payload["hlc"], f"outbox {row_id} hlc")
        if isinstance(payload.get("device"), str):
            changed["device"] = node_fn(payload["device"])
        conn.execute(outbox.update().where(outbox.c.id == row_id).values(payload=changed))


def upgrade() -> None:
    _convert(to_decimal, _node)


def downgrade() -> None:
    _convert(to_hex, _same)
