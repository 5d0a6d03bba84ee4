"""Learner ratings and reviews over HTTP: only owners rate, stars are 1-5, editing and
deleting move the catalog's average, an administrator's hide removes a review from the
public list and the average."""

from __future__ import annotations

from typing import Any

from tests.store.harness import Account, StoreHarness


def _course(store: StoreHarness, prefix: str) -> tuple[Account, str]:
    author = store.instructor()
    course_id = f"{prefix}-{author.user_id[:8]}"
    store.publish_course(author, course_id, price=1500)
    return author, course_id


def _owner(store: StoreHarness, course_id: str) -> Account:
    buyer = store.register("learner")
    store.buy(buyer, course_id)
    return buyer


def _figures(store: StoreHarness, course_id: str) -> tuple[Any, Any, Any, Any]:
    c = store.client()
    detail = c.get(f"/v1/catalog/courses/{course_id}").json()
    listed = [
        x
        for x in c.get("/v1/catalog/courses", params={"limit": 100}).json()["items"]
        if x["id"] == course_id
    ]
    assert len(listed) == 1
    return (detail["rating_average"], detail["rating_count"],
            listed[0]["rating_average"], listed[0]["rating_count"])  # fmt: skip


def test_only_owners_rate_and_stars_are_one_to_five(store: StoreHarness) -> None:
    _, course_id = _course(store, "rev-own")
    stranger = store.register("stranger")
    r = stranger.put(f"/v1/courses/{course_id}/review", json={"rating": 5, "text": "great"})
    assert r.status_code == 403, r.text
    assert "own this course" in r.json()["detail"]
    anonymous = store.client().put(f"/v1/courses/{course_id}/review", json={"rating": 5})
    assert anonymous.status_code == 401

    owner = _owner(store, course_id)
    for stars in (0, 6, -1):
        r = owner.put(f"/v1/courses/{course_id}/review", json={"rating": stars})
        assert r.status_code == 422, (stars, r.text)
    r = owner.put(f"/v1/courses/{course_id}/review", json={"text": "no stars"})
    assert r.status_code == 422
    # nothing was stored by the refused attempts
    assert _figures(store, course_id) == (None, 0, None, 0)
    assert owner.get(f"/v1/courses/{course_id}/review").status_code == 404
    r = owner.put("/v1/courses/no-such-course/review", json={"rating": 3})
    assert r.status_code == 404


def test_average_follows_edits_and_deletes(store: StoreHarness) -> None:
    _, course_id = _course(store, "rev-avg")
    a, b, c = (_owner(store, course_id) for _ in range(3))
    for learner, stars in ((a, 5), (b, 4), (c, 2)):
        r = learner.put(f"/v1/courses/{course_id}/review", json={"rating": stars, "text": "ok"})
        assert r.status_code == 200, r.text
        assert r.json()["rating"] == stars
    assert _figures(store, course_id) == (3.67, 3, 3.67, 3)  # (5 + 4 + 2) / 3

    # c edits: still one review of c, the average moves
    r = c.put(f"/v1/courses/{course_id}/review", json={"rating": 5, "text": "grew on me"})
    assert r.status_code == 200
    assert _figures(store, course_id) == (4.67, 3, 4.67, 3)
    assert c.get(f"/v1/courses/{course_id}/review").json()["text"] == "grew on me"

    # a deletes
    assert a.delete(f"/v1/courses/{course_id}/review").status_code == 204
    assert _figures(store, course_id) == (4.5, 2, 4.5, 2)
    assert a.delete(f"/v1/courses/{course_id}/review").status_code == 404

    page = store.client().get(f"/v1/catalog/courses/{course_id}/reviews").json()
    assert page["total"] == 2 and page["rating_count"] == 2 and page["rating_average"] == 4.5
    assert [x["text"] for x in page["items"]] == ["grew on me", "ok"]  # newest edit first
    assert all("@" not in x["author"] for x in page["items"])  # never the email


def test_reviews_are_paged(store: StoreHarness) -> None:
    _, course_id = _course(store, "rev-page")
    for n in range(5):
        learner = _owner(store, course_id)
        r = learner.put(f"/v1/courses/{course_id}/review", json={"rating": 3, "text": f"#{n}"})
        assert r.status_code == 200
    c = store.client()
    first = c.get(f"/v1/catalog/courses/{course_id}/reviews", params={"limit": 2}).json()
    rest = c.get(f"/v1/catalog/courses/{course_id}/reviews",
                 params={"limit": 10, "offset": 2}).json()  # fmt: skip
    assert first["total"] == rest["total"] == 5
    assert [x["text"] for x in first["items"]] == ["#4", "#3"]
    assert [x["text"] for x in rest["items"]] == ["#2", "#1", "#0"]


def test_hidden_review_leaves_the_list_and_the_average(store: StoreHarness) -> None:
    _, course_id = _course(store, "rev-hide")
    kind, rude = _owner(store, course_id), _owner(store, course_id)
    kind.put(f"/v1/courses/{course_id}/review", json={"rating": 4, "text": "clear"})
    r = rude.put(f"/v1/courses/{course_id}/review", json={"rating": 1, "text": "spam spam"})
    review_id = r.json()["id"]
    assert _figures(store, course_id) == (2.5, 2, 2.5, 2)

    assert rude.post(f"/v1/admin/reviews/{review_id}/hide").status_code == 403
    admin = store.admin()
    r = admin.post(f"/v1/admin/reviews/{review_id}/hide")
    assert r.status_code == 200, r.text
    assert r.json()["hidden"] is True
    assert _figures(store, course_id) == (4.0, 1, 4.0, 1)
    page = store.client().get(f"/v1/catalog/courses/{course_id}/reviews").json()
    assert [x["text"] for x in page["items"]] == ["clear"] and page["total"] == 1
    # editing a hidden review does not bring it back
    assert rude.put(f"/v1/courses/{course_id}/review", json={"rating": 1, "text": "again"}
                    ).status_code == 200  # fmt: skip
    assert _figures(store, course_id) == (4.0, 1, 4.0, 1)
    assert admin.post("/v1/admin/reviews/999999999/hide").status_code == 404


def test_catalog_changes_carry_the_new_rating(store: StoreHarness) -> None:
    _, course_id = _course(store, "rev-feed")
    c = store.client()
    cursor = c.get("/v1/catalog/changes", params={"limit": 500}).json()["cursor"]
    owner = _owner(store, course_id)
    owner.put(f"/v1/courses/{course_id}/review", json={"rating": 4})
    changes = c.get("/v1/catalog/changes", params={"cursor": cursor}).json()
    mine = [x for x in changes["courses"] if x["id"] == course_id]
    assert [(x["rating_average"], x["rating_count"]) for x in mine] == [(4.0, 1)]


def test_my_reviews_lists_only_the_callers_own(store: StoreHarness) -> None:
    """Another device of the learner gets their stars back; nobody else's show, and a
    hidden review is listed to its author flagged as hidden."""
    _, first = _course(store, "rev-mine-a")
    _, second = _course(store, "rev-mine-b")
    me = _owner(store, first)
    store.buy(me, second)
    other = _owner(store, first)
    r = me.put(f"/v1/courses/{first}/review", json={"rating": 4, "text": "ok"})
    assert r.status_code == 200
    assert me.put(f"/v1/courses/{second}/review", json={"rating": 2}).status_code == 200
    assert other.put(f"/v1/courses/{first}/review", json={"rating": 5}).status_code == 200
    assert store.client().get("/v1/me/reviews").status_code == 401

    mine = me.get("/v1/me/reviews").json()["items"]
    assert sorted((r["course_id"], r["rating"]) for r in mine) == sorted([(first, 4), (second, 2)])
    review_id = next(r["id"] for r in mine if r["course_id"] == second)
    assert store.admin().post(f"/v1/admin/reviews/{review_id}/hide").status_code == 200
    mine = {r["course_id"]: r for r in me.get("/v1/me/reviews").json()["items"]}
    assert mine[second]["hidden"] is True and mine[first]["hidden"] is False
    assert [r["rating"] for r in other.get("/v1/me/reviews").json()["items"]] == [5]


def _goal(learner: Account, course_id: str, status: str = "active") -> None:
    import uuid
    from datetime import UTC, datetime

    from sync.protocol import format_hlc

    stamp = format_hlc(int(datetime.now(UTC).timestamp() * 1000), 0, learner.device_id)
    fields = {"title": "Finish it", "course_id": course_id, "status": status}
    r = learner.post("/v1/sync/records", json={"records": [{
        "collection": "goals", "record_id": str(uuid.uuid4()),
        "fields": {k: {"value": v, "hlc": stamp} for k, v in fields.items()}}]})  # fmt: skip
    assert r.status_code == 200, r.text


def test_goal_ratings_come_from_learners_who_share_the_goal_and_at_least_five(
    store: StoreHarness,
) -> None:
    _, goal_course = _course(store, "goal-a")
    _, rated = _course(store, "goal-b")
    me = store.register("me")
    _goal(me, goal_course)
    assert me.get("/v1/me/goal-ratings").json() == {"items": [], "min_learners": 5}
    peers = []
    for stars in (5, 5, 4, 5):
        peer = _owner(store, rated)
        _goal(peer, goal_course)
        assert peer.put(f"/v1/courses/{rated}/review", json={"rating": stars}).status_code == 200
        peers.append(peer)
    # learners without that goal (or who abandoned it) do not count
    for status in ("abandoned", None):
        outsider = _owner(store, rated)
        if status:
            _goal(outsider, goal_course, status)
        assert outsider.put(f"/v1/courses/{rated}/review", json={"rating": 1}).status_code == 200
    assert me.get("/v1/me/goal-ratings").json()["items"] == []  # 4 learners: no figure
    fifth = _owner(store, rated)
    _goal(fifth, goal_course)
    assert fifth.put(f"/v1/courses/{rated}/review", json={"rating": 4}).status_code == 200
    items = me.get("/v1/me/goal-ratings").json()["items"]
    assert items == [{"goal_course_id": goal_course, "course_id": rated, "average": 4.6,
                      "count": 5}]  # fmt: skip
    assert store.client().get("/v1/me/goal-ratings").status_code == 401
    stranger = store.register("no-goal")
    assert stranger.get("/v1/me/goal-ratings").json()["items"] == []
