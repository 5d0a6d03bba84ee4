"""Sync for the UI: "Sync now", status events, the record clock, and the engine's ports.

Wraps `sync.engine.SyncEngine` on the app's database (`app.db.sync_ports.DatabasePorts`).
Every status change of the engine is re-emitted on the bus as `SyncStatusChanged`;
after a cycle `DataChanged` topics tell the screens to refresh. Purchases queued earlier
(usually offline) that the cycle re-quoted go out as `PurchaseNeedsConfirmation`, with the
price the learner saw when they asked to buy, so the UI can show a changed price plainly.

Threading: `sync_now`, `download` and purchases block on the network (worker threads only);
`status()` and `clock()` are cheap and thread-safe.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any

from app.db import Database
from app.db.events import latest_hlc
from app.db.hlc import HybridLogicalClock
from app.db.sync_ports import DatabasePorts
from app.errors import AuthError, store_error
from app.eventbus import EventBus
from app.services.account import AccountService
from app.services.events import DataChanged, PurchaseNeedsConfirmation, SyncStatusChanged
from sync.client import StoreClient
from sync.engine import SyncEngine, SyncReport
from sync.errors import SyncError
from sync.purchases import Quote
from sync.status import StatusBoard, SyncStatus

log = logging.getLogger(__name__)
GOAL_RATINGS = "cache.goal_ratings"  # profile value: the store's GoalRatings items
COENROLMENT = "cache.coenrolment"  # profile value: the store's Coenrolment counts


class SyncService:
    def __init__(
        self,
        db: Database,
        bus: EventBus,
        client: StoreClient,
        account: AccountService,
        clock: HybridLogicalClock,
        downloads_dir: Path,
    ) -> None:
        self.db = db
        self.bus = bus
        self.client = client
        self.account = account
        self._clock = clock
        self._clock_lock = threading.Lock()
        self.board = StatusBoard()
        self._unsubscribe = self.board.subscribe(lambda s: bus.emit(SyncStatusChanged(s)))
        self.ports = DatabasePorts(
            db,
            user_id=lambda: account.current_user.user_id,
            clock=clock,
            downloads_dir=downloads_dir,
            profile=account.current_user.id,
        )
        self.engine = SyncEngine(client, self.ports.as_ports(), status=self.board)
        self._seen_prices: dict[str, tuple[int, str]] = {}  # intent key -> price first seen
        self._prices_lock = threading.Lock()

    def status(self) -> SyncStatus | None:
        return self.board.current

    def clock(self) -> HybridLogicalClock:
        """The hybrid logical clock for local edits, with this device's id as its node."""
        profile = self.account.current_user
        node = profile.device_id if profile else "local"
        with self._clock_lock:
            if self._clock.node != node:
                with self.db.read() as session:
                    last = latest_hlc(session)
                self._clock = HybridLogicalClock(node, last=last)
                self.ports.remote.clock = self._clock
            elif self._clock.last is None:
                with self.db.read() as session:
                    last = latest_hlc(session)
                if last is not None:
                    self._clock.update(last)
            return self._clock

    def pending_changes(self) -> int:
        return self.ports.outbox.count()

    def sync_now(self) -> SyncReport:
        """One full cycle; raises a plain `UserError` when it could not finish."""
        if not self.account.signed_in:
            raise AuthError("Sign in first to sync your progress.")
        self._remember_prices()
        report = self.engine.sync_now()
        if report.error is None:
            self._refresh_goal_ratings()
            self._refresh_coenrolment()
        for topic in ("catalog", "library", "progress", "goals", "notes", "reviews"):
            self.bus.emit(DataChanged(topic))
        self._ask_to_confirm(report.quotes)
        if report.error is not None:
            raise store_error(report.error, " to sync")
        return report

    def _refresh_goal_ratings(self) -> None:
        """Keep how learners who share this learner's goals rated courses, for the
        recommender offline (`GOAL_RATINGS`, a profile value); a failure keeps the last."""
        from app.profiles.values import ProfileValues

        try:
            ratings = self.client.goal_ratings()
        except SyncError as exc:
            log.info("goal ratings not refreshed: %s", exc)
            return
        ProfileValues(self.db).put(GOAL_RATINGS, [r.model_dump() for r in ratings.items])

    def _refresh_coenrolment(self) -> None:
        """Keep the store's anonymised co-enrolment counts (`COENROLMENT`, a profile value)
        for the recommender's collaborative part offline; a failure keeps the last."""
        from app.profiles.values import ProfileValues

        try:
            counts = self.client.coenrolment()
        except SyncError as exc:
            log.info("co-enrolment not refreshed: %s", exc)
            return
        ProfileValues(self.db).put(COENROLMENT, counts.model_dump())

    def coenrolment(self) -> dict[str, Any]:
        """The last co-enrolment counts the store gave (see `_refresh_coenrolment`); {} if
        none yet."""
        from app.profiles.values import ProfileValues

        value = ProfileValues(self.db).get(COENROLMENT)
        return value if isinstance(value, dict) else {}

    def goal_ratings(self) -> list[dict[str, Any]]:
        """The last goal ratings the store gave (see `_refresh_goal_ratings`)."""
        from app.profiles.values import ProfileValues

        value = ProfileValues(self.db).get(GOAL_RATINGS)
        return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []

    # -- purchases queued earlier ----------------------------------------------------------
    def _remember_prices(self) -> None:
        """Keep the price each open purchase had before the store re-quotes it (once)."""
        intents = self.ports.purchases.open_intents()
        with self._prices_lock:
            for intent in intents:
                self._seen_prices.setdefault(intent.key, (intent.amount, intent.currency))

    def seen_price(self, intent_key: str) -> tuple[int, str] | None:
        with self._prices_lock:
            return self._seen_prices.get(intent_key)

    def forget_price(self, intent_key: str) -> None:
        """The learner answered (paid or cancelled): no more comparisons for this intent."""
        with self._prices_lock:
            self._seen_prices.pop(intent_key, None)

    def _ask_to_confirm(self, quotes: list[Quote]) -> None:
        if not quotes:
            return
        from sqlalchemy import select

        from app.db.models import Course

        ids = {q.intent.course_id for q in quotes}
        with self.db.read() as session:
            titles = {cid: title for cid, title in session.execute(
                select(Course.id, Course.title).where(Course.id.in_(ids)))}
        for q in quotes:
            now = (q.price.amount, q.price.currency)
            seen = self.seen_price(q.intent.key) or now
            changed = seen != now
            self.bus.emit(PurchaseNeedsConfirmation(
                course_id=q.intent.course_id, intent_key=q.intent.key,
                amount=q.price.amount, currency=q.price.currency, changed=changed,
                title=titles.get(q.intent.course_id, q.intent.course_id),
                old_amount=seen[0] if changed else None,
                old_currency=seen[1] if changed else None,
            ))

    def close(self) -> None:
        self._unsubscribe()
