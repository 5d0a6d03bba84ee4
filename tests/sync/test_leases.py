"""Leases checked offline: days remaining, expiry, a clock moved back, tampering, another
device's lease, and a refund that revokes access at the next check-in."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from faults import FaultProxy
from kit import Device, StoreKit, buy, make_bundle
from sqlalchemy import select, update

from app.db.models import Entitlement, Lease
from sync.errors import LeaseInvalid
from sync.leases import trusted_keys, verify_signed_lease
from sync.protocol import CourseDetail

DAY = 86_400


class Wall:
    """A wall clock the test can move (seconds since the epoch)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset

    def move_days(self, days: float) -> None:
        self.offset = days * DAY


@pytest.fixture(scope="module")
def paid(kit: StoreKit, tmp_path_factory: pytest.TempPathFactory) -> CourseDetail:
    return kit.publish(make_bundle(tmp_path_factory.mktemp("b"), "lease-course", price=900))


def test_offline_access_counts_down_and_expires(
    kit: StoreKit, work: Path, proxy: FaultProxy, paid: CourseDetail
) -> None:
    wall = Wall()
    dev = Device(work / "d", proxy.url, kit.new_email(), register=True, wall=wall)
    try:
        assert not dev.engine.access(paid.id).allowed
        buy(dev, paid)
        proxy.offline = True  # from here on, no network at all
        access = dev.engine.access(paid.id)
        assert access.allowed and access.days_remaining == 30

        wall.move_days(10.5)
        access = dev.engine.access(paid.id)
        assert access.allowed and access.days_remaining == 20

        wall.move_days(30.01)
        access = dev.engine.access(paid.id)
        assert not access.allowed and access.days_remaining == 0
        assert access.reason is not None and "expired" in access.reason
        assert dev.engine.sync_now().offline
        assert not dev.engine.access(paid.id).allowed

        proxy.offline = False  # one check-in renews it (the store's time wins)
        wall.move_days(0)
        assert dev.engine.sync_now().ok
        assert dev.engine.access(paid.id).days_remaining == 30
    finally:
        dev.close()


def test_moving_the_clock_back_does_not_extend_access(
    kit: StoreKit, work: Path, paid: CourseDetail
) -> None:
    wall = Wall()
    dev = Device(work / "d", kit.url, kit.new_email(), register=True, wall=wall)
    try:
        buy(dev, paid)
        wall.move_days(25)
        assert dev.engine.access(paid.id).days_remaining == 5
        wall.move_days(1)  # the learner sets the clock back 24 days
        access = dev.engine.access(paid.id)
        assert access.allowed and access.days_remaining == 5
        assert dev.engine.lease_clock.clock_moved_back()

        wall.move_days(31)
        assert not dev.engine.access(paid.id).allowed
        wall.move_days(2)
        assert not dev.engine.access(paid.id).allowed

        # A new engine on the same database remembers the high-water mark.
        dev.engine = type(dev.engine)(dev.client, dev.ports.as_ports(), wall=wall)
        assert not dev.engine.access(paid.id).allowed
    finally:
        dev.close()


def test_a_tampered_lease_unlocks_nothing(kit: StoreKit, work: Path, paid: CourseDetail) -> None:
    dev = Device(work / "d", kit.url, kit.new_email(), register=True)
    try:
        buy(dev, paid)
        assert dev.engine.access(paid.id).allowed
        with dev.db.read() as session:
            lease = session.scalars(select(Lease)).one()
        body = json.loads(lease.lease_json)
        body["expires_at"] += 365 * DAY
        forged = json.dumps(body, sort_keys=True, separators=(",", ":"))
        dev.db.write_sync(lambda s: s.execute(update(Lease).values(lease_json=forged)))
        assert dev.engine.lease() is None
        assert not dev.engine.access(paid.id).allowed
    finally:
        dev.close()


def test_a_lease_for_another_device_is_refused(kit: StoreKit, work: Path) -> None:
    email = kit.new_email()
    a = Device(work / "a", kit.url, email, register=True)
    b = Device(work / "b", kit.url, email)
    try:
        raw = a.client.lease_raw()
        keys = trusted_keys(a.client.keys())
        assert verify_signed_lease(raw, keys, device_id=a.device_id).body.device_id == a.device_id
        with pytest.raises(LeaseInvalid, match="another device"):
            verify_signed_lease(raw, keys, device_id=b.device_id)
    finally:
        a.close()
        b.close()


def test_a_refund_revokes_access_at_the_next_check_in(
    kit: StoreKit, work: Path, paid: CourseDetail
) -> None:
    dev = Device(work / "d", kit.url, kit.new_email(), register=True)
    try:
        order_id = buy(dev, paid)
        assert dev.engine.access(paid.id).allowed
        dev.client.request("POST", f"/v1/orders/{order_id}/refund", json={"reason": "t"}).close()
        assert dev.engine.access(paid.id).allowed  # offline until the next check-in

        assert dev.engine.sync_now().ok
        access = dev.engine.access(paid.id)
        assert not access.allowed
        assert access.reason is not None and "refunded" in access.reason
        with dev.db.read() as session:
            ent = session.scalars(select(Entitlement)).one()
            assert ent.course_id == paid.id and ent.revoked and ent.revoked_at is not None
    finally:
        dev.close()
