"""Resumable bundle uploads over HTTP: only instructors, only the upload's owner, refused
before the body is read, size-limited, expired uploads removed; `satchel-bundle publish`
resumes an interrupted upload by sending only what the store lacks, and the published
course is byte for byte the bundle."""

from __future__ import annotations

import base64
import hashlib
import io
import os
import socket
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from bundle.pack import pack
from bundle.publish import PublishArgs, publish
from store.db.models import Upload
from store.server import EmbeddedStore
from tests.store.course_bundles import pack_course, write_course
from tests.store.harness import PASSWORD, Account, FakeStripe, StoreHarness, store_settings

CHUNK = 64 * 1024


@pytest.fixture(scope="module")
def uploads(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreHarness]:
    """A store with 64 KiB chunks and a 2 MiB upload limit."""
    data = tmp_path_factory.mktemp("upload-store")
    stripe = FakeStripe()
    stripe_http = httpx.Client(transport=httpx.MockTransport(stripe.handler))
    settings = store_settings(
        data, f"sqlite:///{data / 'store.db'}",
        upload_chunk_bytes=CHUNK, max_upload_bytes=2 * 1024 * 1024,
    )  # fmt: skip
    server = EmbeddedStore(settings, stripe_http=stripe_http)
    server.start()
    harness = StoreHarness(server, "sqlite", tmp_path_factory.mktemp("upload-bundles"), stripe)
    try:
        yield harness
    finally:
        harness.close()
        server.stop()
        stripe_http.close()


def _upload_dir(store: StoreHarness) -> Path:
    return Path(store.server.ctx.settings.data_dir) / "uploads"  # type: ignore[union-attr]


def _files(store: StoreHarness) -> list[str]:
    data = Path(store.server.ctx.settings.data_dir)  # type: ignore[union-attr]
    return sorted(
        str(p) for d in (data / "uploads", data / "blobs") if d.exists() for p in d.rglob("*")
    )


def _big_course(store: StoreHarness, course_id: str, kib: int = 400) -> Path:
    text = "# Big\n\n" + base64.b64encode(os.urandom(kib * 768)).decode() + "\n"
    bundle, _ = pack_course(store.workdir, course_id, lesson_two=text)
    assert bundle.stat().st_size > 4 * CHUNK
    return bundle


def _start(acc: Account, bundle: Path) -> httpx.Response:
    data = bundle.read_bytes()
    return acc.post("/v1/publish/uploads", json=_declared(data))


def _declared(data: bytes) -> dict[str, Any]:
    return {"size": len(data), "sha256": hashlib.sha256(data).hexdigest()}


def _put(acc: Account, upload_id: str, data: bytes, first: int) -> httpx.Response:
    chunk = data[first : first + CHUNK]
    return acc.put(f"/v1/publish/uploads/{upload_id}", content=chunk, headers={
        "Content-Range": f"bytes {first}-{first + len(chunk) - 1}/{len(data)}",
        "Content-Type": "application/octet-stream",
    })  # fmt: skip


def _raw_put(url: str, path: str, headers: dict[str, str], declared: int) -> tuple[str, float]:
    """Send the headers and 64 KiB of a `declared`-byte chunk; (status line, seconds)."""
    parts = urlsplit(url)
    sock = socket.create_connection((parts.hostname, parts.port), timeout=10)
    try:
        head = [f"PUT {path} HTTP/1.1", f"Host: {parts.netloc}",
                "Content-Type: application/octet-stream", f"Content-Length: {declared}",
                f"Content-Range: bytes 0-{declared - 1}/{declared}",
                *(f"{k}: {v}" for k, v in headers.items())]  # fmt: skip
        started = time.monotonic()
        sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
        sock.sendall(b"\0" * 65536)
        answer = sock.recv(4096).decode("latin-1")
        return answer.split("\r\n", 1)[0], time.monotonic() - started
    finally:
        sock.close()


def test_chunked_upload_becomes_a_draft_identical_to_the_bundle(uploads: StoreHarness) -> None:
    author = uploads.instructor()
    bundle = _big_course(uploads, "chunked-course")
    data = bundle.read_bytes()
    r = _start(author, bundle)
    assert r.status_code == 201, r.text
    upload = r.json()
    assert upload["offset"] == 0 and upload["chunk_size"] == CHUNK
    _put(author, upload["id"], data, 0)
    # finishing early is refused; a chunk at the wrong offset gets the right one back
    r = author.post(f"/v1/publish/uploads/{upload['id']}/finish")
    assert r.status_code == 409 and r.json()["offset"] == CHUNK
    r = _put(author, upload["id"], data, 2 * CHUNK)
    assert r.status_code == 409 and r.json()["offset"] == CHUNK
    # starting again with the same bundle resumes the same upload
    again = _start(author, bundle).json()
    assert again["id"] == upload["id"] and again["offset"] == CHUNK
    offset = CHUNK
    while offset < len(data):
        r = _put(author, upload["id"], data, offset)
        assert r.status_code == 200, r.text
        offset = r.json()["offset"]
    assert author.get(f"/v1/publish/uploads/{upload['id']}").json()["offset"] == len(data)
    r = author.post(f"/v1/publish/uploads/{upload['id']}/finish", json={"changelog": "first"})
    assert r.status_code == 201, r.text
    draft = r.json()
    assert draft["course_id"] == "chunked-course" and draft["changelog"] == "first"
    assert author.get(draft["content_url"]).content == data
    assert author.get(f"/v1/publish/uploads/{upload['id']}").status_code == 404
    assert not (_upload_dir(uploads) / f"{upload['id']}.part").exists()


def test_a_bad_bundle_sent_in_chunks_lists_its_problems(uploads: StoreHarness) -> None:
    author = uploads.instructor()
    junk = uploads.workdir / "junk.satchel"
    junk.write_bytes(b"not a zip at all" * 100)
    upload = _start(author, junk).json()
    assert _put(author, upload["id"], junk.read_bytes(), 0).status_code == 200
    r = author.post(f"/v1/publish/uploads/{upload['id']}/finish")
    assert r.status_code == 422 and r.json()["problems"]


def test_upload_routes_need_an_instructor_who_owns_the_upload(uploads: StoreHarness) -> None:
    author, other, learner = uploads.instructor(), uploads.instructor(), uploads.register()
    bundle, _ = pack_course(uploads.workdir, "owned-upload")
    data = bundle.read_bytes()
    upload = _start(author, bundle).json()
    base = f"/v1/publish/uploads/{upload['id']}"
    anonymous = uploads.client()
    for acc, expected in ((None, 401), (learner, 403), (other, 404)):

        def call(method: str, url: str, acc: Account | None = acc, **kw: Any) -> int:
            headers = {**kw.pop("headers", {}), **({} if acc is None else acc.auth)}
            client = anonymous if acc is None else acc.client
            return client.request(method, url, headers=headers, **kw).status_code

        start_code = call("POST", "/v1/publish/uploads", json=_declared(data))
        assert start_code == (201 if expected == 404 else expected)
        assert call("GET", base) == expected
        assert (
            call(
                "PUT", base, content=data[:10], headers={"Content-Range": f"bytes 0-9/{len(data)}"}
            )
            == expected
        )
        assert call("POST", f"{base}/finish") == expected
        assert call("DELETE", base) == expected
    # nothing of the others' attempts reached the upload
    assert author.get(base).json()["offset"] == 0
    assert author.delete(base).status_code == 204
    assert author.get(base).status_code == 404


def test_chunks_are_refused_before_the_body_is_read(uploads: StoreHarness) -> None:
    author, learner = uploads.instructor(), uploads.register()
    bundle = _big_course(uploads, "early-refusal")
    upload = _start(author, bundle).json()
    before = _files(uploads)
    path = f"/v1/publish/uploads/{upload['id']}"
    for headers, expected in (({}, "401"), (learner.auth, "403")):
        status, seconds = _raw_put(uploads.url, path, headers, 1536 * 1024)
        assert status.startswith(f"HTTP/1.1 {expected}"), status
        assert seconds < 5
    other = uploads.instructor()
    status, _ = _raw_put(uploads.url, path, other.auth, 1536 * 1024)
    assert status.startswith("HTTP/1.1 404"), status
    # the owner's oversized chunk is refused from its headers alone
    status, _ = _raw_put(uploads.url, path, author.auth, 1536 * 1024)
    assert status.startswith("HTTP/1.1 4"), status
    assert _files(uploads) == before
    assert author.get(path).json()["offset"] == 0


def test_size_limit_and_expiry(uploads: StoreHarness) -> None:
    author = uploads.instructor()
    r = author.post("/v1/publish/uploads", json={"size": 3 * 1024 * 1024, "sha256": "0" * 64})
    assert r.status_code == 413
    bundle, _ = pack_course(uploads.workdir, "expiring-upload")
    upload = _start(author, bundle).json()
    part = _upload_dir(uploads) / f"{upload['id']}.part"
    assert part.exists()
    ctx = uploads.server.ctx
    assert ctx is not None
    with ctx.db.write() as session:
        row = session.get(Upload, upload["id"])
        assert row is not None
        row.expires_at -= timedelta(hours=25)
    assert author.get(f"/v1/publish/uploads/{upload['id']}").status_code == 404
    # the next start removes it and its bytes
    other, _ = pack_course(uploads.workdir, "another-upload")
    assert _start(author, other).status_code == 201
    assert not part.exists()
    # at most upload_max_open (5) unfinished uploads per instructor
    for n in range(4):
        more, _ = pack_course(uploads.workdir, f"more-upload-{n}")
        assert _start(author, more).status_code == 201
    extra, _ = pack_course(uploads.workdir, "one-too-many")
    r = _start(author, extra)
    assert r.status_code == 409 and r.json()["type"].endswith("too-many-uploads")


class _Interrupting(httpx.HTTPTransport):
    """Counts the chunk bytes it sends; fails the connection after `limit` chunks."""

    def __init__(self, limit: int | None = None) -> None:
        super().__init__()
        self.limit, self.chunks, self.sent = limit, 0, 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            if self.limit is not None and self.chunks >= self.limit:
                raise httpx.ConnectError("network gone", request=request)
            self.chunks += 1
            self.sent += len(request.read())
        return super().handle_request(request)


def test_cli_publish_resumes_an_interrupted_upload(
    uploads: StoreHarness, monkeypatch: pytest.MonkeyPatch
) -> None:
    author = uploads.instructor()
    text = "# Big\n\n" + base64.b64encode(os.urandom(400 * 768)).decode() + "\n"
    folder = write_course(uploads.workdir / "resumed", "resumed-course", lesson_two=text)
    monkeypatch.setenv("SATCHEL_STORE_PASSWORD", PASSWORD)
    args = PublishArgs(path=folder, store=uploads.url, email=author.email, yes=True)

    first = _Interrupting(limit=3)
    out = io.StringIO()
    with httpx.Client(base_url=uploads.url, transport=first) as http:
        assert publish(args, out, http=http) == 1
    assert "run the command again to resume" in out.getvalue()
    assert first.sent == 3 * CHUNK
    assert author.get("/v1/publish/drafts").json() == []  # no draft yet

    second = _Interrupting()
    out = io.StringIO()
    with httpx.Client(base_url=uploads.url, transport=second) as http:
        assert publish(args, out, http=http) == 0, out.getvalue()
    assert "published resumed-course 1.0.0" in out.getvalue()
    detail = uploads.client().get("/v1/catalog/courses/resumed-course")
    assert detail.status_code == 200, detail.text
    drafts = author.get("/v1/publish/drafts").json()
    [draft] = drafts
    assert second.sent == draft["size"] - 3 * CHUNK  # only the remainder
    assert f"uploaded {3 * CHUNK} of {draft['size']} bytes" in out.getvalue()
    packed = pack(folder, uploads.workdir / "resumed-local.satchel")
    assert author.get(draft["content_url"]).content == packed.read_bytes()
