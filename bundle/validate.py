"""Validation of a bundle folder or `.satchel` file against `docs/bundle-format.md`.

`validate(path)` collects every problem it can find in one pass and returns a `Report`:
unsafe members and zip-bomb guards (from `source`), JSON syntax (with line and column),
missing or wrong-typed fields (with a field path such as `outline[1].items[0].path`), unknown
kinds and question types, answer keys, undeclared skills, duplicate ids, missing and
unlisted files, size and sha256 mismatches, the signature and the trusted keys, and
`min_app_version` against this app.

In a folder `files` is optional; when present its mismatches are warnings because
`satchel-bundle pack` recomputes it. In a packed bundle they are errors.

Threads: a validation reads the source from the calling thread only; separate validations
may run in parallel.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from typing import Any

from bundle import crypto
from bundle.errors import BundleError
from bundle.fields import FieldReader, JsonLoadError, load_json, quote
from bundle.jsonlines import line_index, line_of
from bundle.model import Item, Manifest, Quiz
from bundle.parsing import parse_manifest, parse_quiz
from bundle.paths import MANIFEST, RESERVED, SIGNATURE, markdown_images, resolve_link
from bundle.report import Problem, Report, Severity
from bundle.signing import Signature, parse_signature
from bundle.source import BundleSource, Limits, open_source

_VERSION_RE = re.compile(r"(\d+)\.(\d+)\.(\d+)")


@dataclass
class Validation:
    """What a validation found, plus what it parsed (trust it only when `report.ok`)."""

    report: Report
    manifest: Manifest | None = None
    manifest_bytes: bytes | None = None
    manifest_data: Any = None
    quizzes: dict[str, Quiz] = field(default_factory=dict)
    signature: Signature | None = None
    signature_bytes: bytes | None = None
    signature_valid: bool | None = None
    signature_trusted: bool | None = None


def running_app_version() -> str:
    """The version of the installed Satchel distribution (one source: `app.__version__`,
    which pyproject reads as the distribution's version; the frozen build copies the
    metadata)."""
    return importlib.metadata.version("satchel")


def version_tuple(version: str) -> tuple[int, int, int] | None:
    m = _VERSION_RE.match(version)
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


def validate(
    target: str | os.PathLike[str] | BundleSource,
    *,
    trusted_keys: Collection[bytes] | None = None,
    require_signature: bool = False,
    content_key: bytes | None = None,
    limits: Limits | None = None,
    app_version: str | None = None,
) -> Report:
    """Check a bundle folder or `.satchel` file (or an open source) and report every problem.

    `trusted_keys` are raw Ed25519 public keys; when given, a signature by any other key is
    an error (None: the signature is checked but trust is not). `content_key` lets the
    validator read encrypted quizzes and lessons (without it they are checked by hash only).
    """
    return check(
        target,
        trusted_keys=trusted_keys,
        require_signature=require_signature,
        content_key=content_key,
        limits=limits,
        app_version=app_version,
    ).report


def check(
    target: str | os.PathLike[str] | BundleSource,
    *,
    trusted_keys: Collection[bytes] | None = None,
    require_signature: bool = False,
    content_key: bytes | None = None,
    limits: Limits | None = None,
    app_version: str | None = None,
) -> Validation:
    """Like `validate`, but also returns what was parsed (for the reader and the packer)."""
    if isinstance(target, BundleSource):
        return _Checker(target, trusted_keys, require_signature, content_key, app_version).run()
    location = os.fspath(target)
    try:
        source = open_source(target, limits)
    except BundleError as exc:
        name = os.path.basename(location.rstrip("/\\")) or location
        message = str(exc).split(": ", 1)[-1]
        return Validation(Report.of(location, [Problem(name, "", message)]))
    with source:
        result = _Checker(source, trusted_keys, require_signature, content_key, app_version).run()
    result.report = Report(location, result.report.problems)
    return result


_SAID_LINE = re.compile(r"line (\d+): ")
_JSON_SYNTAX_LINE = re.compile(r"invalid JSON at line (\d+)")


def _strip(name: str, message: str) -> str:
    prefix = f"{name}: "
    return message[len(prefix) :] if message.startswith(prefix) else message


class _Checker:
    def __init__(
        self,
        source: BundleSource,
        trusted_keys: Collection[bytes] | None,
        require_signature: bool,
        content_key: bytes | None,
        app_version: str | None,
    ) -> None:
        self.source = source
        self.trusted = None if trusted_keys is None else {bytes(k) for k in trusted_keys}
        self.require_signature = require_signature
        self.content_key = content_key
        self.app_version = app_version or running_app_version()
        self.problems: list[Problem] = list(source.problems)
        self.unreadable: set[str] = set()
        self.result = Validation(Report(str(source.location)))

    def add(self, file: str, fld: str, message: str, severity: Severity = "error") -> None:
        self.problems.append(Problem(file, fld, message, severity))

    def run(self) -> Validation:
        manifest = self._manifest()
        if manifest is not None:
            self._min_app_version(manifest)
            self._referenced_files(manifest)
            self._files(manifest)
            self._quizzes(manifest)
            self._lessons(manifest)
        else:
            self._orphan_quizzes()
        self._signature()
        self.result.report = Report(str(self.source.location), tuple(self._with_lines(manifest)))
        return self.result

    def _with_lines(self, manifest: Manifest | None) -> list[Problem]:
        """The problems with the line each is about (JSON fields, Markdown lines, JSON
        syntax errors), so an author can jump to `file:line`."""
        indexes: dict[str, dict[str, int]] = {}
        out: list[Problem] = []
        for problem in self.problems:
            line: int | None = None
            said = _SAID_LINE.match(problem.message)
            if said:
                line = int(said.group(1))
                problem = replace(problem, message=problem.message[said.end() :])
            elif found := _JSON_SYNTAX_LINE.search(problem.message):
                line = int(found.group(1))
            elif problem.file.endswith(".json") and problem.file in self.source:
                if problem.file not in indexes:
                    if problem.file == MANIFEST:
                        data = self.result.manifest_bytes or self._read(MANIFEST)
                    elif manifest is not None:
                        data = self._read_plain(manifest, problem.file)
                    else:
                        data = self._read(problem.file)
                    text = data.decode("utf-8", "replace") if data else ""
                    indexes[problem.file] = line_index(text)
                line = line_of(indexes[problem.file], problem.field)
            out.append(replace(problem, line=line) if line else problem)
        return out

    # -- reading helpers -----------------------------------------------------------------
    def _read(self, name: str) -> bytes | None:
        if self.source.blocked_reason(name) is not None or name in self.unreadable:
            return None  # already reported
        try:
            return self.source.read(name)
        except BundleError as exc:
            self._unreadable(name, exc)
            return None

    def _unreadable(self, name: str, exc: BundleError) -> None:
        self.unreadable.add(name)
        self.add(name, "", _strip(name, str(exc)))

    def _read_plain(self, manifest: Manifest, name: str) -> bytes | None:
        """Member bytes, decrypted when encrypted; None when unreadable or locked."""
        encrypted = manifest.is_encrypted(name)
        if encrypted and self.content_key is None:
            return None
        data = self._read(name)
        if data is None or not encrypted or manifest.encryption is None:
            return data
        try:
            return crypto.decrypt_bytes(
                data, self.content_key or b"", name, manifest.encryption.chunk_size
            )
        except BundleError as exc:
            self.add(name, "", _strip(name, str(exc)))
            return None

    def _json(self, name: str, data: bytes) -> tuple[bool, Any]:
        try:
            return True, load_json(data)
        except JsonLoadError as exc:
            self.add(name, "", str(exc))
            return False, None

    # -- manifest ------------------------------------------------------------------------
    def _manifest(self) -> Manifest | None:
        if MANIFEST not in self.source:
            self.add(MANIFEST, "", "is missing; a bundle needs manifest.json at its top level")
            return None
        raw = self._read(MANIFEST)
        if raw is None:
            return None
        self.result.manifest_bytes = raw
        ok, data = self._json(MANIFEST, raw)
        if not ok:
            return None
        self.result.manifest_data = data
        manifest = parse_manifest(data, FieldReader(MANIFEST, self.problems))
        self.result.manifest = manifest
        return manifest

    def _min_app_version(self, manifest: Manifest) -> None:
        need = version_tuple(manifest.min_app_version)
        have = version_tuple(self.app_version)
        if need is not None and have is not None and need > have:
            self.add(
                MANIFEST,
                "min_app_version",
                f"the bundle needs Satchel {manifest.min_app_version} or newer; "
                f"this is Satchel {self.app_version}",
            )

    def _item_fields(self, manifest: Manifest) -> list[tuple[str, Item]]:
        return [
            (f"outline[{m}].items[{i}]", item)
            for m, module in enumerate(manifest.outline)
            for i, item in enumerate(module.items)
        ]

    def _referenced_files(self, manifest: Manifest) -> None:
        for base, item in self._item_fields(manifest):
            for key, path in (("path", item.path), ("transcript", item.transcript)):
                if path and path not in self.source:
                    self.add(
                        MANIFEST, f"{base}.{key}", f"{quote(path)} does not exist in the bundle"
                    )

    def _files(self, manifest: Manifest) -> None:
        packed = self.source.packed
        severity: Severity = "error" if packed else "warning"
        files = manifest.files
        if files is None:
            if packed:
                self.add(
                    MANIFEST,
                    "files",
                    "required field is missing: a packed bundle lists every file with its "
                    "sha256 and size",
                )
            return
        listed: set[str] = set()
        chunk = manifest.encryption.chunk_size if manifest.encryption else 0
        for index, entry in enumerate(files):
            if not entry.path:
                continue
            listed.add(entry.path)
            base = f"files[{index}]"
            if entry.path not in self.source:
                self.add(
                    MANIFEST,
                    f"{base}.path",
                    f"{quote(entry.path)} is listed but does not exist in the bundle",
                    severity,
                )
                continue
            if chunk and entry.size >= 0 and manifest.is_encrypted(entry.path):
                try:
                    crypto.chunk_count(entry.size, chunk, entry.path)
                except BundleError as exc:
                    self.add(MANIFEST, f"{base}.size", _strip(entry.path, str(exc)))
            if self.source.blocked_reason(entry.path) is not None:
                continue
            digest = hashlib.sha256()
            size = 0
            try:
                for part in self.source.iter_chunks(entry.path):
                    digest.update(part)
                    size += len(part)
            except BundleError as exc:
                self._unreadable(entry.path, exc)
                continue
            if entry.size >= 0 and size != entry.size:
                self.add(
                    MANIFEST,
                    f"{base}.size",
                    f"{quote(entry.path)} is {size} bytes, the manifest says {entry.size}",
                    severity,
                )
            if entry.sha256 and digest.hexdigest() != entry.sha256:
                self.add(
                    MANIFEST,
                    f"{base}.sha256",
                    f"{quote(entry.path)} has sha256 {digest.hexdigest()}, "
                    f"the manifest says {entry.sha256}",
                    severity,
                )
        for name in self.source.names():
            if name not in RESERVED and name not in listed:
                self.add(
                    name, "", "is in the bundle but not listed in manifest.json files", severity
                )

    # -- quizzes and lessons -------------------------------------------------------------
    def _quizzes(self, manifest: Manifest) -> None:
        declared = manifest.skill_ids
        parsed: dict[str, Quiz | None] = {}
        for base, item in self._item_fields(manifest):
            if item.kind != "quiz" or not item.path or item.path not in self.source:
                continue
            if item.path not in parsed:
                parsed[item.path] = self._quiz(manifest, item.path, declared)
            quiz = parsed[item.path]
            if quiz is None:
                continue
            if quiz.id and item.id and quiz.id != item.id:
                self.add(
                    item.path,
                    "id",
                    f"{quote(quiz.id)} must equal the id of the item that points at this quiz "
                    f"({quote(item.id)} at {base})",
                )
            elif item.id:
                self.result.quizzes[item.id] = quiz

    def _quiz(
        self, manifest: Manifest | None, name: str, declared: Collection[str] | None
    ) -> Quiz | None:
        data = self._read_plain(manifest, name) if manifest else self._read(name)
        if data is None:
            return None
        ok, doc = self._json(name, data)
        if not ok:
            return None
        before = len(self.problems)
        quiz = parse_quiz(doc, FieldReader(name, self.problems), declared_skills=declared)
        new_errors = any(p.severity == "error" for p in self.problems[before:])
        return None if new_errors else quiz

    def _orphan_quizzes(self) -> None:
        """Without a usable manifest, still check every quiz file for syntax and shape."""
        for name in self.source.names():
            if name.startswith("quizzes/") and name.endswith(".json"):
                self._quiz(None, name, None)

    def _lessons(self, manifest: Manifest) -> None:
        checked: set[str] = set()
        for _base, item in self._item_fields(manifest):
            texts = [item.path] if item.kind == "text" else []
            texts += [item.transcript] if item.transcript else []
            for path in texts:
                if not path or path in checked or path not in self.source:
                    continue
                checked.add(path)
                data = self._read_plain(manifest, path)
                if data is None:
                    continue
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError as exc:
                    self.add(path, "", f"is not valid UTF-8 text (bad byte at offset {exc.start})")
                    continue
                for line, target in markdown_images(text):
                    resolved = resolve_link(path, target)
                    if resolved is None:
                        continue
                    if resolved == "":
                        self.add(
                            path,
                            "",
                            f"line {line}: image {quote(target)} points outside the bundle",
                            "warning",
                        )
                    elif resolved not in self.source:
                        self.add(
                            path,
                            "",
                            f"line {line}: image {quote(target)} does not exist in the bundle",
                            "warning",
                        )

    # -- signature -----------------------------------------------------------------------
    def _signature(self) -> None:
        if SIGNATURE not in self.source:
            if self.require_signature:
                self.add(
                    SIGNATURE,
                    "",
                    "is missing: the bundle is not signed, and a signature is required",
                )
            return
        raw = self._read(SIGNATURE)
        if raw is None:
            return
        sig = parse_signature(raw, FieldReader(SIGNATURE, self.problems))
        self.result.signature = sig
        self.result.signature_bytes = raw
        manifest_bytes = self.result.manifest_bytes
        if sig is None or manifest_bytes is None:
            return
        valid = sig.verify(manifest_bytes)
        self.result.signature_valid = valid
        if not valid:
            self.add(
                SIGNATURE,
                "signature",
                "does not match manifest.json: the bundle was changed after it was signed",
            )
            return
        if self.trusted is not None:
            trusted = sig.public_key in self.trusted
            self.result.signature_trusted = trusted
            if not trusted:
                self.add(
                    SIGNATURE,
                    "key_id",
                    f"signed by key {sig.key_id}, which is not one of your trusted keys",
                )
