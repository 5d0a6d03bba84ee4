"""Local rows ↔ wire payloads for sync: field names, values, outbox payloads.

Clocks: the local database and the wire spell HLC stamps the same way
(`sync.protocol.format_hlc`, which `app.db.hlc.Timestamp.encode` writes), so stamps pass
through unchanged in both directions. Pure functions; thread-safe.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.types import TypeDecorator

from app.db.models import SYNCED_RECORD_MODELS, SyncedRecord
from sync.protocol import DELETED_FIELD

RECORD_MODELS: dict[str, type[SyncedRecord]] = {m.__tablename__: m for m in SYNCED_RECORD_MODELS}


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
