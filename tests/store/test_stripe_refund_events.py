"""Refunds and disputes made in Stripe's dashboard, delivered as webhooks signed with the
`stripe` library: a full refund or a dispute takes the course out of the learner's next
lease and the payout statement nets it; a partial refund is netted and the course stays;
replays and refunds already made through our route change nothing."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

import pytest

from store.db.types import utcnow
from tests.store.harness import WEBHOOK_SECRET, Account, StoreHarness

stripe = pytest.importorskip("stripe", reason="pip install stripe (the test extra)")

PRICE = 2500


def signed_webhook(store: StoreHarness, event: dict[str, Any]) -> Any:
    """POST `event` the way Stripe does, the header made by the stripe library (and
    checked by it, so the test cannot pass with a header Stripe would not send)."""
    payload = json.dumps(event)
    header = stripe.WebhookSignature.generate_signature_header(payload, WEBHOOK_SECRET)
    parsed = stripe.Webhook.construct_event(payload, header, WEBHOOK_SECRET)
    assert parsed.id == event["id"] and parsed.type == event["type"]
    return store.client().post(
        "/v1/payments/stripe/webhook",
        content=payload.encode(),
        headers={"Stripe-Signature": header, "Content-Type": "application/json"},
    )


def event(kind: str, obj: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": "evt_" + uuid.uuid4().hex,
        "object": "event",
        "type": kind,
        "created": int(time.time()),
        "data": {"object": obj},
    }


def charge(intent: str, refunded: int) -> dict[str, Any]:
    return {
        "id": "ch_" + uuid.uuid4().hex[:12],
        "object": "charge",
        "payment_intent": intent,
        "amount": PRICE,
        "amount_refunded": refunded,
        "refunded": refunded >= PRICE,
        "currency": "eur",
    }


def dispute(intent: str) -> dict[str, Any]:
    return {
        "id": "dp_" + uuid.uuid4().hex[:12],
        "object": "dispute",
        "charge": "ch_" + uuid.uuid4().hex[:12],
        "payment_intent": intent,
        "amount": PRICE,
        "currency": "eur",
        "reason": "fraudulent",
        "status": "needs_response",
    }


def checkout(buyer: Account, order: dict[str, Any]) -> str:
    r = buyer.post(
        f"/v1/orders/{order['id']}/pay",
        json={
            "provider": "stripe",
            "success_url": "https://satchel.example/ok",
            "cancel_url": "https://satchel.example/cancel",
        },
    )
    assert r.status_code == 200, r.text
    return "cs_test_" + str(r.json()["checkout_url"]).rsplit("/", 1)[1]


def completed(session_id: str, order: dict[str, Any], intent: str) -> dict[str, Any]:
    return event(
        "checkout.session.completed",
        {
            "id": session_id,
            "object": "checkout.session",
            "client_reference_id": order["id"],
            "amount_total": PRICE,
            "currency": "eur",
            "payment_status": "paid",
            "payment_intent": intent,
        },
    )


@pytest.fixture
def sale(store: StoreHarness) -> dict[str, Any]:
    """A learner who bought a fresh course through Stripe Checkout (webhook-granted)."""
    author, buyer = store.instructor(), store.register()
    course = "stripe-ev-" + uuid.uuid4().hex[:8]
    store.publish_course(author, course, price=PRICE, currency="EUR")
    order = store.order(buyer, course).json()
    first, second = checkout(buyer, order), checkout(buyer, order)  # two browser tabs
    intent = "pi_" + uuid.uuid4().hex[:12]
    assert signed_webhook(store, completed(first, order, intent)).json() == {"status": "granted"}
    assert course in leased(buyer)
    return {
        "author": author, "buyer": buyer, "course": course, "order": order, "intent": intent,
        "second_checkout": second,
    }  # fmt: skip


def leased(buyer: Account) -> list[str]:
    r = buyer.post("/v1/entitlements/lease")
    assert r.status_code == 200, r.text
    return list(r.json()["lease"]["courses"])


def payout_line(author: Account, course: str) -> dict[str, Any]:
    r = author.get(f"/v1/instructor/payouts/{utcnow():%Y-%m}")
    assert r.status_code == 200, r.text
    return next(x for x in r.json()["lines"] if x["course_id"] == course)


def order_state(buyer: Account, order_id: str) -> str:
    return str(buyer.get(f"/v1/orders/{order_id}").json()["status"])


def ledger_balanced(store: StoreHarness, order_id: str) -> dict[str, Any]:
    report = store.admin().get("/v1/admin/ledger", params={"order_id": order_id}).json()
    assert report["balanced"]
    return dict(report)


def test_full_refund_in_the_dashboard_revokes_at_the_next_lease(
    store: StoreHarness, sale: dict[str, Any]
) -> None:
    buyer, course, order = sale["buyer"], sale["course"], sale["order"]
    refunded = event("charge.refunded", charge(sale["intent"], PRICE))
    r = signed_webhook(store, refunded)
    assert r.status_code == 200 and r.json() == {"status": "refunded"}
    assert course not in leased(buyer)
    assert order_state(buyer, order["id"]) == "refunded"
    kinds = [x["kind"] for x in buyer.get(f"/v1/orders/{order['id']}/receipts").json()]
    assert kinds == ["purchase", "refund"]
    line = payout_line(sale["author"], course)
    assert (line["sales"], line["refunds"], line["net"], line["payout"]) == (PRICE, PRICE, 0, 0)
    report = ledger_balanced(store, order["id"])
    assert all(a["balance"] == 0 for a in report["accounts"])
    # The same event again, and a second delivery under a new id: nothing changes.
    assert signed_webhook(store, refunded).json() == {"status": "duplicate"}
    again = {**refunded, "id": "evt_" + uuid.uuid4().hex}
    assert signed_webhook(store, again).json() == {"status": "already-refunded"}
    assert ledger_balanced(store, order["id"])["transactions"] == report["transactions"]
    assert payout_line(sale["author"], course)["refunds"] == PRICE
    # The learner may buy the course again.
    assert store.buy(buyer, course)["status"] == "paid"


def test_refund_through_our_route_then_stripes_event_changes_nothing(
    store: StoreHarness, sale: dict[str, Any]
) -> None:
    buyer, order = sale["buyer"], sale["order"]
    r = buyer.post(f"/v1/orders/{order['id']}/refund", json={"reason": "changed my mind"})
    assert r.status_code == 200 and r.json()["status"] == "refunded"
    before = ledger_balanced(store, order["id"])
    echo = event("charge.refunded", charge(sale["intent"], PRICE))
    assert signed_webhook(store, echo).json() == {"status": "already-refunded"}
    assert ledger_balanced(store, order["id"]) == before
    assert payout_line(sale["author"], sale["course"])["refunds"] == PRICE  # not twice
    kinds = [x["kind"] for x in buyer.get(f"/v1/orders/{order['id']}/receipts").json()]
    assert kinds == ["purchase", "refund"]


def test_partial_refund_is_netted_and_the_course_stays(
    store: StoreHarness, sale: dict[str, Any]
) -> None:
    buyer, course, order, author = sale["buyer"], sale["course"], sale["order"], sale["author"]
    first = event("charge.refunded", charge(sale["intent"], 500))
    assert signed_webhook(store, first).json() == {"status": "partly-refunded"}
    assert course in leased(buyer)
    assert order_state(buyer, order["id"]) == "paid"
    line = payout_line(author, course)
    assert (line["sales"], line["refunds"], line["net"]) == (PRICE, 500, PRICE - 500)
    # Replayed, or an out-of-date view of the same refund: counted once.
    assert signed_webhook(store, first).json() == {"status": "duplicate"}
    stale = event("charge.refunded", charge(sale["intent"], 500))
    assert signed_webhook(store, stale).json() == {"status": "already-applied"}
    # A second partial refund (Stripe reports the running total) adds only the new part.
    more = event("charge.refunded", charge(sale["intent"], 800))
    assert signed_webhook(store, more).json() == {"status": "partly-refunded"}
    assert payout_line(author, course)["refunds"] == 800
    assert course in leased(buyer)
    # Refunding the rest revokes, and the statement nets exactly the price, not more.
    rest = event("charge.refunded", charge(sale["intent"], PRICE))
    assert signed_webhook(store, rest).json() == {"status": "refunded"}
    assert course not in leased(buyer)
    line = payout_line(author, course)
    assert (line["refunds"], line["net"], line["payout"]) == (PRICE, 0, 0)
    report = ledger_balanced(store, order["id"])
    assert all(a["balance"] == 0 for a in report["accounts"])


def test_dispute_revokes_and_reverses(store: StoreHarness, sale: dict[str, Any]) -> None:
    buyer, course, order = sale["buyer"], sale["course"], sale["order"]
    opened = event("charge.dispute.created", dispute(sale["intent"]))
    assert signed_webhook(store, opened).json() == {"status": "disputed"}
    assert course not in leased(buyer)
    state = buyer.get(f"/v1/orders/{order['id']}").json()
    assert state["status"] == "refunded"
    assert "Disputed" in state["payments"][0]["message"]
    line = payout_line(sale["author"], course)
    assert (line["refunds"], line["net"]) == (PRICE, 0)
    # The refund Stripe then reports for the lost dispute is not reversed twice.
    after = event("charge.refunded", charge(sale["intent"], PRICE))
    assert signed_webhook(store, after).json() == {"status": "already-refunded"}
    assert payout_line(sale["author"], course)["refunds"] == PRICE


def test_events_for_unknown_payments_are_ignored(
    store: StoreHarness, sale: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    stranger = "pi_" + uuid.uuid4().hex[:12]
    for unknown in (
        event("charge.refunded", charge(stranger, PRICE)),
        event("charge.dispute.created", dispute(stranger)),
    ):
        assert signed_webhook(store, unknown).json() == {"status": "ignored"}
    assert stranger in caplog.text
    assert sale["course"] in leased(sale["buyer"])
    assert order_state(sale["buyer"], sale["order"]["id"]) == "paid"


def test_refund_of_a_second_payment_we_gave_back_keeps_the_course(
    store: StoreHarness, sale: dict[str, Any]
) -> None:
    buyer, course, order = sale["buyer"], sale["course"], sale["order"]
    twice = "pi_" + uuid.uuid4().hex[:12]
    paid_again = completed(sale["second_checkout"], order, twice)
    assert signed_webhook(store, paid_again).json() == {"status": "duplicate-payment"}
    before = ledger_balanced(store, order["id"])
    # Stripe reports the refund the store made of the second payment: nothing is revoked.
    echo = event("charge.refunded", charge(twice, PRICE))
    assert signed_webhook(store, echo).json() == {"status": "already-refunded"}
    assert course in leased(buyer)
    assert order_state(buyer, order["id"]) == "paid"
    assert ledger_balanced(store, order["id"]) == before
    assert payout_line(sale["author"], course)["refunds"] == 0
