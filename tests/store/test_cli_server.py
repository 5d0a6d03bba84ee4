"""`satchel-store serve --demo` in a real subprocess, the other CLI commands, and the
`EmbeddedStore` the desktop app embeds."""

from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from bundle.crypto import device_public_key, generate_device_key, unwrap_key
from bundle.validate import validate
from store.cli import main as cli_main
from store.config import StoreSettings
from store.seed import demo_root, seed_demo
from store.server import EmbeddedStore, StoreStopError

REPO = Path(__file__).resolve().parents[2]
DEMO_IDS = sorted(p.name for p in demo_root().iterdir() if (p / "manifest.json").is_file())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("demo-store")
    port = free_port()
    env = {**os.environ, "SATCHEL_STORE_ARGON2_PROFILE": "test-fast", "PYTHONWARNINGS": "error"}
    log = (data / "server.log").open("wb")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "store.cli",
            "serve",
            "--port",
            str(port),
            "--data",
            str(data),
            "--demo",
            "--log-level",
            "warning",
        ],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        with httpx.Client() as probe:
            while True:
                assert proc.poll() is None, (data / "server.log").read_text()
                try:
                    if probe.get(url + "/v1/health").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "the store did not start"
                time.sleep(0.1)
        yield url
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()
    assert proc.returncode == 0, (data / "server.log").read_text()


@pytest.fixture
def demo(demo_server: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=demo_server, timeout=30) as client:
        yield client


def signed_in(client: httpx.Client, **device: Any) -> dict[str, str]:
    email = f"learner-{time.monotonic_ns()}@example.org"
    body: dict[str, Any] = {"email": email, "password": "demo password"}
    if device:
        body["device"] = device
    r = client.post("/v1/auth/register", json=body)
    assert r.status_code == 201, r.text
    return {"Authorization": "Bearer " + r.json()["access_token"]}


def test_demo_catalog_is_served(demo: httpx.Client) -> None:
    listing = demo.get("/v1/catalog/courses", params={"limit": 100}).json()
    assert len(DEMO_IDS) >= 5, "the demo catalog is the demo courses in resources/demo"
    assert sorted(c["id"] for c in listing["items"]) == DEMO_IDS
    openapi = demo.get("/openapi.json").json()
    assert "/v1/sync/events" in openapi["paths"] and "/v1/orders" in openapi["paths"]
    for course in listing["items"]:
        detail = demo.get(f"/v1/catalog/courses/{course['id']}").json()
        assert detail["outline"] and detail["bundle"]["sha256"]
        assert detail["bundle"]["encrypted"] == (detail["price"]["amount"] > 0)


def test_bought_demo_course_downloads_verifies_and_decrypts(
    demo: httpx.Client, tmp_path: Path
) -> None:
    """End to end: buy with the sandbox card, download, check the store's signature with
    the published key, unwrap the content key for this device, validate the encrypted files."""
    listing = demo.get("/v1/catalog/courses", params={"free": "false", "limit": 1}).json()
    course = listing["items"][0]
    device_key = generate_device_key()
    auth = signed_in(
        demo, name="Desk", public_key=base64.b64encode(device_public_key(device_key)).decode()
    )
    order = demo.post(
        "/v1/orders",
        json={"course_id": course["id"]},
        headers={**auth, "Idempotency-Key": "demo-intent-1"},
    ).json()
    paid = demo.post(
        f"/v1/orders/{order['id']}/pay",
        json={"provider": "sandbox", "card_number": "4242424242424242"},
        headers=auth,
    )
    assert paid.status_code == 200 and paid.json()["order"]["status"] == "paid"
    detail = demo.get(f"/v1/catalog/courses/{course['id']}").json()
    bundle = tmp_path / "course.satchel"
    bundle.write_bytes(demo.get(detail["bundle"]["url"], headers=auth).content)
    store_key = base64.b64decode(demo.get("/v1/keys").json()["keys"][0]["public_key"])
    wrapped = demo.get(f"/v1/entitlements/{course['id']}/content-key", headers=auth).json()
    key = unwrap_key(base64.b64decode(wrapped["wrapped_key"]), device_key)
    report = validate(bundle, trusted_keys=[store_key], require_signature=True, content_key=key)
    assert report.ok, report.format()
    wrong = validate(bundle, trusted_keys=[bytes(32)], require_signature=True, content_key=key)
    assert not wrong.ok


def test_cli_migrate_roles_and_vouchers(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = ["--data", str(tmp_path)]
    assert cli_main(["migrate", *data]) == 0
    assert "revision" in capsys.readouterr().out
    assert cli_main(["make-instructor", "nobody@example.org", *data]) == 2
    assert "No account" in capsys.readouterr().err
    settings = StoreSettings(data_dir=tmp_path, argon2_profile="test-fast")
    with EmbeddedStore(settings) as server, httpx.Client(base_url=server.url) as c:
        r = c.post("/v1/auth/register", json={"email": "teach@example.org", "password": "pw123456"})
        token = r.json()["access_token"]
        assert cli_main(["make-instructor", "TEACH@example.org", *data]) == 0
        assert "instructor granted" in capsys.readouterr().out
        me = c.get("/v1/me", headers={"Authorization": f"Bearer {token}"}).json()
        assert me["roles"] == ["instructor"]
    assert cli_main(["create-voucher", "--name", "Uni", "--seats", "5", "--codes", "3", *data]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("pool ") and "5 seats" in out[0]
    assert len(out[1:]) == 3 and all(len(code) == 12 for code in out[1:])
    assert (
        cli_main(["create-voucher", "--name", "X", "--seats", "1", "--course", "nope", *data]) == 2
    )


def test_embedded_stores_run_side_by_side_and_restart(tmp_path: Path) -> None:
    before = set(threading.enumerate())
    first = EmbeddedStore(StoreSettings(data_dir=tmp_path / "a", argon2_profile="test-fast"))
    second = EmbeddedStore(StoreSettings(data_dir=tmp_path / "b", argon2_profile="test-fast"))
    with first, second, httpx.Client() as c:
        assert first.port != second.port and first.port > 0
        assert c.get(first.url + "/v1/health").json()["status"] == "ok"
        body = {"email": "same@example.org", "password": "pw123456"}
        assert c.post(first.url + "/v1/auth/register", json=body).status_code == 201
        assert c.post(second.url + "/v1/auth/login", json=body).status_code == 401
        key_id = c.get(first.url + "/v1/keys").json()["keys"][0]["key_id"]
    # Stopped means stopped: neither the server threads nor the threads that ran requests
    # are left behind.
    left = [t.name for t in set(threading.enumerate()) - before]
    assert left == []
    with pytest.raises(httpx.TransportError), httpx.Client() as c:
        c.get(first.url + "/v1/health")
    # Data and the signing key survive a restart.
    again = EmbeddedStore(StoreSettings(data_dir=tmp_path / "a", argon2_profile="test-fast"))
    with again, httpx.Client() as c:
        assert c.post(again.url + "/v1/auth/login", json=body).status_code == 200
        assert c.get(again.url + "/v1/keys").json()["keys"][0]["key_id"] == key_id


def test_stopping_waits_for_a_running_request_and_says_when_it_cannot(tmp_path: Path) -> None:
    """A request still running when the store stops is finished first; `stop()` does not
    return while any thread of the store is alive, and says so when its time is up."""
    release = threading.Event()
    app = FastAPI()

    @app.get("/slow")
    def slow() -> dict[str, bool]:
        return {"released": release.wait(30)}

    before = set(threading.enumerate())
    store = EmbeddedStore(StoreSettings(data_dir=tmp_path), app=app).start()
    answers: list[httpx.Response] = []
    caller = threading.Thread(target=lambda: answers.append(httpx.get(store.url + "/slow")))
    caller.start()
    deadline = time.monotonic() + 10
    while not any(t.name == "AnyIO worker thread" for t in threading.enumerate()):
        assert time.monotonic() < deadline, "the request never reached its handler"
        time.sleep(0.01)
    with pytest.raises(StoreStopError, match=r"did not stop within 0\.5 seconds"):
        store.stop(timeout=0.5)
    release.set()
    store.stop()
    caller.join(10)
    assert [r.json() for r in answers] == [{"released": True}]  # answered, not cut off
    assert [t.name for t in set(threading.enumerate()) - before] == []


def test_seeding_is_idempotent(tmp_path: Path) -> None:
    from store.app import build_context

    ctx = build_context(StoreSettings(data_dir=tmp_path, argon2_profile="test-fast"))
    try:
        first = seed_demo(ctx)
        assert sorted(first.published) == DEMO_IDS and first.failed == {}
        second = seed_demo(ctx)
        assert second.published == [] and sorted(second.skipped) == DEMO_IDS
    finally:
        ctx.close()
