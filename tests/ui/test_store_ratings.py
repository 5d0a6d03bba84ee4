"""The store screen's course detail shows the learners' rating from the real store
("★ 4.5 (2 ratings)") and nothing for a course nobody has rated."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from support import wait_idle  # type: ignore[import-not-found]


def _rate(url: str, course_id: str, stars: int) -> None:
    """A learner (a fresh account) gets the course and rates it, over the store's HTTP API."""
    with httpx.Client(base_url=url, timeout=30.0) as c:
        r = c.post("/v1/auth/register", json={"email": f"rater-{uuid.uuid4().hex[:8]}@example.org",
                                              "password": "correct horse battery"})  # fmt: skip
        assert r.status_code == 201, r.text
        auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
        r = c.post("/v1/orders", json={"course_id": course_id},
                   headers={**auth, "Idempotency-Key": "key-" + uuid.uuid4().hex})  # fmt: skip
        assert r.status_code == 201 and r.json()["status"] == "paid", r.text
        r = c.put(f"/v1/courses/{course_id}/review", json={"rating": stars}, headers=auth)
        assert r.status_code == 200, r.text


def _select(store: Any, qtbot: Any, title: str) -> None:
    qtbot.waitUntil(lambda: store.model.rowCount() == 2, timeout=10_000)
    row = [store.model.card(i).title for i in range(store.model.rowCount())].index(title)
    store.list.setCurrentIndex(store.model.index(row))
    qtbot.waitUntil(lambda: store.detail is not None and store.d_title.text() == title,
                    timeout=10_000)  # fmt: skip


def test_detail_shows_the_average_and_count_of_ratings(
    window: Any, qtbot: Any, test_store: Any
) -> None:
    _rate(test_store.url, "free-course", 5)
    _rate(test_store.url, "free-course", 4)
    window.go("store")
    wait_idle(window)
    store = window.screens["store"]

    _select(store, qtbot, "Free numbers")
    assert store.d_rating.isVisible()
    assert store.d_rating.text() == "★ 4.5 (2 ratings)"
    assert (store.detail.rating_average, store.detail.rating_count) == (4.5, 2)

    _select(store, qtbot, "Paid numbers")  # nobody rated it: no stars, no "0 ratings"
    assert not store.d_rating.isVisible()
    assert store.d_rating.text() == ""
