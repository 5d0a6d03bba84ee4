"""Writing learning events and mutable records together with their outbox rows.

Both functions take the writer's session (call them inside :meth:`Database.write`), add rows
and never commit: the event or record and its outbox row land in the same transaction, or
neither does.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any, TypedDict

from sqlalchemy import Table, func, inspect, select
from sqlalchemy.orm import Session

from app.db.bulk import insert_columns
from app.db.hlc import Timestamp
from app.db.models import (
    EVENT_COLUMNS,
    SYNCED_RECORD_MODELS,
    LearningEvent,
    Outbox,
    SyncedRecord,
    utcnow,
)
from sync import wirejson
from sync.gcpause import gc_paused


class EventResult(TypedDict, total=False):
    """xAPI-style result of an event; every key optional."""

    score: float  # scaled 0..1
    success: bool
    duration_s: float
    response: Any  # the learner's answer, JSON-compatible
    manual: bool  # completed: marked done by the learner, not by the item's rule
    reached_end: bool  # progressed: the learner reached the end of the page
    played: list[list[float]]  # progressed: [start, end] seconds of a recording played
    media_s: float  # progressed: the recording's length in seconds


_RESULT_KEYS = frozenset(EventResult.__annotations__)


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return iso_utc(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def iso_utc(moment: datetime) -> str:
    """ISO 8601 in UTC with milliseconds and a ``Z``, e.g. ``2026-01-10T09:00:00.000Z``."""
    if moment.tzinfo is None:
        raise ValueError(f"naive datetime {moment!r}: pass a timezone-aware datetime")
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def event_payload(event: LearningEvent) -> dict[str, Any]:
    """The event as the outbox carries it (the row's columns; ``timestamp`` as ISO UTC)."""
    return {
        "id": event.id,
        "actor_id": event.actor_id,
        "device_id": event.device_id,
        "verb": event.verb,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "course_id": event.course_id,
        "result": event.result,
        "context": event.context,
        "timestamp": iso_utc(event.timestamp),
    }


def new_event_id() -> str:
    """A new event id: a time-ordered UUID (version 7, RFC 9562: 48 bits of Unix time in
    milliseconds, then 74 random bits) as lower-case hyphenated text.

    Time order is what makes a large batch cheap to store: the event tables here and on the
    store are indexed by event id, and ids made one after another land next to each other in
    those indexes instead of on random pages (with random version-4 ids a 5,000-event push
    rewrote most of the store's index pages). The timestamp it reveals is the event's own,
    which the event carries anyway."""
    return new_event_ids(1)[0]


def new_event_ids(count: int) -> list[str]:
    """``count`` new event ids (`new_event_id`), sorted: the random bytes in one call and
    the version and variant bits set for all of them at once."""
    millis = (time.time_ns() // 1_000_000).to_bytes(6, "big")
    noise = os.urandom(10 * count)
    raw = bytearray(16 * count)
    for k in range(6):
        raw[k::16] = millis[k : k + 1] * count
    for k in range(10):
        raw[6 + k :: 16] = noise[k::10]
    raw[6::16] = bytes(raw[6::16]).translate(_VERSION_7)
    raw[8::16] = bytes(raw[8::16]).translate(_VARIANT_RFC)
    x = raw.hex()
    ids = [
        f"{x[i : i + 8]}-{x[i + 8 : i + 12]}-{x[i + 12 : i + 16]}-{x[i + 16 : i + 20]}-"
        f"{x[i + 20 : i + 32]}"
        for i in range(0, 32 * count, 32)
    ]
    ids.sort()
    return ids


_VERSION_7 = bytes(b & 0x0F | 0x70 for b in range(256))
_VARIANT_RFC = bytes(b & 0x3F | 0x80 for b in range(256))


def _checked_id(event_id: str | None) -> str:
    if event_id is None:
        return new_event_id()
    if str(uuid.UUID(event_id)) != event_id:
        raise ValueError(f"event id must be a lower-case hyphenated UUID: {event_id!r}")
    return event_id


def _checked_result(result: Mapping[str, Any] | None) -> None:
    if result is not None and not set(result) <= _RESULT_KEYS:
        raise ValueError(f"unknown result keys {sorted(set(result) - _RESULT_KEYS)}")


class NewEvent(TypedDict, total=False):
    """One event for :func:`record_events`: the keyword arguments of :func:`record_event`."""

    actor_id: str  # required
    device_id: str  # required
    verb: str  # required
    object_type: str  # required
    object_id: str  # required
    course_id: str | None
    result: EventResult | None
    context: Mapping[str, Any] | None
    timestamp: datetime | None
    event_id: str | None


def record_events(session: Session, events: Sequence[NewEvent]) -> list[str]:
    """Append many learning events made on this device and queue them for pushing, in the
    caller's one transaction (an import, a batch). Checks each event as :func:`record_event`
    does and writes the same rows, but with two driver-level inserts instead of ORM objects.
    Returns the event ids in order. For one event per user action use :func:`record_event`.
    """
    with gc_paused():
        return _record_events(session, events)


def _record_events(session: Session, events: Sequence[NewEvent]) -> list[str]:
    now = utcnow()
    rows: list[tuple[Any, ...]] = []  # in `_PAYLOAD_KEYS` order
    payloads: list[dict[str, Any]] = []
    stamps: dict[datetime, str] = {}
    fresh_ids = iter(new_event_ids(sum(1 for e in events if e.get("event_id") is None)))
    for e in events:
        result = e.get("result")
        _checked_result(result)
        given = e.get("event_id")
        event_id = _checked_id(given) if given is not None else next(fresh_ids)
        moment = e.get("timestamp") or now
        if moment.tzinfo is None:
            raise ValueError("event timestamp must be timezone-aware")
        context = e.get("context")
        row = (
            event_id, e["actor_id"], e["device_id"], e["verb"], e["object_type"],
            e["object_id"], e.get("course_id"), dict(result) if result is not None else None,
            dict(context) if context is not None else None, moment,
        )
        rows.append(row)
        payload = dict(zip(_PAYLOAD_KEYS, row, strict=True))
        iso = stamps.get(moment)
        if iso is None:
            iso = stamps[moment] = iso_utc(moment)
        payload["timestamp"] = iso
        payloads.append(payload)
    ids = [row[0] for row in rows]
    count = len(rows)
    columns = dict(zip(_PAYLOAD_KEYS, zip(*rows, strict=True), strict=True)) if rows else {}
    insert_columns(
        session, LearningEvent.__table__,  # type: ignore[arg-type]
        {**columns, "received_at": [now] * count},
    )
    insert_columns(
        session, Outbox.__table__,  # type: ignore[arg-type]
        {"kind": ["event"] * count, "record_table": [LearningEvent.__tablename__] * count,
         "record_id": ids, "payload": payloads},
    )
    return ids


_PAYLOAD_KEYS = tuple(c for c in EVENT_COLUMNS if c != "received_at")  # the wire form


def record_server_seqs(session: Session, seqs: Mapping[str, int]) -> None:
    """Keep the store's sequence number of each event in ``seqs`` (``{event id: seq}``):
    events it confirmed on push or sent back on pull. Set once: an event that has one keeps
    it (the append-only trigger would refuse a change). One statement, the pairs as one JSON
    object."""
    if seqs:
        session.connection().exec_driver_sql(
            "UPDATE learning_events SET server_seq = acked.value FROM json_each(?) AS acked "
            "WHERE learning_events.id = acked.key AND learning_events.server_seq IS NULL",
            (wirejson.dumps_text(dict(seqs)),),
        )


def record_event(
    session: Session,
    *,
    actor_id: str,
    device_id: str,
    verb: str,
    object_type: str,
    object_id: str,
    course_id: str | None = None,
    result: EventResult | None = None,
    context: Mapping[str, Any] | None = None,
    timestamp: datetime | None = None,
    event_id: str | None = None,
) -> LearningEvent:
    """Append a learning event made on this device and queue it for pushing.

    ``event_id`` defaults to a new UUID4 and ``timestamp`` to now (UTC; aware datetimes only).
    """
    _checked_result(result)
    event_id = _checked_id(event_id)
    moment = utcnow() if timestamp is None else timestamp
    if moment.tzinfo is None:
        raise ValueError("event timestamp must be timezone-aware")
    event = LearningEvent(
        id=event_id,
        actor_id=actor_id,
        device_id=device_id,
        verb=verb,
        object_type=object_type,
        object_id=object_id,
        course_id=course_id,
        result=dict(result) if result is not None else None,
        context=dict(context) if context is not None else None,
        timestamp=moment,
        received_at=utcnow(),
    )
    session.add(event)
    session.add(
        Outbox(
            kind="event",
            record_table=LearningEvent.__tablename__,
            record_id=event_id,
            payload=event_payload(event),
        )
    )
    return event


def touch_record(
    session: Session,
    obj: SyncedRecord,
    field_values: Mapping[str, Any],
    hlc: Timestamp,
) -> Outbox:
    """Set fields of a goal/plan item/note/bookmark at clock ``hlc`` and queue the change.

    Works for new objects too: they are added to the session, ``id`` defaults to a UUID4 and
    ``created_at`` to now (and travels with the first change); give every required field.
    Each field's clock becomes ``hlc``; ``hlc`` must be newer than the clocks of the fields it
    changes (take it from the app's :class:`~app.db.hlc.HybridLogicalClock`). Delete a
    record with ``{"deleted": True}`` (a tombstone, merged like any field). The outbox payload
    is ``{"table", "id", "hlc", "device", "fields"}`` with only the fields given here.
    """
    table = obj.__table__
    assert isinstance(table, Table)
    writable = {c.key for c in table.columns} - obj.SYNC_COLUMNS
    unknown = set(field_values) - writable
    if unknown:
        raise ValueError(f"{table.name} has no writable fields {sorted(unknown)}")
    if not field_values:
        raise ValueError("touch_record needs at least one field")
    stamp = hlc.encode()
    clocks = dict(obj.clocks or {})
    stale = sorted(f for f in field_values if clocks.get(f, "") >= stamp)
    if stale:
        raise ValueError(f"clock {stamp} is not newer than the clocks of {stale}")

    is_new = not inspect(obj).has_identity
    if is_new and obj.id is None:
        obj.id = str(uuid.uuid4())
    if is_new and "created_at" not in field_values:
        field_values = {**field_values, "created_at": utcnow()}
    for field, value in field_values.items():
        setattr(obj, field, value)
        clocks[field] = stamp
    obj.clocks = clocks
    obj.hlc = max(obj.hlc or "", stamp)
    obj.updated_by_device = hlc.node
    session.add(obj)

    entry = Outbox(
        kind="record",
        record_table=table.name,
        record_id=obj.id,
        payload={
            "table": table.name,
            "id": obj.id,
            "hlc": stamp,
            "device": hlc.node,
            "fields": {f: _json_value(v) for f, v in field_values.items()},
        },
    )
    session.add(entry)
    return entry


def latest_hlc(session: Session) -> Timestamp | None:
    """The greatest clock stored in any mutable record: seed the app's HLC with it."""
    stamps = [session.scalar(select(func.max(model.hlc))) for model in SYNCED_RECORD_MODELS]
    present = [s for s in stamps if s]
    return Timestamp.decode(max(present)) if present else None
