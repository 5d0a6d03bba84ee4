"""Fast JSON encoding and decoding (orjson) for the hot paths of sync: push bodies, pull
pages, the local event and outbox columns.

`dumps` gives the same document as ``json.dumps`` for everything JSON can hold (compact,
UTF-8 instead of ``\\uXXXX`` escapes); for what orjson refuses (integers beyond 64 bits, keys
that are not strings or numbers) it falls back to the standard library, so nothing that
used to encode stops encoding. `loads` likewise falls back for text orjson rejects but the
standard library accepts (``NaN`` written by an older version). Pure functions; thread-safe.
"""

from __future__ import annotations

import json
from typing import Any

import orjson

# Datetimes and dataclasses go to the fallback, which refuses them as before: a JSON column
# gets JSON values, never a silently converted object.
_OPTIONS = (
    orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
)


def dumps(value: Any) -> bytes:
    try:
        return orjson.dumps(value, option=_OPTIONS)
    except TypeError:  # orjson.JSONEncodeError is a TypeError
        return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()


def dumps_text(value: Any) -> str:
    return dumps(value).decode()


def loads(text: str | bytes) -> Any:
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        return json.loads(text)
