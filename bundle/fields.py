"""Typed reading of parsed JSON with precise problems.

`FieldReader` reads one field at a time from a JSON object, records a `Problem` (file +
JSON-pointer-ish field path such as `outline[1].items[0].path`) when it is missing or of the
wrong type, and returns None so the caller can carry on and find every other problem in the
same pass. `load_json` turns bytes into a value or a problem with line and column.

A reader appends to the list it was given; use one per thread.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Collection
from typing import Any

from bundle.report import Problem, Severity


def join(base: str, key: str | int) -> str:
    """`join("outline[1]", "items")` -> `outline[1].items`; `join("items", 0)` -> `items[0]`."""
    if isinstance(key, int):
        return f"{base}[{key}]"
    return f"{base}.{key}" if base else key


def describe(value: object) -> str:
    """How a JSON value looks to the author: `a number (3)`, `a string ("x")`, `null`, ..."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return f"a boolean ({'true' if value else 'false'})"
    if isinstance(value, int | float):
        return f"a number ({value!r})"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "..."
        return f"a string ({json.dumps(shown, ensure_ascii=False)})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def quote(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


class JsonLoadError(Exception):
    """Raised by `load_json`; `str()` is the plain message (with line and column)."""


def load_json(data: bytes) -> Any:
    """Parse UTF-8 JSON strictly: no BOM, no NaN/Infinity, no duplicate keys."""
    if data.startswith(b"\xef\xbb\xbf"):
        raise JsonLoadError("starts with a UTF-8 byte-order mark; save it as UTF-8 without BOM")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JsonLoadError(
            f"is not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None

    def no_constants(name: str) -> Any:
        raise JsonLoadError(f"invalid JSON: {name} is not allowed (JSON has no {name})")

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in items:
            if key in out:
                raise JsonLoadError(f"invalid JSON: duplicate key {quote(key)} in an object")
            out[key] = value
        return out

    try:
        return json.loads(text, parse_constant=no_constants, object_pairs_hook=pairs)
    except json.JSONDecodeError as exc:
        raise JsonLoadError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    except RecursionError:
        raise JsonLoadError("invalid JSON: nested too deeply") from None


class FieldReader:
    """Reads fields of one JSON file, recording problems against `file`."""

    def __init__(self, file: str, problems: list[Problem]) -> None:
        self.file = file
        self.problems = problems

    # -- recording -----------------------------------------------------------------------
    def error(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, field, message, "error"))

    def warn(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.file, field, message, "warning"))

    def add(self, field: str, message: str, severity: Severity) -> None:
        self.problems.append(Problem(self.file, field, message, severity))

    @property
    def error_count(self) -> int:
        return sum(1 for p in self.problems if p.severity == "error")

    # -- shapes --------------------------------------------------------------------------
    def as_object(self, value: object, field: str) -> dict[str, Any] | None:
        if isinstance(value, dict):
            return value
        what = "the top level of the file" if field == "" else "this field"
        self.error(field, f"expected an object for {what}, got {describe(value)}")
        return None

    def _get(self, obj: dict[str, Any], key: str, base: str, required: bool) -> tuple[bool, Any]:
        if key in obj:
            return True, obj[key]
        if required:
            self.error(join(base, key), "required field is missing")
        return False, None

    def _wrong(self, field: str, expected: str, value: object) -> None:
        self.error(field, f"expected {expected}, got {describe(value)}")

    def string(
        self,
        obj: dict[str, Any],
        key: str,
        base: str = "",
        *,
        required: bool = True,
        allow_empty: bool = False,
        pattern: re.Pattern[str] | None = None,
        hint: str = "",
    ) -> str | None:
        present, value = self._get(obj, key, base, required)
        if not present:
            return None
        field = join(base, key)
        if not isinstance(value, str):
            self._wrong(field, "a string", value)
            return None
        if not allow_empty and not value.strip():
            self.error(field, "must not be empty")
            return None
        if pattern is not None and not pattern.fullmatch(value):
            self.error(field, f"{quote(value)} is not valid{': ' + hint if hint else ''}")
            return None
        return value

    def choice(
        self,
        obj: dict[str, Any],
        key: str,
        base: str,
        options: Collection[str],
        *,
        what: str,
        required: bool = True,
    ) -> str | None:
        value = self.string(obj, key, base, required=required)
        if value is None:
            return None
        if value not in options:
            self.error(
                join(base, key),
                f"{quote(value)} is not a known {what}; use one of {', '.join(options)}",
            )
            return None
        return value

    def integer(
        self,
        obj: dict[str, Any],
        key: str,
        base: str = "",
        *,
        required: bool = True,
        minimum: int | None = None,
    ) -> int | None:
        present, value = self._get(obj, key, base, required)
        if not present:
            return None
        field = join(base, key)
        if isinstance(value, bool) or not isinstance(value, int):
            self._wrong(field, "a whole number", value)
            return None
        if minimum is not None and value < minimum:
            self.error(field, f"must be at least {minimum}, got {value}")
            return None
        return value

    def number(
        self,
        obj: dict[str, Any],
        key: str,
        base: str = "",
        *,
        required: bool = True,
        minimum: float | None = None,
        maximum: float | None = None,
        positive: bool = False,
    ) -> float | None:
        present, value = self._get(obj, key, base, required)
        if not present:
            return None
        field = join(base, key)
        if isinstance(value, bool) or not isinstance(value, int | float):
            self._wrong(field, "a number", value)
            return None
        number = float(value)
        if not math.isfinite(number):
            self.error(field, "must be a finite number")
            return None
        if positive and number <= 0:
            self.error(field, f"must be greater than 0, got {value!r}")
            return None
        if minimum is not None and maximum is not None and not minimum <= number <= maximum:
            self.error(field, f"must be between {minimum:g} and {maximum:g}, got {value!r}")
            return None
        if minimum is not None and number < minimum:
            self.error(field, f"must be at least {minimum:g}, got {value!r}")
            return None
        return number

    def boolean(
        self, obj: dict[str, Any], key: str, base: str = "", *, required: bool = False
    ) -> bool | None:
        present, value = self._get(obj, key, base, required)
        if not present:
            return None
        if not isinstance(value, bool):
            self._wrong(join(base, key), "true or false", value)
            return None
        return value

    def array(
        self,
        obj: dict[str, Any],
        key: str,
        base: str = "",
        *,
        required: bool = True,
        min_items: int = 0,
    ) -> list[Any] | None:
        present, value = self._get(obj, key, base, required)
        if not present:
            return None
        field = join(base, key)
        if not isinstance(value, list):
            self._wrong(field, "a list", value)
            return None
        if len(value) < min_items:
            self.error(
                field, f"needs at least {min_items} {'entry' if min_items == 1 else 'entries'}"
            )
            return None
        return value

    def object(
        self, obj: dict[str, Any], key: str, base: str = "", *, required: bool = True
    ) -> dict[str, Any] | None:
        present, value = self._get(obj, key, base, required)
        if not present:
            return None
        if not isinstance(value, dict):
            self._wrong(join(base, key), "an object", value)
            return None
        return value

    def unknown_keys(self, obj: dict[str, Any], allowed: Collection[str], base: str = "") -> None:
        """Warn about fields the format does not define (usually a typo)."""
        for key in obj:
            if key not in allowed:
                self.warn(join(base, key), "unknown field (ignored); check the spelling")
