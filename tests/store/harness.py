"""Helpers of the store tests: an HTTP harness around a running `EmbeddedStore`, signed-in
accounts, a fake Stripe API (an `httpx.MockTransport` handler), PostgreSQL database set-up.
The fixtures that use them live in `conftest.py`."""

from __future__ import annotations

import base64
import itertools
import json
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from store import accounts
from store.config import StoreSettings
from store.db.models import RefreshToken
from store.payments.stripe import sign_payload
from store.security import token_hash
from store.server import EmbeddedStore
from tests.store.course_bundles import pack_course

PASSWORD = "correct horse battery"
WEBHOOK_SECRET = "whsec_test_secret"

BACKENDS = [
    pytest.param("sqlite", id="sqlite"),
    pytest.param("postgres", id="postgres", marks=pytest.mark.postgres),
]


class FakeStripe:
    """Stands in for api.stripe.com: records requests, answers like Stripe's test mode."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []
        self._ids = itertools.count(1)

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/v1/checkout/sessions":
            n = next(self._ids)
            return httpx.Response(
                200,
                json={"id": f"cs_test_{n}", "url": f"https://checkout.stripe.test/c/{n}"},
            )
        if request.url.path == "/v1/refunds":
            return httpx.Response(200, json={"id": f"re_test_{next(self._ids)}"})
        return httpx.Response(404, json={"error": {"message": "unknown"}})

    def form(self, request: httpx.Request) -> dict[str, str]:
        from urllib.parse import parse_qsl

        return dict(parse_qsl(request.content.decode()))


@dataclass
class Account:
    """A signed-in user on one device, with its own HTTP client."""

    email: str
    password: str
    client: httpx.Client
    tokens: dict[str, Any]

    @property
    def access(self) -> str:
        return str(self.tokens["access_token"])

    @property
    def refresh_token(self) -> str:
        return str(self.tokens["refresh_token"])

    @property
    def device_id(self) -> str:
        return str(self.tokens["device_id"])

    @property
    def user_id(self) -> str:
        return str(self.tokens["user"]["id"])

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.access}"}

    def get(self, url: str, **kw: Any) -> httpx.Response:
        return self.client.get(url, headers={**self.auth, **kw.pop("headers", {})}, **kw)

    def post(self, url: str, **kw: Any) -> httpx.Response:
        return self.client.post(url, headers={**self.auth, **kw.pop("headers", {})}, **kw)

    def put(self, url: str, **kw: Any) -> httpx.Response:
        return self.client.put(url, headers={**self.auth, **kw.pop("headers", {})}, **kw)

    def patch(self, url: str, **kw: Any) -> httpx.Response:
        return self.client.patch(url, headers={**self.auth, **kw.pop("headers", {})}, **kw)

    def delete(self, url: str, **kw: Any) -> httpx.Response:
        return self.client.delete(url, headers={**self.auth, **kw.pop("headers", {})}, **kw)


@dataclass
class StoreHarness:
    server: EmbeddedStore
    backend: str
    workdir: Path
    stripe: FakeStripe
    _clients: list[httpx.Client] = field(default_factory=list)

    @property
    def url(self) -> str:
        return self.server.url

    def client(self) -> httpx.Client:
        c = httpx.Client(base_url=self.url, timeout=30.0)
        self._clients.append(c)
        return c

    def close(self) -> None:
        for c in self._clients:
            c.close()

    @staticmethod
    def unique_email(prefix: str = "user") -> str:
        return f"{prefix}-{uuid.uuid4().hex[:10]}@example.org"

    def register(self, prefix: str = "user", *, device: dict[str, Any] | None = None) -> Account:
        email = self.unique_email(prefix)
        c = self.client()
        body: dict[str, Any] = {"email": email, "password": PASSWORD}
        if device:
            body["device"] = device
        r = c.post("/v1/auth/register", json=body)
        assert r.status_code == 201, r.text
        return Account(email, PASSWORD, c, r.json())

    def login(self, account: Account, device: dict[str, Any] | None = None) -> Account:
        c = self.client()
        body: dict[str, Any] = {"email": account.email, "password": account.password}
        if device:
            body["device"] = device
        r = c.post("/v1/auth/login", json=body)
        assert r.status_code == 200, r.text
        return Account(account.email, account.password, c, r.json())

    def grant_role(
        self, account: Account, *, instructor: bool = False, admin: bool = False
    ) -> None:
        ctx = self.server.ctx
        assert ctx is not None
        with ctx.db.session(write=True) as session:
            accounts.set_role(
                session, account.email, instructor=instructor or None, admin=admin or None
            )

    def age_refresh_use(self, refresh_token: str, *, seconds: float) -> None:
        """Pretend ``refresh_token`` was used ``seconds`` earlier than it was (no waiting for
        the store's grace window to pass)."""
        ctx = self.server.ctx
        assert ctx is not None
        with ctx.db.write() as session:
            row = session.get(RefreshToken, token_hash(refresh_token))
            assert row is not None and row.used_at is not None
            row.used_at -= timedelta(seconds=seconds)

    def instructor(self) -> Account:
        acc = self.register("instructor")
        self.grant_role(acc, instructor=True)
        return acc

    def admin(self) -> Account:
        acc = self.register("admin")
        self.grant_role(acc, admin=True)
        return acc

    def upload(
        self, author: Account, bundle: Path, content_key: bytes | None = None
    ) -> httpx.Response:
        data = {"content_key": base64.b64encode(content_key).decode()} if content_key else {}
        with bundle.open("rb") as fh:
            return author.post(
                "/v1/publish/drafts",
                files={"bundle": (bundle.name, fh, "application/zip")},
                data=data,
            )

    def publish_course(
        self, author: Account, course_id: str, *, encrypt: bool = False, **fields: Any
    ) -> dict[str, Any]:
        """Pack, upload and publish; returns the draft document."""
        bundle, key = pack_course(self.workdir, course_id, encrypt=encrypt, **fields)
        r = self.upload(author, bundle, key)
        assert r.status_code == 201, r.text
        draft = r.json()
        r = author.post(f"/v1/publish/drafts/{draft['id']}/publish")
        assert r.status_code == 200, r.text
        draft["content_key"] = key
        return draft

    def order(self, buyer: Account, course_id: str, **extra: Any) -> httpx.Response:
        return buyer.post(
            "/v1/orders",
            json={"course_id": course_id, **extra},
            headers={"Idempotency-Key": "key-" + uuid.uuid4().hex},
        )

    def buy(self, buyer: Account, course_id: str) -> dict[str, Any]:
        r = self.order(buyer, course_id)
        assert r.status_code == 201, r.text
        order = r.json()
        if order["status"] == "paid":
            return order
        r = buyer.post(
            f"/v1/orders/{order['id']}/pay",
            json={"provider": "sandbox", "card_number": "4242 4242 4242 4242"},
        )
        assert r.status_code == 200, r.text
        return dict(r.json()["order"])

    def stripe_webhook(
        self, event: dict[str, Any], *, secret: str = WEBHOOK_SECRET, timestamp: int | None = None
    ) -> httpx.Response:
        payload = json.dumps(event).encode()
        header = sign_payload(secret, payload, timestamp or int(time.time()))
        return self.client().post(
            "/v1/payments/stripe/webhook",
            content=payload,
            headers={"Stripe-Signature": header, "Content-Type": "application/json"},
        )


def create_pg_db(server_url: str) -> tuple[str, str]:
    name = "satchel_store_" + uuid.uuid4().hex[:10]
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return name, server_url.rsplit("/", 1)[0] + "/" + name


def drop_pg_db(server_url: str, name: str) -> None:
    admin = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"
                ),
                {"n": name},
            )
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    finally:
        admin.dispose()


# The shared stores of the test modules get every request from 127.0.0.1, so the limits per
# network address are off there (tests/store/test_limits.py checks them on their own stores);
# the per-source sign-in lock stays at its default.
SHARED_STORE_LIMITS: dict[str, Any] = {
    "login_ip_max_failures": 0,
    "login_ip_per_minute": 0,
    "login_account_max_failures": 0,
    "register_per_ip_hour": 0,
    "register_per_email_hour": 0,
    "refresh_ip_max_failures": 0,
    "refresh_account_per_hour": 0,
    "voucher_ip_max_failures": 0,
    "voucher_account_max_failures": 0,
}


def store_settings(data_dir: Path, db_url: str, **overrides: Any) -> StoreSettings:
    overrides = {**SHARED_STORE_LIMITS, **overrides}
    return StoreSettings(
        data_dir=data_dir,
        db_url=db_url,
        argon2_profile="test-fast",
        stripe_secret_key="sk_test_fake",
        stripe_webhook_secret=WEBHOOK_SECRET,
        stripe_api_base="https://api.stripe.test",
        **{"require_creator_agreement": False, "copyright_check": False, **overrides},
    )
