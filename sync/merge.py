"""Merge rules (design.md): learning events are a union; mutable records merge
last-writer-wins *per field* by hybrid logical clock, with the tombstone ``_deleted`` being
just another field.

Everything here is pure and deterministic, so every device (and the store) reaches the same
state whatever order changes arrive in: the winner of a field is the write with the greatest
``(wall_ms, counter, node)`` stamp; two writes with the very same stamp (only possible when one
device replays its own write) are ordered by their canonical JSON so that even then the
result does not depend on arrival order. Safe from any thread.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pydantic import JsonValue

from sync.protocol import DELETED_FIELD, FieldValue, RecordChange, canonical_json, parse_hlc


@dataclass(frozen=True, slots=True)
class Stamped:
    """A field value with the HLC stamp of the write that produced it (wire format)."""

    value: JsonValue
    hlc: str


def _order_key(item: Stamped) -> tuple[tuple[int, int, str], bytes]:
    return parse_hlc(item.hlc), canonical_json(item.value)


def wins(incoming: Stamped, current: Stamped | None) -> bool:
    """True when ``incoming`` should replace ``current`` (strictly later by the merge order)."""
    return current is None or _order_key(incoming) > _order_key(current)


def merge_fields(
    local: Mapping[str, Stamped], incoming: Mapping[str, Stamped]
) -> dict[str, Stamped]:
    """The incoming fields that win over the local ones: exactly what must be written."""
    return {
        name: value for name, value in incoming.items() if wins(value, local.get(name))
    }


def merged(local: Mapping[str, Stamped], incoming: Mapping[str, Stamped]) -> dict[str, Stamped]:
    """The whole record after the merge (local updated with the winning incoming fields)."""
    out = dict(local)
    out.update(merge_fields(local, incoming))
    return out


def is_deleted(fields: Mapping[str, Stamped]) -> bool:
    """A record is deleted while its ``_deleted`` field's winning value is true."""
    tomb = fields.get(DELETED_FIELD)
    return tomb is not None and tomb.value is True


def new_event_ids(known: Iterable[str], incoming: Iterable[str]) -> list[str]:
    """Union of learning events: the incoming ids not yet known, first occurrence only."""
    seen = set(known)
    fresh: list[str] = []
    for event_id in incoming:
        if event_id not in seen:
            seen.add(event_id)
            fresh.append(event_id)
    return fresh


def coalesce(changes: Iterable[RecordChange]) -> list[RecordChange]:
    """Fold changes to the same record into one change holding each field's winning write.

    Used to shrink an outbox batch before pushing; the result merges exactly like the
    sequence of changes would (LWW is associative and idempotent). Order of first appearance
    is kept.
    """
    folded: dict[tuple[str, str], dict[str, Stamped]] = {}
    for change in changes:
        key = (change.collection, change.record_id)
        incoming = {n: Stamped(f.value, f.hlc) for n, f in change.fields.items()}
        folded[key] = merged(folded.get(key, {}), incoming)
    return [
        RecordChange(
            collection=collection,
            record_id=record_id,
            fields={n: FieldValue(value=s.value, hlc=s.hlc) for n, s in fields.items()},
        )
        for (collection, record_id), fields in folded.items()
    ]
