"""Purchases queued offline: re-quoted and confirmed on reconnect, ordered once whatever the
network does, and never unlocked before the store says paid."""

from __future__ import annotations

from pathlib import Path

import pytest
from faults import FaultProxy
from kit import CARD_DECLINED, CARD_OK, Device, StoreKit, make_bundle
from sqlalchemy import select

from app.db.models import PurchaseIntent
from sync.errors import Offline
from sync.protocol import CourseDetail
from sync.purchases import PurchaseError


def create_order(method: str, path: str) -> bool:
    return method == "POST" and path == "/v1/orders"


def pay_order(method: str, path: str) -> bool:
    return method == "POST" and path.startswith("/v1/orders/") and path.endswith("/pay")


@pytest.fixture(scope="module")
def paid(kit: StoreKit, tmp_path_factory: pytest.TempPathFactory) -> CourseDetail:
    folder = tmp_path_factory.mktemp("bundles")
    return kit.publish(make_bundle(folder, "paid-course", price=1999, currency="USD"))


def _state(dev: Device, key: str) -> str:
    with dev.db.read() as session:
        row = session.get(PurchaseIntent, key)
        assert row is not None
        return row.state


def test_offline_intent_is_ordered_once_despite_lost_answers(
    kit: StoreKit, work: Path, proxy: FaultProxy, paid: CourseDetail
) -> None:
    dev = Device(work / "d", proxy.url, kit.new_email(), register=True)
    try:
        proxy.offline = True
        intent = dev.engine.queue_purchase(paid.id, 1999, "USD")
        assert dev.engine.sync_now().offline
        assert not dev.engine.access(paid.id).allowed
        assert kit.orders(dev.email) == 0

        proxy.offline = False
        report = dev.engine.sync_now()
        assert report.ok, report.error
        [quote] = report.quotes
        assert quote.intent.key == intent.key
        assert (quote.price.amount, quote.price.currency, quote.changed) == (1999, "USD", False)
        assert kit.orders(dev.email) == 0  # nothing is ordered before the learner confirms

        # The store makes the order, but its answer is lost.
        proxy.add(create_order, "drop_after")
        with pytest.raises(Offline):
            dev.engine.confirm_purchase(intent.key, CARD_OK)
        assert kit.orders(dev.email) == 1
        # Retried with the same Idempotency-Key: the same order; the store charges the card,
        # and that answer is lost too.
        proxy.add(pay_order, "drop_after")
        with pytest.raises(Offline):
            dev.engine.confirm_purchase(intent.key, CARD_OK)
        assert kit.orders(dev.email) == 1
        assert kit.payments(dev.email) == ["succeeded"]
        assert _state(dev, intent.key) == "submitted"
        assert not dev.engine.access(paid.id).allowed  # not before the store says paid

        report = dev.engine.sync_now()
        assert report.ok, report.error
        assert _state(dev, intent.key) == "paid"
        assert dev.engine.access(paid.id).allowed
        assert report.quotes == []
        assert kit.orders(dev.email) == 1
        assert kit.payments(dev.email) == ["succeeded"]
    finally:
        dev.close()


def test_duplicated_order_and_pay_requests_charge_once(
    kit: StoreKit, work: Path, proxy: FaultProxy, paid: CourseDetail
) -> None:
    dev = Device(work / "d", proxy.url, kit.new_email(), register=True)
    try:
        intent = dev.engine.queue_purchase(paid.id, 1999, "USD")
        assert dev.engine.sync_now().ok
        proxy.add(create_order, "duplicate")
        proxy.add(pay_order, "duplicate")
        result = dev.engine.confirm_purchase(intent.key, CARD_OK)
        assert proxy.count("POST", "/v1/orders", "duplicate") == 2  # order + pay, each twice
        assert result.intent.state == "paid"
        assert dev.engine.access(paid.id).allowed
        assert kit.orders(dev.email) == 1
        assert kit.payments(dev.email) == ["succeeded"]
    finally:
        dev.close()


def test_declined_card_unlocks_nothing_and_a_second_card_pays_once(
    kit: StoreKit, work: Path, paid: CourseDetail
) -> None:
    dev = Device(work / "d", kit.url, kit.new_email(), register=True)
    try:
        intent = dev.engine.queue_purchase(paid.id, 1999, "USD")
        assert dev.engine.sync_now().ok
        with pytest.raises(PurchaseError, match="declined"):
            dev.engine.confirm_purchase(intent.key, CARD_DECLINED)
        assert _state(dev, intent.key) == "requoted"
        assert not dev.engine.access(paid.id).allowed
        assert dev.engine.sync_now().ok
        assert not dev.engine.access(paid.id).allowed

        assert dev.engine.confirm_purchase(intent.key, CARD_OK).intent.state == "paid"
        assert dev.engine.access(paid.id).allowed
        assert kit.orders(dev.email) == 1
        assert kit.payments(dev.email) == ["failed", "succeeded"]
    finally:
        dev.close()


def test_a_changed_price_is_shown_before_anything_is_charged(
    kit: StoreKit, work: Path, paid: CourseDetail
) -> None:
    dev = Device(work / "d", kit.url, kit.new_email(), register=True)
    try:
        # The learner saw an older, lower price while offline.
        intent = dev.engine.queue_purchase(paid.id, 1500, "USD")
        report = dev.engine.sync_now()
        [quote] = report.quotes
        assert quote.changed and quote.price.amount == 1999
        assert quote.intent.amount == 1999
        assert kit.orders(dev.email) == 0
        assert dev.engine.confirm_purchase(intent.key, CARD_OK).intent.state == "paid"
        assert kit.orders(dev.email) == 1
    finally:
        dev.close()


def test_a_second_open_intent_for_the_same_course_is_refused(
    kit: StoreKit, work: Path, paid: CourseDetail
) -> None:
    dev = Device(work / "d", kit.url, kit.new_email(), register=True)
    try:
        dev.engine.queue_purchase(paid.id, 1999, "USD")
        with pytest.raises(PurchaseError, match="already waiting"):
            dev.engine.queue_purchase(paid.id, 1999, "USD")
        with dev.db.read() as session:
            assert len(session.scalars(select(PurchaseIntent)).all()) == 1
    finally:
        dev.close()
