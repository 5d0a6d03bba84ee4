"""The ports through which the sync engine reads and changes the app's local data.

`sync/` never imports `app/` (layer rule); the app implements these protocols on top of its
database (`app/db/sync_ports/`) and hands them to `SyncEngine`. Payloads are already in wire
form (`sync.protocol` models or their JSON), so the engine knows nothing of tables.

Threading: the engine calls the ports from its worker thread; implementations do their own
locking (the app's database has one writer lane). Every ``apply_*`` method must store the
data *and* the new cursor in one transaction, so a crash between pages re-pulls at most one
page, which merging makes harmless.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

from sync.leases import VerifiedLease
from sync.protocol import (
    CatalogChanges,
    CourseDetail,
    RecordState,
    ReviewOut,
    StoredEventData,
)

OutboxKind = Literal["event", "record"]


@dataclass(frozen=True)
class OutboxEntry:
    """One queued change. ``payload`` is a `LearningEvent` (kind "event") or a
    `RecordChange` (kind "record") as wire JSON."""

    id: int
    kind: OutboxKind
    payload: Mapping[str, Any]


class OutboxPort(Protocol):
    def pending(self, kind: OutboxKind, limit: int, after_id: int = 0) -> list[OutboxEntry]:
        """The oldest ``limit`` entries of ``kind`` with ``id > after_id``, by id."""
        ...

    def acknowledge(self, ids: Sequence[int], event_seqs: Mapping[str, int]) -> None:
        """Delete entries the store confirmed; ``event_seqs`` maps pushed event ids to the
        store's sequence numbers (to remember on the local events). One transaction."""
        ...

    def record_failure(self, ids: Sequence[int], error: str) -> None:
        """Count a failed push of these entries and keep the message; they stay queued."""
        ...

    def count(self) -> int:
        """How many entries wait to be pushed."""
        ...


class RemoteDataPort(Protocol):
    """Other devices' learning events and record changes, and the pull cursors."""

    def cursor(self, name: str) -> int:
        """The stored cursor ``name`` ("events", "records", "catalog"), 0 if none."""
        ...

    def apply_events(self, events: Sequence[StoredEventData], cursor: int) -> int:
        """Insert events not known yet (union by id), remember server seqs, store the cursor;
        returns how many were new."""
        ...

    def apply_records(self, records: Sequence[RecordState], cursor: int) -> int:
        """Merge record states per field (`sync.merge`), store the cursor; returns how many
        records changed locally."""
        ...

    def apply_catalog(self, changes: CatalogChanges) -> None:
        """Upsert the listed courses, mark removed ones, store ``changes.cursor``."""
        ...


@dataclass(frozen=True)
class StoredLease:
    lease_json: str
    signature: str
    key_id: str


class AccessPort(Protocol):
    """Leases, the store's trusted public keys and the lease clock's high-water mark."""

    def trusted_keys(self) -> dict[str, bytes]: ...

    def save_trusted_keys(self, keys: Mapping[str, bytes]) -> None: ...

    def current_lease(self) -> StoredLease | None: ...

    def save_lease(self, lease: VerifiedLease) -> None:
        """Keep the lease and make the local entitlements exactly its courses (courses no
        longer listed, e.g. refunded, are revoked). One transaction."""
        ...

    def clock_mark(self) -> int | None: ...

    def save_clock_mark(self, value: int) -> None: ...


class ContentPort(Protocol):
    """Where course bundles go, and their state (downloading → available)."""

    def bundle_path(self, course_id: str, version: str, sha256: str) -> Path: ...

    def mark_downloading(self, course: CourseDetail) -> None:
        """A download of ``course``'s published bundle starts (or resumes)."""
        ...

    def mark_available(self, course_id: str, version: str, path: Path) -> None:
        """The file at ``path`` passed its sha256 check; the app may validate it further
        (raising a plain error) before showing the course as available offline."""
        ...

    def mark_failed(self, course_id: str, version: str, reason: str) -> None: ...

    def save_content_key(self, course_id: str, version: str, wrapped_key: str) -> None:
        """Keep the content key the store wrapped for this device (base64)."""
        ...


PurchaseState = Literal[
    "queued", "requoted", "confirmed", "submitted", "paid", "failed", "cancelled"
]


@dataclass(frozen=True)
class Intent:
    """A purchase the learner asked for, possibly offline; ``key`` is the Idempotency-Key."""

    key: str
    course_id: str
    amount: int
    currency: str
    state: PurchaseState
    order_id: str | None = None
    last_error: str | None = None


class PurchasesPort(Protocol):
    def create_intent(self, course_id: str, amount: int, currency: str) -> Intent:
        """Queue a purchase with a new idempotency key (refuses a second open one)."""
        ...

    def open_intents(self) -> list[Intent]:
        """Intents not yet paid, failed or cancelled, oldest first."""
        ...

    def intent(self, key: str) -> Intent | None: ...

    def update_intent(
        self,
        key: str,
        *,
        state: PurchaseState,
        amount: int | None = None,
        currency: str | None = None,
        order_id: str | None = None,
        error: str | None = None,
    ) -> Intent: ...


ReviewState = Literal["pending", "synced", "refused"]


@dataclass(frozen=True)
class LocalReview:
    """The learner's own rating of a course as this device knows it. ``rating`` None means
    "deleted here, the store must delete it too". ``revision`` grows with each local edit,
    so an edit made while a push is under way is not marked sent by that push."""

    course_id: str
    rating: int | None
    text: str
    state: ReviewState
    revision: int
    last_error: str | None = None
    hidden: bool = False


class ReviewsPort(Protocol):
    def pending_reviews(self) -> list[LocalReview]:
        """Reviews edited or deleted here and not yet accepted by the store."""
        ...

    def review_sent(self, course_id: str, revision: int, hidden: bool = False) -> None:
        """The store accepted ``revision`` (a deletion removes the local row)."""
        ...

    def review_refused(self, course_id: str, revision: int, error: str) -> None:
        """The store refused ``revision`` for good (not owned, course gone...)."""
        ...

    def apply_remote_reviews(self, reviews: Sequence[ReviewOut]) -> int:
        """The store's list of this account's reviews: rows not pending here take the
        store's values, synced rows the store no longer has are removed. Returns changes."""
        ...


@dataclass(frozen=True)
class SyncPorts:
    outbox: OutboxPort
    remote: RemoteDataPort
    access: AccessPort
    content: ContentPort
    purchases: PurchasesPort
    reviews: ReviewsPort
