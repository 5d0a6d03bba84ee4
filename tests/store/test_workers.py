"""`satchel-store serve --workers 2` on PostgreSQL, over HTTP: both workers serve; parallel
pushes from several devices of one user get unique, gap-free sequence numbers; one
Idempotency-Key sent concurrently makes one order; a worker killed with -9 mid-push loses
and duplicates nothing (clients retry, the supervisor restarts it); abuse limits in Redis
and /metrics cover all workers.

Every request opens a new connection (the kernel hands connections to either worker), so
requests really spread over both processes."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from store.copyright import AGREEMENT_VERSION
from tests.store.course_bundles import pack_course
from tests.store.harness import PASSWORD, SHARED_STORE_LIMITS

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Workers:
    def __init__(self, proc: subprocess.Popen[bytes], url: str, log: Path) -> None:
        self.proc, self.url, self.log = proc, url, log

    def request(self, method: str, path: str, **kw: Any) -> httpx.Response:
        """One request on a new connection (so it may land on either worker)."""
        with httpx.Client(base_url=self.url, timeout=60) as c:
            return c.request(method, path, **kw)

    def worker_pids(self, tries: int = 200) -> set[int]:
        seen: set[int] = set()
        for _ in range(tries):
            seen.add(int(self.request("GET", "/health/live").json()["worker"]))
            if len(seen) >= 2:
                break
        return seen

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


@pytest.fixture
def start_workers(pg_url: str, tmp_path: Path) -> Iterator[Callable[..., Workers]]:
    started: list[Workers] = []

    def start(**env: str) -> Workers:
        port = _free_port()
        environ = {
            **os.environ,
            "SATCHEL_STORE_ARGON2_PROFILE": "test-fast",
            **{"SATCHEL_STORE_" + k.upper(): str(v) for k, v in SHARED_STORE_LIMITS.items()},
            **env,
        }
        log = tmp_path / f"serve-{port}.log"
        with log.open("wb") as out:
            proc = subprocess.Popen(
                [sys.executable, "-m", "store", "serve", "--workers", "2", "--port", str(port),
                 "--db", pg_url, "--data", str(tmp_path / "data"), "--log-level", "warning"],
                cwd=ROOT, env=environ, stdout=out, stderr=subprocess.STDOUT,
            )  # fmt: skip
        workers = Workers(proc, f"http://127.0.0.1:{port}", log)
        started.append(workers)
        deadline = time.monotonic() + 90
        while True:
            try:
                if workers.request("GET", "/health/ready").status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise AssertionError("the workers did not start:\n" + log.read_text()[-3000:])
            time.sleep(0.2)
        assert len(workers.worker_pids()) == 2, "both workers should answer"
        return workers

    yield start
    for workers in started:
        workers.stop()


def register(w: Workers) -> dict[str, Any]:
    email = f"multi-{uuid.uuid4().hex[:10]}@example.org"
    r = w.request("POST", "/v1/auth/register", json={"email": email, "password": PASSWORD})
    assert r.status_code == 201, r.text
    return {**r.json(), "email": email}


def sign_in(w: Workers, email: str, name: str) -> dict[str, str]:
    r = w.request(
        "POST",
        "/v1/auth/login",
        json={"email": email, "password": PASSWORD, "device": {"name": name}},
    )
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


def events(n: int) -> list[dict[str, Any]]:
    return [
        {
            "id": str(uuid.uuid4()),
            "verb": "completed",
            "object": {"id": f"lesson-{k}", "kind": "lesson"},
            "timestamp": "2025-01-01T00:00:00Z",
        }
        for k in range(n)
    ]


def pull_all(w: Workers, auth: dict[str, str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    since = 0
    while True:
        page = w.request(
            "GET", "/v1/sync/events", params={"since": since, "limit": 1000}, headers=auth
        ).json()
        out += page["events"]
        since = page["cursor"]
        if not page["has_more"]:
            return out


def test_parallel_pushes_from_many_devices_get_unique_gap_free_sequences(
    start_workers: Callable[..., Workers],
) -> None:
    w = start_workers()
    user = register(w)
    devices = [sign_in(w, user["email"], f"device-{n}") for n in range(6)]
    batches = [(devices[n % 6], events(40)) for n in range(30)]

    def push(batch: tuple[dict[str, str], list[dict[str, Any]]]) -> httpx.Response:
        return w.request("POST", "/v1/sync/events", json={"events": batch[1]}, headers=batch[0])

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(push, batches))
    assert [a.status_code for a in answers] == [200] * 30
    given = [r["seq"] for a in answers for r in a.json()["results"]]
    assert sorted(given) == list(range(1, 30 * 40 + 1))  # unique and without gaps
    # each batch's own numbers rise in order (a batch commits as one block)
    for a in answers:
        seqs = [r["seq"] for r in a.json()["results"]]
        assert seqs == sorted(seqs)
    # the same batches again, in parallel: all duplicates, no new numbers
    with ThreadPoolExecutor(6) as pool:
        again = list(pool.map(push, batches[:12]))
    assert {r["status"] for a in again for r in a.json()["results"]} == {"duplicate"}
    pulled = pull_all(w, devices[0])
    assert [e["seq"] for e in pulled] == list(range(1, 1201))
    assert len({e["id"] for e in pulled}) == 1200


def test_one_idempotency_key_sent_concurrently_makes_one_order(
    start_workers: Callable[..., Workers], tmp_path: Path
) -> None:
    w = start_workers()
    author = register(w)
    admin_auth = {"Authorization": f"Bearer {author['access_token']}"}
    _grant_instructor(w, author["email"])
    bundle, _ = pack_course(tmp_path / "b", "multi-course", price=1500)
    with bundle.open("rb") as fh:
        draft = w.request(
            "POST", "/v1/publish/drafts", files={"bundle": (bundle.name, fh)}, headers=admin_auth
        )
    assert draft.status_code == 201, draft.text
    assert (
        w.request(
            "POST", f"/v1/publish/drafts/{draft.json()['id']}/publish", headers=admin_auth,
            json={"accept_agreement": AGREEMENT_VERSION},
        ).status_code
        == 200
    )
    buyer = register(w)
    auth = {"Authorization": f"Bearer {buyer['access_token']}", "Idempotency-Key": "intent-42"}
    barrier = threading.Barrier(8)

    def create(_: int) -> httpx.Response:
        barrier.wait()
        return w.request("POST", "/v1/orders", json={"course_id": "multi-course"}, headers=auth)

    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(create, range(8)))
    assert {a.status_code for a in answers} == {201}
    assert len({a.json()["id"] for a in answers}) == 1
    assert sum(a.headers.get("Idempotent-Replayed") == "true" for a in answers) == 7
    listed = w.request("GET", "/v1/orders", headers={"Authorization": auth["Authorization"]})
    assert len(listed.json()) == 1


def test_each_workers_catalog_pages_change_right_after_a_publish_or_unlist(
    start_workers: Callable[..., Workers], tmp_path: Path
) -> None:
    """Both workers keep the catalog pages they built; a publish or an unlist through either
    shows at once in every answer, whichever worker gives it."""
    w = start_workers()
    author = register(w)
    auth = {"Authorization": f"Bearer {author['access_token']}"}
    _grant_instructor(w, author["email"])

    def publish(course_id: str, **fields: Any) -> None:
        bundle, _ = pack_course(tmp_path / course_id / fields.get("version", "1"), course_id,
                                tags=["multi"], **fields)  # fmt: skip
        with bundle.open("rb") as fh:
            r = w.request("POST", "/v1/publish/drafts", files={"bundle": (bundle.name, fh)},
                          headers=auth)  # fmt: skip
        assert r.status_code == 201, r.text
        r = w.request("POST", f"/v1/publish/drafts/{r.json()['id']}/publish", headers=auth,
                      json={"accept_agreement": AGREEMENT_VERSION})  # fmt: skip
        assert r.status_code == 200, r.text

    def listed(n: int = 24) -> set[tuple[tuple[str, int], ...]]:
        """The distinct answers of `n` lists on new connections (spread over both workers)."""
        answers = set()
        for _ in range(n):
            r = w.request("GET", "/v1/catalog/courses", params={"tag": "multi"})
            assert r.status_code == 200, r.text
            answers.add(tuple((c["id"], c["price"]["amount"]) for c in r.json()["items"]))
        return answers

    publish("multi-a", price=1000)
    assert listed() == {(("multi-a", 1000),)}  # and kept by both workers now
    publish("multi-b", price=500)
    assert listed() == {(("multi-b", 500), ("multi-a", 1000))}
    publish("multi-a", price=2000, version="1.1.0")
    assert listed() == {(("multi-a", 2000), ("multi-b", 500))}
    r = w.request("POST", "/v1/publish/courses/multi-b/unlist", headers=auth)
    assert r.status_code == 204, r.text
    assert listed() == {(("multi-a", 2000),)}


def _grant_instructor(w: Workers, email: str) -> None:
    cmd = w.proc.args
    assert isinstance(cmd, list)
    db = cmd[cmd.index("--db") + 1]
    data = cmd[cmd.index("--data") + 1]
    done = subprocess.run(
        [sys.executable, "-m", "store", "make-instructor", email, "--db", db, "--data", data],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_a_worker_killed_mid_push_loses_and_duplicates_nothing(
    start_workers: Callable[..., Workers],
) -> None:
    w = start_workers()
    user = register(w)
    auth = sign_in(w, user["email"], "phone")
    pids = w.worker_pids()
    batches = [events(200) for _ in range(40)]
    retries = [0]
    stop_killing = threading.Event()

    def killer() -> None:
        time.sleep(0.3)
        victim = min(pids)
        os.kill(victim, signal.SIGKILL)
        stop_killing.set()

    def push(batch: list[dict[str, Any]]) -> None:
        for _ in range(50):  # what the app's outbox does: retry the same events
            try:
                r = w.request("POST", "/v1/sync/events", json={"events": batch}, headers=auth)
                if r.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            retries[0] += 1
            time.sleep(0.2)
        raise AssertionError("a batch never got through")

    k = threading.Thread(target=killer)
    k.start()
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(push, batches))
    k.join()
    assert stop_killing.is_set()
    pulled = pull_all(w, auth)
    assert [e["seq"] for e in pulled] == list(range(1, 40 * 200 + 1))
    assert sorted(e["id"] for e in pulled) == sorted(e["id"] for b in batches for e in b)
    # the supervisor started a new worker in place of the killed one
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        now = w.worker_pids(tries=50)
        if len(now) == 2 and min(pids) not in now:
            break
        time.sleep(0.5)
    assert len(now) == 2 and min(pids) not in now


def test_limits_in_redis_hold_across_workers_and_metrics_cover_both(
    start_workers: Callable[..., Workers], redis_url: str
) -> None:
    w = start_workers(
        SATCHEL_STORE_REDIS_URL=redis_url,
        SATCHEL_STORE_REDIS_NAMESPACE="satchel-workers-" + uuid.uuid4().hex,
    )
    user = register(w)
    wrong = {"email": user["email"], "password": "not the password"}
    assert [w.request("POST", "/v1/auth/login", json=wrong).status_code for _ in range(5)] == [
        401
    ] * 5
    right = {"email": user["email"], "password": PASSWORD}
    after = [w.request("POST", "/v1/auth/login", json=right) for _ in range(12)]
    assert {a.status_code for a in after} == {429}  # on whichever worker
    assert all(int(a.headers["Retry-After"]) > 0 for a in after)
    ready = w.request("GET", "/health/ready").json()
    assert ready["checks"] == {"database": "ok", "redis": "ok"}
    for _ in range(20):
        w.request("GET", "/health/live")
    text = w.request("GET", "/metrics").text
    total = sum(
        float(line.rsplit(" ", 1)[1])
        for line in text.splitlines()
        if line.startswith("satchel_http_requests_total{") and 'route="/v1/auth/login"' in line
    )
    assert total == 17  # 5 + 12 sign-ins, counted by both workers together
