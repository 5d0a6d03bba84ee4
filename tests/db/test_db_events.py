"""Learning events are append-only; events, records and their outbox rows land together."""

from __future__ import annotations

import time
import uuid
from datetime import UTC, date, datetime
from typing import cast

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db import Database
from app.db import outbox as outbox_queue
from app.db.events import (
    EventResult,
    NewEvent,
    latest_hlc,
    new_event_id,
    new_event_ids,
    record_event,
    record_events,
    touch_record,
)
from app.db.hlc import HybridLogicalClock, Timestamp
from app.db.models import Goal, LearningEvent, Note, Outbox

WHEN = datetime(2026, 1, 10, 9, 30, tzinfo=UTC)


def _answer(session: Session) -> str:
    event = record_event(
        session,
        actor_id="u-1",
        device_id="dev-a",
        verb="answered",
        object_type="question",
        object_id="q-basics/q1",
        course_id="python-basics",
        result={"score": 1.0, "success": True, "duration_s": 12.5, "response": ["a", "c"]},
        timestamp=WHEN,
    )
    return event.id


def _count(db: Database, model: type[LearningEvent] | type[Outbox] | type[Note]) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_record_event_writes_the_event_and_its_outbox_row(db: Database) -> None:
    event_id = db.write_sync(_answer)
    with db.read() as session:
        event = session.get(LearningEvent, event_id)
        queued = session.scalars(select(Outbox)).one()
    assert event is not None and event.timestamp == WHEN and event.server_seq is None
    assert event.result == {
        "score": 1.0,
        "success": True,
        "duration_s": 12.5,
        "response": ["a", "c"],
    }
    assert (queued.kind, queued.record_table, queued.record_id) == (
        "event",
        "learning_events",
        event_id,
    )
    assert queued.payload["id"] == event_id
    assert queued.payload["timestamp"] == "2026-01-10T09:30:00.000Z"
    assert queued.payload["result"]["response"] == ["a", "c"]


def test_a_failing_write_keeps_neither_event_nor_outbox_row(db: Database) -> None:
    def answer_then_fail(session: Session) -> None:
        _answer(session)
        session.flush()  # the rows reached SQLite inside the transaction
        raise RuntimeError("quiz service crashed")

    with pytest.raises(RuntimeError, match="quiz service crashed"):
        db.write_sync(answer_then_fail)
    assert _count(db, LearningEvent) == 0
    assert _count(db, Outbox) == 0


def test_learning_events_cannot_be_changed_or_deleted(db: Database) -> None:
    event_id = db.write_sync(_answer)
    attempts = [
        update(LearningEvent).where(LearningEvent.id == event_id).values(verb="passed"),
        update(LearningEvent).where(LearningEvent.id == event_id).values(result=None),
        delete(LearningEvent).where(LearningEvent.id == event_id),
        text("DELETE FROM learning_events"),
    ]
    for statement in attempts:
        with pytest.raises(IntegrityError, match="append-only"):
            db.write_sync(lambda s, st=statement: s.execute(st))  # type: ignore[misc]

    with db.read() as session:
        event = session.get(LearningEvent, event_id)
    assert event is not None and event.verb == "answered" and event.result is not None


def test_server_seq_may_be_set_once(db: Database) -> None:
    event_id = db.write_sync(_answer)
    set_seq = update(LearningEvent).where(LearningEvent.id == event_id)
    db.write_sync(lambda s: s.execute(set_seq.values(server_seq=41)))
    db.write_sync(lambda s: s.execute(set_seq.values(server_seq=41)))  # a repeated ack is fine
    with pytest.raises(IntegrityError, match="only server_seq may be set, once"):
        db.write_sync(lambda s: s.execute(set_seq.values(server_seq=42)))
    with db.read() as session:
        assert session.get(LearningEvent, event_id).server_seq == 41  # type: ignore[union-attr]


def test_record_event_refuses_malformed_input(db: Database) -> None:
    def bad_result(session: Session) -> None:
        record_event(
            session,
            actor_id="u",
            device_id="d",
            verb="answered",
            object_type="question",
            object_id="q",
            result=cast(EventResult, {"grade": "A"}),
        )

    with pytest.raises(ValueError, match="unknown result keys"):
        db.write_sync(bad_result)
    with pytest.raises(ValueError, match="UUID"):
        db.write_sync(
            lambda s: record_event(
                s,
                actor_id="u",
                device_id="d",
                verb="viewed",
                object_type="item",
                object_id="i",
                event_id="not-a-uuid",
            )
        )


def test_touch_record_keeps_per_field_clocks_and_queues_the_change(db: Database) -> None:
    clock = HybridLogicalClock("dev-a", physical=lambda: 1_767_000_000_000)
    first, second = clock.now(), clock.now()

    def create(session: Session) -> str:
        note = Note()
        touch_record(session, note, {"course_id": "c1", "item_key": "intro", "body": "v1"}, first)
        return note.id

    note_id = db.write_sync(create)

    def edit(session: Session) -> None:
        note = session.get(Note, note_id)
        assert note is not None
        touch_record(session, note, {"body": "v2"}, second)

    db.write_sync(edit)

    with db.read() as session:
        note = session.get(Note, note_id)
        rows = list(session.scalars(select(Outbox).order_by(Outbox.id)))
    assert note is not None
    assert note.body == "v2" and note.hlc == second.encode() and note.updated_by_device == "dev-a"
    assert note.clocks["body"] == second.encode()
    assert note.clocks["course_id"] == note.clocks["created_at"] == first.encode()
    assert [r.payload["hlc"] for r in rows] == [first.encode(), second.encode()]
    assert set(rows[0].payload["fields"]) == {"course_id", "item_key", "body", "created_at"}
    assert rows[1].payload == {
        "table": "notes",
        "id": note_id,
        "hlc": second.encode(),
        "device": "dev-a",
        "fields": {"body": "v2"},
    }


def test_touch_record_refuses_stale_clocks_and_bookkeeping_fields(db: Database) -> None:
    clock = HybridLogicalClock("dev-a", physical=lambda: 1_767_000_000_000)
    early, late = clock.now(), clock.now()

    def create(session: Session) -> str:
        goal = Goal()
        touch_record(session, goal, {"title": "Finish", "target_date": date(2026, 3, 1)}, late)
        return goal.id

    goal_id = db.write_sync(create)

    def touch(fields: dict[str, object], stamp: Timestamp) -> None:
        def fn(session: Session) -> None:
            goal = session.get(Goal, goal_id)
            assert goal is not None
            touch_record(session, goal, fields, stamp)

        db.write_sync(fn)

    with pytest.raises(ValueError, match="not newer"):
        touch({"title": "Older edit"}, early)
    with pytest.raises(ValueError, match="no writable fields"):
        touch({"hlc": "x"}, clock.now())
    touch({"deleted": True}, clock.now())  # a tombstone is an ordinary LWW field

    with db.read() as session:
        goal = session.get(Goal, goal_id)
        payloads = [r.payload for r in session.scalars(select(Outbox).order_by(Outbox.id))]
        seed = latest_hlc(session)
    assert goal is not None and goal.title == "Finish" and goal.deleted
    assert payloads[0]["fields"]["target_date"] == "2026-03-01"
    assert payloads[-1]["fields"] == {"deleted": True}
    assert seed is not None and seed.encode() == goal.hlc


def test_outbox_is_read_in_order_and_acknowledged_by_id(db: Database) -> None:
    ids = [db.write_sync(_answer) for _ in range(5)]
    with db.read() as session:
        batch = outbox_queue.pending(session, limit=3)
    assert [row.record_id for row in batch] == ids[:3]

    db.write_sync(lambda s: outbox_queue.record_failure(s, [batch[0].id], "HTTP 503"))
    assert db.write_sync(lambda s: outbox_queue.acknowledge(s, [r.id for r in batch[1:]])) == 2
    newest = max(r.id for r in batch)
    db.write_sync(lambda s: outbox_queue.acknowledge(s, [newest + 2]))  # ids[4]'s row
    later = db.write_sync(_answer)

    with db.read() as session:
        rest = outbox_queue.pending(session)
    assert [r.record_id for r in rest] == [ids[0], ids[3], later]
    assert (rest[0].attempts, rest[0].last_error) == (1, "HTTP 503")
    assert rest[-1].id > newest + 2  # ids are never reused, even after the newest was deleted


def _seq_event(session: Session, actor: str, seq: int) -> None:
    event = record_event(
        session,
        actor_id=actor,
        device_id="dev-a",
        verb="completed",
        object_type="lesson",
        object_id="intro",
        course_id="python-basics",
        timestamp=WHEN,
    )
    session.execute(
        update(LearningEvent).where(LearningEvent.id == event.id).values(server_seq=seq)
    )


def test_two_accounts_may_hold_the_same_server_seq(db: Database) -> None:
    # The store numbers each user's events separately; one database serves both users.
    db.write_sync(lambda s: (_seq_event(s, "u-1", 1), _seq_event(s, "u-2", 1)))
    with db.read() as session:
        seqs = session.execute(
            select(LearningEvent.actor_id, LearningEvent.server_seq).order_by(
                LearningEvent.actor_id
            )
        ).all()
    assert [tuple(r) for r in seqs] == [("u-1", 1), ("u-2", 1)]


def test_one_account_cannot_hold_a_server_seq_twice(db: Database) -> None:
    db.write_sync(lambda s: _seq_event(s, "u-1", 7))
    with pytest.raises(IntegrityError, match="server_seq"):
        db.write_sync(lambda s: _seq_event(s, "u-1", 7))
    assert _count(db, LearningEvent) == 1


def _row(db: Database, event_id: str) -> tuple[object, ...]:
    with db.read() as session:
        e = session.get(LearningEvent, event_id)
        q = session.scalars(select(Outbox).where(Outbox.record_id == event_id)).one()
    assert e is not None
    return (
        e.actor_id,
        e.device_id,
        e.verb,
        e.object_type,
        e.object_id,
        e.course_id,
        e.result,
        e.context,
        e.timestamp,
        e.server_seq,
        q.kind,
        q.record_table,
        {k: v for k, v in q.payload.items() if k != "id"},
        q.payload["id"] == event_id,
    )


def test_record_events_writes_what_record_event_writes(db: Database) -> None:
    """The batch path (imports, benchmarks) stores the same event and outbox rows as one
    event per user action, in one transaction, keeping the order given."""
    one = db.write_sync(_answer)
    spec: NewEvent = {
        "actor_id": "u-1",
        "device_id": "dev-a",
        "verb": "answered",
        "object_type": "question",
        "object_id": "q-basics/q1",
        "course_id": "python-basics",
        "result": {"score": 1.0, "success": True, "duration_s": 12.5, "response": ["a", "c"]},
        "timestamp": WHEN,
    }
    given = "0b7c4d9e-1f2a-4b3c-8d4e-5f6a7b8c9d0e"
    plain: NewEvent = {
        "actor_id": "u-1",
        "device_id": "dev-a",
        "verb": "viewed",
        "object_type": "lesson",
        "object_id": "intro",
        "event_id": given,
    }
    ids = db.write_sync(lambda s: record_events(s, [spec, spec, plain]))
    assert len(set(ids)) == 3 and ids[2] == given
    assert _row(db, ids[0]) == _row(db, ids[1]) == _row(db, one)
    with db.read() as session:
        last = session.get(LearningEvent, given)
        order = session.scalars(select(Outbox.record_id).order_by(Outbox.id)).all()
    assert last is not None and last.result is None and last.course_id is None
    assert last.timestamp.tzinfo is not None
    assert order == [one, *ids]
    assert [str(uuid.UUID(i)) for i in ids] == ids and uuid.UUID(ids[0]).version == 7
    assert ids[0] < ids[1]  # time-ordered ids, increasing within a batch


def test_new_event_ids_are_version_7_and_carry_the_time_they_were_made() -> None:
    before = time.time_ns() // 1_000_000
    ids = new_event_ids(1000)
    after = time.time_ns() // 1_000_000
    assert ids == sorted(ids) and len(set(ids)) == 1000
    for made in ids:
        value = uuid.UUID(made)
        assert str(value) == made and value.version == 7 and value.variant == uuid.RFC_4122
        assert before <= value.int >> 80 <= after  # the first 48 bits: Unix milliseconds
    assert uuid.UUID(new_event_id()).int >> 80 >= after


def test_record_events_refuses_a_bad_event_and_keeps_none_of_the_batch(db: Database) -> None:
    good: NewEvent = {
        "actor_id": "u-1",
        "device_id": "dev-a",
        "verb": "viewed",
        "object_type": "lesson",
        "object_id": "intro",
    }
    bad: list[NewEvent] = [
        {**good, "result": cast(EventResult, {"grade": "A"})},
        {**good, "event_id": "NOT-A-UUID"},
        {**good, "timestamp": datetime(2026, 1, 10, 9, 30)},
    ]
    for event in bad:
        with pytest.raises(ValueError):
            db.write_sync(lambda s, event=event: record_events(s, [good, event]))
    assert _count(db, LearningEvent) == 0 and _count(db, Outbox) == 0
