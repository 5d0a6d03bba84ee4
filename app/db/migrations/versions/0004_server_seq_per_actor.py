"""``learning_events.server_seq`` is unique per actor, not across the table.

Revision ID: 0004_server_seq_per_actor
Revises: 0003_decimal_hlc
Create Date: 2026-12-06

The store numbers each user's events separately, and one database serves whoever signs in
on this computer, so two accounts' events can carry the same ``server_seq``. 0.1 declared
``UNIQUE (server_seq)`` as a table constraint, which SQLite cannot drop in place: the table
is rebuilt (batch mode) without it, the unique index on ``(actor_id, server_seq)`` is added,
and the append-only triggers, which the rebuild drops, are created again exactly as 0001
defines them. Existing rows already satisfy the new rule (the old one was stricter).

The downgrade restores the table-wide constraint; it fails (and the database stays as it
was) if two actors already hold the same sequence number.

Self-contained on purpose: it must not import the live code, which will move on.
"""

from __future__ import annotations

from alembic import op

revision: str = "0004_server_seq_per_actor"
down_revision: str | None = "0003_decimal_hlc"
branch_labels: str | None = None
depends_on: str | None = None

_EVENT_COLUMNS = (
    "id",
    "actor_id",
    "device_id",
    "verb",
    "object_type",
    "object_id",
    "course_id",
    "result",
    "context",
    "timestamp",
    "received_at",
)
_UNCHANGED = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in _EVENT_COLUMNS)
# Exactly as 0001_initial creates them.
_TRIGGERS = (
    "CREATE TRIGGER learning_events_no_delete BEFORE DELETE ON learning_events "
    "BEGIN SELECT RAISE(ABORT, 'learning events are append-only: they cannot be deleted'); END",
    "CREATE TRIGGER learning_events_no_update BEFORE UPDATE ON learning_events "
    f"WHEN NOT ({_UNCHANGED} AND (OLD.server_seq IS NULL OR NEW.server_seq IS OLD.server_seq)) "
    "BEGIN SELECT RAISE(ABORT, 'learning events are append-only: only server_seq may be set, "
    "once'); END",
)
_TRIGGER_NAMES = ("learning_events_no_delete", "learning_events_no_update")
_INDEX = "ix_learning_events_actor_id_server_seq"


def _drop_triggers() -> None:
    # The rebuild drops them with the old table; dropping first keeps the copy unguarded.
    for name in _TRIGGER_NAMES:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")


def _create_triggers() -> None:
    for trigger in _TRIGGERS:
        op.execute(trigger)


def upgrade() -> None:
    _drop_triggers()
    with op.batch_alter_table("learning_events", recreate="always") as batch:
        batch.drop_constraint("uq_learning_events_server_seq", type_="unique")
    op.create_index(_INDEX, "learning_events", ["actor_id", "server_seq"], unique=True)
    _create_triggers()


def downgrade() -> None:
    _drop_triggers()
    op.drop_index(_INDEX, table_name="learning_events")
    with op.batch_alter_table("learning_events", recreate="always") as batch:
        batch.create_unique_constraint("uq_learning_events_server_seq", ["server_seq"])
    _create_triggers()
