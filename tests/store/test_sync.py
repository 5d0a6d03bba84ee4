"""Learning-record sync over HTTP: event push idempotency, pull by cursor excluding the
caller's device, batch limits, per-user isolation, mutable records merged per field (LWW by
HLC) with tombstones."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sync.protocol import MAX_EVENT_BATCH, format_hlc
from tests.store.harness import Account, StoreHarness


def event(verb: str = "completed", obj: str = "lesson-1", **extra: Any) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "verb": verb,
        "object": {"id": obj, "kind": "lesson", "course_id": "some-course"},
        "result": {"score": 0.8, "success": True},
        "timestamp": "2025-03-01T10:00:00+08:00",
        **extra,
    }


def push(device: Account, events: list[dict[str, Any]]) -> Any:
    return device.post("/v1/sync/events", json={"events": events})


def pull_all(device: Account, since: int = 0, **params: Any) -> tuple[list[dict[str, Any]], int]:
    events: list[dict[str, Any]] = []
    cursor = since
    while True:
        r = device.get("/v1/sync/events", params={"since": cursor, **params})
        assert r.status_code == 200, r.text
        body = r.json()
        events += body["events"]
        assert body["cursor"] >= cursor
        cursor = body["cursor"]
        if not body["has_more"]:
            return events, cursor


def test_push_is_idempotent_by_event_id(store: StoreHarness) -> None:
    desktop = store.register()
    batch = [event(obj=f"lesson-{i}") for i in range(5)]
    first = push(desktop, batch)
    assert first.status_code == 200
    results = first.json()["results"]
    assert [r["status"] for r in results] == ["accepted"] * 5
    seqs = [r["seq"] for r in results]
    assert seqs == sorted(seqs) and len(set(seqs)) == 5
    # The same batch again (a retry after a lost response) changes nothing.
    again = push(desktop, [*batch, batch[0]])
    assert [r["status"] for r in again.json()["results"]] == ["duplicate"] * 6
    assert [r["seq"] for r in again.json()["results"]][:5] == seqs
    events, _ = pull_all(desktop)
    assert sorted(e["id"] for e in events) == sorted(e["id"] for e in batch)
    stored = next(e for e in events if e["id"] == batch[0]["id"])
    assert stored["device_id"] == desktop.device_id
    assert stored["result"] == {"score": 0.8, "success": True}


def test_pull_since_cursor_excludes_own_device(store: StoreHarness) -> None:
    desktop = store.register()
    laptop = store.login(desktop, device={"name": "Laptop"})
    push(desktop, [event(obj="d1"), event(obj="d2")])
    _, laptop_cursor = pull_all(laptop, exclude_device=laptop.device_id)
    push(laptop, [event(obj="l1")])
    push(desktop, [event(obj="d3")])
    # The laptop only sees the desktop's new event, and its cursor moves past its own.
    fresh, cursor = pull_all(laptop, since=laptop_cursor, exclude_device=laptop.device_id)
    assert [e["object"]["id"] for e in fresh] == ["d3"]
    nothing, same = pull_all(laptop, since=cursor, exclude_device=laptop.device_id)
    assert nothing == [] and same == cursor
    everything, _ = pull_all(desktop, exclude_device=desktop.device_id)
    assert [e["object"]["id"] for e in everything] == ["l1"]


def test_pull_pages_with_limit(store: StoreHarness) -> None:
    device = store.register()
    push(device, [event(obj=f"p{i}") for i in range(25)])
    r = device.get("/v1/sync/events", params={"since": 0, "limit": 10})
    assert r.json()["has_more"] is True and len(r.json()["events"]) == 10
    events, _ = pull_all(device, limit=7)
    assert [e["object"]["id"] for e in events] == [f"p{i}" for i in range(25)]


def test_batch_limit_and_validation(store: StoreHarness) -> None:
    device = store.register()
    too_many = [event() for _ in range(MAX_EVENT_BATCH + 1)]
    assert push(device, too_many).status_code == 422
    full = push(device, [event() for _ in range(MAX_EVENT_BATCH)])
    assert full.status_code == 200 and len(full.json()["results"]) == MAX_EVENT_BATCH
    naive_time = event(timestamp="2025-03-01T10:00:00")
    assert push(device, [naive_time]).status_code == 422
    bad_id = event(id="not-a-uuid")
    assert push(device, [bad_id]).status_code == 422


def test_users_are_isolated(store: StoreHarness) -> None:
    alice = store.register()
    mallory = store.register()
    secret = event(obj="alice-private")
    push(alice, [secret])
    stolen, _ = pull_all(mallory)
    assert stolen == []
    # Pushing the same event id as someone else neither fails nor reveals anything...
    r = push(mallory, [{**secret, "object": {"id": "mallory"}}])
    assert r.json()["results"][0]["status"] == "accepted"
    # ...and does not touch Alice's copy.
    mine, _ = pull_all(alice)
    assert [e["object"]["id"] for e in mine] == ["alice-private"]
    records = mallory.get("/v1/sync/records", params={"since": 0}).json()
    assert records["records"] == []
    assert store.client().get("/v1/sync/events").status_code == 401


def test_concurrent_pushes_keep_cursor_complete(store: StoreHarness) -> None:
    desktop = store.register()
    devices = [desktop] + [store.login(desktop, device={"name": f"d{i}"}) for i in range(3)]

    def run(i: int) -> None:
        for round_ in range(4):
            r = push(devices[i], [event(obj=f"dev{i}-r{round_}-{k}") for k in range(10)])
            assert r.status_code == 200

    with ThreadPoolExecutor(4) as pool:
        list(pool.map(run, range(4)))
    events, cursor = pull_all(desktop)
    assert len(events) == 160 == len({e["id"] for e in events})
    assert [e["seq"] for e in events] == list(range(1, 161))
    assert cursor == 160


def hlc(ms: int, counter: int = 0, node: str = "n") -> str:
    return format_hlc(1_700_000_000_000 + ms, counter, node)


def records(device: Account, since: int = 0, **params: Any) -> Any:
    r = device.get("/v1/sync/records", params={"since": since, **params})
    assert r.status_code == 200, r.text
    return r.json()


def test_records_last_writer_wins_per_field(store: StoreHarness) -> None:
    desktop = store.register()
    laptop = store.login(desktop, device={"name": "Laptop"})
    goal = {"collection": "goals", "record_id": "g1"}
    r = desktop.post(
        "/v1/sync/records",
        json={
            "records": [
                {
                    **goal,
                    "fields": {
                        "title": {"value": "Learn Python", "hlc": hlc(10, node="desk")},
                        "hours_per_week": {"value": 3, "hlc": hlc(10, node="desk")},
                    },
                }
            ]
        },
    )
    assert r.status_code == 200
    assert sorted(r.json()["results"][0]["applied"]) == ["hours_per_week", "title"]
    cursor = records(laptop)["cursor"]
    # Concurrent edits: the laptop changed the title later, the desktop the hours later.
    r = laptop.post(
        "/v1/sync/records",
        json={
            "records": [
                {
                    **goal,
                    "fields": {
                        "title": {"value": "Learn Python well", "hlc": hlc(30, node="lap")},
                        "hours_per_week": {"value": 4, "hlc": hlc(20, node="lap")},
                    },
                }
            ]
        },
    )
    assert r.json()["results"][0]["applied"] == ["title", "hours_per_week"]
    late = desktop.post(
        "/v1/sync/records",
        json={
            "records": [
                {
                    **goal,
                    "fields": {
                        "title": {"value": "stale title", "hlc": hlc(25, node="desk")},
                        "hours_per_week": {"value": 5, "hlc": hlc(40, node="desk")},
                    },
                }
            ]
        },
    )
    assert late.json()["results"][0] == {
        **goal,
        "applied": ["hours_per_week"],
        "ignored": ["title"],
    }
    state = records(laptop, exclude_device=None)["records"]
    fields = {k: v["value"] for k, v in state[0]["fields"].items()}
    assert fields == {"title": "Learn Python well", "hours_per_week": 5}
    # The laptop, pulling from its cursor and excluding itself, sees only the desktop's win.
    pulled = records(laptop, since=cursor, exclude_device=laptop.device_id)
    assert [(r["record_id"], sorted(r["fields"])) for r in pulled["records"]] == [
        ("g1", ["hours_per_week"])
    ]
    # Replaying the same write is a no-op.
    replay = laptop.post(
        "/v1/sync/records",
        json={
            "records": [
                {
                    **goal,
                    "fields": {
                        "title": {"value": "Learn Python well", "hlc": hlc(30, node="lap")},
                    },
                }
            ]
        },
    )
    assert replay.json()["results"][0]["ignored"] == ["title"]


def test_record_tombstone_and_bad_input(store: StoreHarness) -> None:
    device = store.register()
    note = {"collection": "notes", "record_id": "n1"}
    device.post(
        "/v1/sync/records",
        json={"records": [{**note, "fields": {"text": {"value": "hi", "hlc": hlc(1)}}}]},
    )
    device.post(
        "/v1/sync/records",
        json={"records": [{**note, "fields": {"_deleted": {"value": True, "hlc": hlc(5)}}}]},
    )
    state = records(device)["records"]
    assert state[0]["deleted"] is True
    # An older edit cannot resurrect it; a newer undelete can.
    device.post(
        "/v1/sync/records",
        json={"records": [{**note, "fields": {"_deleted": {"value": False, "hlc": hlc(3)}}}]},
    )
    assert records(device)["records"][0]["deleted"] is True
    bad_hlc = device.post(
        "/v1/sync/records",
        json={"records": [{**note, "fields": {"text": {"value": "x", "hlc": "yesterday"}}}]},
    )
    assert bad_hlc.status_code == 422
    bad_name = device.post(
        "/v1/sync/records",
        json={"records": [{**note, "fields": {"$where": {"value": 1, "hlc": hlc(9)}}}]},
    )
    assert bad_name.status_code == 422


def test_hlc_stamps_have_one_spelling_and_node_ids_a_safe_charset(store: StoreHarness) -> None:
    device = store.register()
    goal = {"collection": "goals", "record_id": "g-hlc"}

    def put(field: str, stamp: str) -> Any:
        return device.post(
            "/v1/sync/records",
            json={"records": [{**goal, "fields": {field: {"value": stamp, "hlc": stamp}}}]},
        )

    canonical = "1700000000000-000009-dev-a"
    assert put("title", canonical).json()["results"][0]["applied"] == ["title"]
    # Satchel 0.1 sent the counter unpadded: still accepted, compared by value (10 > 9) and
    # stored and served in the one spelling.
    assert put("title", "1700000000000-0010-dev-a").json()["results"][0]["applied"] == ["title"]
    assert put("title", "1700000000000-0008-dev-a").json()["results"][0]["ignored"] == ["title"]
    [state] = records(device, exclude_device=None)["records"]
    assert state["fields"]["title"]["hlc"] == "1700000000000-000010-dev-a"
    for stamp, message in [
        ("1700000000000-000011-dev:a", "node id (device id) must be 1 to 64 letters"),
        ("1700000000000-000011-" + "n" * 65, "node id (device id) must be 1 to 64 letters"),
        ("018bcfe56800-00000011-dev-a", "not a hybrid logical clock stamp"),  # 0.1's hex text
        ("1700000000000-0000011-dev-a", "not a hybrid logical clock stamp"),
    ]:
        refused = put("title", stamp)
        assert refused.status_code == 422, stamp
        assert message in refused.json()["detail"], refused.json()["detail"]
    assert records(device, exclude_device=None)["records"][0]["fields"]["title"]["hlc"] == (
        "1700000000000-000010-dev-a"
    )


def test_nul_characters_and_oversized_bodies_are_refused(store: StoreHarness) -> None:
    device = store.register()
    nul = push(device, [event(obj="bad\u0000id")])
    assert nul.status_code == 422 and "NUL" in nul.json()["detail"]
    assert device.get("/v1/sync/events", params={"exclude_device": "a\x00b"}).status_code == 422
    huge = device.post(
        "/v1/sync/events",
        content=b'{"events": [], "pad": "' + b"x" * (9 * 1024 * 1024) + b'"}',
        headers={"Content-Type": "application/json"},
    )
    assert huge.status_code == 413
    assert huge.headers["content-type"].startswith("application/problem+json")
    assert push(device, [event()]).status_code == 200  # the account still works
