"""Helpers for the sync tests: course bundles, a running store with accounts and courses,
and client devices (each its own local database, HTTP client, ports and engine)."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests
from sqlalchemy import func, select

from app.db import Database, open_database
from app.db.events import latest_hlc, record_event, touch_record
from app.db.hlc import HybridLogicalClock
from app.db.models import Goal, LearningEvent, Note, Outbox
from app.db.sync_ports import DatabasePorts
from bundle.pack import pack
from store import accounts
from store.copyright import AGREEMENT_VERSION
from store.db.models import Order, Payment, SyncEvent, SyncRecordField, User
from store.server import EmbeddedStore
from sync.client import StoreClient
from sync.engine import SyncEngine
from sync.protocol import CourseDetail, DeviceInfo, SandboxPayment

PASSWORD = "correct horse battery"


def make_bundle(
    out_dir: Path,
    course_id: str,
    *,
    version: str = "1.0.0",
    price: int = 0,
    currency: str = "USD",
    media_bytes: int = 50_000,
    seed: int = 1,
) -> Path:
    """Pack a two-lesson course (Markdown + a video of ``media_bytes`` random bytes)."""
    src = out_dir / f"{course_id}-{version}-src"
    (src / "lessons").mkdir(parents=True, exist_ok=True)
    (src / "lessons" / "intro.md").write_text(f"# {course_id}\n\nWelcome.\n", encoding="utf-8")
    (src / "lessons" / "clip.mp4").write_bytes(random.Random(seed).randbytes(media_bytes))
    item: dict[str, Any] = {"duration_min": 5, "skills": ["s.one"],
                            "completion": {"type": "viewed"}}
    manifest: dict[str, Any] = {
        "format": "satchel-bundle/1", "id": course_id, "version": version,
        "min_app_version": "0.1.0", "title": f"Course {course_id}", "language": "en",
        "authors": [{"name": "Test Author"}], "licence": "CC-BY-4.0",
        "description": "A course made by the sync tests.", "topic": "programming",
        "tags": ["test"], "skills": [{"id": "s.one", "name": "Skill one"}],
        "price_hint": {"amount": price, "currency": currency},
        "outline": [{"id": "m1", "title": "Module one", "items": [
            {"id": "intro", "kind": "text", "title": "Welcome", "path": "lessons/intro.md",
             **item},
            {"id": "clip", "kind": "video", "title": "A clip", "path": "lessons/clip.mp4",
             **item},
        ]}],
    }
    (src / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return pack(src, out_dir / f"{course_id}-{version}.satchel")


def publish(url: str, author: StoreClient, bundle: Path) -> CourseDetail:
    """Upload ``bundle`` as a draft through the store's API and publish it."""
    session = author.ensure_session()
    headers = {"Authorization": f"Bearer {session.access_token}"}
    with bundle.open("rb") as fh:
        r = requests.post(url + "/v1/publish/drafts", headers=headers,
                          files={"bundle": (bundle.name, fh)}, timeout=60)
    assert r.status_code == 201, r.text
    draft = r.json()
    # The first publish of an account accepts the store's creator agreement.
    r = requests.post(url + f"/v1/publish/drafts/{draft['id']}/publish",
                      headers=headers, json={"accept_agreement": AGREEMENT_VERSION}, timeout=60)
    assert r.status_code == 200, r.text
    return author.course(draft["course_id"])


@dataclass
class StoreKit:
    """A running store plus direct reads of its database (to count what it holds)."""

    store: EmbeddedStore
    work: Path
    _author: StoreClient | None = None
    _n: int = 0

    @property
    def url(self) -> str:
        return self.store.url

    @property
    def port(self) -> int:
        return self.store.port

    def new_email(self, prefix: str = "learner") -> str:
        self._n += 1
        return f"{prefix}{self._n}@example.com"

    def _author_client(self) -> StoreClient:
        if self._author is None:
            email = self.new_email("author")
            client = StoreClient(self.url)
            client.register(email, PASSWORD, DeviceInfo(name="author box"))
            assert self.store.ctx is not None
            with self.store.ctx.db.session(write=True) as session:
                accounts.set_role(session, email, instructor=True, admin=None)
            self._author = client
        return self._author

    def publish(self, bundle: Path) -> CourseDetail:
        return publish(self.url, self._author_client(), bundle)

    def _count(self, model: Any, email: str) -> int:
        assert self.store.ctx is not None
        with self.store.ctx.db.session(write=False) as session:
            user_id = session.scalar(select(User.id).where(User.email == email))
            return session.scalar(
                select(func.count()).select_from(model).where(model.user_id == user_id)
            ) or 0

    def orders(self, email: str) -> int:
        return self._count(Order, email)

    def order_id(self, email: str, idempotency_key: str) -> str | None:
        """The id of the account's order made with ``idempotency_key``, read in the store."""
        assert self.store.ctx is not None
        with self.store.ctx.db.session(write=False) as session:
            return session.scalar(
                select(Order.id).join(User, User.id == Order.user_id)
                .where(User.email == email, Order.idempotency_key == idempotency_key)
            )

    def payments(self, email: str) -> list[str]:
        """Statuses of every payment attempt of the account, oldest first."""
        assert self.store.ctx is not None
        with self.store.ctx.db.session(write=False) as session:
            return list(session.scalars(
                select(Payment.status).join(Order, Order.id == Payment.order_id)
                .join(User, User.id == Order.user_id).where(User.email == email)
                .order_by(Payment.created_at)
            ))

    def events(self, email: str) -> int:
        return self._count(SyncEvent, email)

    def record_fields(self, email: str) -> int:
        return self._count(SyncRecordField, email)

    def close(self) -> None:
        if self._author is not None:
            self._author.close()
        self.store.stop()


@dataclass
class Device:
    """One installation of the app: its own database, client, ports and engine."""

    root: Path
    store_url: str
    email: str
    db: Database = field(init=False)
    client: StoreClient = field(init=False)
    clock: HybridLogicalClock = field(init=False)
    ports: DatabasePorts = field(init=False)
    engine: SyncEngine = field(init=False)
    refresh_tokens: list[str | None] = field(default_factory=list)
    register: bool = False
    timeout: tuple[float, float] = (2.0, 5.0)
    wall: Callable[[], float] = time.time

    def __post_init__(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        self.db = open_database(self.root / "satchel.db")
        self.client = StoreClient(
            self.store_url, timeout=self.timeout,
            on_tokens_changed=lambda s: self.refresh_tokens.append(
                s.refresh_token if s else None),
        )
        device = DeviceInfo(name=f"device {self.root.name}")
        if self.register:
            tokens = self.client.register(self.email, PASSWORD, device)
        else:
            tokens = self.client.login(self.email, PASSWORD, device)
        with self.db.read() as session:
            last = latest_hlc(session)
        self.clock = HybridLogicalClock(tokens.device_id, last=last)
        self.ports = DatabasePorts(
            self.db, user_id=lambda: tokens.user.id, clock=self.clock,
            downloads_dir=self.root / "downloads",
        )
        self.engine = SyncEngine(
            self.client, self.ports.as_ports(), batch_size=200, wall=self.wall
        )
        self.user_id = tokens.user.id
        self.device_id = tokens.device_id

    # ---------------------------------------------------------------- local changes

    def study(self, n: int, course_id: str = "c-study") -> list[str]:
        """Record ``n`` learning events (one transaction); returns their ids."""
        def run(session: Any) -> list[str]:
            return [
                record_event(
                    session, actor_id=self.user_id, device_id=self.device_id,
                    verb="completed", object_type="lesson", object_id=f"item-{i}",
                    course_id=course_id, result={"score": 1.0},
                ).id
                for i in range(n)
            ]
        return self.db.write_sync(run)

    def edit(self, model: type[Goal] | type[Note], record_id: str, **values: Any) -> None:
        """Change fields of a goal/note (creating it) at the next HLC tick."""
        def run(session: Any) -> None:
            obj = session.get(model, record_id)
            if obj is None:
                obj = model(id=record_id, clocks={}, hlc="")
            touch_record(session, obj, values, self.clock.now())
        self.db.write_sync(run)

    def record(self, model: type[Goal] | type[Note], record_id: str) -> dict[str, Any] | None:
        with self.db.read() as session:
            obj = session.get(model, record_id)
            if obj is None:
                return None
            cols = [c.key for c in model.__table__.columns
                    if c.key not in ("created_at", "updated_by_device")]
            return {c: getattr(obj, c) for c in cols}

    def event_ids(self) -> set[str]:
        with self.db.read() as session:
            return set(session.scalars(select(LearningEvent.id)))

    def outbox(self) -> int:
        with self.db.read() as session:
            return session.scalar(select(func.count()).select_from(Outbox)) or 0

    def close(self) -> None:
        self.client.close()
        self.db.close()


@contextmanager
def devices(kit: StoreKit, root: Path, n: int) -> Iterator[list[Device]]:
    """``n`` devices of one new account (the first registers, the others log in)."""
    email = kit.new_email()
    made: list[Device] = []
    try:
        for i in range(n):
            made.append(Device(root / f"dev{i}", kit.url, email, register=(i == 0)))
        yield made
    finally:
        for d in made:
            d.close()


CARD_OK = SandboxPayment(provider="sandbox", card_number="4242 4242 4242 4242")
CARD_DECLINED = SandboxPayment(provider="sandbox", card_number="4000 0000 0000 0002")


def buy(dev: Device, course: CourseDetail) -> str:
    """Queue, re-quote and pay for ``course`` with the sandbox test card; the order id."""
    intent = dev.engine.queue_purchase(course.id, course.price.amount, course.price.currency)
    report = dev.engine.sync_now()
    assert report.ok, report.error
    result = dev.engine.confirm_purchase(intent.key, CARD_OK)
    assert result.intent.state == "paid", result
    assert result.intent.order_id is not None
    return result.intent.order_id
