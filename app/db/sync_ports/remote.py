"""`sync.ports.RemoteDataPort` on the local database: pulled events (a union by id),
record states (per-field last-writer-wins through `sync.merge`), catalog changes, and the
pull cursors. Every pulled stamp advances the app's `HybridLogicalClock`, so the next local
edit is later than anything seen from other devices."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from app.db.bulk import insert_many
from app.db.events import record_server_seqs
from app.db.hlc import HybridLogicalClock, Timestamp
from app.db.models import Course, LearningEvent, utcnow
from app.db.sync_ports.base import DatabaseAdapter
from app.db.sync_ports.wire import (
    RECORD_MODELS,
    field_from_wire,
    field_to_wire,
    value_from_wire,
    value_to_wire,
)
from app.db.writer import Database
from sync import wirejson
from sync.gcpause import gc_paused
from sync.merge import Stamped, merge_fields
from sync.protocol import CatalogChanges, RecordState, StoredEventData

log = logging.getLogger(__name__)


class RemoteDataAdapter(DatabaseAdapter):
    """The remote-data port (threading: see `app.db.sync_ports.base`)."""

    def __init__(
        self,
        db: Database,
        *,
        user_id: Callable[[], str | None],
        clock: HybridLogicalClock | None = None,
        on_events: Callable[[Session, Sequence[LearningEvent]], None] | None = None,
    ) -> None:
        super().__init__(db)
        self._user_id = user_id
        self.clock = clock
        self._on_events = on_events

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

    def apply_events(self, events: Sequence[StoredEventData], cursor: int) -> int:
        actor = self._user_id() or ""

        def run(session: Session) -> int:
            with gc_paused():
                return apply(session)

        def apply(session: Session) -> int:
            ids = [str(e["id"]) for e in events]
            existing: dict[str, int | None] = {}
            if ids:  # one query, the page's ids as one JSON array
                known = session.connection().exec_driver_sql(
                    "SELECT id, server_seq FROM learning_events "
                    "WHERE id IN (SELECT value FROM json_each(?))",
                    (wirejson.dumps_text(ids),),
                ).all()
                existing = {row[0]: row[1] for row in known}
            now = utcnow()
            fresh: list[dict[str, Any]] = []
            seqs: dict[str, int] = {}
            for e, eid in zip(events, ids, strict=True):
                if eid in existing:
                    if existing[eid] is None:
                        seqs.setdefault(eid, e["seq"])
                    continue
                existing[eid] = e["seq"]
                obj = e["object"]
                fresh.append(
                    {
                        "id": eid,
                        "actor_id": actor,
                        "device_id": e["device_id"],
                        "verb": e["verb"],
                        "object_type": obj.get("kind") or "activity",
                        "object_id": obj["id"],
                        "course_id": obj.get("course_id"),
                        "result": e.get("result"),
                        "context": e.get("context"),
                        "timestamp": e["timestamp"],
                        "server_seq": e["seq"],
                        "received_at": now,
                    }
                )
            insert_many(session, LearningEvent.__table__, fresh, ignore_conflicts=True)  # type: ignore[arg-type]
            record_server_seqs(session, seqs)
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
        model = RECORD_MODELS.get(state.collection)
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
                c.key
                for c in columns
                if not c.nullable
                and c.server_default is None
                and c.default is None
                and c.key not in values
                and c.key not in model.SYNC_COLUMNS
            ]
            if missing:
                log.warning(
                    "record %s/%s arrived without %s; kept for the next full pull",
                    state.collection,
                    state.record_id,
                    missing,
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
                row.rating_average = c.rating_average
                row.rating_count = c.rating_count
            if changes.removed:
                session.execute(
                    update(Course)
                    .where(Course.id.in_(changes.removed))
                    .values(catalog_version=None)
                )
            self._set_cursor(session, "catalog", str(changes.cursor))

        self._write(run)
