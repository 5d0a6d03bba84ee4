"""Fixtures for the bundle tests: a builder for a small valid course that tests mutate, and
helpers that craft archives the packer would never write (to test the reader's guards)."""

from __future__ import annotations

import copy
import hashlib
import io
import json
import random
import struct
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bundle.report import Problem, Report
from bundle.source import Limits

_RNG = random.Random(20240601)
AUDIO = b"OggS" + _RNG.randbytes(200_000)  # several 64 KiB encryption chunks
PNG = b"\x89PNG\r\n\x1a\n" + _RNG.randbytes(3_000)

VALID_MANIFEST: dict[str, Any] = {
    "format": "satchel-bundle/1",
    "id": "py-basics",
    "version": "1.0.0",
    "min_app_version": "0.1.0",
    "title": "Python basics",
    "language": "en",
    "authors": [{"name": "Ada Lovelace", "email": "ada@example.com"}],
    "licence": "CC-BY-4.0",
    "description": "Learn *Python* from zero.",
    "topic": "programming",
    "tags": ["python", "beginner"],
    "skills": [
        {"id": "py.variables", "name": "Variables"},
        {"id": "py.print", "name": "Printing"},
    ],
    "price_hint": {"amount": 1999, "currency": "USD"},
    "outline": [
        {
            "id": "m-start",
            "title": "Getting started",
            "items": [
                {
                    "id": "intro",
                    "kind": "text",
                    "title": "Welcome",
                    "path": "lessons/intro.md",
                    "duration_min": 5,
                    "skills": ["py.print"],
                    "completion": {"type": "viewed"},
                    "free_preview": True,
                },
                {
                    "id": "talk",
                    "kind": "audio",
                    "title": "A short talk",
                    "path": "lessons/talk.ogg",
                    "duration_min": 2.5,
                    "skills": ["py.variables"],
                    "completion": {"type": "time", "min_seconds": 60},
                    "transcript": "lessons/talk.md",
                },
            ],
        },
        {
            "id": "m-check",
            "title": "Check yourself",
            "items": [
                {
                    "id": "q-basics",
                    "kind": "quiz",
                    "title": "Check: basics",
                    "path": "quizzes/q-basics.json",
                    "duration_min": 3,
                    "skills": ["py.variables", "py.print"],
                    "completion": {"type": "score", "min": 0.7},
                }
            ],
        },
    ],
}

VALID_QUIZ: dict[str, Any] = {
    "id": "q-basics",
    "title": "Check: basics",
    "questions": [
        {
            "id": "q1",
            "type": "true_false",
            "prompt": "A variable can be reassigned.",
            "answer": True,
            "explanation": "Names can be bound again.",
            "skills": ["py.variables"],
            "difficulty": 0.1,
        },
        {
            "id": "q2",
            "type": "multiple",
            "prompt": "Which are valid names?",
            "choices": [
                {"id": "a", "text": "total"},
                {"id": "b", "text": "2total"},
                {"id": "c", "text": "_total"},
            ],
            "answer": ["a", "c"],
            "explanation": "Names cannot start with a digit.",
            "skills": ["py.variables"],
            "difficulty": 0.4,
        },
        {
            "id": "q3",
            "type": "single",
            "prompt": "What prints hello?",
            "choices": [
                {"id": "a", "text": "print('hello')"},
                {"id": "b", "text": "echo hello"},
                {"id": "c", "text": "say('hello')"},
                {"id": "d", "text": "puts 'hello'"},
            ],
            "answer": "a",
            "explanation": "print() writes to standard output.",
            "skills": ["py.print"],
            "difficulty": 0.2,
        },
        {
            "id": "q4",
            "type": "numeric",
            "prompt": "What is 7 / 2?",
            "answer": 3.5,
            "tolerance": 0.01,
            "explanation": "/ is true division.",
            "skills": ["py.variables"],
            "difficulty": 0.3,
        },
        {
            "id": "q5",
            "type": "short_text",
            "prompt": "Which function writes text to the screen?",
            "answer": ["print", "print()"],
            "case_sensitive": False,
            "explanation": "print() it is.",
            "skills": ["py.print"],
            "difficulty": 0.2,
        },
    ],
}


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class BundleBuilder:
    """A small valid course as plain data; tests mutate it, then write a folder or a zip."""

    def __init__(self) -> None:
        self.manifest: dict[str, Any] = copy.deepcopy(VALID_MANIFEST)
        self.quizzes: dict[str, Any] = {"quizzes/q-basics.json": copy.deepcopy(VALID_QUIZ)}
        self.files: dict[str, bytes] = {
            "lessons/intro.md": (
                b"# Welcome\n\nPython is friendly.\n\n![a diagram](../media/diagram.png)\n"
            ),
            "lessons/talk.ogg": AUDIO,
            "lessons/talk.md": "Transcript: hello and welcome, 你好.\n".encode(),
            "media/diagram.png": PNG,
        }
        self.raw: dict[str, bytes] = {}  # members written verbatim (e.g. broken JSON)

    # -- content -------------------------------------------------------------------------
    def item(self, item_id: str) -> dict[str, Any]:
        for module in self.manifest["outline"]:
            for item in module["items"]:
                if item["id"] == item_id:
                    return item  # type: ignore[no-any-return]
        raise KeyError(item_id)

    def quiz(self) -> dict[str, Any]:
        return self.quizzes["quizzes/q-basics.json"]  # type: ignore[no-any-return]

    def contents(self) -> dict[str, bytes]:
        """Every member except manifest.json, as bytes."""
        out = dict(self.files)
        for path, quiz in self.quizzes.items():
            out[path] = json.dumps(quiz, indent=2, ensure_ascii=False).encode()
        out.update({k: v for k, v in self.raw.items() if k != "manifest.json"})
        return out

    def files_list(self, contents: dict[str, bytes] | None = None) -> list[dict[str, Any]]:
        contents = self.contents() if contents is None else contents
        return [
            {"path": p, "sha256": sha256(d), "size": len(d)}
            for p, d in sorted(contents.items())
            if p not in ("manifest.json", "signature.json")
        ]

    def manifest_bytes(self) -> bytes:
        if "manifest.json" in self.raw:
            return self.raw["manifest.json"]
        return json.dumps(self.manifest, indent=2, ensure_ascii=False).encode()

    # -- writers ---------------------------------------------------------------------------
    def write_folder(self, path: Path) -> Path:
        path.mkdir(parents=True, exist_ok=True)
        (path / "manifest.json").write_bytes(self.manifest_bytes())
        for name, data in self.contents().items():
            target = path.joinpath(*name.split("/"))
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        return path

    def write_zip(
        self,
        path: Path,
        *,
        files_list: bool = True,
        extra: dict[str, bytes] | None = None,
        compress: int = zipfile.ZIP_DEFLATED,
    ) -> Path:
        """A packed bundle written directly (not by `pack`), so tests control every byte.
        `extra` members are added without being listed in `files`."""
        contents = self.contents()
        if files_list and "manifest.json" not in self.raw:
            self.manifest["files"] = self.files_list(contents)
        entries = [("manifest.json", self.manifest_bytes()), *sorted(contents.items())]
        entries += list((extra or {}).items())
        write_raw_zip(path, entries, compress=compress)
        return path


def write_raw_zip(
    path: Path,
    entries: list[tuple[str, bytes]] | list[tuple[str, bytes, int]],
    *,
    compress: int = zipfile.ZIP_DEFLATED,
    edit: Callable[[zipfile.ZipInfo], None] | None = None,
) -> Path:
    """Write entries (name, data[, external_attr]) with zipfile, allowing what pack forbids:
    duplicates, unsafe names, links. `edit` may change each ZipInfo before it is written."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        for entry in entries:
            name, data = entry[0], entry[1]
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = compress
            info.create_system = 3
            info.external_attr = (entry[2] if len(entry) == 3 else 0o100644) << 16  # type: ignore[misc]
            if edit is not None:
                edit(info)
            with warnings.catch_warnings():  # zipfile warns on duplicates; some are wanted
                warnings.simplefilter("ignore", UserWarning)
                zf.writestr(info, data)
    path.write_bytes(buffer.getvalue())
    return path


def patch_declared_size(path: Path, member: str, new_size: int) -> None:
    """Make `member`'s local and central headers claim `new_size` uncompressed bytes (a
    lying header), leaving the data and CRC alone."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(member)
    offset = info.header_offset
    assert data[offset : offset + 4] == b"PK\x03\x04"
    struct.pack_into("<I", data, offset + 22, new_size)
    name = member.encode()
    central = data.find(b"PK\x01\x02")
    while central != -1:
        name_len = struct.unpack_from("<H", data, central + 28)[0]
        if bytes(data[central + 46 : central + 46 + name_len]) == name:
            struct.pack_into("<I", data, central + 24, new_size)
            break
        central = data.find(b"PK\x01\x02", central + 4)
    else:  # pragma: no cover - helper misuse
        raise AssertionError(f"{member} not in the central directory")
    path.write_bytes(bytes(data))


@pytest.fixture
def builder() -> BundleBuilder:
    """A fresh valid course to mutate."""
    return BundleBuilder()


@pytest.fixture
def folder(tmp_path: Path, builder: BundleBuilder) -> Path:
    """The valid course written as a folder."""
    return builder.write_folder(tmp_path / "course")


@pytest.fixture
def small_limits() -> Limits:
    return Limits(max_entries=20, max_file_size=1_000_000, max_total_size=2_000_000, max_ratio=50)


@pytest.fixture
def raw_zip() -> Callable[..., Path]:
    """`write_raw_zip(path, entries, compress=..., edit=...)`."""
    return write_raw_zip


@pytest.fixture
def lie_about_size() -> Callable[[Path, str, int], None]:
    """`patch_declared_size(path, member, new_size)`."""
    return patch_declared_size


def find(report: Report, file: str, field: str = "") -> Problem:
    """The single problem about `file`/`field`; fails listing the report otherwise."""
    hits = report.find(file, field)
    assert len(hits) == 1, f"expected one problem at {file} {field!r}, got:\n{report.format()}"
    return hits[0]


@pytest.fixture
def problem_at() -> Callable[[Report, str, str], Problem]:
    return find
