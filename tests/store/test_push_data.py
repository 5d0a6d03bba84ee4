"""The store parses a push into plain data (`LearningEventData`) and stores each event's text
itself (`stored_payload`): it accepts and refuses exactly what the `EventPushRequest` model
does, and the stored text is byte for byte what the model would have written."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from store.syncing import stored_payload
from sync.protocol import (
    MAX_EVENT_BATCH,
    EventPushData,
    EventPushRequest,
    LearningEvent,
    LearningEventData,
)

PUSH: TypeAdapter[EventPushData] = TypeAdapter(EventPushData)


def sent(**change: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": str(uuid.uuid4()).upper(), "verb": "answered",
        "object": {"id": "q-1", "kind": "question", "course_id": "python-basics"},
        "result": {"score": 0.1 + 0.2, "response": ["a", {"b": None}], "big": 2**53 + 1},
        "context": None, "timestamp": "2026-03-01T10:00:00.123456+08:00", "extra": 1,
    }
    for key, value in change.items():
        if value is ...:
            event.pop(key)
        else:
            event[key] = value
    return event


def body(*events: dict[str, Any]) -> bytes:
    return json.dumps({"events": list(events)}, ensure_ascii=False).encode()


def test_the_two_describe_the_same_fields() -> None:
    assert set(LearningEventData.__annotations__) == set(LearningEvent.model_fields)


@pytest.mark.parametrize("event", [
    sent(),
    sent(result=..., context=...),
    sent(object={"id": "x"}),
    sent(timestamp="2026-03-01T02:00:00Z"),
    sent(timestamp="2026-03-01T02:00:00+00:00"),
    sent(timestamp="2026-03-01T02:00:00.5-03:30"),
    sent(timestamp="2026-03-01T02:00:00.000001Z"),
    sent(verb="完成 – “quoted” \\ back\\slash\nnew line 🎓", result={"f": 1e-7, "g": 1.5e300,
                                                                    "n": -0.0, "i": -12}),
    sent(context={"nested": {"deep": [1, 2.5, "s", True, None, {}]}, "": "empty key"}),
    sent(result={"beyond_64_bits": 2**70, "negative": -(2**65)}),
])
def test_stored_text_is_what_the_model_writes(event: dict[str, Any]) -> None:
    model = EventPushRequest.model_validate_json(body(event)).events[0]
    data = PUSH.validate_json(body(event))["events"][0]
    assert stored_payload(data) == model.model_dump_json()
    assert "extra" not in data  # unknown fields are left out, as the models do


@pytest.mark.parametrize("event", [
    sent(id="not-a-uuid"), sent(id=...), sent(verb=""), sent(verb="v" * 201),
    sent(object={"id": ""}), sent(object={"kind": "lesson"}), sent(object="lesson"),
    sent(object={"id": "x" * 201}), sent(object={"id": "x", "kind": "k" * 51}),
    sent(object={"id": "x", "course_id": "c" * 65}),
    sent(timestamp="2026-03-01T10:00:00"), sent(timestamp=...), sent(timestamp="soon"),
    sent(result=[1, 2]), sent(context="text"),
])
def test_invalid_events_are_refused_by_both(event: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        EventPushRequest.model_validate_json(body(event))
    with pytest.raises(ValidationError):
        PUSH.validate_json(body(event))


def test_the_batch_limit_is_the_same() -> None:
    full = body(*[sent() for _ in range(MAX_EVENT_BATCH)])
    assert len(PUSH.validate_json(full)["events"]) == MAX_EVENT_BATCH
    over = body(*[sent() for _ in range(MAX_EVENT_BATCH + 1)])
    with pytest.raises(ValidationError):
        EventPushRequest.model_validate_json(over)
    with pytest.raises(ValidationError):
        PUSH.validate_json(over)
