"""Compressed sync bodies and the batch path, over HTTP against the real store (SQLite and
PostgreSQL): gzip/deflate request bodies are decoded before any check (size limit after
decompression, NUL characters inside), corrupt or unknown codings are refused plainly,
answers advertise `Accept-Encoding`, pull pages come gzip-compressed when asked, and event
payloads survive the bulk insert (COPY on PostgreSQL) byte for byte."""

from __future__ import annotations

import gzip
import json
import uuid
import zlib
from typing import Any

import pytest

from sync.client import StoreClient, _is_loopback
from sync.protocol import DeviceInfo
from tests.store.harness import PASSWORD, Account, StoreHarness
from tests.store.test_sync import event, pull_all


def post_encoded(device: Account, body: bytes, coding: str) -> Any:
    return device.post(
        "/v1/sync/events", content=body,
        headers={"Content-Type": "application/json", "Content-Encoding": coding},
    )


def test_gzip_and_deflate_push_bodies_are_stored_as_sent(store: StoreHarness) -> None:
    device = store.register()
    batch = [event(obj=f"lesson-{i}") for i in range(300)]
    raw = json.dumps({"events": batch[:150]}).encode()
    first = post_encoded(device, gzip.compress(raw), "gzip")
    assert first.status_code == 200, first.text
    assert [r["status"] for r in first.json()["results"]] == ["accepted"] * 150
    assert "gzip" in first.headers["accept-encoding"]  # RFC 7694: what the store decodes
    second = post_encoded(device, zlib.compress(json.dumps({"events": batch[150:]}).encode()),
                          "deflate")
    assert second.status_code == 200, second.text
    events, _ = pull_all(device)
    assert sorted(e["id"] for e in events) == sorted(e["id"] for e in batch)


def test_bad_compressed_bodies_get_plain_errors_and_lose_nothing(store: StoreHarness) -> None:
    device = store.register()
    good = json.dumps({"events": [event()]}).encode()
    corrupt = post_encoded(device, b"\x1f\x8b\x08\x00garbage-not-gzip", "gzip")
    assert corrupt.status_code == 400 and "gzip" in corrupt.json()["detail"]
    cut = post_encoded(device, gzip.compress(good)[:-12], "gzip")
    assert cut.status_code == 400
    unknown = post_encoded(device, good, "br")
    assert unknown.status_code == 415
    assert "'br'" in unknown.json()["detail"] and "gzip" in unknown.headers["accept-encoding"]
    # 9 MiB of padding compresses to a few KiB: the limit applies to what it expands to.
    bomb = gzip.compress(b'{"events": [], "pad": "' + b"x" * (9 * 1024 * 1024) + b'"}')
    assert len(bomb) < 64 * 1024
    too_big = post_encoded(device, bomb, "gzip")
    assert too_big.status_code == 413
    nul = post_encoded(device, gzip.compress(json.dumps({"events": [event(obj="a\u0000b")]})
                                             .encode()), "gzip")
    assert nul.status_code == 422 and "NUL" in nul.json()["detail"]
    assert pull_all(device)[0] == []  # none of these stored anything
    assert post_encoded(device, gzip.compress(good), "gzip").status_code == 200


def test_pull_pages_are_gzip_compressed_when_asked(store: StoreHarness) -> None:
    device = store.register()
    other = store.login(device)
    assert device.post("/v1/sync/events", json={"events": [
        event(obj=f"lesson-{i}") for i in range(400)]}).status_code == 200
    packed = other.get("/v1/sync/events", params={"since": 0, "limit": 400},
                       headers={"Accept-Encoding": "gzip"})
    assert packed.status_code == 200 and packed.headers.get("content-encoding") == "gzip"
    plain = other.get("/v1/sync/events", params={"since": 0, "limit": 400},
                      headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert packed.json() == plain.json() and len(plain.json()["events"]) == 400


def test_payloads_with_awkward_text_survive_the_bulk_insert(store: StoreHarness) -> None:
    """Quotes, commas, newlines, backslashes and non-ASCII text in every free-text field:
    what comes back is exactly what was pushed (PostgreSQL stores through COPY CSV)."""
    device = store.register()
    awkward = 'say "hi", then\nnew line \\ back\\slash, 中文, emoji 🎓, tab\t; end'
    batch = [
        event(obj=f"{awkward[:40]}-{i}", verb=awkward, result={"response": awkward, "n": i},
              context={"note": awkward, "nested": {"list": [awkward, 1, None, True]}})
        for i in range(50)
    ]
    assert device.post("/v1/sync/events", json={"events": batch}).status_code == 200
    events, _ = pull_all(device)
    by_id = {e["id"]: e for e in events}
    for sent in batch:
        got = by_id[sent["id"]]
        assert got["verb"] == awkward and got["object"]["id"] == sent["object"]["id"]
        assert got["result"] == sent["result"] and got["context"] == sent["context"]


def test_the_client_compresses_once_the_store_says_it_can(store: StoreHarness) -> None:
    """`StoreClient(compress=True)` (what a store on another machine gets by default) sends
    the second push gzip-compressed, after the first answer advertised it; the events are
    stored exactly once each."""
    client = StoreClient(store.url, compress=True)
    try:
        client.register(store.unique_email(), PASSWORD, DeviceInfo(name="laptop"))
        first = [event(obj=f"l-{i}") for i in range(200)]
        client.push_event_payloads(first)
        assert client._store_takes_gzip
        sent: list[dict[str, str]] = []
        session = client._http()
        original = session.request

        def spy(method: str, url: str, **kw: Any) -> Any:
            sent.append(dict(kw.get("headers") or {}))
            return original(method, url, **kw)

        session.request = spy  # type: ignore[method-assign, assignment]
        second = [event(obj=f"m-{i}") for i in range(200)]
        answer = client.push_event_payloads(second)
        assert [r["status"] for r in answer["results"]] == ["accepted"] * 200
        assert sent and sent[-1].get("Content-Encoding") == "gzip"
        page = client.pull_event_page(0, 1000)
        assert sorted(str(e["id"]) for e in page.events) == sorted(
            e["id"] for e in first + second)
    finally:
        client.close()


@pytest.mark.parametrize(("url", "loopback"), [
    ("http://127.0.0.1:8000", True), ("http://localhost:8000", True),
    ("http://[::1]:8000", True), ("http://127.10.0.1", True),
    ("https://store.example.org", False), ("http://192.168.1.20:8000", False),
])
def test_compression_is_off_by_default_only_on_this_machine(url: str, loopback: bool) -> None:
    assert _is_loopback(url) is loopback
    client = StoreClient(url)
    try:
        wanted = client._http().headers.get("Accept-Encoding")
        assert (wanted == "identity") is loopback
    finally:
        client.close()


def test_event_ids_are_accepted_in_any_uuid_version(store: StoreHarness) -> None:
    device = store.register()
    v7 = str(uuid.UUID(int=(0x0192_0000_0000 << 80) | (0x7 << 76) | (0x2 << 62) | 12345))
    assert uuid.UUID(v7).version == 7
    answer = device.post("/v1/sync/events", json={"events": [event(id=v7), event()]})
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"][0]["id"] == v7
