"""Instructors' coupons over HTTP: made for one's own courses only, applied at checkout
(percentage or fixed amount off the server's price), refused when expired, used up or for
another course, the usage limit held under concurrent orders, and payouts computed from the
amount actually paid."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import update

from store.db.models import Coupon
from store.db.types import utcnow
from tests.store.harness import Account, StoreHarness


def _course(store: StoreHarness, author: Account, prefix: str, price: int = 2000) -> str:
    course_id = f"{prefix}-{author.user_id[:8]}"
    store.publish_course(author, course_id, price=price)
    return course_id


def _coupon(author: Account, **body: Any) -> httpx.Response:
    return author.post("/v1/instructor/coupons", json=body)


def _code(author: Account, tag: str) -> str:
    return f"{tag}-{author.user_id[:8]}"


def _pay(buyer: Account, order: dict[str, Any]) -> dict[str, Any]:
    r = buyer.post(f"/v1/orders/{order['id']}/pay",
                   json={"provider": "sandbox", "card_number": "4242 4242 4242 4242"})  # fmt: skip
    assert r.status_code == 200, r.text
    return dict(r.json()["order"])


def test_only_the_author_makes_coupons_for_a_course(store: StoreHarness) -> None:
    author, other = store.instructor(), store.instructor()
    course_id = _course(store, author, "cp-own")
    code = _code(author, "own")
    r = _coupon(other, code=code, course_id=course_id, kind="percent", value=50)
    assert r.status_code == 403 and "your own courses" in r.json()["detail"]
    learner = store.register("learner")
    assert _coupon(learner, code=code, course_id=course_id, kind="percent", value=50
                   ).status_code == 403  # fmt: skip
    r = _coupon(author, code=code, course_id=course_id, kind="percent", value=150)
    assert r.status_code == 422 and "1 to 100" in r.json()["detail"]
    r = _coupon(author, code=code, kind="fixed", value=500)
    assert r.status_code == 422 and "must name its course" in r.json()["detail"]
    past = (utcnow() - timedelta(days=1)).isoformat()
    assert _coupon(author, code=code, course_id=course_id, kind="percent", value=10,
                   expires_at=past).status_code == 422  # fmt: skip

    r = _coupon(author, code=code.lower(), course_id=course_id, kind="percent", value=25,
                max_uses=10)  # fmt: skip
    assert r.status_code == 201, r.text
    assert r.json()["code"] == code.upper() and r.json()["uses"] == 0
    again = _coupon(author, code=code, course_id=course_id, kind="fixed", value=1)
    assert again.status_code == 409
    mine = author.get("/v1/instructor/coupons").json()
    assert [c["code"] for c in mine] == [code.upper()]
    assert other.get("/v1/instructor/coupons").json() == []


def test_checkout_charges_the_reduced_price_and_payouts_use_it(store: StoreHarness) -> None:
    author = store.instructor()
    course_id = _course(store, author, "cp-pay", price=2000)
    pct, fixed, gift = _code(author, "pct"), _code(author, "fix"), _code(author, "gift")
    assert _coupon(author, code=pct, course_id=course_id, kind="percent", value=25
                   ).status_code == 201  # fmt: skip
    assert _coupon(author, code=fixed, course_id=course_id, kind="fixed", value=333
                   ).status_code == 201  # fmt: skip
    assert _coupon(author, code=gift, course_id=course_id, kind="fixed", value=5000
                   ).status_code == 201  # fmt: skip

    a = store.register("buyer")
    r = store.order(a, course_id, coupon=f"  {pct.lower()} ",
                    expected_price={"amount": 2000, "currency": "USD"})  # fmt: skip
    assert r.status_code == 201, r.text
    order = r.json()
    assert order["price"] == {"amount": 1500, "currency": "USD"}
    assert order["list_price"] == {"amount": 2000, "currency": "USD"}
    assert order["coupon"] == pct.upper()
    assert _pay(a, order)["status"] == "paid"

    b = store.register("buyer")
    order_b = store.order(b, course_id, coupon=fixed).json()
    assert order_b["price"]["amount"] == 1667
    _pay(b, order_b)

    c = store.register("buyer")  # more off than the price: free, paid at once
    order_c = store.order(c, course_id, coupon=gift).json()
    assert (order_c["price"]["amount"], order_c["status"]) == (0, "paid")

    full = store.buy(store.register("buyer"), course_id)
    assert full["price"]["amount"] == 2000 and full["coupon"] is None

    month = utcnow().strftime("%Y-%m")
    line = {x["course_id"]: x for x in author.get(f"/v1/instructor/payouts/{month}").json()[
        "lines"]}[course_id]  # fmt: skip
    assert (line["sales"], line["sales_count"]) == (1500 + 1667 + 2000, 3)
    uses = {x["code"]: x["uses"] for x in author.get("/v1/instructor/coupons").json()}
    assert uses == {pct.upper(): 1, fixed.upper(): 1, gift.upper(): 1}


def test_expired_used_up_unknown_and_other_course_coupons_are_refused(
    store: StoreHarness,
) -> None:
    author, rival = store.instructor(), store.instructor()
    course_id = _course(store, author, "cp-bad")
    sibling = _course(store, author, "cp-sib")
    rivals = _course(store, rival, "cp-riv")
    soon, once, every = _code(author, "soon"), _code(author, "once"), _code(author, "all")
    tomorrow = (utcnow() + timedelta(days=1)).isoformat()
    _coupon(author, code=soon, course_id=course_id, kind="percent", value=10, expires_at=tomorrow)
    _coupon(author, code=once, course_id=course_id, kind="percent", value=10, max_uses=1)
    _coupon(author, code=every, kind="percent", value=20)  # every course of the author
    ctx = store.server.ctx
    assert ctx is not None
    with ctx.db.write() as session:  # a day passes
        session.execute(update(Coupon).where(Coupon.code == soon.upper())
                        .values(expires_at=utcnow() - timedelta(minutes=1)))  # fmt: skip

    buyer = store.register("buyer")
    r = store.order(buyer, course_id, coupon=soon)
    assert r.status_code == 422 and "expired" in r.json()["detail"], r.text
    r = store.order(buyer, sibling, coupon=once)
    assert r.status_code == 422 and "not for this course" in r.json()["detail"], r.text
    r = store.order(buyer, rivals, coupon=every)
    assert r.status_code == 422 and "not for this course" in r.json()["detail"], r.text
    r = store.order(buyer, course_id, coupon="NO-SUCH-COUPON")
    assert r.status_code == 404 and "no coupon" in r.json()["detail"], r.text
    assert buyer.get("/v1/orders").json() == []  # no order was made by a refused coupon

    assert store.order(buyer, course_id, coupon=once).status_code == 201
    r = store.order(store.register("buyer"), course_id, coupon=once)
    assert r.status_code == 409 and "used up" in r.json()["detail"], r.text
    r = store.order(store.register("buyer"), sibling, coupon=every)
    assert r.status_code == 201 and r.json()["price"]["amount"] == 1600


def test_usage_limit_holds_under_concurrent_orders(store: StoreHarness) -> None:
    author = store.instructor()
    course_id = _course(store, author, "cp-race")
    code = _code(author, "race")
    assert _coupon(author, code=code, course_id=course_id, kind="percent", value=50,
                   max_uses=3).status_code == 201  # fmt: skip
    buyers = [store.register("buyer") for _ in range(10)]
    with ThreadPoolExecutor(max_workers=10) as pool:
        answers = list(pool.map(lambda b: store.order(b, course_id, coupon=code), buyers))
    statuses = sorted(r.status_code for r in answers)
    assert statuses == [201] * 3 + [409] * 7, [r.text for r in answers]
    assert all(r.json()["price"]["amount"] == 1000 for r in answers if r.status_code == 201)
    assert [c["uses"] for c in author.get("/v1/instructor/coupons").json()] == [3]


def test_a_retried_order_counts_its_coupon_once(store: StoreHarness) -> None:
    author = store.instructor()
    course_id = _course(store, author, "cp-retry")
    code = _code(author, "retry")
    _coupon(author, code=code, course_id=course_id, kind="percent", value=100, max_uses=2)
    buyer = store.register("buyer")
    body = {"course_id": course_id, "coupon": code}
    headers = {"Idempotency-Key": "key-" + buyer.user_id}
    first = buyer.post("/v1/orders", json=body, headers=headers)
    again = buyer.post("/v1/orders", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert (first.json()["price"]["amount"], first.json()["status"]) == (0, "paid")  # 100 % off
    assert [c["uses"] for c in author.get("/v1/instructor/coupons").json()] == [1]


def test_quote_prices_a_coupon_without_using_it(store: StoreHarness) -> None:
    author = store.instructor()
    course_id = _course(store, author, "cp-quote")
    code, once, old = _code(author, "q"), _code(author, "q1"), _code(author, "qold")
    _coupon(author, code=code, course_id=course_id, kind="percent", value=25)
    _coupon(author, code=once, course_id=course_id, kind="fixed", value=500, max_uses=1)
    tomorrow = (utcnow() + timedelta(days=1)).isoformat()
    _coupon(author, code=old, course_id=course_id, kind="percent", value=10, expires_at=tomorrow)
    ctx = store.server.ctx
    assert ctx is not None
    with ctx.db.write() as session:
        session.execute(update(Coupon).where(Coupon.code == old.upper())
                        .values(expires_at=utcnow() - timedelta(minutes=1)))  # fmt: skip

    def quote(who: Account, coupon: str, course: str = course_id) -> httpx.Response:
        return who.post("/v1/orders/quote", json={"course_id": course, "coupon": coupon})

    # authorization: signed-in accounts only
    anon = store.client().post("/v1/orders/quote", json={"course_id": course_id, "coupon": code})
    assert anon.status_code == 401
    buyer = store.register("buyer")
    r = quote(buyer, f" {code.lower()} ")
    assert r.status_code == 200, r.text
    assert r.json() == {
        "course_id": course_id, "coupon": code.upper(),
        "list_price": {"amount": 2000, "currency": "USD"},
        "price": {"amount": 1500, "currency": "USD"},
    }  # fmt: skip
    assert quote(buyer, once).json()["price"]["amount"] == 1500
    assert {x["code"]: x["uses"] for x in author.get("/v1/instructor/coupons").json()}[
        once.upper()
    ] == 0  # quoting uses nothing
    r = quote(buyer, old)
    assert r.status_code == 422 and "expired" in r.json()["detail"]
    r = quote(buyer, "NO-SUCH-COUPON")
    assert r.status_code == 404 and "no coupon" in r.json()["detail"]
    assert quote(buyer, code, "no-such-course").status_code == 404
    # the quote is what the order charges; once used up, the quote refuses too
    assert store.order(buyer, course_id, coupon=once).json()["price"]["amount"] == 1500
    r = quote(store.register("buyer"), once)
    assert r.status_code == 409 and "used up" in r.json()["detail"]
