"""Initial schema of the client database (released in Satchel 0.1.0).

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-27

Hand-written to match ``app/db/models.py`` at 0.1.0; self-contained on purpose (a migration
must not import the live models, which will move on). ``tests/db/test_db_schema.py`` checks
that this revision and the models produce the same schema, triggers included.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0001_initial"
down_revision: str | None = None
branch_labels: str | None = None
depends_on: str | None = None

_JSON = sa.JSON(none_as_null=True)


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


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
_TRIGGERS = (
    "CREATE TRIGGER learning_events_no_delete BEFORE DELETE ON learning_events "
    "BEGIN SELECT RAISE(ABORT, 'learning events are append-only: they cannot be deleted'); END",
    "CREATE TRIGGER learning_events_no_update BEFORE UPDATE ON learning_events "
    f"WHEN NOT ({_UNCHANGED} AND (OLD.server_seq IS NULL OR NEW.server_seq IS OLD.server_seq)) "
    "BEGIN SELECT RAISE(ABORT, 'learning events are append-only: only server_seq may be set, "
    "once'); END",
)


def _create_synced_table(name: str, *elements: sa.schema.SchemaItem) -> None:
    """A table of LWW records: id, then ``elements``, then the SyncedRecord bookkeeping."""
    op.create_table(
        name,
        sa.Column("id", sa.String(), nullable=False),
        *elements,
        sa.Column("hlc", sa.String(), nullable=False),
        sa.Column("clocks", _JSON, nullable=False),
        sa.Column("deleted", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("updated_by_device", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{name}")),
    )
    op.create_index(op.f(f"ix_{name}_hlc"), name, ["hlc"])


def upgrade() -> None:
    _create_synced_table(
        "bookmarks",
        sa.Column("course_id", sa.String(), nullable=False),
        sa.Column("item_key", sa.String(), nullable=False),
        sa.Column("position", _JSON, nullable=True),
        sa.Column("label", sa.String(), server_default=sa.text("''"), nullable=False),
    )
    op.create_index(op.f("ix_bookmarks_course_id_item_key"), "bookmarks", ["course_id", "item_key"])

    op.create_table(
        "courses",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("language", sa.String(), nullable=False),
        sa.Column("topic", sa.String(), nullable=False),
        sa.Column("description", sa.Text(), server_default=sa.text("''"), nullable=False),
        sa.Column("price_amount", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("price_currency", sa.String(), nullable=False),
        sa.Column("catalog_version", sa.String(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_courses")),
        sa.CheckConstraint("price_amount >= 0", name=op.f("ck_courses_price_amount")),
        sa.CheckConstraint("length(price_currency) = 3", name=op.f("ck_courses_price_currency")),
    )

    _create_synced_table(
        "goals",
        sa.Column("title", sa.String(), server_default=sa.text("''"), nullable=False),
        sa.Column("course_id", sa.String(), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("hours_per_week", sa.Float(), server_default=sa.text("0"), nullable=False),
        sa.Column("status", sa.String(), server_default="active", nullable=False),
        sa.CheckConstraint(
            _in("status", ("active", "achieved", "abandoned")), name=op.f("ck_goals_status")
        ),
        sa.CheckConstraint("hours_per_week >= 0", name=op.f("ck_goals_hours_per_week")),
    )

    op.create_table(
        "learning_events",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("actor_id", sa.String(), nullable=False),
        sa.Column("device_id", sa.String(), nullable=False),
        sa.Column("verb", sa.String(), nullable=False),
        sa.Column("object_type", sa.String(), nullable=False),
        sa.Column("object_id", sa.String(), nullable=False),
        sa.Column("course_id", sa.String(), nullable=True),
        sa.Column("result", _JSON, nullable=True),
        sa.Column("context", _JSON, nullable=True),
        sa.Column("timestamp", sa.DateTime(), nullable=False),
        sa.Column("server_seq", sa.Integer(), nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_learning_events")),
        sa.CheckConstraint("length(id) = 36", name=op.f("ck_learning_events_id_uuid")),
        sa.UniqueConstraint("server_seq", name=op.f("uq_learning_events_server_seq")),
    )
    op.create_index(
        op.f("ix_learning_events_course_id_timestamp"),
        "learning_events",
        ["course_id", "timestamp"],
    )
    for trigger in _TRIGGERS:
        op.execute(trigger)

    op.create_table(
        "leases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("device_id", sa.String(), nullable=False),
        sa.Column("key_id", sa.String(), nullable=False),
        sa.Column("lease_json", sa.Text(), nullable=False),
        sa.Column("signature", sa.String(), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_leases")),
    )

    _create_synced_table(
        "notes",
        sa.Column("course_id", sa.String(), nullable=False),
        sa.Column("item_key", sa.String(), nullable=True),
        sa.Column("anchor", _JSON, nullable=True),
        sa.Column("body", sa.Text(), server_default=sa.text("''"), nullable=False),
    )
    op.create_index(op.f("ix_notes_course_id_item_key"), "notes", ["course_id", "item_key"])

    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("record_table", sa.String(), nullable=False),
        sa.Column("record_id", sa.String(), nullable=False),
        sa.Column("payload", _JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.CheckConstraint(_in("kind", ("event", "record")), name=op.f("ck_outbox_kind")),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_outbox_attempts")),
        sqlite_autoincrement=True,
    )
    op.create_index(
        op.f("ix_outbox_record_table_record_id"), "outbox", ["record_table", "record_id"]
    )

    _create_synced_table(
        "plan_items",
        sa.Column("goal_id", sa.String(), nullable=False),
        sa.Column("course_id", sa.String(), nullable=True),
        sa.Column("item_key", sa.String(), nullable=True),
        sa.Column("scheduled_on", sa.Date(), nullable=False),
        sa.Column("minutes", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("done", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.CheckConstraint("minutes >= 0", name=op.f("ck_plan_items_minutes")),
    )
    op.create_index(
        op.f("ix_plan_items_goal_id_scheduled_on"), "plan_items", ["goal_id", "scheduled_on"]
    )

    open_states = ("queued", "requoted", "confirmed", "submitted")  # at most one per course
    purchase_states = (*open_states, "paid", "failed", "cancelled")
    op.create_table(
        "purchase_intents",
        sa.Column("idempotency_key", sa.String(), nullable=False),
        sa.Column("course_id", sa.String(), nullable=False),
        sa.Column("quoted_amount", sa.Integer(), nullable=False),
        sa.Column("quoted_currency", sa.String(), nullable=False),
        sa.Column("state", sa.String(), server_default="queued", nullable=False),
        sa.Column("order_id", sa.String(), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("idempotency_key", name=op.f("pk_purchase_intents")),
        sa.CheckConstraint(
            "length(idempotency_key) = 36", name=op.f("ck_purchase_intents_idempotency_key")
        ),
        sa.CheckConstraint("quoted_amount >= 0", name=op.f("ck_purchase_intents_quoted_amount")),
        sa.CheckConstraint(
            "length(quoted_currency) = 3", name=op.f("ck_purchase_intents_quoted_currency")
        ),
        sa.CheckConstraint(_in("state", purchase_states), name=op.f("ck_purchase_intents_state")),
    )
    op.create_index(
        op.f("ux_purchase_intents_open_course"),
        "purchase_intents",
        ["course_id"],
        unique=True,
        sqlite_where=sa.text(_in("state", open_states)),
    )

    op.create_table(
        "review_state",
        sa.Column("course_id", sa.String(), nullable=False),
        sa.Column("quiz_id", sa.String(), nullable=False),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("stability", sa.Float(), nullable=False),
        sa.Column("difficulty", sa.Float(), nullable=False),
        sa.Column("last_review", sa.DateTime(), nullable=True),
        sa.Column("due", sa.DateTime(), nullable=False),
        sa.Column("reps", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("lapses", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.PrimaryKeyConstraint(
            "course_id", "quiz_id", "question_id", name=op.f("pk_review_state")
        ),
        sa.CheckConstraint("stability > 0", name=op.f("ck_review_state_stability")),
        sa.CheckConstraint("reps >= 0", name=op.f("ck_review_state_reps")),
        sa.CheckConstraint("lapses >= 0", name=op.f("ck_review_state_lapses")),
    )
    op.create_index(op.f("ix_review_state_due"), "review_state", ["due"])

    op.create_table(
        "sync_cursors",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_sync_cursors")),
    )

    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.String(), nullable=False),
        sa.Column("course_id", sa.String(), nullable=False),
        sa.Column("quiz_id", sa.String(), nullable=False),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("correct", sa.Boolean(), nullable=False),
        sa.Column("response", _JSON, nullable=True),
        sa.Column("time_taken_s", sa.Float(), nullable=True),
        sa.Column("answered_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attempts")),
        sa.UniqueConstraint(
            "event_id",
            "quiz_id",
            "question_id",
            name=op.f("uq_attempts_event_id_quiz_id_question_id"),
        ),
        sa.CheckConstraint(
            "time_taken_s IS NULL OR time_taken_s >= 0", name=op.f("ck_attempts_time_taken_s")
        ),
        sa.ForeignKeyConstraint(
            ["event_id"], ["learning_events.id"], name=op.f("fk_attempts_event_id_learning_events")
        ),
    )
    op.create_index(
        op.f("ix_attempts_course_id_quiz_id_question_id_answered_at"),
        "attempts",
        ["course_id", "quiz_id", "question_id", "answered_at"],
    )

    op.create_table(
        "course_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.String(), nullable=False),
        sa.Column("version", sa.String(), nullable=False),
        sa.Column("bundle_sha256", sa.String(), nullable=False),
        sa.Column("manifest", _JSON, nullable=False),
        sa.Column("installed_path", sa.String(), nullable=True),
        sa.Column("state", sa.String(), server_default="not_downloaded", nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=True),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_course_versions")),
        sa.UniqueConstraint(
            "course_id", "version", name=op.f("uq_course_versions_course_id_version")
        ),
        sa.CheckConstraint(
            _in("state", ("not_downloaded", "downloading", "available", "corrupt")),
            name=op.f("ck_course_versions_state"),
        ),
        sa.CheckConstraint(
            "length(bundle_sha256) = 64", name=op.f("ck_course_versions_bundle_sha256")
        ),
        sa.CheckConstraint(
            "size_bytes IS NULL OR size_bytes >= 0", name=op.f("ck_course_versions_size_bytes")
        ),
        sa.ForeignKeyConstraint(
            ["course_id"],
            ["courses.id"],
            name=op.f("fk_course_versions_course_id_courses"),
            ondelete="CASCADE",
        ),
    )

    op.create_table(
        "entitlements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("course_id", sa.String(), nullable=False),
        sa.Column("lease_id", sa.Integer(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.Column("revoked", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("revoked_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_entitlements")),
        sa.UniqueConstraint("user_id", "course_id", name=op.f("uq_entitlements_user_id_course_id")),
        sa.ForeignKeyConstraint(
            ["lease_id"],
            ["leases.id"],
            name=op.f("fk_entitlements_lease_id_leases"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(op.f("ix_entitlements_lease_id"), "entitlements", ["lease_id"])

    op.create_table(
        "modules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_version_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_modules")),
        sa.UniqueConstraint(
            "course_version_id", "key", name=op.f("uq_modules_course_version_id_key")
        ),
        sa.UniqueConstraint(
            "course_version_id", "position", name=op.f("uq_modules_course_version_id_position")
        ),
        sa.CheckConstraint("position >= 0", name=op.f("ck_modules_position")),
        sa.ForeignKeyConstraint(
            ["course_version_id"],
            ["course_versions.id"],
            name=op.f("fk_modules_course_version_id_course_versions"),
            ondelete="CASCADE",
        ),
    )

    op.create_table(
        "skills",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_version_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_skills")),
        sa.UniqueConstraint(
            "course_version_id", "key", name=op.f("uq_skills_course_version_id_key")
        ),
        sa.ForeignKeyConstraint(
            ["course_version_id"],
            ["course_versions.id"],
            name=op.f("fk_skills_course_version_id_course_versions"),
            ondelete="CASCADE",
        ),
    )

    op.create_table(
        "items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_version_id", sa.Integer(), nullable=False),
        sa.Column("module_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("path", sa.String(), nullable=False),
        sa.Column("duration_min", sa.Float(), nullable=False),
        sa.Column("completion", _JSON, nullable=False),
        sa.Column("free_preview", sa.Boolean(), server_default=sa.text("0"), nullable=False),
        sa.Column("transcript_path", sa.String(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_items")),
        sa.UniqueConstraint(
            "course_version_id", "key", name=op.f("uq_items_course_version_id_key")
        ),
        sa.UniqueConstraint("module_id", "position", name=op.f("uq_items_module_id_position")),
        sa.CheckConstraint(
            _in("kind", ("text", "pdf", "audio", "video", "quiz")), name=op.f("ck_items_kind")
        ),
        sa.CheckConstraint("position >= 0", name=op.f("ck_items_position")),
        sa.CheckConstraint("duration_min > 0", name=op.f("ck_items_duration_min")),
        sa.ForeignKeyConstraint(
            ["course_version_id"],
            ["course_versions.id"],
            name=op.f("fk_items_course_version_id_course_versions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["module_id"],
            ["modules.id"],
            name=op.f("fk_items_module_id_modules"),
            ondelete="CASCADE",
        ),
    )

    op.create_table(
        "item_skills",
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("skill_id", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("item_id", "skill_id", name=op.f("pk_item_skills")),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name=op.f("fk_item_skills_item_id_items"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["skill_id"],
            ["skills.id"],
            name=op.f("fk_item_skills_skill_id_skills"),
            ondelete="CASCADE",
        ),
    )
    op.create_index(op.f("ix_item_skills_skill_id"), "item_skills", ["skill_id"])

    op.create_table(
        "questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("skills", _JSON, nullable=False),
        sa.Column("difficulty", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_questions")),
        sa.UniqueConstraint("item_id", "key", name=op.f("uq_questions_item_id_key")),
        sa.CheckConstraint(
            _in("type", ("single", "multiple", "true_false", "numeric", "short_text")),
            name=op.f("ck_questions_type"),
        ),
        sa.CheckConstraint(
            "difficulty >= 0 AND difficulty <= 1", name=op.f("ck_questions_difficulty")
        ),
        sa.CheckConstraint("position >= 0", name=op.f("ck_questions_position")),
        sa.ForeignKeyConstraint(
            ["item_id"], ["items.id"], name=op.f("fk_questions_item_id_items"), ondelete="CASCADE"
        ),
    )


def downgrade() -> None:
    for table in (
        "questions",
        "item_skills",
        "items",
        "skills",
        "modules",
        "entitlements",
        "course_versions",
        "attempts",
        "sync_cursors",
        "review_state",
        "purchase_intents",
        "plan_items",
        "outbox",
        "notes",
        "leases",
        "learning_events",  # its triggers and indexes go with it
        "goals",
        "courses",
        "bookmarks",
    ):
        op.drop_table(table)
