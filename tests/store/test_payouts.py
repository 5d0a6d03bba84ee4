"""Payout statements from the ledger: sales, refunds netted, the platform fee from the
store's config (or the course's own share), per instructor and month, as JSON and CSV."""

from __future__ import annotations

import csv
import io

from sqlalchemy import update

from store.db.models import Course
from store.db.types import utcnow
from tests.store.harness import StoreHarness


def test_monthly_statement_nets_refunds_and_takes_the_platform_fee(store: StoreHarness) -> None:
    author, rival = store.instructor(), store.instructor()
    suffix = author.user_id[:6]
    store.publish_course(author, f"pay-a-{suffix}", price=2000)
    store.publish_course(author, f"pay-b-{suffix}", price=999)
    store.publish_course(rival, f"pay-r-{suffix}", price=5000)
    ctx = store.server.ctx
    assert ctx is not None
    with ctx.db.write() as session:  # course b has its own share: 10 %
        session.execute(update(Course).where(Course.id == f"pay-b-{suffix}")
                        .values(platform_fee_bps=1000))  # fmt: skip
    for _ in range(3):
        store.buy(store.register("buyer"), f"pay-a-{suffix}")
    buyer_b = store.register("buyer")
    store.buy(buyer_b, f"pay-b-{suffix}")
    store.buy(store.register("buyer"), f"pay-r-{suffix}")
    month = utcnow().strftime("%Y-%m")

    r = author.get(f"/v1/instructor/payouts/{month}")
    assert r.status_code == 200, r.text
    doc = r.json()
    lines = {line["course_id"]: line for line in doc["lines"]}
    assert set(lines) == {f"pay-a-{suffix}", f"pay-b-{suffix}"}  # not the rival's course
    a, b = lines[f"pay-a-{suffix}"], lines[f"pay-b-{suffix}"]
    fee_bps = ctx.settings.platform_fee_bps
    assert (a["sales"], a["sales_count"], a["refunds"], a["net"]) == (6000, 3, 0, 6000)
    assert (a["fee_bps"], a["fee"], a["payout"]) == (fee_bps, 6000 * fee_bps // 10_000,
                                                     6000 - 6000 * fee_bps // 10_000)
    assert (b["fee_bps"], b["fee"], b["payout"]) == (1000, 100, 899)  # 99.9 rounds to 100

    # a refund in the same month is netted
    r = buyer_b.post(f"/v1/orders/{buyer_b_order(store, buyer_b)}/refund", json={"reason": "x"})
    assert r.status_code == 200, r.text
    b = {x["course_id"]: x for x in author.get(f"/v1/instructor/payouts/{month}").json()["lines"]}[
        f"pay-b-{suffix}"
    ]
    assert (b["sales"], b["refunds"], b["net"], b["fee"], b["payout"]) == (999, 999, 0, 0, 0)

    r = author.get(f"/v1/instructor/payouts/{month}", params={"format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert {row["course_id"]: int(row["payout"]) for row in rows} == {
        f"pay-a-{suffix}": a["payout"], f"pay-b-{suffix}": 0,
    }
    # other instructors' statements: admins only
    assert rival.get(f"/v1/instructor/payouts/{month}",
                     params={"instructor_id": author.user_id}).status_code == 403
    admin = store.admin()
    seen = admin.get(f"/v1/instructor/payouts/{month}", params={"instructor_id": author.user_id})
    assert seen.status_code == 200 and len(seen.json()["lines"]) == 2
    assert author.get("/v1/instructor/payouts/2026-13").status_code == 422


def buyer_b_order(store: StoreHarness, buyer: object) -> str:
    orders = buyer.get("/v1/orders").json()  # type: ignore[attr-defined]
    return str(orders[0]["id"])
