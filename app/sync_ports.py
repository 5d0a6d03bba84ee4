"""The sync engine's ports (`sync.ports`) implemented on the local database.

`DatabasePorts(db, ...)` turns outbox rows into wire payloads, applies pulled events (a
union by id) and record states (per-field last-writer-wins through `sync.merge`), keeps
cursors, leases, entitlements, trusted store keys, the lease clock's high-water mark,
course-version download states and purchase intents. Build the engine with
``SyncEngine(client, DatabasePorts(...).as_ports())``.

Clocks: the local database and the wire spell HLC stamps the same way
(`sync.protocol.format_hlc`, which `app.db.hlc.Timestamp.encode` writes), so stamps pass
through unchanged in both directions. Every pulled stamp also advances the app's
`HybridLogicalClock`, so the next local edit is later than anything seen from other devices.

Threading: every method may be called from any worker thread; reads use ``db.read()``, writes
go through the single writer lane (``db.write_sync``), one transaction per method. Disk and
database failures are re-raised as `sync.errors.LocalStoreError` with the app's message.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar, cast

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator

from app.bundle.validate import check as check_bundle
from app.db.hlc import HybridLogicalClock, Timestamp
from app.db.models import (
    PURCHASE_OPEN_STATES,
    SYNCED_RECORD_MODELS,
    Course,
    CourseVersion,
    Entitlement,
    LearningEvent,
    Lease,
    Outbox,
    PurchaseIntent,
    SyncCursor,
    SyncedRecord,
    utcnow,
)
from app.db.outbox import record_failure as db_record_failure
from app.db.writer import Database
from app.errors import UserError
from sync.errors import CorruptDownload, LocalStoreError
from sync.leases import VerifiedLease
from sync.merge import Stamped, merge_fields
from sync.ports import (
    Intent,
    OutboxEntry,
    OutboxKind,
    PurchaseState,
    StoredLease,
    SyncPorts,
)
from sync.protocol import (
    DELETED_FIELD,
    CatalogChanges,
    CourseDetail,
    RecordState,
    StoredEvent,
)
from sync.purchases import PurchaseError

log = logging.getLogger(__name__)

T = TypeVar("T")

CURSOR_TRUSTED_KEYS = "store_keys"
CURSOR_LEASE_CLOCK = "lease_clock"
_MODELS: dict[str, type[SyncedRecord]] = {m.__tablename__: m for m in SYNCED_RECORD_MODELS}


# --------------------------------------------------------------------------- values


def field_to_wire(name: str) -> str:
    return DELETED_FIELD if name == "deleted" else name


def field_from_wire(name: str) -> str:
    return "deleted" if name == DELETED_FIELD else name


def value_to_wire(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def value_from_wire(model: type[SyncedRecord], name: str, value: Any) -> Any:
    """Convert a JSON value to the Python type of ``model.name``'s column."""
    if value is None:
        return None
    column_type = model.__table__.columns[name].type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    try:
        kind = column_type.python_type
    except NotImplementedError:
        return value
    if kind is datetime and isinstance(value, str):
        moment = datetime.fromisoformat(value)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    if kind is date and isinstance(value, str):
        return date.fromisoformat(value[:10])
    if kind is bool:
        return bool(value)
    if kind is float and isinstance(value, int | float):
        return float(value)
    if kind is int and isinstance(value, int | float) and not isinstance(value, bool):
        return int(value)
    return value


def event_to_wire(payload: Mapping[str, Any]) -> dict[str, Any]:
    """An outbox event payload (`app.db.events.event_payload`) → `LearningEvent` JSON."""
    obj: dict[str, Any] = {"id": payload["object_id"], "kind": payload.get("object_type")}
    if payload.get("course_id") is not None:
        obj["course_id"] = payload["course_id"]
    return {
        "id": payload["id"],
        "verb": payload["verb"],
        "object": obj,
        "result": payload.get("result"),
        "context": payload.get("context"),
        "timestamp": payload["timestamp"],
    }


def record_to_wire(payload: Mapping[str, Any]) -> dict[str, Any]:
    """An outbox record payload (`app.db.events.touch_record`) → `RecordChange` JSON."""
    stamp = payload["hlc"]
    return {
        "collection": payload["table"],
        "record_id": payload["id"],
        "fields": {
            field_to_wire(name): {"value": value, "hlc": stamp}
            for name, value in payload["fields"].items()
        },
    }


def _intent(row: PurchaseIntent) -> Intent:
    return Intent(
        key=row.idempotency_key,
        course_id=row.course_id,
        amount=row.quoted_amount,
        currency=row.quoted_currency,
        state=cast(PurchaseState, row.state),
        order_id=row.order_id,
        last_error=row.last_error,
    )


class DatabasePorts:
    """All five ports on one `Database` (see the module docstring)."""

    def __init__(
        self,
        db: Database,
        *,
        user_id: Callable[[], str | None],
        clock: HybridLogicalClock | None = None,
        downloads_dir: Path,
        on_events: Callable[[Session, Sequence[LearningEvent]], None] | None = None,
        trusted_bundle_keys: Sequence[bytes] | None = None,
    ) -> None:
        self.db = db
        self._user_id = user_id
        self.clock = clock
        self.downloads_dir = downloads_dir
        self._on_events = on_events
        self._bundle_keys = trusted_bundle_keys

    def as_ports(self) -> SyncPorts:
        return SyncPorts(outbox=self, remote=self, access=self, content=self, purchases=self)

    def _write(self, fn: Callable[[Session], T]) -> T:
        try:
            return self.db.write_sync(fn)
        except UserError as exc:
            raise LocalStoreError(str(exc)) from exc

    def _get_cursor(self, session: Session, name: str) -> str | None:
        row = session.get(SyncCursor, name)
        return row.value if row is not None else None

    @staticmethod
    def _set_cursor(session: Session, name: str, value: str) -> None:
        row = session.get(SyncCursor, name)
        if row is None:
            session.add(SyncCursor(name=name, value=value))
        else:
            row.value = value

    # ------------------------------------------------------------------ OutboxPort

    def pending(self, kind: OutboxKind, limit: int, after_id: int = 0) -> list[OutboxEntry]:
        with self.db.read() as session:
            rows = session.execute(
                select(Outbox.id, Outbox.payload)
                .where(Outbox.kind == kind, Outbox.id > after_id)
                .order_by(Outbox.id)
                .limit(limit)
            ).all()
        convert = event_to_wire if kind == "event" else record_to_wire
        return [OutboxEntry(row.id, kind, convert(row.payload)) for row in rows]

    def acknowledge(self, ids: Sequence[int], event_seqs: Mapping[str, int]) -> None:
        if not ids:
            return

        def run(session: Session) -> None:
            session.execute(delete(Outbox).where(Outbox.id.in_(ids)))
            if event_seqs:
                known = set(
                    session.scalars(
                        select(LearningEvent.id).where(
                            LearningEvent.id.in_(list(event_seqs)),
                            LearningEvent.server_seq.is_(None),
                        )
                    )
                )
                params = [{"i": i, "s": event_seqs[i]} for i in known]
                if params:
                    session.connection().exec_driver_sql(
                        "UPDATE learning_events SET server_seq = :s WHERE id = :i "
                        "AND server_seq IS NULL",
                        params,
                    )

        self._write(run)

    def record_failure(self, ids: Sequence[int], error: str) -> None:
        self._write(lambda s: db_record_failure(s, ids, error))

    def count(self) -> int:
        with self.db.read() as session:
            return session.scalar(select(func.count()).select_from(Outbox)) or 0

    # ------------------------------------------------------------------ RemoteDataPort

    def _user_cursor(self, name: str) -> str:
        """The stored name of a per-account pull cursor: the store numbers each user's events
        and record changes separately, and one database serves whoever signs in."""
        if name in ("events", "records"):
            return f"{name}:{self._user_id() or ''}"
        return name

    def cursor(self, name: str) -> int:
        with self.db.read() as session:
            value = self._get_cursor(session, self._user_cursor(name))
        return int(value) if value else 0

    def apply_events(self, events: Sequence[StoredEvent], cursor: int) -> int:
        actor = self._user_id() or ""

        def run(session: Session) -> int:
            ids = [str(e.id) for e in events]
            existing: dict[str, int | None] = {}
            if ids:
                known = session.execute(
                    select(LearningEvent.id, LearningEvent.server_seq).where(
                        LearningEvent.id.in_(ids)
                    )
                ).all()
                existing = {row[0]: row[1] for row in known}
            now = utcnow()
            fresh: list[dict[str, Any]] = []
            seqs: list[dict[str, Any]] = []
            for e in events:
                eid = str(e.id)
                if eid in existing:
                    if existing[eid] is None:
                        seqs.append({"i": eid, "s": e.seq})
                    continue
                existing[eid] = e.seq
                fresh.append({
                    "id": eid,
                    "actor_id": actor,
                    "device_id": e.device_id,
                    "verb": e.verb,
                    "object_type": e.object.kind or "activity",
                    "object_id": e.object.id,
                    "course_id": e.object.course_id,
                    "result": e.result,
                    "context": e.context,
                    "timestamp": e.timestamp,
                    "server_seq": e.seq,
                    "received_at": now,
                })
            if fresh:
                session.execute(
                    sqlite_insert(LearningEvent).on_conflict_do_nothing(), fresh
                )
            if seqs:
                session.connection().exec_driver_sql(
                    "UPDATE learning_events SET server_seq = :s WHERE id = :i "
                    "AND server_seq IS NULL",
                    seqs,
                )
            if fresh and self._on_events is not None:
                rows = session.scalars(
                    select(LearningEvent).where(LearningEvent.id.in_([f["id"] for f in fresh]))
                ).all()
                self._on_events(session, rows)
            self._set_cursor(session, self._user_cursor("events"), str(cursor))
            return len(fresh)

        return self._write(run)

    def apply_records(self, records: Sequence[RecordState], cursor: int) -> int:
        newest: list[str] = []

        def run(session: Session) -> int:
            changed = 0
            for state in records:
                if self._merge_record(session, state, newest):
                    changed += 1
            self._set_cursor(session, self._user_cursor("records"), str(cursor))
            return changed

        result = self._write(run)
        if self.clock is not None and newest:
            self.clock.update(max(newest))  # stamps sort as text in clock order
        return result

    def _merge_record(self, session: Session, state: RecordState, newest: list[str]) -> bool:
        model = _MODELS.get(state.collection)
        if model is None:
            log.warning("ignoring records of unknown collection %r", state.collection)
            return False
        columns = model.__table__.columns
        incoming = {
            name: Stamped(f.value, f.hlc)
            for name, f in state.fields.items()
            if field_from_wire(name) in columns and field_from_wire(name) not in model.SYNC_COLUMNS
        }
        if not incoming:
            return False
        newest.append(max(s.hlc for s in incoming.values()))
        row = session.get(model, state.record_id)
        local: dict[str, Stamped] = {}
        if row is not None:
            for name, stamp in (row.clocks or {}).items():
                local[field_to_wire(name)] = Stamped(value_to_wire(getattr(row, name)), stamp)
        winners = merge_fields(local, incoming)
        if not winners:
            return False
        values = {
            field_from_wire(name): value_from_wire(model, field_from_wire(name), s.value)
            for name, s in winners.items()
        }
        if row is None:
            missing = [
                c.key for c in columns
                if not c.nullable and c.server_default is None and c.default is None
                and c.key not in values and c.key not in model.SYNC_COLUMNS
            ]
            if missing:
                log.warning(
                    "record %s/%s arrived without %s; kept for the next full pull",
                    state.collection, state.record_id, missing,
                )
                return False
            row = model(id=state.record_id, clocks={}, hlc="")
            session.add(row)
        clocks = dict(row.clocks or {})
        for name, value in values.items():
            setattr(row, name, value)
            clocks[name] = winners[field_to_wire(name)].hlc
        row.clocks = clocks
        top = max(clocks.values())
        row.hlc = top
        row.updated_by_device = Timestamp.decode(top).node
        return True

    def apply_catalog(self, changes: CatalogChanges) -> None:
        def run(session: Session) -> None:
            for c in changes.courses:
                row = session.get(Course, c.id)
                if row is None:
                    row = Course(id=c.id)
                    session.add(row)
                row.title = c.title
                row.language = c.language
                row.topic = c.topic
                row.description = c.description
                row.price_amount = c.price.amount
                row.price_currency = c.price.currency
                row.catalog_version = c.version
                row.tags = list(c.tags)
                row.authors = list(c.authors)
                row.duration_min = c.duration_min
                row.item_count = c.item_count
            if changes.removed:
                session.execute(
                    update(Course)
                    .where(Course.id.in_(changes.removed))
                    .values(catalog_version=None)
                )
            self._set_cursor(session, "catalog", str(changes.cursor))

        self._write(run)

    # ------------------------------------------------------------------ AccessPort

    def trusted_keys(self) -> dict[str, bytes]:
        with self.db.read() as session:
            raw = self._get_cursor(session, CURSOR_TRUSTED_KEYS)
        if not raw:
            return {}
        return {kid: base64.b64decode(b64) for kid, b64 in json.loads(raw).items()}

    def save_trusted_keys(self, keys: Mapping[str, bytes]) -> None:
        text = json.dumps(
            {kid: base64.b64encode(raw).decode("ascii") for kid, raw in sorted(keys.items())}
        )
        self._write(lambda s: self._set_cursor(s, CURSOR_TRUSTED_KEYS, text))

    def current_lease(self) -> StoredLease | None:
        with self.db.read() as session:
            row = session.scalars(select(Lease).order_by(Lease.id.desc()).limit(1)).first()
            if row is None:
                return None
            return StoredLease(row.lease_json, row.signature, row.key_id)

    def save_lease(self, lease: VerifiedLease) -> None:
        body = lease.body

        def run(session: Session) -> None:
            row = Lease(
                user_id=body.user_id,
                device_id=body.device_id,
                key_id=lease.key_id,
                lease_json=lease.lease_json,
                signature=lease.signature,
                issued_at=lease.issued_at,
                expires_at=lease.expires_at,
            )
            session.add(row)
            session.flush()
            now = utcnow()
            granted = set(body.courses)
            existing = {
                e.course_id: e
                for e in session.scalars(
                    select(Entitlement).where(Entitlement.user_id == body.user_id)
                )
            }
            for course_id in granted:
                ent = existing.get(course_id)
                if ent is None:
                    session.add(
                        Entitlement(
                            user_id=body.user_id, course_id=course_id, lease_id=row.id,
                            expires_at=lease.expires_at, revoked=False,
                        )
                    )
                else:
                    ent.lease_id = row.id
                    ent.expires_at = lease.expires_at
                    ent.revoked = False
                    ent.revoked_at = None
            for course_id, ent in existing.items():
                if course_id not in granted:
                    ent.lease_id = row.id
                    if not ent.revoked:
                        ent.revoked = True
                        ent.revoked_at = now
            session.flush()
            session.execute(delete(Lease).where(Lease.id != row.id))

        self._write(run)

    def clock_mark(self) -> int | None:
        with self.db.read() as session:
            value = self._get_cursor(session, CURSOR_LEASE_CLOCK)
        return int(value) if value else None

    def save_clock_mark(self, value: int) -> None:
        self._write(lambda s: self._set_cursor(s, CURSOR_LEASE_CLOCK, str(value)))

    # ------------------------------------------------------------------ ContentPort

    def bundle_path(self, course_id: str, version: str, sha256: str) -> Path:
        return self.downloads_dir / f"{course_id}-{version}-{sha256[:12]}.satchel"

    def _version_row(self, session: Session, course_id: str, version: str) -> CourseVersion | None:
        return session.scalars(
            select(CourseVersion).where(
                CourseVersion.course_id == course_id, CourseVersion.version == version
            )
        ).first()

    def mark_downloading(self, course: CourseDetail) -> None:
        def run(session: Session) -> None:
            c = session.get(Course, course.id)
            if c is None:
                session.add(
                    Course(
                        id=course.id, title=course.title, language=course.language,
                        topic=course.topic, description=course.description,
                        price_amount=course.price.amount, price_currency=course.price.currency,
                        catalog_version=course.version, tags=list(course.tags),
                        authors=list(course.authors), duration_min=course.duration_min,
                        item_count=course.item_count,
                    )
                )
                session.flush()
            row = self._version_row(session, course.id, course.version)
            if row is None:
                session.add(
                    CourseVersion(
                        course_id=course.id, version=course.version,
                        bundle_sha256=course.bundle.sha256, manifest={},
                        state="downloading", size_bytes=course.bundle.size,
                    )
                )
            elif row.state != "available" or row.bundle_sha256 != course.bundle.sha256:
                row.state = "downloading"
                row.bundle_sha256 = course.bundle.sha256
                row.size_bytes = course.bundle.size

        self._write(run)

    def mark_available(self, course_id: str, version: str, path: Path) -> None:
        result = check_bundle(path, trusted_keys=self._bundle_keys)
        if not result.report.ok or result.manifest_data is None:
            first = result.report.errors[0] if result.report.errors else "unreadable"
            reason = f"The course file failed its checks: {first}"
            self.mark_failed(course_id, version, reason)
            path.unlink(missing_ok=True)
            raise CorruptDownload(reason + ". It was deleted; try downloading it again.")
        manifest = cast(dict[str, Any], result.manifest_data)

        def run(session: Session) -> None:
            row = self._version_row(session, course_id, version)
            if row is None:  # pragma: no cover - mark_downloading made it
                raise LocalStoreError(f"course {course_id} {version} is not known locally")
            row.state = "available"
            row.installed_path = str(path)
            row.manifest = manifest
            row.size_bytes = path.stat().st_size

        self._write(run)

    def mark_failed(self, course_id: str, version: str, reason: str) -> None:
        def run(session: Session) -> None:
            row = self._version_row(session, course_id, version)
            if row is not None and row.state != "available":
                row.state = "not_downloaded" if reason == "cancelled" else "corrupt"

        self._write(run)

    def save_content_key(self, course_id: str, version: str, wrapped_key: str) -> None:
        with self.db.read() as session:
            row = self._version_row(session, course_id, version)
            sha = row.bundle_sha256 if row is not None else "0" * 12
        target = self.bundle_path(course_id, version, sha).with_suffix(".key")
        data = json.dumps({"course_id": course_id, "version": version, "wrapped_key": wrapped_key})
        tmp = target.with_name(target.name + ".tmp")
        try:
            with open(tmp, "w", encoding="utf-8") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise LocalStoreError(
                f"Satchel could not save the course key next to {target.parent}: "
                f"{exc.strerror or exc}."
            ) from exc

    # ------------------------------------------------------------------ PurchasesPort

    def create_intent(self, course_id: str, amount: int, currency: str) -> Intent:
        def run(session: Session) -> Intent:
            row = PurchaseIntent(
                idempotency_key=str(uuid.uuid4()), course_id=course_id,
                quoted_amount=amount, quoted_currency=currency, state="queued",
            )
            session.add(row)
            session.flush()
            return _intent(row)

        try:
            return self._write(run)
        except IntegrityError as exc:
            raise PurchaseError(
                "A purchase of this course is already waiting; it will be completed when you "
                "are online."
            ) from exc

    def open_intents(self) -> list[Intent]:
        with self.db.read() as session:
            rows = session.scalars(
                select(PurchaseIntent)
                .where(PurchaseIntent.state.in_(PURCHASE_OPEN_STATES))
                .order_by(PurchaseIntent.created_at)
            ).all()
            return [_intent(r) for r in rows]

    def intent(self, key: str) -> Intent | None:
        with self.db.read() as session:
            row = session.get(PurchaseIntent, key)
            return _intent(row) if row is not None else None

    def update_intent(
        self,
        key: str,
        *,
        state: PurchaseState,
        amount: int | None = None,
        currency: str | None = None,
        order_id: str | None = None,
        error: str | None = None,
    ) -> Intent:
        def run(session: Session) -> Intent:
            row = session.get(PurchaseIntent, key)
            if row is None:
                raise PurchaseError("That purchase no longer exists.")
            row.state = state
            if amount is not None:
                row.quoted_amount = amount
            if currency is not None:
                row.quoted_currency = currency
            if order_id is not None:
                row.order_id = order_id
            row.last_error = error
            session.flush()
            return _intent(row)

        return self._write(run)
