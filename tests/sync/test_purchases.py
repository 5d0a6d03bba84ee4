"""Purchases queued offline: re-quoted and confirmed on reconnect, ordered once whatever the
network does, and never unlocked before the store says paid."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from faults import FaultProxy
from kit import CARD_DECLINED, CARD_OK, Device, StoreKit, make_bundle
from sqlalchemy import select

from app.db.models import PurchaseIntent
from sync.errors import Offline
from sync.protocol import CourseDetail, OrderCreate
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


def test_an_order_whose_answer_was_lost_is_found_by_its_key_after_a_price_change(
    kit: StoreKit, work: Path, proxy: FaultProxy, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("repriced")
    course = kit.publish(make_bundle(folder, "repriced-course", price=1999, currency="USD"))
    dev = Device(work / "d", proxy.url, kit.new_email(), register=True)
    try:
        intent = dev.engine.queue_purchase(course.id, 1999, "USD")
        assert dev.engine.sync_now().ok
        proxy.add(create_order, "drop_after")  # the store makes the order; the answer is lost
        with pytest.raises(Offline):
            dev.engine.confirm_purchase(intent.key, CARD_OK)
        lost = kit.order_id(dev.email, intent.key)
        assert lost is not None
        # Before the learner retries, the price goes up and a newer pending order for the same
        # course appears (started elsewhere with another key).
        kit.publish(make_bundle(folder, "repriced-course", version="1.1.0", price=2500))
        other = dev.client.create_order(OrderCreate(course_id=course.id), str(uuid.uuid4()))
        assert other.status == "pending" and other.id != lost
        [quote] = dev.engine.sync_now().quotes
        assert quote.changed and quote.price.amount == 2500

        # Ordering again with the intent's key at the new price is refused (the key made an
        # order at the old price); the client asks the store for that key's order.
        with pytest.raises(PurchaseError, match=r"already started at 19\.99 USD"):
            dev.engine.confirm_purchase(intent.key, CARD_OK)
        assert any(s.path == f"/v1/orders?idempotency_key={intent.key}" for s in proxy.seen)
        with dev.db.read() as session:
            row = session.get(PurchaseIntent, intent.key)
            assert row is not None
            assert (row.state, row.order_id, row.quoted_amount) == ("requoted", lost, 1999)

        result = dev.engine.confirm_purchase(intent.key, CARD_OK)  # confirmed at 19.99
        assert result.intent.state == "paid" and result.intent.order_id == lost
        assert result.order is not None and result.order.price.amount == 1999
        assert kit.orders(dev.email) == 2
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
