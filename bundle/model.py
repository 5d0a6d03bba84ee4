"""The bundle's content model: frozen dataclasses for the manifest and quizzes, the format's
vocabularies (kinds, question types, topics), and answer checking (`Question.check`).

Build them with `bundle.parsing.load_manifest` / `load_quiz`, which raise `BundleError`
listing every problem unless the data is valid (the field-by-field rules live in
`parsing`; the model never parses). All objects are immutable and thread-safe.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

FORMAT = "satchel-bundle/1"
KINDS = ("text", "pdf", "audio", "video", "quiz")
LESSON_KINDS = ("text", "pdf", "audio", "video")
KIND_EXTENSIONS: dict[str, tuple[str, ...]] = {
    "text": (".md",),
    "pdf": (".pdf",),
    "audio": (".ogg", ".wav", ".mp3", ".m4a"),
    "video": (".mp4", ".webm"),
    "quiz": (".json",),
}
QUESTION_TYPES = ("single", "multiple", "true_false", "numeric", "short_text")
TOPICS = ("programming", "data", "fitness", "arts", "language", "finance", "other")
COMPLETION_TYPES = ("viewed", "time", "score")
ENCRYPTION_SCHEME = "satchel-chunked-aead/1"
MIN_CHUNK_SIZE = 1024
MAX_CHUNK_SIZE = 16 * 1024 * 1024

# Currencies whose minor unit is not 1/100 (ISO 4217); everything else has two decimals.
_CURRENCY_DECIMALS = {"JPY": 0, "KRW": 0, "VND": 0, "CLP": 0, "ISK": 0, "BHD": 3, "KWD": 3}


# --------------------------------------------------------------------------- dataclasses
@dataclass(frozen=True)
class Author:
    name: str
    email: str | None = None


@dataclass(frozen=True)
class Skill:
    id: str
    name: str


@dataclass(frozen=True)
class Price:
    """A price hint in integer minor units (cents, fen) of an ISO 4217 currency."""

    amount: int
    currency: str

    @property
    def is_free(self) -> bool:
        return self.amount == 0

    def format(self) -> str:
        if self.is_free:
            return "free"
        decimals = _CURRENCY_DECIMALS.get(self.currency, 2)
        if decimals == 0:
            return f"{self.currency} {self.amount}"
        major, minor = divmod(self.amount, 10**decimals)
        return f"{self.currency} {major}.{minor:0{decimals}d}"


@dataclass(frozen=True)
class Completion:
    """When an item counts as done: `viewed`, `time` (min_seconds) or `score` (min_score)."""

    type: str
    min_seconds: int | None = None
    min_score: float | None = None


@dataclass(frozen=True)
class Item:
    """A lesson or a quiz in the outline."""

    id: str
    kind: str
    title: str
    path: str
    duration_min: float
    skills: tuple[str, ...]
    completion: Completion
    free_preview: bool = False
    transcript: str | None = None

    @property
    def is_quiz(self) -> bool:
        return self.kind == "quiz"

    @property
    def paths(self) -> tuple[str, ...]:
        """Every bundle file this item needs (its path and transcript)."""
        return (self.path,) if self.transcript is None else (self.path, self.transcript)


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class FileEntry:
    """A file of a packed bundle: its path, and the sha256 and size of the stored bytes."""

    path: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Encryption:
    scheme: str
    chunk_size: int
    files: tuple[str, ...]


@dataclass(frozen=True)
class Manifest:
    format: str
    id: str
    version: str
    min_app_version: str
    title: str
    language: str
    authors: tuple[Author, ...]
    licence: str
    description: str
    topic: str
    tags: tuple[str, ...]
    skills: tuple[Skill, ...]
    price_hint: Price
    outline: tuple[Module, ...]
    files: tuple[FileEntry, ...] | None = None
    encryption: Encryption | None = None

    def items(self) -> Iterator[Item]:
        for module in self.outline:
            yield from module.items

    def item(self, item_id: str) -> Item:
        for item in self.items():
            if item.id == item_id:
                return item
        raise KeyError(item_id)

    @property
    def skill_ids(self) -> frozenset[str]:
        return frozenset(s.id for s in self.skills)

    def file_entry(self, path: str) -> FileEntry | None:
        for entry in self.files or ():
            if entry.path == path:
                return entry
        return None

    @property
    def encrypted_paths(self) -> frozenset[str]:
        return frozenset(self.encryption.files) if self.encryption else frozenset()

    def is_encrypted(self, path: str) -> bool:
        return path in self.encrypted_paths

    @property
    def total_duration_min(self) -> float:
        return sum(item.duration_min for item in self.items())


@dataclass(frozen=True)
class Choice:
    id: str
    text: str


Answer = str | bool | float | tuple[str, ...]


@dataclass(frozen=True)
class Question:
    """One quiz question with its answer key.

    `answer` is a choice id (`single`), a tuple of choice ids (`multiple`), a bool
    (`true_false`), a float (`numeric`) or a tuple of accepted texts (`short_text`).
    """

    id: str
    type: str
    prompt: str
    answer: Answer
    explanation: str
    skills: tuple[str, ...]
    difficulty: float
    choices: tuple[Choice, ...] = ()
    tolerance: float = 0.0
    unit: str | None = None
    case_sensitive: bool = False

    def check(self, response: object) -> bool:
        """Whether `response` is correct. Wrong-typed responses are simply wrong.

        single: the choice id; multiple: the exact set of choice ids (order and repeats do
        not matter); true_false: a bool; numeric: a number or numeric text within
        `tolerance` (absolute); short_text: text equal to an accepted answer after trimming,
        collapsing inner whitespace and Unicode NFC, ignoring case unless `case_sensitive`.
        """
        if self.type == "single":
            return isinstance(response, str) and response == self.answer
        if self.type == "multiple":
            if isinstance(response, str | bytes) or not isinstance(
                response, list | tuple | set | frozenset
            ):
                return False
            if not all(isinstance(r, str) for r in response):
                return False
            return isinstance(self.answer, tuple) and set(response) == set(self.answer)
        if self.type == "true_false":
            return isinstance(response, bool) and response is self.answer
        if self.type == "numeric":
            value = _as_number(response)
            if value is None or isinstance(self.answer, bool | str | tuple):
                return False
            key = float(self.answer)
            slack = 1e-9 * max(1.0, abs(key))  # absorb binary floating-point noise only
            return abs(value - key) <= self.tolerance + slack
        if self.type == "short_text":
            if not isinstance(response, str) or not isinstance(self.answer, tuple):
                return False
            given = self._normalise(response)
            return any(given == self._normalise(a) for a in self.answer)
        return False

    def _normalise(self, text: str) -> str:
        text = " ".join(unicodedata.normalize("NFC", text).split())
        return text if self.case_sensitive else text.casefold()


def _as_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


@dataclass(frozen=True)
class Quiz:
    id: str
    title: str
    questions: tuple[Question, ...]

    def question(self, question_id: str) -> Question:
        for q in self.questions:
            if q.id == question_id:
                return q
        raise KeyError(question_id)
