"""A store that advertises gzip but whose front proxy refuses compressed bodies (415): the
client sends that push again uncompressed, stops compressing, and nothing is lost."""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI, Request, Response

from sync.client import StoreClient


@pytest.fixture
def picky_store() -> Iterator[tuple[str, list[str]]]:
    """An HTTP server with the store's push route that answers 415 to any compressed body;
    yields its URL and the Content-Encoding of every push it saw ("" for none)."""
    seen: list[str] = []
    app = FastAPI()

    @app.post("/v1/sync/events")
    async def push(request: Request) -> Response:
        coding = request.headers.get("content-encoding", "")
        seen.append(coding)
        headers = {"Accept-Encoding": "gzip, deflate"}
        if coding:
            return Response(status_code=415, headers=headers, media_type="application/json",
                            content=json.dumps({"detail": "no compressed bodies here"}))
        events = json.loads(await request.body())["events"]
        results = [{"id": e["id"], "status": "accepted", "seq": i + 1}
                   for i, e in enumerate(events)]
        return Response(content=json.dumps({"results": results, "cursor": len(results)}),
                        media_type="application/json", headers=headers)

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    try:
        yield f"http://127.0.0.1:{port}", seen
    finally:
        server.should_exit = True
        thread.join(10)


def _events(n: int) -> list[dict[str, Any]]:
    return [{"id": str(uuid.uuid4()), "verb": "completed", "object": {"id": f"l-{i}"},
             "timestamp": "2026-01-01T00:00:00Z", "result": {"pad": "x" * 100}}
            for i in range(n)]


def test_a_refused_compressed_push_is_sent_again_plain(
    picky_store: tuple[str, list[str]],
) -> None:
    url, seen = picky_store
    client = StoreClient(url, compress=True)
    client._access_token = lambda: "token"  # type: ignore[method-assign]
    try:
        first = client.push_event_payloads(_events(300))  # learns "gzip" from the answer
        assert len(first["results"]) == 300 and seen == [""]
        second = client.push_event_payloads(_events(300))
        assert [r["status"] for r in second["results"]] == ["accepted"] * 300
        assert seen == ["", "gzip", ""]  # refused compressed, then the same body plain
        client.push_event_payloads(_events(300))
        assert seen[-1] == ""  # and it does not try compressing again
    finally:
        client.close()
