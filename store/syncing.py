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

from typing import Any

from sqlalchemy import insert, select, tuple_, update
from sqlalchemy.orm import Session

from store.accounts import Auth
from store.db.models import SyncEvent, SyncRecordField, User
from store.db.types import utcnow
from sync.protocol import (
    DELETED_FIELD,
    EventPushResponse,
    EventPushResult,
    LearningEvent,
    RecordChange,
    RecordPullResponse,
    RecordPushResponse,
    RecordPushResult,
    RecordState,
    StoredField,
    parse_hlc,
)

_CHUNK = 500


def _lock_user_seq(session: Session, user_id: str) -> int:
    seq = session.scalar(select(User.sync_seq).where(User.id == user_id).with_for_update())
    assert seq is not None
    return int(seq)


def _set_user_seq(session: Session, user_id: str, seq: int) -> None:
    session.execute(update(User).where(User.id == user_id).values(sync_seq=seq))


def push_events(session: Session, auth: Auth, events: list[LearningEvent]) -> EventPushResponse:
    current = _lock_user_seq(session, auth.user_id)
    ids = [str(e.id) for e in events]
    known: dict[str, int] = {}
    unique_ids = list(dict.fromkeys(ids))
    for i in range(0, len(unique_ids), _CHUNK):
        chunk = unique_ids[i : i + _CHUNK]
        rows_found = session.execute(
            select(SyncEvent.event_id, SyncEvent.seq).where(
                SyncEvent.user_id == auth.user_id, SyncEvent.event_id.in_(chunk)
            )
        )
        known.update((event_id, seq) for event_id, seq in rows_found)
    now = utcnow()
    rows: list[dict[str, Any]] = []
    results: list[EventPushResult] = []
    for event, event_id in zip(events, ids, strict=True):
        if event_id in known:
            results.append(EventPushResult(id=event.id, status="duplicate", seq=known[event_id]))
            continue
        current += 1
        known[event_id] = current
        rows.append(
            {
                "user_id": auth.user_id,
                "seq": current,
                "event_id": event_id,
                "device_id": auth.device_id,
                "payload": event.model_dump(mode="json"),
                "received_at": now,
            }
        )
        results.append(EventPushResult(id=event.id, status="accepted", seq=current))
    if rows:
        session.execute(insert(SyncEvent), rows)
        _set_user_seq(session, auth.user_id, current)
    session.commit()
    return EventPushResponse(results=results, cursor=max((r.seq for r in results), default=0))


def pull_events(
    session: Session, auth: Auth, since: int, exclude_device: str | None, limit: int
) -> dict[str, Any]:
    """An `EventPullResponse` as plain JSON-ready data (stored payloads are already
    normalised JSON, so the hot path skips re-validating every event)."""
    rows = session.execute(
        select(SyncEvent.seq, SyncEvent.device_id, SyncEvent.payload, SyncEvent.received_at)
        .where(SyncEvent.user_id == auth.user_id, SyncEvent.seq > since)
        .order_by(SyncEvent.seq)
        .limit(limit + 1)
    ).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    cursor = rows[-1].seq if rows else since
    events = [
        {
            **payload,
            "seq": seq,
            "device_id": device_id,
            "received_at": received_at.isoformat().replace("+00:00", "Z"),
        }
        for seq, device_id, payload, received_at in rows
        if device_id != exclude_device
    ]
    return {"events": events, "cursor": cursor, "has_more": has_more}


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
