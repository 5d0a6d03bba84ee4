"""The bundle path rule: relative, `/`-separated, no `..`, no leading `/`, no backslashes, no
drive letters, no empty segments (plus: no `.` segments and no control characters, which the
spec's rule implies for a path that must mean the same thing on every platform).

Pure functions; thread-safe.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

MANIFEST = "manifest.json"
SIGNATURE = "signature.json"
RESERVED = frozenset({MANIFEST, SIGNATURE})

_DRIVE = re.compile(r"^[A-Za-z]:")


def path_problem(path: str) -> str | None:
    """Why `path` is not a safe bundle path, or None when it is safe."""
    if path == "":
        return "is empty"
    if "\\" in path:
        return "contains a backslash (use / between folders)"
    if path.startswith("/"):
        return "is absolute (starts with /)"
    if _DRIVE.match(path):
        return "starts with a drive letter"
    if any(ord(c) < 32 or ord(c) == 127 for c in path):
        return "contains a control character"
    segments = path.split("/")
    if ".." in segments:
        return 'contains a ".." segment'
    if "." in segments:
        return 'contains a "." segment'
    if "" in segments:
        return "has an empty segment (// or a trailing /)"
    return None


def display_name(name: str) -> str:
    """`name` made safe to print: undecodable bytes become U+FFFD and control characters
    (which could drive a terminal) are shown as escapes."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return "".join(c if ord(c) >= 32 and ord(c) != 127 else f"\\x{ord(c):02x}" for c in text)


def is_safe_path(path: str) -> bool:
    return path_problem(path) is None


def is_ignored(path: str) -> bool:
    """Files an authoring folder may contain that never go into a bundle: dotfiles and dot
    folders (.DS_Store, .git, ...) and `__pycache__`."""
    return any(seg.startswith(".") or seg == "__pycache__" for seg in path.split("/"))


def extension(path: str) -> str:
    """Lower-case extension with the dot (`.md`), or "" when there is none."""
    name = path.rsplit("/", 1)[-1]
    dot = name.rfind(".")
    return name[dot:].lower() if dot > 0 else ""


_IMAGE_RE = re.compile(r"!\[[^\]]*\]\(\s*<?([^)\s>]+)")


def markdown_images(text: str) -> list[tuple[int, str]]:
    """(line number, target) of every Markdown image `![alt](target)` in `text`."""
    found: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), 1):
        found.extend((number, m.group(1)) for m in _IMAGE_RE.finditer(line))
    return found


def resolve_link(lesson_path: str, target: str) -> str | None:
    """The bundle path a relative link in `lesson_path` points at; None for external links
    (`https:`, `data:`, `#anchor`, `mailto:`), and "" when it is absolute or leaves the
    bundle."""
    if ":" in target.split("/", 1)[0] or target.startswith("#"):
        return None
    target = unquote(target.split("#", 1)[0].split("?", 1)[0])
    if target.startswith("/") or "\\" in target:
        return ""
    parts = lesson_path.split("/")[:-1]
    for segment in target.split("/"):
        if segment in ("", "."):
            continue
        if segment == "..":
            if not parts:
                return ""
            parts.pop()
        else:
            parts.append(segment)
    return "/".join(parts)
