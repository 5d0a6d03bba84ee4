"""The store's co-enrolment counts reach the recommender's collaborative part: three
learners hold both demo courses, so a learner who holds one is recommended the other with
"popular with learners who took <the one they hold>" — and only once the store publishes
the pair (it withholds counts below 3)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from app.services.guidance import co_enrolment_of


def _hold_both(url: str) -> None:
    """A fresh learner gets both courses (the free one, and the paid one by sandbox card)."""
    with httpx.Client(base_url=url, timeout=30.0) as c:
        r = c.post("/v1/auth/register", json={"email": f"c-{uuid.uuid4().hex[:8]}@example.org",
                                              "password": "correct horse battery"})  # fmt: skip
        assert r.status_code == 201, r.text
        auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
        for course_id in ("free-course", "paid-course"):
            r = c.post("/v1/orders", json={"course_id": course_id},
                       headers={**auth, "Idempotency-Key": str(uuid.uuid4())})  # fmt: skip
            assert r.status_code == 201, r.text
            if r.json()["status"] != "paid":
                r = c.post(f"/v1/orders/{r.json()['id']}/pay", headers=auth,
                           json={"provider": "sandbox", "card_number": "4242 4242 4242 4242"})
                assert r.status_code == 200, r.text


def _learners_reason(services: Any) -> list[str]:
    recs = {r.course_id: r for r in services.guidance.recommendations()}
    return [x for x in recs["paid-course"].reasons
            if x.startswith("popular_with_learners_like_you")]


def test_co_enrolment_from_the_store_names_the_shared_course(services: Any,
                                                             test_store: Any) -> None:
    services.sync.sync_now()  # the catalog
    services.catalog.buy("free-course", expected_amount=0, expected_currency="USD")
    services.sync.sync_now()
    assert services.sync.coenrolment()["pairs"] == []  # nobody else yet: nothing published
    assert _learners_reason(services) == []
    for _ in range(2):
        _hold_both(test_store.url)
    services.sync.sync_now()  # 2 hold both: still withheld (k = 3)
    assert services.sync.coenrolment()["pairs"] == []
    assert _learners_reason(services) == []
    _hold_both(test_store.url)
    services.sync.sync_now()
    pairs = services.sync.coenrolment()["pairs"]
    assert [(p["a"], p["b"], p["count"]) for p in pairs] == [("free-course", "paid-course", 3)]
    assert _learners_reason(services) == ["popular_with_learners_like_you|Free numbers"]


def test_counts_for_courses_outside_the_catalog_are_dropped() -> None:
    counts = {"k": 3, "courses": [{"course_id": "a", "count": 5}, {"course_id": "b", "count": 4},
                                  {"course_id": "gone", "count": 9}],
              "pairs": [{"a": "a", "b": "b", "count": 3}, {"a": "a", "b": "gone", "count": 4}]}
    co = co_enrolment_of(("b", "a", "c"), counts)
    assert co is not None
    assert co.enrolments.tolist() == [4.0, 5.0, 0.0]
    triplets = zip(co.rows.tolist(), co.cols.tolist(), co.counts.tolist(), strict=True)
    assert sorted(triplets) == [(0, 1, 3.0), (1, 0, 3.0)]
    assert co_enrolment_of(("a",), {}) is None
