"""Typed ORM models of the store. The Alembic migrations build exactly this schema (a test
checks it on SQLite and PostgreSQL), plus the full-text index (`course_fts` on SQLite, a GIN
expression index on PostgreSQL) that the models do not describe.

Model instances belong to one `Session`, i.e. one request thread.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from store.db.types import BigIntPK, UTCDateTime, utcnow

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def new_id() -> str:
    return uuid.uuid4().hex


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


# --------------------------------------------------------------------------- accounts


class User(Base):
    __tablename__ = "users"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(100), default="")
    is_instructor: Mapped[bool] = mapped_column(Boolean, default=False)
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Per-user sync sequence; bumped with a row lock so one user's seqs commit in order.
    sync_seq: Mapped[int] = mapped_column(BigInteger, default=0)


class LoginThrottle(Base):
    """Failed logins per normalised email (also for unknown emails, so nothing leaks)."""

    __tablename__ = "login_throttle"

    key: Mapped[str] = mapped_column(String(254), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    window_started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    lock_count: Mapped[int] = mapped_column(Integer, default=0)


class Device(Base):
    __tablename__ = "devices"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    platform: Mapped[str | None] = mapped_column(String(50), nullable=True)
    public_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class TokenFamily(Base):
    """One login session on one device; all its refresh and access tokens die together."""

    __tablename__ = "token_families"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    revoked_reason: Mapped[str | None] = mapped_column(String(50), nullable=True)


class RefreshToken(Base):
    __tablename__ = "refresh_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    family_id: Mapped[str] = mapped_column(ForeignKey("token_families.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class AccessToken(Base):
    __tablename__ = "access_tokens"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    family_id: Mapped[str] = mapped_column(ForeignKey("token_families.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    device_id: Mapped[str] = mapped_column(ForeignKey("devices.id"))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


# --------------------------------------------------------------------------- catalog


class Blob(Base):
    """A content-addressed file under `data_dir/blobs/<sha[:2]>/<sha>`."""

    __tablename__ = "blobs"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Course(Base):
    """A course id owned by one author; the listing fields mirror the latest published
    version (None/unlisted while only drafts exist)."""

    __tablename__ = "courses"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    listed: Mapped[bool] = mapped_column(Boolean, default=False)
    published_version_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    version: Mapped[str] = mapped_column(String(32), default="")
    title: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    language: Mapped[str] = mapped_column(String(35), default="", index=True)
    topic: Mapped[str] = mapped_column(String(30), default="", index=True)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    tags_text: Mapped[str] = mapped_column(Text, default="")
    price_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    price_currency: Mapped[str] = mapped_column(String(3), default="USD")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    catalog_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    # The `CourseSummary` wire document of the published version, ready to serve.
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # The platform's share of this course's sales in basis points; None = the store default.
    platform_fee_bps: Mapped[int | None] = mapped_column(Integer, nullable=True)


class CourseVersion(Base):
    __tablename__ = "course_versions"
    __table_args__ = (UniqueConstraint("course_id", "version"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"), index=True)
    version: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="draft")
    manifest: Mapped[dict[str, Any]] = mapped_column(JSON)
    blob_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    encrypted: Mapped[bool] = mapped_column(Boolean, default=False)
    # The bundle's content key, sealed with the store's master key (AES-GCM).
    content_key_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    changelog: Mapped[str] = mapped_column(Text, default="")


class Upload(Base):
    """A resumable bundle upload in progress; its bytes are in `<data_dir>/uploads/<id>.part`
    until it is finished into a draft (then the row and the file go)."""

    __tablename__ = "uploads"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    owner_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    received: Mapped[int] = mapped_column(BigInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class CatalogChange(Base):
    """Append-only log of catalog changes; its `seq` is the catalog pull cursor."""

    __tablename__ = "catalog_changes"

    seq: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    course_id: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class CatalogRevision(Base):
    """One row (id 1) whose `revision` goes up by one in every transaction that changes what
    the catalog lists (publish, unlist, a review's figures): `store.catalog.record_change`.
    The update takes the row's lock, so the revisions follow the commit order — unlike the
    change log's sequence, which is handed out at insert time — and one cheap read of it tells
    a worker whether the catalog pages it built are still current (`store.catalog_pages`)."""

    __tablename__ = "catalog_revision"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    revision: Mapped[int] = mapped_column(BigInteger)


# --------------------------------------------------------------------------- money


class Order(Base):
    __tablename__ = "orders"
    __table_args__ = (UniqueConstraint("user_id", "idempotency_key"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"), index=True)
    course_version_id: Mapped[str] = mapped_column(ForeignKey("course_versions.id"))
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    provider: Mapped[str | None] = mapped_column(String(16), nullable=True)
    idempotency_key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    paid_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    refunded_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    coupon_code: Mapped[str | None] = mapped_column(String(64), nullable=True)
    list_amount: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class Payment(Base):
    __tablename__ = "payments"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    provider: Mapped[str] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), default="pending")
    provider_ref: Mapped[str | None] = mapped_column(String(255), nullable=True, index=True)
    provider_charge_ref: Mapped[str | None] = mapped_column(String(255), nullable=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    message: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LedgerTransaction(Base):
    __tablename__ = "ledger_transactions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[str | None] = mapped_column(ForeignKey("orders.id"), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(16))
    memo: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class LedgerEntry(Base):
    """One leg of a transaction: positive = debit, negative = credit, in minor units."""

    __tablename__ = "ledger_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    transaction_id: Mapped[int] = mapped_column(ForeignKey("ledger_transactions.id"), index=True)
    account: Mapped[str] = mapped_column(String(120), index=True)
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))


class Receipt(Base):
    __tablename__ = "receipts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount: Mapped[int] = mapped_column(BigInteger)
    currency: Mapped[str] = mapped_column(String(3))
    provider: Mapped[str] = mapped_column(String(16))
    lines: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Entitlement(Base):
    __tablename__ = "entitlements"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"), index=True)
    order_id: Mapped[str | None] = mapped_column(ForeignKey("orders.id"), nullable=True)
    source: Mapped[str] = mapped_column(String(16))
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class VoucherPool(Base):
    __tablename__ = "voucher_pools"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    seats_total: Mapped[int] = mapped_column(Integer)
    seats_used: Mapped[int] = mapped_column(Integer, default=0)
    course_ids: Mapped[list[str] | None] = mapped_column(JSON, nullable=True)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class VoucherCode(Base):
    __tablename__ = "voucher_codes"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    pool_id: Mapped[str] = mapped_column(ForeignKey("voucher_pools.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class VoucherRedemption(Base):
    __tablename__ = "voucher_redemptions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    pool_id: Mapped[str] = mapped_column(ForeignKey("voucher_pools.id"), index=True)
    code: Mapped[str] = mapped_column(ForeignKey("voucher_codes.code"))
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    order_id: Mapped[str] = mapped_column(ForeignKey("orders.id"), unique=True)
    redeemed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    released_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)


class StripeEvent(Base):
    """Webhook event ids already processed; inserted in the same transaction as the grant."""

    __tablename__ = "stripe_events"

    id: Mapped[str] = mapped_column(String(255), primary_key=True)
    type: Mapped[str] = mapped_column(String(100))
    order_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --------------------------------------------------------------------------- sync


class SyncEvent(Base):
    __tablename__ = "sync_events"
    __table_args__ = (
        UniqueConstraint("user_id", "event_id"),
        UniqueConstraint("user_id", "seq"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    event_id: Mapped[str] = mapped_column(String(36))
    device_id: Mapped[str] = mapped_column(String(32))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SyncRecordField(Base):
    """Latest value of one field of one mutable record (LWW by HLC)."""

    __tablename__ = "sync_record_fields"
    __table_args__ = (
        UniqueConstraint("user_id", "collection", "record_id", "field"),
        Index("ix_sync_record_fields_user_seq", "user_id", "seq"),
    )

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    collection: Mapped[str] = mapped_column(String(50))
    record_id: Mapped[str] = mapped_column(String(200))
    field: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JSON)
    hlc: Mapped[str] = mapped_column(String(100))
    device_id: Mapped[str] = mapped_column(String(32))
    seq: Mapped[int] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --------------------------------------------------------------------------- app releases


class AppRelease(Base):
    """A build of the desktop app offered by `GET /v1/app/latest` (the most recently
    published one per platform and package). `url` None: the file is in this store's blob
    storage and is served by `/v1/app/downloads/{sha256}/{file_name}`."""

    __tablename__ = "app_releases"
    __table_args__ = (UniqueConstraint("platform", "package", "version"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    version: Mapped[str] = mapped_column(String(64))
    platform: Mapped[str] = mapped_column(String(32))
    package: Mapped[str] = mapped_column(String(32))
    url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size: Mapped[int] = mapped_column(BigInteger)
    file_name: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str] = mapped_column(Text, default="")
    published_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    published_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# --------------------------------------------------------------------------- creators


class AgreementAcceptance(Base):
    """An instructor accepted version `version` of the creator agreement when publishing
    the bundle `bundle_sha256`; `ledger_txn_id` is the ledger journal entry recording it."""

    __tablename__ = "agreement_acceptances"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    version: Mapped[str] = mapped_column(String(32))
    text_sha256: Mapped[str] = mapped_column(String(64))
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    course_version_id: Mapped[str] = mapped_column(ForeignKey("course_versions.id"))
    ledger_txn_id: Mapped[int] = mapped_column(ForeignKey("ledger_transactions.id"))
    accepted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ContentFingerprint(Base):
    """Hashes of a published version's content: sampled text shingles (`kind` "text") and
    the sha256 prefixes of its media files ("media"); looked up by hash at publish."""

    __tablename__ = "content_fingerprints"
    __table_args__ = (Index("ix_content_fingerprints_hash", "kind", "hash"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    course_version_id: Mapped[str] = mapped_column(ForeignKey("course_versions.id"), index=True)
    kind: Mapped[str] = mapped_column(String(8))
    hash: Mapped[int] = mapped_column(BigInteger)


class CopyrightHold(Base):
    """A version held at publish because it resembles another author's course; an
    administrator releases (publishes) or rejects it."""

    __tablename__ = "copyright_holds"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    course_version_id: Mapped[str] = mapped_column(ForeignKey("course_versions.id"), index=True)
    status: Mapped[str] = mapped_column(String(16), default="held")
    matches: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    note: Mapped[str] = mapped_column(String(500), default="")


class DownloadMark(Base):
    """One personalised (watermarked) copy given to one buyer; `mark` is in the copy."""

    __tablename__ = "download_marks"

    mark: Mapped[str] = mapped_column(String(16), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"))
    course_version_id: Mapped[str] = mapped_column(ForeignKey("course_versions.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Coupon(Base):
    """A discount code: `kind` "percent" (value in whole percent) or "fixed" (minor units of
    the course currency); for one course or every course of its author."""

    __tablename__ = "coupons"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    author_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    course_id: Mapped[str | None] = mapped_column(ForeignKey("courses.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(8))
    value: Mapped[int] = mapped_column(BigInteger)
    max_uses: Mapped[int | None] = mapped_column(Integer, nullable=True)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Review(Base):
    """A learner's rating (1-5) and review of a course they own; hidden by an admin."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("user_id", "course_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"))
    course_id: Mapped[str] = mapped_column(ForeignKey("courses.id"), index=True)
    rating: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    hidden_by: Mapped[str | None] = mapped_column(ForeignKey("users.id"), nullable=True)


# --------------------------------------------------------------------------- monitoring


class ErrorLog(Base):
    """A request the store failed with a 5xx (written by `store.monitoring`, read by
    `satchel-store status`): what an operator needs to find the log lines, not the data."""

    __tablename__ = "error_log"

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    request_id: Mapped[str] = mapped_column(String(64))
    method: Mapped[str] = mapped_column(String(16))
    route: Mapped[str] = mapped_column(String(200))
    status: Mapped[int] = mapped_column(Integer)
    error: Mapped[str] = mapped_column(String(500), default="")


# --------------------------------------------------------------------------- institutions


class Organisation(Base):
    """An institution: its seat pools (`OrganisationPool`), groups and LRS connection. The
    LRS password is sealed with the store's master key (AES-GCM, context ``lrs:<id>``)."""

    __tablename__ = "organisations"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    lrs_url: Mapped[str | None] = mapped_column(String(2000), nullable=True)
    lrs_username: Mapped[str | None] = mapped_column(String(200), nullable=True)
    lrs_password_sealed: Mapped[bytes | None] = mapped_column(LargeBinary, nullable=True)
    # The xAPI actors' account homePage: this store's address as the admin reached it.
    xapi_home_page: Mapped[str] = mapped_column(String(2000), default="")
    # xAPI forwarding: `sync_events.id` of the last event sent, and the retry state.
    xapi_cursor: Mapped[int] = mapped_column(BigInteger, default=0)
    xapi_failures: Mapped[int] = mapped_column(Integer, default=0)
    xapi_next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    xapi_last_error: Mapped[str] = mapped_column(String(500), default="")
    xapi_sent: Mapped[int] = mapped_column(BigInteger, default=0)


class OrganisationPool(Base):
    """A voucher pool (seat code) that belongs to an organisation."""

    __tablename__ = "organisation_pools"

    pool_id: Mapped[str] = mapped_column(ForeignKey("voucher_pools.id"), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)


class LearnerGroup(Base):
    """A class of an organisation; learners join with `join_code`."""

    __tablename__ = "learner_groups"

    id: Mapped[str] = mapped_column(String(32), primary_key=True, default=new_id)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    join_code: Mapped[str] = mapped_column(String(64), unique=True)
    course_ids: Mapped[list[str]] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class OrganisationAdmin(Base):
    """An account that administers one organisation: its groups, coaches, seats and LRS
    (not its seat pools, which the store administrators attach)."""

    __tablename__ = "organisation_admins"

    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisations.id"),
                                                 primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), primary_key=True, index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class GroupMember(Base):
    """A learner or a coach of a group (one row per user and group)."""

    __tablename__ = "group_members"
    __table_args__ = (UniqueConstraint("group_id", "user_id"),)

    id: Mapped[int] = mapped_column(BigIntPK, primary_key=True, autoincrement=True)
    group_id: Mapped[str] = mapped_column(ForeignKey("learner_groups.id"), index=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("users.id"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
