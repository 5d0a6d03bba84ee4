"""Learning-record sync: append-only events (idempotent by UUID) and mutable records
(last-writer-wins per field by hybrid logical clock, with `_deleted` as the tombstone).

Every stored event and every field change gets the next number of the user's own sequence
(`users.sync_seq`). The user's row is locked for the duration of a push (`FOR UPDATE` on
PostgreSQL; SQLite serialises writers with `BEGIN IMMEDIATE`), so one user's sequence numbers
commit in order and a puller that saw seq N can never later miss a seq below N. Different
users never wait on each other. All queries filter by the authenticated user: no request can
see or touch another account's data, and the device id comes from the access token.

Functions take the request's `Session` and commit; one thread per session.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any, Literal

import orjson
from sqlalchemy import Table, Text, cast, insert, select, tuple_, update
from sqlalchemy.orm import Session

from store.accounts import Auth
from store.db.models import SyncEvent, SyncRecordField, User
from store.db.types import utcnow
from sync.protocol import (
    DELETED_FIELD,
    LearningEvent,
    LearningEventData,
    RecordChange,
    RecordPullResponse,
    RecordPushResponse,
    RecordPushResult,
    RecordState,
    StoredField,
    parse_hlc,
)

_CHUNK = 500
_EVENT_COLUMNS = ("user_id", "seq", "event_id", "device_id", "payload", "received_at")


def _insert_events(session: Session, rows: Sequence[tuple[Any, ...]]) -> None:
    """Insert ``rows`` (values in `_EVENT_COLUMNS` order, ``payload`` already JSON text)
    through the driver in one executemany (SQLite) or one ``COPY … FROM STDIN`` (psycopg2,
    PostgreSQL's bulk load path): no per-row SQLAlchemy parameter processing."""
    table = SyncEvent.__table__
    assert isinstance(table, Table)
    conn = session.connection()
    dialect = conn.dialect
    stamp = table.c.received_at.type._cached_bind_processor(dialect)
    if stamp is not None:
        done: dict[Any, Any] = {}  # one receive time per push: convert it once
        rows = [
            (*r[:5], done[r[5]] if r[5] in done else done.setdefault(r[5], stamp(r[5])))
            for r in rows
        ]
    cols = ", ".join(_EVENT_COLUMNS)
    if dialect.name == "sqlite":
        conn.exec_driver_sql(
            f"INSERT INTO {table.name} ({cols}) VALUES (?, ?, ?, ?, ?, ?)", list(rows)
        )
        return
    if dialect.driver == "psycopg2":
        cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        try:
            cursor.copy_expert(
                f"COPY {table.name} ({cols}) FROM STDIN WITH (FORMAT csv)", _csv(rows)
            )
        finally:
            cursor.close()
        return
    conn.execute(  # any other driver: Core executemany
        insert(table),
        [dict(zip(_EVENT_COLUMNS, (*r[:4], json.loads(r[4]), r[5]), strict=True)) for r in rows],
    )


def _csv(rows: Sequence[tuple[Any, ...]]) -> io.StringIO:
    """``rows`` as CSV for COPY (every value quoted, so a JSON payload's commas, quotes and
    newlines survive; none is NULL)."""
    text = io.StringIO()
    csv.writer(text, quoting=csv.QUOTE_ALL, lineterminator="\n").writerows(rows)
    text.seek(0)
    return text


def _known_events(session: Session, user_id: str, ids: list[str]) -> dict[str, int]:
    """``{event_id: seq}`` for those of ``ids`` this user already stored: one query, the
    ids passed as one JSON array (SQLite's ``json_each``) or one array (PostgreSQL)."""
    if not ids:
        return {}
    conn = session.connection()
    table = SyncEvent.__table__
    assert isinstance(table, Table)
    if conn.dialect.name == "sqlite":
        found = conn.exec_driver_sql(
            f"SELECT event_id, seq FROM {table.name} WHERE user_id = ? "
            "AND event_id IN (SELECT value FROM json_each(?))",
            (user_id, json.dumps(ids)),
        )
    elif conn.dialect.name == "postgresql":
        found = conn.exec_driver_sql(
            f"SELECT event_id, seq FROM {table.name} WHERE user_id = %(u)s "
            "AND event_id = ANY(%(ids)s)",
            {"u": user_id, "ids": ids},
        )
    else:
        known: dict[str, int] = {}
        for i in range(0, len(ids), _CHUNK):
            known.update(session.execute(
                select(SyncEvent.event_id, SyncEvent.seq).where(
                    SyncEvent.user_id == user_id, SyncEvent.event_id.in_(ids[i : i + _CHUNK])
                )
            ).tuples())
        return known
    return {event_id: int(seq) for event_id, seq in found}


def _lock_user_seq(session: Session, user_id: str) -> int:
    seq = session.scalar(select(User.sync_seq).where(User.id == user_id).with_for_update())
    assert seq is not None
    return int(seq)


def _set_user_seq(session: Session, user_id: str, seq: int) -> None:
    session.execute(update(User).where(User.id == user_id).values(sync_seq=seq))


PushResult = tuple[str, Literal["accepted", "duplicate"], int]


def push_results_json(results: Sequence[PushResult], cursor: int) -> str:
    """An `EventPushResponse` as JSON text (ids are UUIDs, statuses fixed words: nothing to
    escape), without building and re-validating one model per event."""
    items = ",".join(f'{{"id":"{i}","status":"{st}","seq":{int(seq)}}}' for i, st, seq in results)
    return f'{{"results":[{items}],"cursor":{int(cursor)}}}'


def stored_payload(event: LearningEventData) -> str:
    """The event as stored and served back on pull: its wire form with every field present
    (defaults filled in), in `LearningEvent`'s field order and spelling — the same text as
    ``LearningEvent.model_validate(event).model_dump_json()`` (held by a test), without
    building the model."""
    obj = event["object"]
    wire = {
        "id": event["id"],
        "verb": event["verb"],
        "object": {"id": obj["id"], "kind": obj.get("kind"), "course_id": obj.get("course_id")},
        "result": event.get("result"),
        "context": event.get("context"),
        "timestamp": event["timestamp"],
    }
    try:
        return orjson.dumps(wire, option=orjson.OPT_UTC_Z).decode()
    except orjson.JSONEncodeError:  # e.g. an integer beyond 64 bits: pydantic writes those
        return LearningEvent.model_validate(event).model_dump_json()


def push_events(
    session: Session, auth: Auth, events: list[LearningEventData]
) -> tuple[list[PushResult], int]:
    """Store ``events``: a new id gets the user's next sequence number, a known one is
    reported as a duplicate with its number. Answers ``(id, status, seq)`` per event, in
    order, and the cursor (the greatest seq answered). Call it with the cyclic GC paused
    (`sync.gcpause`), as the push route does around parsing and storing a batch."""
    current = _lock_user_seq(session, auth.user_id)
    ids = [str(e["id"]) for e in events]
    known = _known_events(session, auth.user_id, list(dict.fromkeys(ids)))
    now = utcnow()
    rows: list[tuple[Any, ...]] = []
    results: list[PushResult] = []
    for event, event_id in zip(events, ids, strict=True):
        if event_id in known:
            results.append((event_id, "duplicate", known[event_id]))
            continue
        current += 1
        known[event_id] = current
        payload = stored_payload(event)
        rows.append((auth.user_id, current, event_id, auth.device_id, payload, now))
        results.append((event_id, "accepted", current))
    if rows:
        _insert_events(session, rows)
        _set_user_seq(session, auth.user_id, current)
    session.commit()
    return results, max((r[2] for r in results), default=0)


def pull_events_json(
    session: Session, auth: Auth, since: int, exclude_device: str | None, limit: int
) -> tuple[str, int]:
    """An `EventPullResponse` as JSON text, and how many events it holds. Stored payloads
    are normalised JSON objects written by `push_events`, so each one is spliced into the
    answer as stored: no per-event decode, validation or encode."""
    rows = session.execute(
        select(
            SyncEvent.seq,
            SyncEvent.device_id,
            cast(SyncEvent.payload, Text),
            SyncEvent.received_at,
        )
        .where(SyncEvent.user_id == auth.user_id, SyncEvent.seq > since)
        .order_by(SyncEvent.seq)
        .limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    cursor = rows[-1].seq if rows else since
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    parts: list[str] = []
    for seq, device_id, payload, received_at in rows:
        if device_id == exclude_device:
            continue
        body = payload.strip()
        assert body.startswith("{") and body.endswith("}"), "stored payloads are objects"
        head = body[:-1].rstrip()
        sep = "" if head == "{" else ","
        stamp = received_at.isoformat().replace("+00:00", "Z")
        parts.append(
            f'{head}{sep}"seq":{int(seq)},"device_id":{dumps(device_id)},"received_at":"{stamp}"}}'
        )
    text = (
        f'{{"events":[{",".join(parts)}],"cursor":{int(cursor)},'
        f'"has_more":{"true" if has_more else "false"}}}'
    )
    return text, len(parts)


def push_records(session: Session, auth: Auth, changes: list[RecordChange]) -> RecordPushResponse:
    current = _lock_user_seq(session, auth.user_id)
    pairs = list(dict.fromkeys((c.collection, c.record_id) for c in changes))
    stored: dict[tuple[str, str, str], SyncRecordField] = {}
    for i in range(0, len(pairs), _CHUNK):
        chunk = pairs[i : i + _CHUNK]
        for row in session.scalars(
            select(SyncRecordField).where(
                SyncRecordField.user_id == auth.user_id,
                tuple_(SyncRecordField.collection, SyncRecordField.record_id).in_(chunk),
            )
        ):
            stored[(row.collection, row.record_id, row.field)] = row
    now = utcnow()
    results: list[RecordPushResult] = []
    for change in changes:
        applied: list[str] = []
        ignored: list[str] = []
        for name, incoming in change.fields.items():
            key = (change.collection, change.record_id, name)
            found = stored.get(key)
            if found is not None and parse_hlc(incoming.hlc) <= parse_hlc(found.hlc):
                ignored.append(name)  # older or the same write again: last writer wins
                continue
            current += 1
            if found is None:
                row = SyncRecordField(
                    user_id=auth.user_id,
                    collection=change.collection,
                    record_id=change.record_id,
                    field=name,
                )
                session.add(row)
                stored[key] = row
            else:
                row = found
            row.value = incoming.value
            row.hlc = incoming.hlc
            row.device_id = auth.device_id
            row.seq = current
            row.updated_at = now
            applied.append(name)
        results.append(
            RecordPushResult(
                collection=change.collection,
                record_id=change.record_id,
                applied=applied,
                ignored=ignored,
            )
        )
    _set_user_seq(session, auth.user_id, current)
    session.commit()
    return RecordPushResponse(results=results, cursor=current)


def pull_records(
    session: Session, auth: Auth, since: int, exclude_device: str | None, limit: int
) -> RecordPullResponse:
    rows = session.scalars(
        select(SyncRecordField)
        .where(SyncRecordField.user_id == auth.user_id, SyncRecordField.seq > since)
        .order_by(SyncRecordField.seq)
        .limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    cursor = rows[-1].seq if rows else since
    grouped: dict[tuple[str, str], dict[str, StoredField]] = {}
    for row in rows:
        if row.device_id == exclude_device:
            continue
        grouped.setdefault((row.collection, row.record_id), {})[row.field] = StoredField(
            value=row.value, hlc=row.hlc, device_id=row.device_id, seq=row.seq
        )
    deleted: set[tuple[str, str]] = set()
    keys = list(grouped)
    for i in range(0, len(keys), _CHUNK):
        chunk = keys[i : i + _CHUNK]
        for collection, record_id, value in session.execute(
            select(
                SyncRecordField.collection, SyncRecordField.record_id, SyncRecordField.value
            ).where(
                SyncRecordField.user_id == auth.user_id,
                SyncRecordField.field == DELETED_FIELD,
                tuple_(SyncRecordField.collection, SyncRecordField.record_id).in_(chunk),
            )
        ):
            if value is True:
                deleted.add((collection, record_id))
    records = [
        RecordState(
            collection=collection,
            record_id=record_id,
            fields=fields,
            deleted=(collection, record_id) in deleted,
        )
        for (collection, record_id), fields in grouped.items()
    ]
    return RecordPullResponse(records=records, cursor=cursor, has_more=has_more)
