"""Ratings from learners reach the recommender through the real store's catalog: the
well-rated course ranks first and Home says "Rated 4.8 by 5 learners" — only because it is
true (enough ratings, above the store's mean)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
from support import PAID_PRICE  # type: ignore[import-not-found]

from sync.protocol import format_hlc
from ui.screens.home import HomeScreen


def _rate(url: str, ratings: dict[str, int], goal: str | None = None) -> None:
    """A fresh learner buys the courses (sandbox card) and rates them, over HTTP; with
    ``goal``, they first sync a goal on that course (as their app would)."""
    with httpx.Client(base_url=url, timeout=30.0) as c:
        r = c.post("/v1/auth/register", json={"email": f"r-{uuid.uuid4().hex[:8]}@example.org",
                                              "password": "correct horse battery"})  # fmt: skip
        assert r.status_code == 201, r.text
        auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
        if goal is not None:
            stamp = format_hlc(int(datetime.now(UTC).timestamp() * 1000), 0,
                               r.json()["device_id"])
            fields = {"title": "Finish it", "course_id": goal, "status": "active"}
            r = c.post("/v1/sync/records", headers=auth, json={"records": [{
                "collection": "goals", "record_id": str(uuid.uuid4()),
                "fields": {k: {"value": v, "hlc": stamp} for k, v in fields.items()}}]})
            assert r.status_code == 200, r.text
        for course_id, stars in ratings.items():
            r = c.post("/v1/orders", json={"course_id": course_id},
                       headers={**auth, "Idempotency-Key": str(uuid.uuid4())})  # fmt: skip
            assert r.status_code == 201, r.text
            if r.json()["status"] != "paid":
                r = c.post(f"/v1/orders/{r.json()['id']}/pay", headers=auth,
                           json={"provider": "sandbox", "card_number": "4242 4242 4242 4242"})
                assert r.status_code == 200, r.text
            r = c.put(f"/v1/courses/{course_id}/review", json={"rating": stars}, headers=auth)
            assert r.status_code == 200, r.text


def test_ratings_rank_and_explain_recommendations(services: Any, test_store: Any) -> None:
    services.sync.sync_now()  # the catalog, nobody has rated anything yet
    before = {r.course_id: r for r in services.guidance.recommendations()}
    assert before and all("rated_highly" not in x for r in before.values() for x in r.reasons)
    for free, paid in ((5, 2), (5, 2), (5, 1), (5, 2), (4, 3)):
        _rate(test_store.url, {"free-course": free, "paid-course": paid})
    services.sync.sync_now()

    recs = services.guidance.recommendations()
    assert recs[0].course_id == "free-course"
    assert "rated_highly|4.8|5" in recs[0].reasons
    low = next(r for r in recs if r.course_id == "paid-course")
    assert all(not x.startswith("rated_highly") for x in low.reasons)
    home = HomeScreen.__new__(HomeScreen)  # only its text function, no widget needed
    assert HomeScreen.reason_text(home, "rated_highly|4.8|5") == "Rated 4.8 by 5 learners"


def test_learners_who_share_your_goal_are_named_when_five_rated(
    services: Any, test_store: Any
) -> None:
    """Five learners with a goal on "Paid numbers" rated "Free numbers": a learner with the
    same goal sees it recommended with *their* figures, and the goal named."""
    for _ in range(5):
        _rate(test_store.url, {"free-course": 5}, goal="paid-course")
    services.catalog.buy("paid-course", card="4242 4242 4242 4242", expected_amount=PAID_PRICE,
                         expected_currency="USD")
    services.library.download("paid-course")
    services.goals.create_goal("Finish Paid numbers", "paid-course",
                               date.today() + timedelta(days=30), 2.0)  # fmt: skip
    services.sync.sync_now()  # pushes the goal, pulls the catalog and the goal ratings

    recs = {r.course_id: r for r in services.guidance.recommendations()}
    assert "rated_highly_by_your_goal|5.0|5|Paid numbers" in recs["free-course"].reasons
    home = HomeScreen.__new__(HomeScreen)
    assert HomeScreen.reason_text(home, "rated_highly_by_your_goal|5.0|5|Paid numbers") == \
        "Rated 5.0 by 5 learners who also have the goal “Paid numbers”"
