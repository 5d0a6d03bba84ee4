"""A pull page parsed as plain data (`StoredEventData`, what the device applies) accepts and
refuses exactly what the `StoredEvent` models do, and gives the same values."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from sync.protocol import EventPageData, EventPullResponse, StoredEvent, StoredEventData

PAGE: TypeAdapter[EventPageData] = TypeAdapter(EventPageData)


def stored(**change: Any) -> dict[str, Any]:
    event: dict[str, Any] = {
        "id": str(uuid.uuid4()), "verb": "answered",
        "object": {"id": "q-1", "kind": "question", "course_id": "python-basics"},
        "result": {"score": 0.5, "response": ["a", {"b": None}]}, "context": None,
        "timestamp": "2026-03-01T10:00:00+08:00", "seq": 7, "device_id": "dev-a",
        "received_at": "2026-03-01T02:00:01Z", "a_field_from_a_newer_store": 1,
    }
    for key, value in change.items():
        if value is ...:
            event.pop(key)
        else:
            event[key] = value
    return event


def page(*events: dict[str, Any]) -> bytes:
    return json.dumps({"events": list(events), "cursor": 9, "has_more": False}).encode()


def test_the_two_describe_the_same_fields() -> None:
    assert set(StoredEventData.__annotations__) == set(StoredEvent.model_fields)


@pytest.mark.parametrize("event", [
    stored(),
    stored(result=..., context=...),
    stored(object={"id": "x"}),
    stored(object={"id": "x", "kind": None, "course_id": None}),
    stored(object={"id": "x" * 200, "kind": "k" * 50, "course_id": "c" * 64}),
    stored(verb="v" * 200, context={"nested": {"deep": [1, 2.5, "s", True]}}),
])
def test_valid_events_give_the_same_values(event: dict[str, Any]) -> None:
    model = EventPullResponse.model_validate_json(page(event)).events[0]
    data = PAGE.validate_json(page(event))["events"][0]
    expected = model.model_dump()
    got: dict[str, Any] = {"result": None, "context": None, **data}  # absent = the default
    got["object"] = {"kind": None, "course_id": None, **data["object"]}
    assert {k: got[k] for k in expected} == expected
    assert "a_field_from_a_newer_store" not in data  # unknown fields are left out, as models do


@pytest.mark.parametrize("event", [
    stored(id="not-a-uuid"), stored(id=...), stored(verb=""), stored(verb="v" * 201),
    stored(object={"id": ""}), stored(object={"kind": "lesson"}),
    stored(object={"id": "x" * 201}), stored(object={"id": "x", "kind": "k" * 51}),
    stored(object={"id": "x", "course_id": "c" * 65}),
    stored(timestamp="2026-03-01T10:00:00"),  # naive: refused
    stored(timestamp=...), stored(seq="seven"), stored(seq=...), stored(device_id=...),
    stored(received_at="yesterday"), stored(result=[1, 2]), stored(context="text"),
])
def test_invalid_events_are_refused_by_both(event: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        EventPullResponse.model_validate_json(page(event))
    with pytest.raises(ValidationError):
        PAGE.validate_json(page(event))
