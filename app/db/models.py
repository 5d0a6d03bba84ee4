"""SQLAlchemy models of the client's local database (one SQLite file per user profile).

Groups of tables:

- content (rebuilt from bundles/catalog): ``courses``, ``course_versions``, ``modules``,
  ``items``, ``skills``, ``item_skills``, ``questions``;
- access: ``leases`` (signed by the store, kept byte-exact) and ``entitlements``;
- learning record: ``learning_events`` (append-only, xAPI-shaped; a trigger refuses UPDATE and
  DELETE except setting ``server_seq`` once) and the rows derived from it, ``attempts`` and
  ``review_state``;
- mutable records merged last-writer-wins per field: ``goals``, ``plan_items``, ``notes``,
  ``bookmarks`` (columns of :class:`SyncedRecord`);
- sync plumbing: ``outbox``, ``sync_cursors``, ``purchase_intents``;
- the profile's own values: ``profile_values`` (its secrets — refresh token, device key —
  and its personal settings; safe here because the whole file is encrypted).

Identifiers that must survive a course update (learning events, attempts, review state, notes)
use the bundle's stable string ids (course id, item id, question id), never the integer keys of
the per-version content tables. Timestamps are timezone-aware UTC datetimes (stored as naive
UTC text). The schema is created by Alembic (``app/db/migrations``); a change here needs a new
revision, and ``tests/db`` checks the two agree.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Connection,
    Date,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    event,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

NAMING_CONVENTION: dict[str, str] = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

COURSE_VERSION_STATES = ("not_downloaded", "downloading", "available", "corrupt")
ITEM_KINDS = ("text", "pdf", "audio", "video", "quiz")
QUESTION_TYPES = ("single", "multiple", "true_false", "numeric", "short_text")
OUTBOX_KINDS = ("event", "record")
GOAL_STATUSES = ("active", "achieved", "abandoned")
PURCHASE_STATES = ("queued", "requoted", "confirmed", "submitted", "paid", "failed", "cancelled")
PURCHASE_OPEN_STATES = ("queued", "requoted", "confirmed", "submitted")
REVIEW_STATES = ("pending", "synced", "refused")


def _in(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


class UTCDateTime(TypeDecorator[datetime]):
    """An aware datetime stored as naive UTC; naive datetimes are refused (they are bugs)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware (UTC) datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


#: JSON where Python None is SQL NULL (not the JSON text 'null').
JSONValue = JSON(none_as_null=True)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        date: Date(),
        str: String(),
        int: Integer(),
        float: Float(),
        bool: Boolean(),
    }


# --- content ------------------------------------------------------------------------------


class Course(Base):
    """A course known from the catalog or an installed bundle (id = the bundle's id)."""

    __tablename__ = "courses"
    __table_args__ = (
        CheckConstraint("price_amount >= 0", name="price_amount"),
        CheckConstraint("length(price_currency) = 3", name="price_currency"),
    )

    id: Mapped[str] = mapped_column(primary_key=True)
    title: Mapped[str]
    language: Mapped[str]
    topic: Mapped[str]
    description: Mapped[str] = mapped_column(Text, server_default=text("''"))
    price_amount: Mapped[int] = mapped_column(server_default=text("0"))  # minor units
    price_currency: Mapped[str]  # ISO 4217
    catalog_version: Mapped[str | None]  # newest version the catalog offers
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # What the store list shows of a course (from the catalog; revision 0002).
    tags: Mapped[list[str]] = mapped_column(JSONValue, server_default=text("'[]'"))
    authors: Mapped[list[str]] = mapped_column(JSONValue, server_default=text("'[]'"))
    duration_min: Mapped[float] = mapped_column(server_default=text("0"))
    item_count: Mapped[int] = mapped_column(server_default=text("0"))
    # Learners' visible ratings on the store (from the catalog; revision 0006).
    rating_average: Mapped[float | None]
    rating_count: Mapped[int] = mapped_column(server_default=text("0"))


class CourseVersion(Base):
    """One version of a course's bundle and where (and whether) it is on disk."""

    __tablename__ = "course_versions"
    __table_args__ = (
        UniqueConstraint("course_id", "version"),
        CheckConstraint(_in("state", COURSE_VERSION_STATES), name="state"),
        CheckConstraint("length(bundle_sha256) = 64", name="bundle_sha256"),
        CheckConstraint("size_bytes IS NULL OR size_bytes >= 0", name="size_bytes"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id", ondelete="CASCADE"))
    version: Mapped[str]
    bundle_sha256: Mapped[str]
    manifest: Mapped[dict[str, Any]] = mapped_column(JSONValue)
    installed_path: Mapped[str | None]
    state: Mapped[str] = mapped_column(server_default="not_downloaded")
    size_bytes: Mapped[int | None]
    added_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The bundle's content key wrapped for this profile's device key (paid courses); the
    # downloaded file itself is shared between profiles (revision 0005).
    wrapped_key: Mapped[str | None] = mapped_column(Text)


class Module(Base):
    __tablename__ = "modules"
    __table_args__ = (
        UniqueConstraint("course_version_id", "key"),
        UniqueConstraint("course_version_id", "position"),
        CheckConstraint("position >= 0", name="position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_version_id: Mapped[int] = mapped_column(
        ForeignKey("course_versions.id", ondelete="CASCADE")
    )
    key: Mapped[str]  # the manifest's module id
    title: Mapped[str]
    position: Mapped[int]


class Item(Base):
    """A lesson or quiz in the outline (``key`` = the manifest's stable item id)."""

    __tablename__ = "items"
    __table_args__ = (
        UniqueConstraint("course_version_id", "key"),
        UniqueConstraint("module_id", "position"),
        CheckConstraint(_in("kind", ITEM_KINDS), name="kind"),
        CheckConstraint("position >= 0", name="position"),
        CheckConstraint("duration_min > 0", name="duration_min"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    course_version_id: Mapped[int] = mapped_column(
        ForeignKey("course_versions.id", ondelete="CASCADE")
    )
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id", ondelete="CASCADE"))
    key: Mapped[str]
    position: Mapped[int]
    kind: Mapped[str]
    title: Mapped[str]
    path: Mapped[str]
    duration_min: Mapped[float]
    completion: Mapped[dict[str, Any]] = mapped_column(JSONValue)
    free_preview: Mapped[bool] = mapped_column(server_default=text("0"))
    transcript_path: Mapped[str | None]


class Skill(Base):
    __tablename__ = "skills"
    __table_args__ = (UniqueConstraint("course_version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    course_version_id: Mapped[int] = mapped_column(
        ForeignKey("course_versions.id", ondelete="CASCADE")
    )
    key: Mapped[str]  # the manifest's skill id, e.g. "py.variables"
    name: Mapped[str]


class ItemSkill(Base):
    __tablename__ = "item_skills"
    __table_args__ = (Index(None, "skill_id"),)

    item_id: Mapped[int] = mapped_column(
        ForeignKey("items.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True
    )


class Question(Base):
    """A quiz question's metadata (content and answer key stay in the bundle)."""

    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("item_id", "key"),
        CheckConstraint(_in("type", QUESTION_TYPES), name="type"),
        CheckConstraint("difficulty >= 0 AND difficulty <= 1", name="difficulty"),
        CheckConstraint("position >= 0", name="position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("items.id", ondelete="CASCADE"))
    key: Mapped[str]  # question id within the quiz
    position: Mapped[int]
    type: Mapped[str]
    skills: Mapped[list[str]] = mapped_column(JSONValue)
    difficulty: Mapped[float]


# --- access -------------------------------------------------------------------------------


class Lease(Base):
    """An entitlement lease exactly as the store signed it (verify ``lease_json`` bytes)."""

    __tablename__ = "leases"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str]
    device_id: Mapped[str]
    key_id: Mapped[str]
    lease_json: Mapped[str] = mapped_column(Text)  # the signed UTF-8 text, byte for byte
    signature: Mapped[str]  # base64
    issued_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


class Entitlement(Base):
    """The user's right to a course, backed by a lease; ``revoked`` after a refund."""

    __tablename__ = "entitlements"
    __table_args__ = (UniqueConstraint("user_id", "course_id"), Index(None, "lease_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[str]
    course_id: Mapped[str]  # no FK: a lease may name a course not yet in the local catalog
    lease_id: Mapped[int] = mapped_column(ForeignKey("leases.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime]
    revoked: Mapped[bool] = mapped_column(server_default=text("0"))
    revoked_at: Mapped[datetime | None]


# --- learning record ----------------------------------------------------------------------


class LearningEvent(Base):
    """One xAPI-shaped statement; append-only (see the triggers below).

    ``id`` is a UUID made on the device that recorded it, so pushing and pulling are
    idempotent. ``server_seq`` is the store's sequence number for the actor (unique per
    ``actor_id``, not across the table), NULL until the server has it;
    it is the one column that may be set, once, after insert. ``received_at`` is when this
    database stored the row.
    """

    __tablename__ = "learning_events"
    __table_args__ = (
        CheckConstraint("length(id) = 36", name="id_uuid"),
        Index(None, "course_id", "timestamp"),
        # The store numbers each user's events separately, and one database serves whoever
        # signs in on this computer: a sequence number is unique per actor only.
        Index(None, "actor_id", "server_seq", unique=True),
    )

    id: Mapped[str] = mapped_column(primary_key=True)
    actor_id: Mapped[str]  # user id
    device_id: Mapped[str]
    verb: Mapped[str]
    object_type: Mapped[str]
    object_id: Mapped[str]
    course_id: Mapped[str | None]  # no FK: events from other devices may name any course
    result: Mapped[dict[str, Any] | None] = mapped_column(JSONValue)
    context: Mapped[dict[str, Any] | None] = mapped_column(JSONValue)
    timestamp: Mapped[datetime]
    server_seq: Mapped[int | None]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)


#: The columns of a learning event, as the append-only guard compares them.
EVENT_COLUMNS = (
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
_UNCHANGED = " AND ".join(f"NEW.{c} IS OLD.{c}" for c in EVENT_COLUMNS)

#: The append-only guard, also created by migration 0001 (tests compare the two).
LEARNING_EVENT_TRIGGERS: tuple[str, ...] = (
    "CREATE TRIGGER learning_events_no_delete BEFORE DELETE ON learning_events "
    "BEGIN SELECT RAISE(ABORT, 'learning events are append-only: they cannot be deleted'); END",
    "CREATE TRIGGER learning_events_no_update BEFORE UPDATE ON learning_events "
    f"WHEN NOT ({_UNCHANGED} AND (OLD.server_seq IS NULL OR NEW.server_seq IS OLD.server_seq)) "
    "BEGIN SELECT RAISE(ABORT, 'learning events are append-only: only server_seq may be set, "
    "once'); END",
)


@event.listens_for(LearningEvent.__table__, "after_create")
def _create_learning_event_triggers(_table: Table, connection: Connection, **_kw: Any) -> None:
    for trigger in LEARNING_EVENT_TRIGGERS:
        connection.exec_driver_sql(trigger)


class Attempt(Base):
    """One answered question, derived from a learning event (rebuildable from the log)."""

    __tablename__ = "attempts"
    __table_args__ = (
        UniqueConstraint("event_id", "quiz_id", "question_id"),
        Index(None, "course_id", "quiz_id", "question_id", "answered_at"),
        CheckConstraint("time_taken_s IS NULL OR time_taken_s >= 0", name="time_taken_s"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("learning_events.id"))
    course_id: Mapped[str]
    quiz_id: Mapped[str]  # the quiz item's stable id
    question_id: Mapped[str]  # the question's id within the quiz
    correct: Mapped[bool]
    response: Mapped[Any] = mapped_column(JSONValue, nullable=True)
    time_taken_s: Mapped[float | None]
    answered_at: Mapped[datetime]


class ReviewState(Base):
    """Spaced-review scheduler state per question (derived locally, not synced)."""

    __tablename__ = "review_state"
    __table_args__ = (
        Index(None, "due"),
        CheckConstraint("stability > 0", name="stability"),
        CheckConstraint("reps >= 0", name="reps"),
        CheckConstraint("lapses >= 0", name="lapses"),
    )

    course_id: Mapped[str] = mapped_column(primary_key=True)
    quiz_id: Mapped[str] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(primary_key=True)
    stability: Mapped[float]
    difficulty: Mapped[float]
    last_review: Mapped[datetime | None]
    due: Mapped[datetime]
    reps: Mapped[int] = mapped_column(server_default=text("0"))
    lapses: Mapped[int] = mapped_column(server_default=text("0"))


# --- mutable records (LWW per field) ------------------------------------------------------


class SyncedRecord(Base):
    """Columns shared by records that merge last-writer-wins per field.

    ``clocks`` maps each field name to the HLC string of its last write; ``hlc`` is the
    greatest of them; ``deleted`` is a tombstone (itself an LWW field); ``updated_by_device``
    is the node of the last write. Change these records only through
    :func:`app.db.events.touch_record`, which keeps the clocks and queues the outbox row.
    References between records (``plan_items.goal_id``) have no foreign key, because a sync
    pull may deliver a child before its parent.
    """

    __abstract__ = True
    #: Columns that are bookkeeping, not user data; touch_record refuses to set them.
    SYNC_COLUMNS: ClassVar[frozenset[str]] = frozenset({"id", "hlc", "clocks", "updated_by_device"})

    id: Mapped[str] = mapped_column(primary_key=True, sort_order=-1)  # UUID made on the device
    hlc: Mapped[str] = mapped_column(index=True)
    clocks: Mapped[dict[str, str]] = mapped_column(JSONValue)
    deleted: Mapped[bool] = mapped_column(server_default=text("0"))
    updated_by_device: Mapped[str]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Goal(SyncedRecord):
    """A SMART goal: what, by when, how many hours a week."""

    __tablename__ = "goals"
    __table_args__ = (
        CheckConstraint(_in("status", GOAL_STATUSES), name="status"),
        CheckConstraint("hours_per_week >= 0", name="hours_per_week"),
    )

    title: Mapped[str] = mapped_column(server_default=text("''"))
    course_id: Mapped[str | None]
    target_date: Mapped[date | None]
    hours_per_week: Mapped[float] = mapped_column(server_default=text("0"))
    status: Mapped[str] = mapped_column(server_default="active")


class PlanItem(SyncedRecord):
    """One dated study session of a goal's plan."""

    __tablename__ = "plan_items"
    __table_args__ = (
        Index(None, "goal_id", "scheduled_on"),
        CheckConstraint("minutes >= 0", name="minutes"),
    )

    goal_id: Mapped[str]
    course_id: Mapped[str | None]
    item_key: Mapped[str | None]
    scheduled_on: Mapped[date]
    minutes: Mapped[int] = mapped_column(server_default=text("0"))
    done: Mapped[bool] = mapped_column(server_default=text("0"))


class Note(SyncedRecord):
    __tablename__ = "notes"
    __table_args__ = (Index(None, "course_id", "item_key"),)

    course_id: Mapped[str]
    item_key: Mapped[str | None]
    anchor: Mapped[dict[str, Any] | None] = mapped_column(JSONValue)  # e.g. {"seconds": 93}
    body: Mapped[str] = mapped_column(Text, server_default=text("''"))


class Bookmark(SyncedRecord):
    __tablename__ = "bookmarks"
    __table_args__ = (Index(None, "course_id", "item_key"),)

    course_id: Mapped[str]
    item_key: Mapped[str]
    position: Mapped[dict[str, Any] | None] = mapped_column(JSONValue)  # {"page": 4}
    label: Mapped[str] = mapped_column(server_default=text("''"))


# --- sync plumbing ------------------------------------------------------------------------


class Outbox(Base):
    """Changes waiting to be pushed, oldest first (``id`` is never reused: AUTOINCREMENT)."""

    __tablename__ = "outbox"
    __table_args__ = (
        Index(None, "record_table", "record_id"),
        CheckConstraint(_in("kind", OUTBOX_KINDS), name="kind"),
        CheckConstraint("attempts >= 0", name="attempts"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str]
    record_table: Mapped[str]
    record_id: Mapped[str]
    payload: Mapped[dict[str, Any]] = mapped_column(JSONValue)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(server_default=text("0"))
    last_error: Mapped[str | None] = mapped_column(Text)


class SyncCursor(Base):
    __tablename__ = "sync_cursors"

    name: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[str]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PurchaseIntent(Base):
    """A purchase queued (possibly offline) with its Idempotency-Key fixed at intent time.

    At most one open intent per course (a partial unique index), so a course cannot be
    ordered twice by two intents.
    """

    __tablename__ = "purchase_intents"
    __table_args__ = (
        CheckConstraint("length(idempotency_key) = 36", name="idempotency_key"),
        CheckConstraint("quoted_amount >= 0", name="quoted_amount"),
        CheckConstraint("length(quoted_currency) = 3", name="quoted_currency"),
        CheckConstraint(_in("state", PURCHASE_STATES), name="state"),
        Index(
            "ux_purchase_intents_open_course",
            "course_id",
            unique=True,
            sqlite_where=text(_in("state", PURCHASE_OPEN_STATES)),
        ),
    )

    idempotency_key: Mapped[str] = mapped_column(primary_key=True)  # UUID
    course_id: Mapped[str]
    quoted_amount: Mapped[int]  # minor units
    quoted_currency: Mapped[str]  # ISO 4217
    state: Mapped[str] = mapped_column(server_default="queued")
    order_id: Mapped[str | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class MyReview(Base):
    """This learner's own rating (1-5) and review of a course, written here or pulled from
    the store. ``rating`` NULL: deleted here, the store's copy still to delete. ``revision``
    grows with each local edit (a push marks sent only the revision it sent)."""

    __tablename__ = "my_reviews"
    __table_args__ = (
        CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating"),
        CheckConstraint(_in("state", REVIEW_STATES), name="state"),
    )

    course_id: Mapped[str] = mapped_column(primary_key=True)
    rating: Mapped[int | None]
    state: Mapped[str] = mapped_column(server_default="pending")
    revision: Mapped[int] = mapped_column(server_default=text("1"))
    hidden: Mapped[bool] = mapped_column(server_default=text("0"))
    last_error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # last: the attribute shadows sqlalchemy's ``text()`` in the rest of the class body
    text: Mapped[str] = mapped_column(Text, server_default=text("''"))


class ProfileValue(Base):
    """One named value of this profile: a secret (``secret.refresh_token``,
    ``secret.device_key``) or a personal setting (``setting.<name>``), as JSON."""

    __tablename__ = "profile_values"

    name: Mapped[str] = mapped_column(primary_key=True)
    value: Mapped[Any] = mapped_column(JSONValue, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


SYNCED_RECORD_MODELS: tuple[type[SyncedRecord], ...] = (Goal, PlanItem, Note, Bookmark)
