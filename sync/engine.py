"""`SyncEngine`: one sync cycle (push the outbox and the learner's ratings, pull the
catalog, check in for a lease, pull other devices' events, record changes and ratings, move
purchases on) and `AutoSync`, the loop
that runs it in the background with backoff.

Thread rules:
- Every engine method that touches the network blocks; call it from a background worker,
  never the GUI thread. `AutoSync` owns one such worker; "Sync now" is `AutoSync.trigger()`
  (or `sync_now()` from any other worker).
- `sync_now()` is single-flight: a call made while a cycle runs waits for that cycle and
  returns its report instead of starting another.
- `access()` and `lease()` read the local database and verify the lease offline (no network);
  they are cheap and safe from any thread.
- Status changes (`StatusBoard`) and quote callbacks run on the worker thread; a UI adapter
  forwards them to the GUI thread (queued signal).
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sync.backoff import Backoff
from sync.client import StoreClient
from sync.downloads import DownloadControl, Outcome, ProgressCallback, fetch
from sync.errors import AuthExpired, CorruptDownload, LeaseInvalid, Offline, ServerError, SyncError
from sync.leases import (
    Access,
    LeaseClock,
    VerifiedLease,
    accept_keys,
    access_to,
    verify_signed_lease,
    verify_stored_lease,
)
from sync.outbox import PushStats, push_events, push_records
from sync.ports import Intent, SyncPorts
from sync.protocol import MAX_EVENT_BATCH, MAX_PULL_LIMIT, PayRequest
from sync.pull import PullStats, pull_catalog, pull_events, pull_records
from sync.purchases import PurchaseResult, Purchases, Quote
from sync.reviews import ReviewStats, pull_reviews, push_reviews
from sync.status import StatusBoard

log = logging.getLogger(__name__)


@dataclass
class SyncReport:
    """What one `sync_now()` did. ``error`` is None when the whole cycle succeeded."""

    started_at: datetime
    finished_at: datetime | None = None
    push: PushStats = field(default_factory=PushStats)
    pull: PullStats = field(default_factory=PullStats)
    lease: VerifiedLease | None = None
    quotes: list[Quote] = field(default_factory=list)
    reviews: ReviewStats = field(default_factory=ReviewStats)
    error: SyncError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def offline(self) -> bool:
        return isinstance(self.error, Offline)

    @property
    def needs_sign_in(self) -> bool:
        return isinstance(self.error, AuthExpired)

    @property
    def retry_after(self) -> float | None:
        return self.error.retry_after if isinstance(self.error, ServerError) else None


class SyncEngine:
    """Sync between the local database (through `SyncPorts`) and one store."""

    def __init__(
        self,
        client: StoreClient,
        ports: SyncPorts,
        *,
        status: StatusBoard | None = None,
        on_quote: Callable[[Quote], None] | None = None,
        batch_size: int = MAX_EVENT_BATCH,
        pull_limit: int = MAX_PULL_LIMIT,
        wall: Callable[[], float] = time.time,
    ) -> None:
        """Batches and pages default to the protocol's largest (5,000 events; record
        changes are capped at `MAX_RECORD_BATCH`): per event, fewer and larger requests cost
        the store and this device least (bench/sync_bench.py)."""
        self.client = client
        self.ports = ports
        self.status = status or StatusBoard()
        self.batch_size = batch_size
        self.pull_limit = pull_limit
        self.lease_clock = LeaseClock(ports.access.clock_mark, ports.access.save_clock_mark, wall)
        self.purchases = Purchases(client, ports.purchases, on_quote)
        self._cycle = threading.Lock()
        self._last: SyncReport | None = None

    # ------------------------------------------------------------------ one cycle

    def sync_now(self) -> SyncReport:
        """Run one full cycle (or wait for the running one); never raises a `SyncError`:
        it lands in the report and the status. Other exceptions are bugs and propagate."""
        if not self._cycle.acquire(blocking=False):
            with self._cycle:  # a cycle is running: wait for it and share its report
                last = self._last
            if last is not None:
                return last
            self._cycle.acquire()
        report = SyncReport(started_at=datetime.now(UTC))
        try:
            self._run_cycle(report)
        except Offline as exc:
            report.error = exc
            self.status.offline(str(exc))
        except SyncError as exc:
            report.error = exc
            self.status.error(str(exc))
        except Exception:
            self.status.error("Sync stopped because of an unexpected problem; it was "
                              "recorded in the log.")
            raise
        else:
            self.status.idle(datetime.now(UTC))
        finally:
            report.finished_at = datetime.now(UTC)
            self._last = report
            self._cycle.release()
        return report

    def _run_cycle(self, report: SyncReport) -> None:
        self.status.syncing("Connecting to the store")
        self.client.ensure_session()
        self.status.syncing("Sending your progress")
        self._push(report.push)
        self.status.syncing("Sending your ratings and reviews")
        push_reviews(self.client, self.ports.reviews, report.reviews)
        self.status.syncing("Updating the catalog")
        pull_catalog(self.client, self.ports.remote, report.pull)
        self.status.syncing("Checking your courses")
        report.lease = self.check_in()
        self.status.syncing("Receiving progress from your other devices")
        pull_events(self.client, self.ports.remote, report.pull, self.pull_limit)
        pull_records(self.client, self.ports.remote, report.pull, self.pull_limit)
        pull_reviews(self.client, self.ports.reviews, report.reviews)
        self.status.syncing("Checking pending purchases")
        open_keys = [i.key for i in self.ports.purchases.open_intents()]
        report.quotes = self.purchases.requote()
        newly_paid = [
            k for k in open_keys
            if (i := self.ports.purchases.intent(k)) is not None and i.state == "paid"
        ]
        if newly_paid:
            report.lease = self.check_in()

    def _push(self, stats: PushStats) -> None:
        push_events(self.client, self.ports.outbox, stats, self.batch_size)
        push_records(self.client, self.ports.outbox, stats, self.batch_size)

    def push(self) -> PushStats:
        """Only push the outbox (events, then record changes)."""
        stats = PushStats()
        with self._cycle:
            self._push(stats)
        return stats

    def pull(self) -> PullStats:
        """Only pull other devices' events and record changes."""
        stats = PullStats()
        with self._cycle:
            pull_events(self.client, self.ports.remote, stats, self.pull_limit)
            pull_records(self.client, self.ports.remote, stats, self.pull_limit)
        return stats

    # ------------------------------------------------------------------ leases

    def check_in(self) -> VerifiedLease:
        """Fetch the store's keys and a fresh signed lease; verify, keep, adopt its time.
        The local entitlements become exactly the lease's courses (refunds revoke here)."""
        pinned = self.ports.access.trusted_keys()
        keys = accept_keys(pinned, self.client.keys())  # refuses a key the profile does not
        if keys != pinned:  # trust (pinned at first contact or by provisioning)
            self.ports.access.save_trusted_keys(keys)
        session = self.client.ensure_session()
        lease = verify_signed_lease(
            self.client.lease_raw(), keys, device_id=session.device_id, user_id=session.user_id
        )
        self.ports.access.save_lease(lease)
        self.lease_clock.check_in(lease.body.issued_at)
        return lease

    def lease(self) -> VerifiedLease | None:
        """The stored lease, verified offline; None if there is none or it fails the check."""
        stored = self.ports.access.current_lease()
        if stored is None:
            return None
        try:
            return verify_stored_lease(
                stored.lease_json, stored.signature, stored.key_id,
                self.ports.access.trusted_keys(),
            )
        except LeaseInvalid:
            log.warning("the stored lease failed verification", exc_info=True)
            return None

    def access(self, course_id: str) -> Access:
        """May this course be studied now? Offline; includes the days of access left."""
        return access_to(self.lease(), course_id, self.lease_clock.now())

    # ------------------------------------------------------------------ content

    def download_course(
        self,
        course_id: str,
        *,
        control: DownloadControl | None = None,
        on_progress: ProgressCallback | None = None,
    ) -> Outcome:
        """Download (or resume) the course's published bundle; it becomes available offline
        only after its sha256 matched (and, for paid bundles, the device's key arrived)."""
        detail = self.client.course(course_id)
        ref = detail.bundle
        content = self.ports.content
        dest = content.bundle_path(course_id, detail.version, ref.sha256)
        content.mark_downloading(detail)
        try:
            outcome = fetch(
                self.client, ref.url, dest, sha256=ref.sha256, size=ref.size,
                control=control, on_progress=on_progress, name=f"“{detail.title}”",
            )
        except CorruptDownload as exc:
            content.mark_failed(course_id, detail.version, str(exc))
            raise
        if outcome is Outcome.COMPLETED:
            if ref.encrypted:
                key = self.client.content_key(course_id, detail.version)
                content.save_content_key(course_id, detail.version, key.wrapped_key)
            content.mark_available(course_id, detail.version, dest)
        elif outcome is Outcome.CANCELLED:
            content.mark_failed(course_id, detail.version, "cancelled")
        return outcome

    # ------------------------------------------------------------------ purchases

    def queue_purchase(self, course_id: str, amount: int, currency: str) -> Intent:
        """Record an intent to buy (offline is fine). Nothing unlocks until paid."""
        return self.purchases.queue(course_id, amount, currency)

    def confirm_purchase(self, key: str, payment: PayRequest,
                         coupon: str | None = None) -> PurchaseResult:
        """Order (with ``coupon``, if any) and pay a re-quoted intent; on success check in
        for the new lease."""
        result = self.purchases.confirm(key, payment, coupon)
        if result.intent.state == "paid":
            self.check_in()
        return result


class AutoSync:
    """Runs `SyncEngine.sync_now()` on its own daemon thread.

    Healthy: every ``interval`` seconds. After a failure: after a full-jitter backoff delay
    (never sooner than the store's Retry-After), shown in the status as ``retry_in``. After
    the session expired: only when triggered (the user must sign in first). `trigger()`
    (the "Sync now" button, or a local change) wakes it at once. `stop()` ends the thread.
    """

    def __init__(
        self,
        engine: SyncEngine,
        *,
        interval: float = 600.0,
        backoff: Backoff | None = None,
    ) -> None:
        self.engine = engine
        self.interval = interval
        self.backoff = backoff or Backoff(base=2.0, cap=300.0)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.cycles = 0

    def start(self) -> None:
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="satchel-autosync", daemon=True)
        self._thread.start()

    def trigger(self) -> None:
        self._wake.set()

    def stop(self, timeout: float | None = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def next_delay(self, report: SyncReport | None) -> float | None:
        """Seconds until the next cycle after ``report`` (None: wait for a trigger)."""
        if report is None:
            return self.backoff.next_delay()
        if report.ok:
            self.backoff.reset()
            return self.interval
        if report.needs_sign_in:
            return None
        return max(self.backoff.next_delay(), report.retry_after or 0.0)

    def _run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            report: SyncReport | None = None
            try:
                report = self.engine.sync_now()
            except Exception:
                log.exception("sync cycle failed")
            self.cycles += 1
            delay = self.next_delay(report)
            if delay is not None and report is not None and not report.ok:
                self.engine.status.retry_in(delay)
            self._wake.wait(delay)
