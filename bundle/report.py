"""Problems found in a bundle and the report that collects them.

`Problem` is one precise finding (which file, which JSON field, what is wrong); `Report` is
the ordered list a validation produced. Both are immutable values; safe to share across
threads.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One finding. `file` is the bundle member (or the bundle itself), `field` a JSON path
    inside that file such as `outline[1].items[0].path` ("" when it is about the whole file)."""

    file: str
    field: str
    message: str
    severity: Severity = "error"
    line: int | None = None  # 1-based line in `file` where the problem is, when known

    @property
    def place(self) -> str:
        """`file:line` (or just `file`), the way editors and terminals link to a spot."""
        return f"{self.file}:{self.line}" if self.line else self.file

    def __str__(self) -> str:
        where = f"{self.place}: {self.field}" if self.field else self.place
        return f"{where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "file": self.file,
            "field": self.field,
            "message": self.message,
            "severity": self.severity,
        }
        if self.line:
            out["line"] = self.line
        return out


@dataclass(frozen=True)
class Report:
    """Everything a validation found. `ok` is True when there is no error (warnings allowed)."""

    location: str
    problems: tuple[Problem, ...] = field(default=())

    @classmethod
    def of(cls, location: str, problems: Iterable[Problem]) -> Report:
        return cls(location, tuple(problems))

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "warning")

    @property
    def ok(self) -> bool:
        return not self.errors

    def find(self, file: str, field: str | None = None) -> list[Problem]:
        """Problems about `file` (and `field`, when given); handy for callers and tests."""
        return [p for p in self.problems if p.file == file and (field is None or p.field == field)]

    def format(self) -> str:
        """Human-readable text: a summary line, then one line per problem."""
        n_err, n_warn = len(self.errors), len(self.warnings)
        if not self.problems:
            return f"{self.location}: valid, no problems found"
        verdict = "valid" if self.ok else "INVALID"
        counts = [_plural(n_err, "error")]
        if n_warn:
            counts.append(_plural(n_warn, "warning"))
        lines = [f"{self.location}: {verdict} ({', '.join(counts)})"]
        lines += [f"  {p.severity}: {p}" for p in self.problems]
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps(
            {
                "location": self.location,
                "ok": self.ok,
                "errors": len(self.errors),
                "warnings": len(self.warnings),
                "problems": [p.to_dict() for p in self.problems],
            },
            ensure_ascii=False,
            indent=2,
        )


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
