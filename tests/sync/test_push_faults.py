"""Pushing the outbox when the network or the store fails at the worst moment.

The store is real; the faults come from a TCP proxy between the client and the store.
Every test checks both sides: what the store holds and what the device still queues.
"""

from __future__ import annotations

from pathlib import Path

from faults import FaultProxy, on
from kit import Device, StoreKit
from sqlalchemy import select

from app.db.events import record_event
from app.db.models import Goal, Note, Outbox
from sync.status import SyncState


def _device(kit: StoreKit, work: Path, proxy: FaultProxy, name: str = "a") -> Device:
    return Device(work / name, proxy.url, kit.new_email(), register=True)


def test_answer_lost_after_the_store_committed_duplicates_nothing(
    kit: StoreKit, work: Path, proxy: FaultProxy
) -> None:
    dev = _device(kit, work, proxy)
    try:
        ids = set(dev.study(250))
        # The store stores the first batch, then the connection dies before the answer.
        proxy.add(on("POST", "/v1/sync/events"), "drop_after")
        report = dev.engine.sync_now()
        assert report.offline
        assert dev.engine.status.current.state is SyncState.OFFLINE
        assert kit.events(dev.email) == 200  # the first batch (200) reached the store
        assert dev.outbox() == 250  # ... but nothing was acknowledged locally

        report = dev.engine.sync_now()
        assert report.ok, report.error
        assert report.push.events_duplicate == 200
        assert report.push.events_sent == 250
        assert dev.outbox() == 0
        assert kit.events(dev.email) == 250
    finally:
        dev.close()
    other = Device(work / "b", kit.url, dev.email)
    try:
        assert other.engine.sync_now().ok
        assert other.event_ids() == ids
    finally:
        other.close()


def test_request_lost_before_the_store_keeps_everything_queued(
    kit: StoreKit, work: Path, proxy: FaultProxy
) -> None:
    dev = _device(kit, work, proxy)
    try:
        dev.study(30)
        dev.edit(Note, "n-1", course_id="c1", body="first draft")
        proxy.add(on("POST", "/v1/sync/events"), "drop_before")
        assert dev.engine.sync_now().offline
        assert kit.events(dev.email) == 0
        assert dev.outbox() == 31

        proxy.add(on("POST", "/v1/sync/records"), "drop_before")
        assert dev.engine.sync_now().offline
        assert kit.events(dev.email) == 30
        assert kit.record_fields(dev.email) == 0
        assert dev.outbox() == 1

        assert dev.engine.sync_now().ok
        assert dev.outbox() == 0
        assert kit.record_fields(dev.email) == 3  # course_id, body, created_at
    finally:
        dev.close()


def test_duplicated_requests_are_stored_once(
    kit: StoreKit, work: Path, proxy: FaultProxy
) -> None:
    dev = _device(kit, work, proxy)
    try:
        dev.study(40)
        dev.edit(Goal, "g-1", title="Run 5k", hours_per_week=2.0)
        proxy.add(on("POST", "/v1/sync/events"), "duplicate")
        proxy.add(on("POST", "/v1/sync/records"), "duplicate")
        report = dev.engine.sync_now()
        assert report.ok, report.error
        # The client saw the second answer: every event reported as already stored.
        assert report.push.events_duplicate == 40
        assert kit.events(dev.email) == 40
        assert dev.outbox() == 0
        assert proxy.count("POST", "/v1/sync/events", "duplicate") == 1
    finally:
        dev.close()


def test_a_stalled_store_times_out_and_the_retry_completes(
    kit: StoreKit, work: Path, proxy: FaultProxy
) -> None:
    dev = Device(work / "s", proxy.url, kit.new_email(), register=True, timeout=(1.0, 0.5))
    try:
        dev.study(10)
        proxy.add(on("POST", "/v1/sync/events"), "stall", seconds=1.5)
        report = dev.engine.sync_now()
        assert report.offline
        assert "could not be reached" in str(report.error)
        assert dev.outbox() == 10
        assert dev.engine.sync_now().ok
        assert kit.events(dev.email) == 10
        assert dev.outbox() == 0
    finally:
        dev.close()


def test_network_down_then_up_sends_what_was_studied_offline(
    kit: StoreKit, work: Path, proxy: FaultProxy
) -> None:
    dev = _device(kit, work, proxy)
    try:
        assert dev.engine.sync_now().ok
        synced_at = dev.engine.status.current.last_synced
        proxy.offline = True
        dev.study(25)
        dev.edit(Goal, "g-off", title="Offline goal")
        report = dev.engine.sync_now()
        assert report.offline
        status = dev.engine.status.current
        assert status.state is SyncState.OFFLINE
        assert status.last_synced == synced_at
        assert status.reason and "offline" in status.reason
        assert dev.outbox() == 26

        proxy.offline = False
        assert dev.engine.sync_now().ok
        assert dev.engine.status.current.state is SyncState.IDLE
        assert dev.outbox() == 0
        assert kit.events(dev.email) == 25
    finally:
        dev.close()


def test_an_entry_the_store_rejects_stays_queued_without_blocking_the_rest(
    kit: StoreKit, work: Path
) -> None:
    dev = Device(work / "p", kit.url, kit.new_email(), register=True)
    try:
        dev.study(5)
        bad = dev.db.write_sync(lambda s: record_event(
            s, actor_id=dev.user_id, device_id=dev.device_id, verb="x" * 300,
            object_type="lesson", object_id="i"))
        dev.study(5)
        report = dev.engine.sync_now()
        assert report.ok, report.error
        assert report.push.events_sent == 10
        assert len(report.push.rejected) == 1 and "verb" in report.push.rejected[0]
        assert kit.events(dev.email) == 10
        with dev.db.read() as session:
            [row] = session.scalars(select(Outbox)).all()
            assert row.record_id == bad.id and row.attempts == 1 and row.last_error
    finally:
        dev.close()
