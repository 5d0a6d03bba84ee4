"""Orders and payments over HTTP: idempotency, server-side price, sandbox cards, vouchers
and seat pools, Stripe checkout + signed webhooks, ledger, receipts, refunds, leases."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest

from store.db.models import Order
from tests.store.harness import Account, StoreHarness

OK_CARD = {"provider": "sandbox", "card_number": "4242424242424242"}
DECLINED_CARD = {"provider": "sandbox", "card_number": "4000 0000 0000 0002"}


@pytest.fixture(scope="module")
def shop(store: StoreHarness) -> dict[str, Any]:
    author = store.instructor()
    store.publish_course(author, "paid-course", price=1999, currency="USD")
    store.publish_course(author, "voucher-course", price=5000, currency="USD")
    store.publish_course(author, "other-course", price=700, currency="USD")
    store.publish_course(author, "stripe-course", price=2500, currency="EUR")
    store.publish_course(author, "free-course", price=0, currency="USD")
    return {"author": author, "admin": store.admin()}


def new_order(
    store: StoreHarness, buyer: Account, body: dict[str, Any], key: str | None = None
) -> Any:
    return buyer.post(
        "/v1/orders", json=body, headers={"Idempotency-Key": key or "k-" + uuid.uuid4().hex}
    )


def pay(buyer: Account, order_id: str, body: dict[str, Any]) -> Any:
    return buyer.post(f"/v1/orders/{order_id}/pay", json=body)


def owned(buyer: Account) -> set[str]:
    r = buyer.get("/v1/entitlements")
    assert r.status_code == 200
    return {e["course_id"] for e in r.json()}


def lease_courses(buyer: Account) -> list[str]:
    r = buyer.post("/v1/entitlements/lease")
    assert r.status_code == 200
    return list(r.json()["lease"]["courses"])


def test_idempotency_key_replay_and_misuse(store: StoreHarness, shop: Any) -> None:
    buyer = store.register()
    key = "intent-" + uuid.uuid4().hex
    first = new_order(store, buyer, {"course_id": "paid-course"}, key)
    assert first.status_code == 201
    replay = new_order(store, buyer, {"course_id": "paid-course"}, key)
    assert replay.status_code == 201
    assert replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == first.json()
    other_body = new_order(store, buyer, {"course_id": "other-course"}, key)
    assert other_body.status_code == 422
    assert "Idempotency-Key" in other_body.json()["detail"]
    assert len(buyer.get("/v1/orders").json()) == 1
    # Keys are per account: someone else using the same key gets their own order.
    stranger = store.register()
    theirs = new_order(store, stranger, {"course_id": "paid-course"}, key)
    assert theirs.status_code == 201 and theirs.json()["id"] != first.json()["id"]
    # No key at all is refused.
    no_key = buyer.post("/v1/orders", json={"course_id": "paid-course"})
    assert no_key.status_code == 422


def test_orders_are_found_by_idempotency_key_per_account(
    store: StoreHarness, shop: Any
) -> None:
    buyer = store.register()
    key = "lookup-" + uuid.uuid4().hex
    mine = new_order(store, buyer, {"course_id": "paid-course"}, key).json()
    other = new_order(store, buyer, {"course_id": "other-course"}).json()
    assert {o["id"] for o in buyer.get("/v1/orders").json()} == {mine["id"], other["id"]}

    found = buyer.get("/v1/orders", params={"idempotency_key": key})
    assert found.status_code == 200
    assert found.json() == [mine]
    unknown = buyer.get("/v1/orders", params={"idempotency_key": "never-" + uuid.uuid4().hex})
    assert unknown.status_code == 200 and unknown.json() == []
    # Another account sees only its own order under the same key, or none.
    stranger = store.register()
    assert stranger.get("/v1/orders", params={"idempotency_key": key}).json() == []
    theirs = new_order(store, stranger, {"course_id": "paid-course"}, key).json()
    assert stranger.get("/v1/orders", params={"idempotency_key": key}).json() == [theirs]
    assert buyer.get("/v1/orders", params={"idempotency_key": key}).json() == [mine]
    # The key follows the header's rules.
    bad = buyer.get("/v1/orders", params={"idempotency_key": "short"})
    assert bad.status_code == 422 and "idempotency_key" in bad.json()["detail"]
    assert store.client().get("/v1/orders", params={"idempotency_key": key}).status_code == 401


def test_concurrent_replays_create_one_order(store: StoreHarness, shop: Any) -> None:
    buyer = store.register()
    key = "race-" + uuid.uuid4().hex

    def attempt(_: int) -> Any:
        return store.client().post(
            "/v1/orders",
            json={"course_id": "paid-course"},
            headers={**buyer.auth, "Idempotency-Key": key},
        )

    with ThreadPoolExecutor(6) as pool:
        responses = list(pool.map(attempt, range(6)))
    assert {r.status_code for r in responses} == {201}
    assert len({r.json()["id"] for r in responses}) == 1
    assert len(buyer.get("/v1/orders").json()) == 1


def test_price_is_the_servers(store: StoreHarness, shop: Any) -> None:
    buyer = store.register()
    r = new_order(
        store,
        buyer,
        {"course_id": "paid-course", "amount": 1, "price": {"amount": 1, "currency": "USD"}},
    )
    assert r.status_code == 201
    assert r.json()["price"] == {"amount": 1999, "currency": "USD"}
    stale = new_order(
        store,
        buyer,
        {"course_id": "paid-course", "expected_price": {"amount": 1499, "currency": "USD"}},
    )
    assert stale.status_code == 409
    assert stale.json()["price"] == {"amount": 1999, "currency": "USD"}
    confirmed = new_order(
        store,
        buyer,
        {"course_id": "paid-course", "expected_price": {"amount": 1999, "currency": "USD"}},
    )
    assert confirmed.status_code == 201


def test_sandbox_success_grants_and_issues_receipt(store: StoreHarness, shop: Any) -> None:
    buyer = store.register()
    order = new_order(store, buyer, {"course_id": "paid-course"}).json()
    assert order["status"] == "pending" and "paid-course" not in owned(buyer)
    r = pay(buyer, order["id"], OK_CARD)
    assert r.status_code == 200
    paid = r.json()["order"]
    assert paid["status"] == "paid" and paid["provider"] == "sandbox"
    assert "paid-course" in owned(buyer)
    assert "paid-course" in lease_courses(buyer)
    receipts = buyer.get(f"/v1/orders/{order['id']}/receipts").json()
    assert [x["kind"] for x in receipts] == ["purchase"]
    assert receipts[0]["total"] == {"amount": 1999, "currency": "USD"}
    assert receipts[0]["number"].startswith("R-")
    # Never a double charge: paying again, or ordering an owned course, is refused.
    assert pay(buyer, order["id"], OK_CARD).status_code == 409
    again = new_order(store, buyer, {"course_id": "paid-course"})
    assert again.status_code == 409 and "already own" in again.json()["detail"]


def test_concurrent_payments_charge_once(store: StoreHarness, shop: Any) -> None:
    buyer = store.register()
    order = new_order(store, buyer, {"course_id": "other-course"}).json()

    def attempt(_: int) -> int:
        return int(
            store.client()
            .post(f"/v1/orders/{order['id']}/pay", json=OK_CARD, headers=buyer.auth)
            .status_code
        )

    with ThreadPoolExecutor(5) as pool:
        codes = sorted(pool.map(attempt, range(5)))
    assert codes == [200, 409, 409, 409, 409]
    ledger = shop["admin"].get("/v1/admin/ledger", params={"order_id": order["id"]}).json()
    assert ledger["transactions"] == 1


def test_sandbox_declined_then_retry(store: StoreHarness, shop: Any) -> None:
    buyer = store.register()
    order = new_order(store, buyer, {"course_id": "paid-course"}).json()
    declined = pay(buyer, order["id"], DECLINED_CARD)
    assert declined.status_code == 402
    assert declined.json()["detail"] == "The card was declined."
    state = buyer.get(f"/v1/orders/{order['id']}").json()
    assert state["status"] == "pending"
    assert [p["status"] for p in state["payments"]] == ["failed"]
    assert "paid-course" not in owned(buyer)
    invalid = pay(buyer, order["id"], {"provider": "sandbox", "card_number": "1234 5678"})
    assert invalid.status_code == 422 and "test card" in invalid.json()["detail"]
    assert pay(buyer, order["id"], OK_CARD).status_code == 200
    assert "paid-course" in owned(buyer)


def test_free_course_is_granted_at_once(store: StoreHarness, shop: Any) -> None:
    buyer = store.register()
    r = new_order(store, buyer, {"course_id": "free-course"})
    assert r.status_code == 201 and r.json()["status"] == "paid"
    assert "free-course" in owned(buyer)


def test_voucher_seats_run_out_and_refund_frees_a_seat(store: StoreHarness, shop: Any) -> None:
    admin: Account = shop["admin"]
    created = admin.post(
        "/v1/admin/voucher-pools",
        json={"name": "Springfield High", "seats": 2, "course_ids": ["voucher-course"]},
    )
    assert created.status_code == 201
    pool = created.json()
    code = pool["codes"][0]
    students = [store.register("student") for _ in range(3)]
    orders = [new_order(store, s, {"course_id": "voucher-course"}).json() for s in students]
    for student, order in zip(students[:2], orders[:2], strict=True):
        r = pay(student, order["id"], {"provider": "voucher", "code": code.lower()})
        assert r.status_code == 200 and r.json()["order"]["status"] == "paid"
    exhausted = pay(students[2], orders[2]["id"], {"provider": "voucher", "code": code})
    assert exhausted.status_code == 409 and "seats" in exhausted.json()["detail"]
    assert students[2].get(f"/v1/orders/{orders[2]['id']}").json()["status"] == "pending"
    assert admin.get(f"/v1/admin/voucher-pools/{pool['id']}").json()["seats_used"] == 2
    # A refund gives the seat back; the third student can now use the code.
    assert admin.post(f"/v1/orders/{orders[0]['id']}/refund", json={}).status_code == 200
    assert (
        pay(students[2], orders[2]["id"], {"provider": "voucher", "code": code}).status_code == 200
    )
    # The voucher only covers its course, and unknown codes are refused plainly.
    other = new_order(store, students[2], {"course_id": "paid-course"}).json()
    wrong = pay(students[2], other["id"], {"provider": "voucher", "code": code})
    assert wrong.status_code == 422 and "does not cover" in wrong.json()["detail"]
    unknown = pay(students[2], other["id"], {"provider": "voucher", "code": "NOPE-NOPE"})
    assert unknown.status_code == 422 and "does not exist" in unknown.json()["detail"]


def _checkout_event(event_id: str, session_id: str, order: dict[str, Any], **over: Any) -> Any:
    obj = {
        "id": session_id,
        "object": "checkout.session",
        "client_reference_id": order["id"],
        "amount_total": order["price"]["amount"],
        "currency": order["price"]["currency"].lower(),
        "payment_status": "paid",
        "payment_intent": "pi_" + uuid.uuid4().hex[:12],
    }
    obj.update(over)
    return {"id": event_id, "type": "checkout.session.completed", "data": {"object": obj}}


def _stripe_checkout(store: StoreHarness, buyer: Account) -> tuple[dict[str, Any], str]:
    order = new_order(store, buyer, {"course_id": "stripe-course"}).json()
    r = pay(
        buyer,
        order["id"],
        {
            "provider": "stripe",
            "success_url": "https://satchel.example/ok",
            "cancel_url": "https://satchel.example/cancel",
        },
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["checkout_url"].startswith("https://checkout.stripe.test/")
    assert body["order"]["status"] == "pending"
    sent = store.stripe.form(store.stripe.requests[-1])
    assert sent["client_reference_id"] == order["id"]
    assert sent["line_items[0][price_data][unit_amount]"] == "2500"
    assert sent["line_items[0][price_data][currency]"] == "eur"
    assert store.stripe.requests[-1].headers["Authorization"] == "Bearer sk_test_fake"
    session_id = "cs_test_" + body["checkout_url"].rsplit("/", 1)[1]
    return order, session_id


def test_stripe_webhook_signature_grant_and_replay(store: StoreHarness, shop: Any) -> None:
    buyer = store.register()
    order, session_id = _stripe_checkout(store, buyer)
    event = _checkout_event("evt_" + uuid.uuid4().hex, session_id, order)
    # Wrong secret, stale timestamp, tampered body: all 400, nothing granted.
    assert store.stripe_webhook(event, secret="whsec_wrong").status_code == 400
    stale = store.stripe_webhook(event, timestamp=int(time.time()) - 3600)
    assert stale.status_code == 400 and "signature" in stale.json()["detail"]
    tampered = store.client().post(
        "/v1/payments/stripe/webhook",
        content=b'{"id": "evt_x", "type": "checkout.session.completed"}',
        headers={"Stripe-Signature": f"t={int(time.time())},v1={'0' * 64}"},
    )
    assert tampered.status_code == 400
    missing = store.client().post("/v1/payments/stripe/webhook", content=b"{}")
    assert missing.status_code == 400
    assert buyer.get(f"/v1/orders/{order['id']}").json()["status"] == "pending"
    # The genuine event grants, once.
    good = store.stripe_webhook(event)
    assert good.status_code == 200 and good.json() == {"status": "granted"}
    assert buyer.get(f"/v1/orders/{order['id']}").json()["status"] == "paid"
    assert "stripe-course" in owned(buyer)
    replay = store.stripe_webhook(event)
    assert replay.status_code == 200 and replay.json() == {"status": "duplicate"}
    redelivered = store.stripe_webhook({**event, "id": "evt_" + uuid.uuid4().hex})
    assert redelivered.json() == {"status": "already-applied"}
    ledger = shop["admin"].get("/v1/admin/ledger", params={"order_id": order["id"]}).json()
    assert ledger["transactions"] == 1
    assert {"account": "assets:stripe", "currency": "EUR", "balance": 2500} in ledger["accounts"]


def test_stripe_amount_mismatch_does_not_grant(store: StoreHarness, shop: Any) -> None:
    buyer = store.register()
    order, session_id = _stripe_checkout(store, buyer)
    event = _checkout_event("evt_" + uuid.uuid4().hex, session_id, order, amount_total=1)
    assert store.stripe_webhook(event).json() == {"status": "amount-mismatch"}
    assert buyer.get(f"/v1/orders/{order['id']}").json()["status"] == "pending"
    assert "stripe-course" not in owned(buyer)


def test_refund_reverses_ledger_revokes_entitlement_and_lease(
    store: StoreHarness, shop: Any
) -> None:
    buyer = store.register()
    order = store.buy(buyer, "paid-course")
    assert "paid-course" in lease_courses(buyer)
    detail = store.client().get("/v1/catalog/courses/paid-course").json()
    content_url = detail["bundle"]["url"]
    assert buyer.get(content_url).status_code == 200
    admin: Account = shop["admin"]
    before = admin.get("/v1/admin/ledger", params={"order_id": order["id"]}).json()
    assert before["balanced"] and before["transactions"] == 1
    # The buyer may refund within the policy window.
    r = buyer.post(f"/v1/orders/{order['id']}/refund", json={"reason": "changed my mind"})
    assert r.status_code == 200 and r.json()["status"] == "refunded"
    assert "paid-course" not in owned(buyer)
    assert "paid-course" not in lease_courses(buyer)
    assert buyer.get(content_url).status_code == 403
    after = admin.get("/v1/admin/ledger", params={"order_id": order["id"]}).json()
    assert after["balanced"] and after["transactions"] == 2
    assert all(a["balance"] == 0 for a in after["accounts"])
    kinds = [x["kind"] for x in buyer.get(f"/v1/orders/{order['id']}/receipts").json()]
    assert kinds == ["purchase", "refund"]
    assert buyer.post(f"/v1/orders/{order['id']}/refund", json={}).status_code == 409
    # The whole ledger balances too.
    whole = admin.get("/v1/admin/ledger").json()
    assert whole["balanced"] and whole["unbalanced_transactions"] == []
    assert sum(a["balance"] for a in whole["accounts"] if a["currency"] == "USD") == 0
    # The buyer can buy again later.
    assert store.buy(buyer, "paid-course")["status"] == "paid"


def test_refund_window_applies_to_buyers_not_admins(store: StoreHarness, shop: Any) -> None:
    buyer = store.register()
    order = store.buy(buyer, "other-course")
    ctx = store.server.ctx
    assert ctx is not None
    with ctx.db.write() as session:  # pretend the purchase is a month old
        row = session.get(Order, order["id"])
        assert row is not None and row.paid_at is not None
        row.paid_at -= timedelta(days=30)
    late = buyer.post(f"/v1/orders/{order['id']}/refund", json={})
    assert late.status_code == 403 and "refund window" in late.json()["detail"]
    assert "other-course" in owned(buyer)
    assert shop["admin"].post(f"/v1/orders/{order['id']}/refund", json={}).status_code == 200
    assert "other-course" not in owned(buyer)


def test_expired_checkout_marks_payment_failed(store: StoreHarness, shop: Any) -> None:
    buyer = store.register()
    order, session_id = _stripe_checkout(store, buyer)
    event = _checkout_event("evt_" + uuid.uuid4().hex, session_id, order)
    event["type"] = "checkout.session.expired"
    assert store.stripe_webhook(event).json() == {"status": "failed"}
    state = buyer.get(f"/v1/orders/{order['id']}").json()
    assert state["status"] == "pending"
    assert [p["status"] for p in state["payments"]] == ["failed"]


def test_stripe_refund_calls_stripe(store: StoreHarness, shop: Any) -> None:
    buyer = store.register()
    order, session_id = _stripe_checkout(store, buyer)
    event = _checkout_event("evt_" + uuid.uuid4().hex, session_id, order)
    assert store.stripe_webhook(event).json() == {"status": "granted"}
    r = shop["admin"].post(f"/v1/orders/{order['id']}/refund", json={"reason": "support"})
    assert r.status_code == 200
    last = store.stripe.requests[-1]
    assert last.url.path == "/v1/refunds"
    assert store.stripe.form(last)["payment_intent"] == event["data"]["object"]["payment_intent"]
    assert "stripe-course" not in owned(buyer)


def test_other_users_orders_are_invisible(store: StoreHarness, shop: Any) -> None:
    alice = store.register()
    mallory = store.register()
    order = new_order(store, alice, {"course_id": "paid-course"}).json()
    assert mallory.get(f"/v1/orders/{order['id']}").status_code == 404
    assert pay(mallory, order["id"], OK_CARD).status_code == 404
    assert mallory.get(f"/v1/orders/{order['id']}/receipts").status_code == 404
    paid = store.buy(alice, "other-course")
    assert mallory.post(f"/v1/orders/{paid['id']}/refund", json={}).status_code == 404
    assert "other-course" in owned(alice)
    assert mallory.get("/v1/admin/ledger").status_code == 403
    assert store.client().post("/v1/orders", json={"course_id": "paid-course"}).status_code == 401


def test_unknown_course_and_unconfigured_provider(store: StoreHarness, shop: Any) -> None:
    buyer = store.register()
    r = new_order(store, buyer, {"course_id": "no-such-course"})
    assert r.status_code == 404
    order = new_order(store, buyer, {"course_id": "paid-course"}).json()
    r = pay(buyer, order["id"], {"provider": "bitcoin"})
    assert r.status_code == 422
