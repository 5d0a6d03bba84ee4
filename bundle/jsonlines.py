"""Line numbers of JSON values by field path, so a problem can say `manifest.json:12`.

`line_index(text)` maps every field path (the validator's `outline[1].items[0].path` form;
"" for the top-level value) to the line where that value starts. It tolerates broken JSON:
whatever was scanned before the first syntax error is indexed. Pure; thread-safe.
"""

from __future__ import annotations

import contextlib
import json
import re

from bundle.fields import join

_WS = re.compile(r"[ \t\r\n]*")
_decoder = json.JSONDecoder()


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.lines: dict[str, int] = {}

    def line_at(self, pos: int) -> int:
        return self.text.count("\n", 0, pos) + 1

    def skip(self) -> None:
        match = _WS.match(self.text, self.pos)
        self.pos = match.end() if match else self.pos

    def value(self, path: str) -> None:
        self.skip()
        self.lines.setdefault(path, self.line_at(self.pos))
        char = self.text[self.pos : self.pos + 1]
        if char == "{":
            self.pos += 1
            self.skip()
            if self.text.startswith("}", self.pos):
                self.pos += 1
                return
            while True:
                self.skip()
                key, self.pos = _decoder.raw_decode(self.text, self.pos)
                self.skip()
                if not self.text.startswith(":", self.pos):
                    raise ValueError("expected :")
                self.pos += 1
                self.value(join(path, str(key)))
                self.skip()
                if self.text.startswith(",", self.pos):
                    self.pos += 1
                    continue
                if self.text.startswith("}", self.pos):
                    self.pos += 1
                    return
                raise ValueError("expected , or }")
        if char == "[":
            self.pos += 1
            self.skip()
            if self.text.startswith("]", self.pos):
                self.pos += 1
                return
            index = 0
            while True:
                self.value(join(path, index))
                index += 1
                self.skip()
                if self.text.startswith(",", self.pos):
                    self.pos += 1
                    continue
                if self.text.startswith("]", self.pos):
                    self.pos += 1
                    return
                raise ValueError("expected , or ]")
        _, self.pos = _decoder.raw_decode(self.text, self.pos)


def line_index(text: str) -> dict[str, int]:
    scanner = _Scanner(text)
    # Broken JSON: keep what was indexed; load_json reports the syntax error itself.
    with contextlib.suppress(ValueError, IndexError):
        scanner.value("")
    return scanner.lines


def line_of(lines: dict[str, int], field: str) -> int | None:
    """The line of `field`, or of its nearest indexed parent (a missing field is reported
    where its object starts)."""
    path = field
    while True:
        if path in lines:
            return lines[path]
        if not path:
            return None
        cut = max(path.rfind("."), path.rfind("["))
        path = path[:cut] if cut > 0 else ""
