"""Update check against a tiny local store: newer/older logic, verified downloads only."""

from __future__ import annotations

import hashlib
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

import app
from app import update_check
from app.errors import NetworkError
from app.update_check import Release, UpdateError, check_for_update, download, is_newer

PAYLOAD = b"pretend this is satchel_0.2.0_amd64.deb\n" * 1000


@dataclass
class FakeStore:
    """What the fake store answers; tests change it and read back what it was asked."""

    latest: Any = None  # JSON body for /v1/app/latest, or None for 404
    status: int = 200
    files: dict[str, bytes] = field(default_factory=dict)
    queries: list[dict[str, list[str]]] = field(default_factory=list)
    url: str = ""


@pytest.fixture
def store() -> Iterator[FakeStore]:
    state = FakeStore()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # keep test output clean
            pass

        def do_GET(self) -> None:
            parsed = urlparse(self.path)
            if parsed.path == "/v1/app/latest":
                state.queries.append(parse_qs(parsed.query))
                if state.latest is None:
                    self._send(404, b'{"title": "no release"}')
                else:
                    body = state.latest if isinstance(state.latest, bytes) else json.dumps(
                        state.latest).encode()
                    self._send(state.status, body)
            elif parsed.path in state.files:
                self._send(200, state.files[parsed.path], "application/octet-stream")
            else:
                self._send(404, b"{}")

        def _send(self, code: int, body: bytes, ctype: str = "application/json") -> None:
            self.send_response(code)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True)
    thread.start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield state
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def offer(store: FakeStore, version: str, payload: bytes = PAYLOAD, *,
          sha256: str | None = None, size: int | None = None) -> None:
    store.files["/files/satchel_0.2.0_amd64.deb"] = payload
    store.latest = {
        "version": version,
        "url": "/files/satchel_0.2.0_amd64.deb",
        "sha256": sha256 or hashlib.sha256(payload).hexdigest(),
        "size": len(payload) if size is None else size,
        "notes": "Faster sync.",
    }


@pytest.mark.parametrize(
    ("candidate", "current", "newer"),
    [
        ("0.2.0", "0.1.0", True),
        ("0.1.0", "0.2.0", False),
        ("0.1.0", "0.1.0", False),
        ("0.1", "0.1.0", False),
        ("0.10.0", "0.9.9", True),  # numeric, not string, comparison
        ("1.0.0", "1.0.0rc2", True),
        ("1.0.0rc2", "1.0.0rc1", True),
        ("1.0.0b1", "1.0.0rc1", False),
        ("1.0.0-beta.2", "1.0.0-alpha.9", True),
        ("1.0.0.dev3", "1.0.0a1", False),
        ("1.0.0.post1", "1.0.0", True),
        ("v2.0", "1.99.99", True),
    ],
)
def test_version_order(candidate: str, current: str, newer: bool) -> None:
    assert is_newer(candidate, current) is newer


def test_unreadable_version_is_refused() -> None:
    with pytest.raises(ValueError, match="not a version"):
        update_check.parse_version("latest")


def test_newer_release_is_offered_with_an_absolute_url(store: FakeStore) -> None:
    offer(store, "0.2.0")
    rel = check_for_update(store.url, "0.1.0", platform="linux-x86_64", package="deb")
    assert rel is not None
    assert rel.version == "0.2.0" and rel.notes == "Faster sync." and rel.size == len(PAYLOAD)
    assert rel.url == f"{store.url}/files/satchel_0.2.0_amd64.deb"
    q = store.queries[-1]
    assert q["platform"] == ["linux-x86_64"] and q["package"] == ["deb"]
    assert q["current"] == ["0.1.0"]


@pytest.mark.parametrize("offered", ["0.1.0", "0.0.9", "0.1.0rc1"])
def test_same_or_older_release_is_not_offered(store: FakeStore, offered: str) -> None:
    offer(store, offered)
    assert check_for_update(store.url, "0.1.0") is None
    assert store.queries  # it did ask


def test_default_current_version_is_the_apps(store: FakeStore) -> None:
    offer(store, app.__version__)
    assert check_for_update(store.url) is None
    assert store.queries[-1]["current"] == [app.__version__]
    assert store.queries[-1]["platform"] == [update_check.platform_tag()]


def test_no_release_for_this_platform_means_up_to_date(store: FakeStore) -> None:
    store.latest = None
    assert check_for_update(store.url, "0.1.0") is None


@pytest.mark.parametrize(
    ("answer", "fragment"),
    [
        (b"<html>oops</html>", "not JSON"),
        ([1, 2], "not a JSON object"),
        ({"version": "0.9.0", "url": "/f", "size": 3}, "lacks sha256"),
        ({"version": "soon", "url": "/f", "sha256": "0" * 64, "size": 3}, "unreadable version"),
        ({"version": "0.9.0", "url": "/f", "sha256": "xyz", "size": 3}, "valid sha256"),
        ({"version": "0.9.0", "url": "/f", "sha256": "0" * 64, "size": 0}, "invalid size"),
        ({"version": "0.9.0", "url": "file:///etc/passwd", "sha256": "0" * 64, "size": 3},
         "not over HTTP"),
    ],
)
def test_bad_store_answers_are_refused_plainly(store: FakeStore, answer: Any,
                                               fragment: str) -> None:
    store.latest = answer
    with pytest.raises(UpdateError, match=fragment):
        check_for_update(store.url, "0.1.0")


def test_store_error_and_store_down_are_network_errors(store: FakeStore) -> None:
    offer(store, "0.2.0")
    store.status = 500
    with pytest.raises(NetworkError, match="HTTP 500"):
        check_for_update(store.url, "0.1.0")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{s.getsockname()[1]}"
    with pytest.raises(NetworkError, match="Could not reach the store"):
        check_for_update(dead, "0.1.0", timeout=2)


def _release(store: FakeStore) -> Release:
    rel = check_for_update(store.url, "0.1.0")
    assert rel is not None
    return rel


def test_verified_download_gets_its_final_name(store: FakeStore, tmp_path: Path) -> None:
    offer(store, "0.2.0")
    seen: list[tuple[int, int]] = []
    path = download(_release(store), tmp_path, progress=lambda n, total: seen.append((n, total)))
    assert path == tmp_path / "satchel_0.2.0_amd64.deb"
    assert path.read_bytes() == PAYLOAD
    assert seen[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["satchel_0.2.0_amd64.deb"]
    assert "sudo apt install" in update_check.how_to_install(path, "deb")


def test_checksum_mismatch_is_refused_and_nothing_is_left(store: FakeStore,
                                                          tmp_path: Path) -> None:
    offer(store, "0.2.0", sha256=hashlib.sha256(b"what the store signed off").hexdigest())
    with pytest.raises(UpdateError, match="does not match the checksum"):
        download(_release(store), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_tampered_file_of_the_same_size_is_refused(store: FakeStore, tmp_path: Path) -> None:
    offer(store, "0.2.0")
    rel = _release(store)
    store.files["/files/satchel_0.2.0_amd64.deb"] = PAYLOAD[:-1] + b"!"  # swapped on the mirror
    with pytest.raises(UpdateError, match="checksum"):
        download(rel, tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("announced", "fragment"), [
    (len(PAYLOAD) - 10, "larger than"),
    (len(PAYLOAD) + 10, "stopped after"),
])
def test_size_mismatch_is_refused(store: FakeStore, tmp_path: Path, announced: int,
                                  fragment: str) -> None:
    offer(store, "0.2.0", size=announced)
    with pytest.raises(UpdateError, match=fragment):
        download(_release(store), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_cancelled_download_leaves_nothing(store: FakeStore, tmp_path: Path) -> None:
    offer(store, "0.2.0")
    with pytest.raises(UpdateError, match="cancelled"):
        download(_release(store), tmp_path, cancelled=lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_missing_download_is_a_network_error(store: FakeStore, tmp_path: Path) -> None:
    offer(store, "0.2.0")
    rel = _release(store)
    store.files.clear()
    with pytest.raises(NetworkError, match="HTTP 404"):
        download(rel, tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(("system", "machine", "tag"), [
    ("linux", "x86_64", "linux-x86_64"),
    ("linux", "aarch64", "linux-aarch64"),
    ("win32", "AMD64", "windows-x86_64"),
    ("darwin", "arm64", "macos-arm64"),
])
def test_platform_tags(system: str, machine: str, tag: str) -> None:
    assert update_check.platform_tag(system, machine) == tag


def test_package_kind_comes_from_build_info(tmp_path: Path) -> None:
    assert update_check.package_kind(tmp_path) == "folder"
    (tmp_path / "build-info.json").write_text('{"package": "deb", "version": "0.1.0"}')
    assert update_check.package_kind(tmp_path) == "deb"
