"""The sync engine's ports (`sync.ports`) implemented on the local database.

One adapter a port, each in its own module: `outbox` (pending changes as wire payloads),
`remote` (pulled events, records, catalog; the pull cursors), `access` (trusted store keys,
leases, entitlements, the lease clock mark), `content` (download states, the course file's
check, content keys), `purchases` (offline purchase intents) and `reviews` (the learner's own
ratings); `wire` converts rows to
wire payloads and back. `DatabasePorts` builds all six on one `Database`; hand
``ports.as_ports()`` to `sync.engine.SyncEngine`.

Threading: see `app.db.sync_ports.base` — any worker thread; writes go through the
database's single writer lane, one transaction per call.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.orm import Session

from app.db.hlc import HybridLogicalClock
from app.db.models import LearningEvent
from app.db.sync_ports.access import AccessAdapter
from app.db.sync_ports.content import ContentAdapter
from app.db.sync_ports.outbox import OutboxAdapter
from app.db.sync_ports.purchases import PurchasesAdapter
from app.db.sync_ports.remote import RemoteDataAdapter
from app.db.sync_ports.reviews import ReviewsAdapter
from app.db.writer import Database
from sync.ports import SyncPorts


class DatabasePorts:
    """The six adapters on one `Database`, as attributes named like `sync.ports.SyncPorts`."""

    def __init__(
        self,
        db: Database,
        *,
        user_id: Callable[[], str | None],
        clock: HybridLogicalClock | None = None,
        downloads_dir: Path,
        on_events: Callable[[Session, Sequence[LearningEvent]], None] | None = None,
        trusted_bundle_keys: Sequence[bytes] | None = None,
        profile: str | None = None,
    ) -> None:
        self.db = db
        self.outbox = OutboxAdapter(db)
        self.remote = RemoteDataAdapter(db, user_id=user_id, clock=clock, on_events=on_events)
        self.access = AccessAdapter(db)
        self.content = ContentAdapter(
            db, downloads_dir=downloads_dir, trusted_bundle_keys=trusted_bundle_keys,
            profile=profile,
        )
        self.purchases = PurchasesAdapter(db)
        self.reviews = ReviewsAdapter(db)

    def as_ports(self) -> SyncPorts:
        return SyncPorts(
            outbox=self.outbox, remote=self.remote, access=self.access,
            content=self.content, purchases=self.purchases, reviews=self.reviews,
        )


__all__ = ["DatabasePorts"]
