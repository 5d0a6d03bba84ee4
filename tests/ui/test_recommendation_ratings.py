"""Ratings from learners reach the recommender through the real store's catalog: the
well-rated course ranks first and Home says "Rated 4.8 by 5 learners" — only because it is
true (enough ratings, above the store's mean)."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from ui.screens.home import HomeScreen


def _rate(url: str, course_id: str, stars: int) -> None:
    """A fresh learner buys the course (sandbox card) and rates it, over HTTP."""
    with httpx.Client(base_url=url, timeout=30.0) as c:
        r = c.post("/v1/auth/register", json={"email": f"r-{uuid.uuid4().hex[:8]}@example.org",
                                              "password": "correct horse battery"})  # fmt: skip
        assert r.status_code == 201, r.text
        auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
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
    for stars in (5, 5, 5, 5, 4):
        _rate(test_store.url, "free-course", stars)
    for stars in (2, 2, 1, 2, 3):
        _rate(test_store.url, "paid-course", stars)
    services.sync.sync_now()

    recs = services.guidance.recommendations()
    assert recs[0].course_id == "free-course"
    assert "rated_highly|4.8|5" in recs[0].reasons
    low = next(r for r in recs if r.course_id == "paid-course")
    assert all(not x.startswith("rated_highly") for x in low.reasons)
    home = HomeScreen.__new__(HomeScreen)  # only its text function, no widget needed
    assert HomeScreen.reason_text(home, "rated_highly|4.8|5") == "Rated 4.8 by 5 learners"
