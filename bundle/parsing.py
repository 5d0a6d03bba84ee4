"""Parsing manifest and quiz JSON into the model, field by field, with precise problems.

`parse_manifest` / `parse_quiz` read a parsed JSON value through a `FieldReader`, record
every problem they find (missing or wrong-typed fields, ids, paths, answer keys, undeclared
skills, duplicates) and always return an object: invalid fields become empty placeholders
and list positions are kept, so later checks can still name `outline[1].items[0].path`. Only
the validator uses those best-effort objects; everyone else calls `load_manifest` /
`load_quiz`, which raise `BundleError` unless the data is valid. Pure functions; thread-safe.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Collection
from typing import Any

from bundle.errors import BundleError
from bundle.fields import FieldReader, describe, join, quote
from bundle.model import (
    COMPLETION_TYPES,
    ENCRYPTION_SCHEME,
    FORMAT,
    KIND_EXTENSIONS,
    KINDS,
    LESSON_KINDS,
    MAX_CHUNK_SIZE,
    MIN_CHUNK_SIZE,
    QUESTION_TYPES,
    TOPICS,
    Answer,
    Author,
    Choice,
    Completion,
    Encryption,
    FileEntry,
    Item,
    Manifest,
    Module,
    Price,
    Question,
    Quiz,
    Skill,
)
from bundle.paths import RESERVED, extension, path_problem
from bundle.report import Problem

BUNDLE_ID_RE = re.compile(r"[a-z0-9][a-z0-9-]{2,63}")
ITEM_ID_RE = re.compile(r"[a-z0-9_.-]+")
SEMVER_RE = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")
LANGUAGE_RE = re.compile(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*")
CURRENCY_RE = re.compile(r"[A-Z]{3}")
SHA256_RE = re.compile(r"[0-9a-f]{64}")
LICENCE_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*( (AND|OR|WITH) [A-Za-z0-9][A-Za-z0-9.+-]*)*")
EMAIL_RE = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")

_ID_HINT = 'use lower-case letters, digits, "_", "." and "-"'

_MANIFEST_KEYS = (
    "format", "id", "version", "min_app_version", "title", "language", "authors", "licence",
    "description", "topic", "tags", "skills", "price_hint", "outline", "files", "encryption",
)  # fmt: skip
_ITEM_KEYS = (
    "id", "kind", "title", "path", "duration_min", "skills", "completion", "free_preview",
    "transcript",
)  # fmt: skip


def load_manifest(data: object) -> Manifest:
    """A manifest from parsed JSON; raises `BundleError` listing every problem unless valid."""
    problems: list[Problem] = []
    manifest = parse_manifest(data, FieldReader("manifest.json", problems))
    _raise_errors(problems)
    return manifest


def load_quiz(
    data: object, *, declared_skills: Collection[str] | None = None, file: str = "quiz"
) -> Quiz:
    """A quiz from parsed JSON; raises `BundleError` listing every problem unless valid."""
    problems: list[Problem] = []
    quiz = parse_quiz(data, FieldReader(file, problems), declared_skills=declared_skills)
    _raise_errors(problems)
    return quiz


def _raise_errors(problems: list[Problem]) -> None:
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise BundleError("\n".join(str(p) for p in errors))


def parse_manifest(data: object, r: FieldReader) -> Manifest:
    """Best-effort parse recording every problem in `r` (see the module docstring)."""
    obj = r.as_object(data, "") or {}
    if obj:
        r.unknown_keys(obj, _MANIFEST_KEYS)
    fmt = r.string(obj, "format")
    if fmt is not None and fmt != FORMAT:
        r.error("format", f"{quote(fmt)} is not supported; this reader understands {quote(FORMAT)}")
    bundle_id = r.string(
        obj, "id", pattern=BUNDLE_ID_RE,
        hint='3 to 64 lower-case letters, digits and "-", starting with a letter or digit',
    )  # fmt: skip
    semver_hint = "use a semantic version MAJOR.MINOR.PATCH such as 1.0.0"
    version = r.string(obj, "version", pattern=SEMVER_RE, hint=semver_hint)
    min_app = r.string(obj, "min_app_version", pattern=SEMVER_RE, hint=semver_hint)
    title = r.string(obj, "title")
    language = r.string(
        obj, "language", pattern=LANGUAGE_RE, hint="use a BCP 47 tag such as en or zh-CN"
    )
    licence = r.string(
        obj, "licence", pattern=LICENCE_RE, hint='use an SPDX id such as CC-BY-4.0 or "proprietary"'
    )
    description = r.string(obj, "description")
    topic = r.choice(obj, "topic", "", TOPICS, what="topic")

    authors: list[Author] = []
    for i, raw in enumerate(r.array(obj, "authors", min_items=1) or []):
        base = join("authors", i)
        a = r.as_object(raw, base)
        if a is None:
            continue
        r.unknown_keys(a, ("name", "email"), base)
        name = r.string(a, "name", base)
        email = r.string(
            a, "email", base, required=False, pattern=EMAIL_RE, hint="not an e-mail address"
        )
        authors.append(Author(name or "", email))

    tags: list[str] = []
    for i, raw in enumerate(r.array(obj, "tags") or []):
        field = join("tags", i)
        if not isinstance(raw, str) or not raw.strip():
            r.error(field, f"expected a non-empty string, got {describe(raw)}")
        elif raw != raw.lower():
            r.error(field, f"{quote(raw)} must be lower-case ({quote(raw.lower())})")
        else:
            tags.append(raw)

    skills = _parse_skills(r, obj)
    declared = {s.id for s in skills if s.id}

    price = Price(0, "")
    price_obj = r.object(obj, "price_hint")
    if price_obj is not None:
        r.unknown_keys(price_obj, ("amount", "currency"), "price_hint")
        amount = r.integer(price_obj, "amount", "price_hint", minimum=0)
        currency = r.string(
            price_obj, "currency", "price_hint", pattern=CURRENCY_RE,
            hint="use an ISO 4217 code such as USD, CNY or EUR",
        )  # fmt: skip
        price = Price(amount or 0, currency or "")

    outline = _parse_outline(r, obj, declared)
    files = _parse_files(r, obj)
    encryption = _parse_encryption(r, obj, files)

    return Manifest(
        format=fmt or "",
        id=bundle_id or "",
        version=version or "",
        min_app_version=min_app or "",
        title=title or "",
        language=language or "",
        authors=tuple(authors),
        licence=licence or "",
        description=description or "",
        topic=topic or "",
        tags=tuple(tags),
        skills=tuple(skills),
        price_hint=price,
        outline=outline,
        files=files,
        encryption=encryption,
    )


def _parse_skills(r: FieldReader, obj: dict[str, Any]) -> list[Skill]:
    skills: list[Skill] = []
    seen: dict[str, str] = {}
    for i, raw in enumerate(r.array(obj, "skills") or []):
        base = join("skills", i)
        s = r.as_object(raw, base)
        if s is None:
            continue
        r.unknown_keys(s, ("id", "name"), base)
        sid = r.string(s, "id", base, pattern=ITEM_ID_RE, hint=_ID_HINT)
        name = r.string(s, "name", base)
        if sid is not None:
            if sid in seen:
                r.error(
                    join(base, "id"), f"skill id {quote(sid)} is already declared at {seen[sid]}"
                )
                sid = None
            else:
                seen[sid] = base
        skills.append(Skill(sid or "", name or ""))
    return skills


def _check_skill_refs(
    r: FieldReader, values: list[Any] | None, base: str, declared: Collection[str] | None
) -> tuple[str, ...]:
    out: list[str] = []
    for i, raw in enumerate(values or []):
        field = join(base, i)
        if not isinstance(raw, str) or not raw:
            r.error(field, f"expected a skill id, got {describe(raw)}")
            continue
        if declared is not None and raw not in declared:
            r.error(field, f"skill {quote(raw)} is not declared in manifest.json skills")
            continue
        out.append(raw)
    return tuple(out)


def _check_path(r: FieldReader, field: str, path: str) -> bool:
    reason = path_problem(path)
    if reason is not None:
        r.error(field, f"{quote(path)} is not a safe path: it {reason}")
        return False
    if path in RESERVED:
        r.error(field, f"{quote(path)} is reserved for the bundle's own metadata")
        return False
    return True


def _parse_outline(r: FieldReader, obj: dict[str, Any], declared: set[str]) -> tuple[Module, ...]:
    modules: list[Module] = []
    seen_ids: dict[str, str] = {}

    def claim(raw_id: str | None, field: str) -> str | None:
        if raw_id is None:
            return None
        if raw_id in seen_ids:
            r.error(field, f"id {quote(raw_id)} is already used by {seen_ids[raw_id]}")
            return None
        seen_ids[raw_id] = field.rsplit(".", 1)[0]
        return raw_id

    for m, raw_module in enumerate(r.array(obj, "outline", min_items=1) or []):
        mbase = join("outline", m)
        mod = r.as_object(raw_module, mbase)
        if mod is None:
            modules.append(Module("", "", ()))
            continue
        r.unknown_keys(mod, ("id", "title", "items"), mbase)
        mid = claim(
            r.string(mod, "id", mbase, pattern=ITEM_ID_RE, hint=_ID_HINT), join(mbase, "id")
        )
        mtitle = r.string(mod, "title", mbase)
        items: list[Item] = []
        for i, raw_item in enumerate(r.array(mod, "items", mbase, min_items=1) or []):
            ibase = join(join(mbase, "items"), i)
            items.append(_parse_item(r, raw_item, ibase, declared, claim))
        modules.append(Module(mid or "", mtitle or "", tuple(items)))
    return tuple(modules)


def _parse_item(
    r: FieldReader,
    raw: object,
    base: str,
    declared: set[str],
    claim: Callable[[str | None, str], str | None],
) -> Item:
    item = r.as_object(raw, base)
    if item is None:
        return Item("", "", "", "", 0.0, (), Completion(""))
    r.unknown_keys(item, _ITEM_KEYS, base)
    iid = claim(r.string(item, "id", base, pattern=ITEM_ID_RE, hint=_ID_HINT), join(base, "id"))
    kind = r.choice(item, "kind", base, KINDS, what="kind")
    title = r.string(item, "title", base)
    path = r.string(item, "path", base)
    if path is not None and not _check_path(r, join(base, "path"), path):
        path = None
    if path is not None and kind is not None and extension(path) not in KIND_EXTENSIONS[kind]:
        r.error(
            join(base, "path"),
            f"{quote(path)} does not fit kind {quote(kind)}; use {' '.join(KIND_EXTENSIONS[kind])}",
        )
        path = None
    duration = r.number(item, "duration_min", base, positive=True)
    skills = _check_skill_refs(r, r.array(item, "skills", base), join(base, "skills"), declared)
    completion = _parse_completion(r, item, base, kind)
    free_preview = r.boolean(item, "free_preview", base)
    transcript = r.string(item, "transcript", base, required=False)
    tfield = join(base, "transcript")
    if transcript is not None:
        if kind is not None and kind not in ("audio", "video"):
            r.error(
                tfield, f"only audio and video items have a transcript, this one is {quote(kind)}"
            )
            transcript = None
        elif not _check_path(r, tfield, transcript):
            transcript = None
        elif extension(transcript) != ".md":
            r.error(tfield, f"{quote(transcript)} must be a Markdown (.md) file")
            transcript = None
    return Item(
        id=iid or "",
        kind=kind or "",
        title=title or "",
        path=path or "",
        duration_min=duration or 0.0,
        skills=skills,
        completion=completion,
        free_preview=bool(free_preview),
        transcript=transcript,
    )


def _parse_completion(
    r: FieldReader, item: dict[str, Any], base: str, kind: str | None
) -> Completion:
    cbase = join(base, "completion")
    comp = r.object(item, "completion", base)
    if comp is None:
        return Completion("")
    ctype = r.choice(comp, "type", cbase, COMPLETION_TYPES, what="completion type")
    if ctype is None:
        return Completion("")
    if kind == "quiz" and ctype != "score":
        r.error(join(cbase, "type"), f'a quiz completes by "score", not {quote(ctype)}')
    elif kind in LESSON_KINDS and ctype == "score":
        r.error(
            join(cbase, "type"),
            f'only quizzes complete by "score"; use "viewed" or "time" for a {kind} item',
        )
    if ctype == "viewed":
        r.unknown_keys(comp, ("type",), cbase)
        return Completion("viewed")
    if ctype == "time":
        r.unknown_keys(comp, ("type", "min_seconds"), cbase)
        seconds = r.integer(comp, "min_seconds", cbase, minimum=1)
        return Completion("time", min_seconds=seconds or 0)
    r.unknown_keys(comp, ("type", "min"), cbase)
    score = r.number(comp, "min", cbase, minimum=0.0, maximum=1.0)
    return Completion("score", min_score=score or 0.0)


def _parse_files(r: FieldReader, obj: dict[str, Any]) -> tuple[FileEntry, ...] | None:
    raw_files = r.array(obj, "files", required=False)
    if raw_files is None:
        return None if "files" not in obj else ()
    entries: list[FileEntry] = []
    seen: dict[str, str] = {}
    for i, raw in enumerate(raw_files):
        base = join("files", i)
        f = r.as_object(raw, base)
        if f is None:
            entries.append(FileEntry("", "", -1))
            continue
        r.unknown_keys(f, ("path", "sha256", "size"), base)
        path = r.string(f, "path", base)
        if path is not None and not _check_path(r, join(base, "path"), path):
            path = None
        if path is not None:
            folded = path.casefold()
            if folded in seen:
                r.error(join(base, "path"), f"{quote(path)} is already listed at {seen[folded]}")
                path = None
            else:
                seen[folded] = base
        sha = r.string(f, "sha256", base, pattern=SHA256_RE, hint="use 64 lower-case hex digits")
        size = r.integer(f, "size", base, minimum=0)
        entries.append(FileEntry(path or "", sha or "", -1 if size is None else size))
    return tuple(entries)


def _parse_encryption(
    r: FieldReader, obj: dict[str, Any], files: tuple[FileEntry, ...] | None
) -> Encryption | None:
    enc = r.object(obj, "encryption", required=False)
    if enc is None:
        return None
    r.unknown_keys(enc, ("scheme", "chunk_size", "files"), "encryption")
    scheme = r.string(enc, "scheme", "encryption")
    if scheme is not None and scheme != ENCRYPTION_SCHEME:
        r.error(
            "encryption.scheme", f"{quote(scheme)} is not supported; use {quote(ENCRYPTION_SCHEME)}"
        )
    chunk = r.integer(enc, "chunk_size", "encryption", minimum=MIN_CHUNK_SIZE)
    if chunk is not None and chunk > MAX_CHUNK_SIZE:
        r.error("encryption.chunk_size", f"must be at most {MAX_CHUNK_SIZE}, got {chunk}")
        chunk = None
    listed = {f.path for f in files or () if f.path}
    paths: list[str] = []
    for i, raw in enumerate(r.array(enc, "files", "encryption") or []):
        field = join("encryption.files", i)
        if not isinstance(raw, str):
            r.error(field, f"expected a path, got {describe(raw)}")
        elif _check_path(r, field, raw):
            if raw in paths:
                r.error(field, f"{quote(raw)} is listed twice")
            elif files is not None and raw not in listed:
                r.error(field, f"{quote(raw)} is not listed in files")
            else:
                paths.append(raw)
    return Encryption(scheme or "", chunk or 0, tuple(paths))


_QUESTION_BASE_KEYS = ("id", "type", "prompt", "answer", "explanation", "skills", "difficulty")
_QUESTION_EXTRA_KEYS = {
    "single": ("choices",),
    "multiple": ("choices",),
    "true_false": (),
    "numeric": ("tolerance", "unit"),
    "short_text": ("case_sensitive",),
}


def parse_quiz(
    data: object, r: FieldReader, *, declared_skills: Collection[str] | None = None
) -> Quiz:
    """Best-effort parse of a quiz file; `declared_skills` are the manifest's skill ids
    (None skips that check)."""
    obj = r.as_object(data, "") or {}
    if obj:
        r.unknown_keys(obj, ("id", "title", "questions"))
    qid = r.string(obj, "id")
    title = r.string(obj, "title")
    questions: list[Question] = []
    seen: dict[str, str] = {}
    for i, raw in enumerate(r.array(obj, "questions", min_items=1) or []):
        base = join("questions", i)
        q = _parse_question(r, raw, base, declared_skills)
        if q.id:
            if q.id in seen:
                r.error(
                    join(base, "id"), f"question id {quote(q.id)} is already used by {seen[q.id]}"
                )
            else:
                seen[q.id] = base
        questions.append(q)
    return Quiz(qid or "", title or "", tuple(questions))


def _parse_question(
    r: FieldReader, raw: object, base: str, declared: Collection[str] | None
) -> Question:
    q = r.as_object(raw, base)
    if q is None:
        return Question("", "", "", "", "", (), 0.0)
    qid = r.string(q, "id", base)
    qtype = r.choice(q, "type", base, QUESTION_TYPES, what="question type")
    if qtype is not None:
        r.unknown_keys(q, _QUESTION_BASE_KEYS + _QUESTION_EXTRA_KEYS[qtype], base)
    prompt = r.string(q, "prompt", base)
    explanation = r.string(q, "explanation", base)
    skills_raw = r.array(q, "skills", base, min_items=1)
    skills = _check_skill_refs(r, skills_raw, join(base, "skills"), declared)
    difficulty = r.number(q, "difficulty", base, minimum=0.0, maximum=1.0)

    choices: tuple[Choice, ...] = ()
    if qtype in ("single", "multiple"):
        choices = _parse_choices(r, q, base)
    tolerance = 0.0
    unit = None
    case_sensitive = False
    if qtype == "numeric":
        tolerance = r.number(q, "tolerance", base, required=False, minimum=0.0) or 0.0
        unit = r.string(q, "unit", base, required=False)
    if qtype == "short_text":
        case_sensitive = bool(r.boolean(q, "case_sensitive", base))

    answer = _parse_answer(r, q, base, qtype, choices)
    return Question(
        id=qid or "",
        type=qtype or "",
        prompt=prompt or "",
        answer=answer,
        explanation=explanation or "",
        skills=skills,
        difficulty=difficulty or 0.0,
        choices=choices,
        tolerance=tolerance,
        unit=unit,
        case_sensitive=case_sensitive,
    )


def _parse_choices(r: FieldReader, q: dict[str, Any], base: str) -> tuple[Choice, ...]:
    out: list[Choice] = []
    seen: set[str] = set()
    cbase = join(base, "choices")
    for i, raw in enumerate(r.array(q, "choices", base, min_items=2) or []):
        ibase = join(cbase, i)
        c = r.as_object(raw, ibase)
        if c is None:
            continue
        r.unknown_keys(c, ("id", "text"), ibase)
        cid = r.string(c, "id", ibase)
        text = r.string(c, "text", ibase)
        if cid is not None:
            if cid in seen:
                r.error(join(ibase, "id"), f"choice id {quote(cid)} is used twice")
                continue
            seen.add(cid)
            out.append(Choice(cid, text or ""))
    return tuple(out)


def _parse_answer(
    r: FieldReader, q: dict[str, Any], base: str, qtype: str | None, choices: tuple[Choice, ...]
) -> Answer:
    field = join(base, "answer")
    if "answer" not in q:
        r.error(field, "the answer key is missing (every question needs one)")
        return ""
    value = q["answer"]
    if value is None:
        r.error(field, "the answer key is empty (null)")
        return ""
    ids = [c.id for c in choices]
    ids_text = ", ".join(ids)
    if qtype == "single":
        if not isinstance(value, str):
            r.error(field, f"expected one choice id, got {describe(value)}")
            return ""
        if choices and value not in ids:
            r.error(field, f"{quote(value)} is not one of the choices {ids_text}")
        return value
    if qtype == "multiple":
        if not isinstance(value, list) or not value:
            r.error(field, f"expected a non-empty list of choice ids, got {describe(value)}")
            return ()
        picked: list[str] = []
        for i, v in enumerate(value):
            if not isinstance(v, str):
                r.error(join(field, i), f"expected a choice id, got {describe(v)}")
            elif choices and v not in ids:
                r.error(join(field, i), f"{quote(v)} is not one of the choices {ids_text}")
            elif v in picked:
                r.error(join(field, i), f"{quote(v)} is listed twice")
            else:
                picked.append(v)
        return tuple(picked)
    if qtype == "true_false":
        if not isinstance(value, bool):
            r.error(field, f"expected true or false, got {describe(value)}")
            return False
        return value
    if qtype == "numeric":
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            r.error(field, f"expected a number, got {describe(value)}")
            return 0.0
        return float(value)
    if qtype == "short_text":
        texts = [value] if isinstance(value, str) else value
        if not isinstance(texts, list) or not texts:
            r.error(field, f"expected a list of accepted answers, got {describe(value)}")
            return ()
        accepted: list[str] = []
        for i, v in enumerate(texts):
            vfield = field if isinstance(value, str) else join(field, i)
            if not isinstance(v, str) or not v.strip():
                r.error(vfield, f"expected a non-empty text, got {describe(v)}")
            else:
                accepted.append(v)
        return tuple(accepted)
    return ""
