"""Catalog over HTTP: search and filters, detail, pagination, incremental pull with ETag/304,
co-enrolment aggregates with small counts withheld, drafts invisible to learners."""

from __future__ import annotations

from typing import Any

import pytest

from tests.store.harness import Account, StoreHarness

COURSES: dict[str, dict[str, Any]] = {
    "python-intro": {
        "title": "Python for beginners",
        "description": "Learn variables, loops and functions.",
        "topic": "programming",
        "tags": ["python", "beginner"],
        "price": 1999,
        "currency": "USD",
    },
    "data-numpy": {
        "title": "Data analysis with NumPy",
        "description": "Arrays, broadcasting and statistics.",
        "topic": "data",
        "tags": ["numpy", "data"],
        "price": 2999,
        "currency": "USD",
    },
    "mandarin-daily": {
        "title": "日常汉语会话",
        "description": "学习日常生活中的汉语对话。",
        "topic": "language",
        "language": "zh-CN",
        "tags": ["mandarin"],
        "price": 0,
        "currency": "CNY",
    },
    "strength-basics": {
        "title": "Strength training basics",
        "description": "Squat, hinge, push and pull safely.",
        "topic": "fitness",
        "tags": ["gym"],
        "price": 999,
        "currency": "EUR",
    },
    "finance-zh": {
        "title": "个人理财入门",
        "description": "预算、储蓄与投资的基础知识。",
        "topic": "finance",
        "language": "zh-CN",
        "tags": ["money"],
        "price": 4900,
        "currency": "CNY",
    },
}


@pytest.fixture(scope="module")
def catalog(store: StoreHarness) -> dict[str, Any]:
    author = store.instructor()
    for course_id, fields in COURSES.items():
        store.publish_course(author, course_id, **fields)
    # A draft that is never published must stay invisible.
    r = store.upload(author, _bundle(store, "secret-draft"))
    assert r.status_code == 201, r.text
    return {"author": author, "draft": r.json()}


def _bundle(store: StoreHarness, course_id: str, **fields: Any) -> Any:
    from tests.store.course_bundles import pack_course

    return pack_course(store.workdir, course_id, **fields)[0]


def ids(response: Any) -> list[str]:
    assert response.status_code == 200, response.text
    return [c["id"] for c in response.json()["items"]]


def test_list_everything_published_and_paginate(store: StoreHarness, catalog: Any) -> None:
    c = store.client()
    everything = c.get("/v1/catalog/courses", params={"limit": 100})
    assert sorted(ids(everything)) == sorted(COURSES)
    assert everything.json()["total"] == len(COURSES)
    pages = [ids(c.get("/v1/catalog/courses", params={"limit": 2, "offset": o})) for o in (0, 2, 4)]
    assert [len(p) for p in pages] == [2, 2, 1]
    assert sorted(x for page in pages for x in page) == sorted(COURSES)
    assert "secret-draft" not in ids(everything)


@pytest.mark.parametrize(
    ("query", "expected_first"),
    [
        ("python", "python-intro"),
        ("NumPy", "data-numpy"),
        ("pyth", "python-intro"),  # prefix / substring
        ("broadcasting statistics", "data-numpy"),  # every word must match
        ("汉语", "mandarin-daily"),
        ("理财入门", "finance-zh"),
        ("beginner", "python-intro"),  # tags are searched too
    ],
)
def test_search(store: StoreHarness, catalog: Any, query: str, expected_first: str) -> None:
    found = ids(store.client().get("/v1/catalog/courses", params={"q": query}))
    assert found and found[0] == expected_first
    assert "secret-draft" not in found


def test_search_without_match_is_empty(store: StoreHarness, catalog: Any) -> None:
    assert ids(store.client().get("/v1/catalog/courses", params={"q": "kubernetes"})) == []


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"topic": "data"}, {"data-numpy"}),
        ({"language": "zh-CN"}, {"mandarin-daily", "finance-zh"}),
        ({"language": "zh"}, {"mandarin-daily", "finance-zh"}),
        ({"free": "true"}, {"mandarin-daily"}),
        ({"max_price": 1000}, {"mandarin-daily", "strength-basics"}),
        ({"currency": "CNY", "free": "false"}, {"finance-zh"}),
        ({"tag": "python"}, {"python-intro"}),
        ({"q": "basics", "topic": "fitness"}, {"strength-basics"}),
    ],
)
def test_filters(
    store: StoreHarness, catalog: Any, params: dict[str, Any], expected: set[str]
) -> None:
    assert set(ids(store.client().get("/v1/catalog/courses", params=params))) == expected


def test_bad_filter_is_a_problem(store: StoreHarness, catalog: Any) -> None:
    r = store.client().get("/v1/catalog/courses", params={"topic": "astrology"})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("application/problem+json")


def test_course_detail_has_outline_price_and_bundle(store: StoreHarness, catalog: Any) -> None:
    c = store.client()
    detail = c.get("/v1/catalog/courses/data-numpy")
    assert detail.status_code == 200
    body = detail.json()
    assert body["price"] == {"amount": 2999, "currency": "USD"}
    assert [i["id"] for m in body["outline"] for i in m["items"]] == ["intro", "two", "q-basics"]
    assert body["outline"][0]["items"][0]["free_preview"] is True
    assert body["duration_min"] == 15.5
    assert len(body["bundle"]["sha256"]) == 64 and body["bundle"]["size"] > 0
    missing = c.get("/v1/catalog/courses/no-such-course")
    assert missing.status_code == 404 and "no published course" in missing.json()["detail"]
    assert c.get("/v1/catalog/courses/secret-draft").status_code == 404


def test_list_etag_and_304(store: StoreHarness, catalog: Any) -> None:
    c = store.client()
    first = c.get("/v1/catalog/courses")
    etag = first.headers["ETag"]
    again = c.get("/v1/catalog/courses", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = c.get("/v1/catalog/courses", params={"topic": "data"}, headers={"If-None-Match": etag})
    assert other.status_code == 200


def test_incremental_pull_by_cursor_with_304(store: StoreHarness, catalog: Any) -> None:
    c = store.client()
    full = c.get("/v1/catalog/changes", params={"cursor": 0})
    assert full.status_code == 200
    body = full.json()
    assert sorted(x["id"] for x in body["courses"]) == sorted(COURSES)
    cursor = body["cursor"]
    assert cursor > 0 and body["removed"] == []
    up_to_date = c.get("/v1/catalog/changes", params={"cursor": cursor})
    assert up_to_date.json()["courses"] == [] and up_to_date.json()["cursor"] == cursor
    etag = up_to_date.headers["ETag"]
    assert (
        c.get(
            "/v1/catalog/changes", params={"cursor": cursor}, headers={"If-None-Match": etag}
        ).status_code
        == 304
    )
    # A new version of one course is published: only it comes back, and the ETag changes.
    store.publish_course(
        catalog["author"], "python-intro", version="1.1.0", **COURSES["python-intro"]
    )
    changed = c.get(
        "/v1/catalog/changes", params={"cursor": cursor}, headers={"If-None-Match": etag}
    )
    assert changed.status_code == 200
    assert [(x["id"], x["version"]) for x in changed.json()["courses"]] == [
        ("python-intro", "1.1.0")
    ]
    assert changed.json()["cursor"] > cursor
    # Paging through changes with a small limit visits every course exactly once.
    seen: list[str] = []
    page_cursor = 0
    while True:
        page = c.get("/v1/catalog/changes", params={"cursor": page_cursor, "limit": 2}).json()
        seen += [x["id"] for x in page["courses"]]
        page_cursor = page["cursor"]
        if not page["has_more"]:
            break
    assert sorted(seen) == sorted(COURSES)


def _buyers(store: StoreHarness, n: int, courses: list[str]) -> list[Account]:
    buyers = []
    for _ in range(n):
        buyer = store.register("buyer")
        for course in courses:
            store.buy(buyer, course)
        buyers.append(buyer)
    return buyers


def test_coenrolment_withholds_small_counts(store: StoreHarness, catalog: Any) -> None:
    _buyers(store, 3, ["data-numpy", "mandarin-daily"])
    _buyers(store, 2, ["strength-basics", "data-numpy"])
    r = store.client().get("/v1/catalog/coenrolment")
    assert r.status_code == 200
    body = r.json()
    assert body["k"] == 3
    pairs = {(p["a"], p["b"]): p["count"] for p in body["pairs"]}
    assert pairs == {("data-numpy", "mandarin-daily"): 3}
    counts = {x["course_id"]: x["count"] for x in body["courses"]}
    assert counts == {"data-numpy": 5, "mandarin-daily": 3}  # strength-basics (2) withheld
    assert all(x["count"] >= 3 for x in body["courses"])


def test_unlisted_course_is_reported_removed(store: StoreHarness, catalog: Any) -> None:
    author = catalog["author"]
    store.publish_course(author, "short-lived", title="Short lived")
    owner = store.register()
    store.buy(owner, "short-lived")
    c = store.client()
    cursor = c.get("/v1/catalog/changes", params={"cursor": 0}).json()["cursor"]
    rival = store.instructor()
    assert rival.post("/v1/publish/courses/short-lived/unlist").status_code == 404
    assert author.post("/v1/publish/courses/short-lived/unlist").status_code == 204
    changes = c.get("/v1/catalog/changes", params={"cursor": cursor}).json()
    assert changes["removed"] == ["short-lived"] and changes["courses"] == []
    assert c.get("/v1/catalog/courses/short-lived").status_code == 404
    assert "short-lived" not in ids(c.get("/v1/catalog/courses", params={"q": "short"}))
    assert store.order(store.register(), "short-lived").status_code == 404
    # The owner keeps the course.
    assert "short-lived" in owner.post("/v1/entitlements/lease").json()["lease"]["courses"]
