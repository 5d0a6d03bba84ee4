"""Abuse limits over HTTP: per network address and per account on sign-in, registration,
refresh and voucher codes (429 + Retry-After); sign-in locks the attempt source, not the
account; limits in Redis are shared by two store instances; password hashing waits on its
bounded pool without holding the database.

Clients reach the store from distinct loopback addresses (127.0.0.2, 127.0.0.3, ...), which
the store sees as distinct client IPs."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from store.problems import ProblemError
from store.security import HashPool
from store.server import EmbeddedStore
from tests.store.harness import PASSWORD, FakeStripe, StoreHarness, store_settings

RELAXED = {"register_per_ip_hour": 1000, "register_per_email_hour": 1000}
Start = Callable[..., EmbeddedStore]


@pytest.fixture
def start_store(tmp_path: Path) -> Iterator[Start]:
    """Start stores with the limits given (on one SQLite file unless `db_url` is given)."""
    started: list[EmbeddedStore] = []

    def start(name: str = "a", **settings: Any) -> EmbeddedStore:
        db_url = settings.pop("db_url", f"sqlite:///{tmp_path / 'store.db'}")
        # store_settings turns the per-address limits off for shared stores; set them here.
        limits = {
            "login_ip_max_failures": 30,
            "login_ip_per_minute": 120,
            "login_account_max_failures": 100,
            "register_per_ip_hour": 20,
            "register_per_email_hour": 5,
            "refresh_ip_max_failures": 30,
            "refresh_account_per_hour": 240,
            "voucher_ip_max_failures": 20,
            "voucher_account_max_failures": 10,
        }
        server = EmbeddedStore(
            store_settings(tmp_path / f"data-{name}", db_url, **{**limits, **settings})
        )
        started.append(server.start())
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def clients() -> Iterator[Callable[[str, str], httpx.Client]]:
    made: list[httpx.Client] = []

    def client(url: str, ip: str) -> httpx.Client:
        c = httpx.Client(base_url=url, timeout=30, transport=httpx.HTTPTransport(local_address=ip))
        made.append(c)
        return c

    yield client
    for c in made:
        c.close()


def register(c: httpx.Client, prefix: str = "user") -> dict[str, Any]:
    email = f"{prefix}-{uuid.uuid4().hex[:10]}@example.org"
    r = c.post("/v1/auth/register", json={"email": email, "password": PASSWORD})
    assert r.status_code == 201, r.text
    return {**r.json(), "email": email}


def login(c: httpx.Client, email: str, password: str = PASSWORD, **device: Any) -> httpx.Response:
    body: dict[str, Any] = {"email": email, "password": password}
    if device:
        body["device"] = {"name": "Laptop", **device}
    return c.post("/v1/auth/login", json=body)


def assert_limited(r: httpx.Response) -> int:
    assert r.status_code == 429, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    wait = int(r.headers["Retry-After"])
    assert wait > 0
    assert f"try again in {wait} seconds" in r.json()["detail"]
    return wait


def test_a_password_spray_from_one_address_is_stopped_and_others_still_sign_in(
    start_store: Start, clients: Callable[[str, str], httpx.Client]
) -> None:
    server = start_store(login_ip_max_failures=10, **RELAXED)
    setup = clients(server.url, "127.0.0.1")
    victims = [register(setup, "victim") for _ in range(12)]
    attacker = clients(server.url, "127.0.0.2")
    answers = [login(attacker, v["email"], "Password1!").status_code for v in victims]
    # Each account saw one wrong password only; the address is stopped after ten.
    assert answers[:10] == [401] * 10
    assert answers[10:] == [429, 429]
    # The attacker's address is locked even for a right password...
    assert_limited(login(attacker, victims[0]["email"]))
    # ...while the owners sign in from their own networks.
    assert login(clients(server.url, "127.0.0.3"), victims[0]["email"]).status_code == 200
    assert login(setup, victims[11]["email"]).status_code == 200


def test_failures_lock_the_attempt_source_not_the_account(
    start_store: Start, clients: Callable[[str, str], httpx.Client]
) -> None:
    server = start_store(**RELAXED)
    owner = register(clients(server.url, "127.0.0.1"))
    guesser = clients(server.url, "127.0.0.2")
    for _ in range(5):
        assert login(guesser, owner["email"], "not the password").status_code == 401
    first_wait = assert_limited(login(guesser, owner["email"]))
    assert 55 <= first_wait <= 60
    # Someone who only knows the email cannot keep the owner out: elsewhere it still works.
    assert login(clients(server.url, "127.0.0.3"), owner["email"]).status_code == 200


def test_the_account_cap_spares_devices_already_signed_in(
    start_store: Start, clients: Callable[[str, str], httpx.Client]
) -> None:
    server = start_store(login_account_max_failures=4, **RELAXED)
    owner = register(clients(server.url, "127.0.0.1"))
    for n in range(4):  # a distributed guess: one failure from each of four addresses
        r = login(clients(server.url, f"127.0.0.{10 + n}"), owner["email"], "guess guess")
        assert r.status_code == 401
    stranger = clients(server.url, "127.0.0.20")
    wait = assert_limited(login(stranger, owner["email"]))
    assert wait <= server.settings.login_window  # ends with the window; never escalates
    # The owner's existing device (it knows its device id) still signs in.
    back = login(stranger, owner["email"], device_id=owner["device_id"])
    assert back.status_code == 200, back.text
    assert back.json()["device_id"] == owner["device_id"]


def test_registrations_are_limited_per_address(
    start_store: Start, clients: Callable[[str, str], httpx.Client]
) -> None:
    server = start_store(register_per_ip_hour=3)
    bot = clients(server.url, "127.0.0.2")
    for _ in range(3):
        register(bot, "bot")
    r = bot.post("/v1/auth/register", json={"email": "bot-extra@example.org", "password": PASSWORD})
    wait = assert_limited(r)
    assert 3590 <= wait <= 3600
    assert register(clients(server.url, "127.0.0.3"))["access_token"]


def test_registering_one_email_over_and_over_is_limited(
    start_store: Start, clients: Callable[[str, str], httpx.Client]
) -> None:
    server = start_store(register_per_email_hour=2)
    body = {"email": "taken@example.org", "password": PASSWORD}
    statuses = [
        clients(server.url, f"127.0.0.{2 + n}").post("/v1/auth/register", json=body).status_code
        for n in range(3)
    ]
    assert statuses == [201, 409, 429]


def test_invalid_refresh_tokens_lock_the_address(
    start_store: Start, clients: Callable[[str, str], httpx.Client]
) -> None:
    server = start_store(refresh_ip_max_failures=5, **RELAXED)
    user = register(clients(server.url, "127.0.0.1"))
    prober = clients(server.url, "127.0.0.2")
    bad = [
        prober.post("/v1/auth/refresh", json={"refresh_token": f"sat_rt_{n:040d}"}).status_code
        for n in range(7)
    ]
    assert bad == [401] * 5 + [429] * 2
    # A real token from the locked address waits too; from its own address it works.
    assert_limited(prober.post("/v1/auth/refresh", json={"refresh_token": user["refresh_token"]}))
    own = clients(server.url, "127.0.0.1").post(
        "/v1/auth/refresh", json={"refresh_token": user["refresh_token"]}
    )
    assert own.status_code == 200, own.text


def test_refreshes_per_account_are_capped(
    start_store: Start, clients: Callable[[str, str], httpx.Client]
) -> None:
    server = start_store(refresh_account_per_hour=3, **RELAXED)
    c = clients(server.url, "127.0.0.2")
    token = register(c)["refresh_token"]
    for _ in range(3):
        r = c.post("/v1/auth/refresh", json={"refresh_token": token})
        assert r.status_code == 200, r.text
        token = r.json()["refresh_token"]
    assert_limited(c.post("/v1/auth/refresh", json={"refresh_token": token}))


def _voucher_shop(server: EmbeddedStore, workdir: Path) -> tuple[str, str]:
    """A paid course and a real voucher code for it (made by an admin from 127.0.0.1)."""
    harness = StoreHarness(server, "sqlite", workdir, FakeStripe())
    try:
        author = harness.instructor()
        harness.publish_course(author, "limited-course", price=900)
        pool = harness.admin().post(
            "/v1/admin/voucher-pools", json={"name": "School", "seats": 5, "codes": 1}
        )
        assert pool.status_code == 201, pool.text
        return "limited-course", str(pool.json()["codes"][0])
    finally:
        harness.close()


def _order(c: httpx.Client, tokens: dict[str, Any], course: str) -> str:
    r = c.post(
        "/v1/orders",
        json={"course_id": course},
        headers={
            "Authorization": f"Bearer {tokens['access_token']}",
            "Idempotency-Key": "key-" + uuid.uuid4().hex,
        },
    )
    assert r.status_code == 201, r.text
    return str(r.json()["id"])


def _pay(c: httpx.Client, tokens: dict[str, Any], order: str, code: str) -> httpx.Response:
    return c.post(
        f"/v1/orders/{order}/pay",
        json={"provider": "voucher", "code": code},
        headers={"Authorization": f"Bearer {tokens['access_token']}"},
    )


def test_guessing_voucher_codes_is_limited_per_account_and_per_address(
    start_store: Start, clients: Callable[[str, str], httpx.Client], tmp_path: Path
) -> None:
    server = start_store(voucher_account_max_failures=3, voucher_ip_max_failures=5, **RELAXED)
    home = clients(server.url, "127.0.0.1")
    course, code = _voucher_shop(server, tmp_path / "bundles")
    guesser = clients(server.url, "127.0.0.2")
    first = register(guesser, "guesser")
    order = _order(guesser, first, course)
    statuses = [_pay(guesser, first, order, f"WRONG{n:07d}").status_code for n in range(4)]
    assert statuses == [422, 422, 422, 429]
    # The account stays locked even with the real code, whatever its address...
    assert_limited(_pay(home, first, order, code))
    # ...and a second account on the guessing address gets two more guesses (5 per address).
    second = register(guesser, "guesser")
    order2 = _order(guesser, second, course)
    assert [_pay(guesser, second, order2, f"ALSO{n:08d}").status_code for n in range(3)] == [
        422,
        422,
        429,
    ]
    # Someone else elsewhere redeems the real code.
    student = register(home, "student")
    paid = _pay(home, student, _order(home, student, course), code)
    assert paid.status_code == 200, paid.text
    assert paid.json()["order"]["status"] == "paid"


def test_limits_in_redis_are_shared_by_two_store_instances(
    start_store: Start, clients: Callable[[str, str], httpx.Client], redis_url: str
) -> None:
    shared = {"redis_url": redis_url, "redis_namespace": "satchel-test-" + uuid.uuid4().hex}
    one = start_store("one", **shared, **RELAXED)
    two = start_store("two", **shared, **RELAXED)  # same database, another process's memory
    owner = register(clients(one.url, "127.0.0.1"))
    for n in range(5):
        server = (one, two)[n % 2]  # a load balancer alternating between workers
        r = login(clients(server.url, "127.0.0.2"), owner["email"], "wrong password")
        assert r.status_code == 401
    for server in (one, two):
        assert_limited(login(clients(server.url, "127.0.0.2"), owner["email"]))
    assert login(clients(two.url, "127.0.0.3"), owner["email"]).status_code == 200


def test_limits_without_redis_are_per_process(
    start_store: Start, clients: Callable[[str, str], httpx.Client]
) -> None:
    one = start_store("one", **RELAXED)
    two = start_store("two", **RELAXED)
    owner = register(clients(one.url, "127.0.0.1"))
    for _ in range(5):
        assert login(clients(one.url, "127.0.0.2"), owner["email"], "wrong!!").status_code == 401
    assert_limited(login(clients(one.url, "127.0.0.2"), owner["email"]))
    assert login(clients(two.url, "127.0.0.2"), owner["email"]).status_code == 200


def test_a_sign_in_waiting_for_the_hash_pool_holds_no_database_lock(
    start_store: Start, clients: Callable[[str, str], httpx.Client]
) -> None:
    server = start_store(password_hash_workers=1, **RELAXED)
    assert server.ctx is not None
    c = clients(server.url, "127.0.0.1")
    user = register(c)
    release = threading.Event()
    blocker = server.ctx.hash_pool.submit(release.wait, 30)  # the only hashing thread is busy
    try:
        result: list[httpx.Response] = []
        waiting = threading.Thread(
            target=lambda: result.append(login(clients(server.url, "127.0.0.2"), user["email"]))
        )
        waiting.start()
        time.sleep(0.3)  # the sign-in is now queued for its hash
        t0 = time.perf_counter()
        push = c.post(
            "/v1/sync/events",
            json={
                "events": [
                    {
                        "id": str(uuid.uuid4()),
                        "verb": "completed",
                        "object": {"id": "lesson-1", "kind": "lesson"},
                        "timestamp": "2025-01-01T00:00:00Z",
                    }
                ]
            },
            headers={"Authorization": f"Bearer {user['access_token']}"},
        )
        took = time.perf_counter() - t0
        assert push.status_code == 200, push.text
        assert took < 2.0  # it did not wait behind the sign-in
        assert not result  # the sign-in is still waiting for the hash
    finally:
        release.set()
    waiting.join(30)
    blocker.result(5)
    assert result[0].status_code == 200


def test_a_full_hash_pool_answers_busy_at_once() -> None:
    pool = HashPool(workers=1, queue=1)
    release = threading.Event()
    try:
        running = pool.submit(release.wait, 30)
        queued = pool.submit(release.wait, 30)
        assert pool.in_use == 2
        with pytest.raises(ProblemError) as refused:
            pool.submit(release.wait, 30)
        assert refused.value.status == 503
        assert refused.value.headers["Retry-After"] == "1"
        release.set()
        assert running.result(5) and queued.result(5)
        deadline = time.monotonic() + 5
        while pool.in_use and time.monotonic() < deadline:
            time.sleep(0.01)
        assert pool.submit(lambda: 7).result(5) == 7  # room again once they finished
    finally:
        release.set()
        pool.close()
