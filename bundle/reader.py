"""Opening a bundle for the app: `open_bundle` validates it and gives a `Bundle`.

A `Bundle` only exists for a valid bundle (else `BundleError` carrying the full report). It
re-checks each file's sha256 when reading or extracting, so a file changed after validation
is caught; it decrypts encrypted members when given the content key and refuses with a
plain message when not.

Threads: reading methods may be called from several threads at once; `close()` once, after
the reads are done.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path
from types import MappingProxyType, TracebackType
from typing import BinaryIO

from bundle import crypto
from bundle.errors import BundleError
from bundle.fields import quote
from bundle.model import Item, Manifest, Quiz
from bundle.paths import MANIFEST, RESERVED, SIGNATURE
from bundle.report import Report
from bundle.signing import Signature
from bundle.source import BundleSource, Limits, open_source
from bundle.validate import Validation, check

_COPY_CHUNK = 1 << 20


class Bundle:
    """A validated bundle; see the module docstring."""

    def __init__(
        self, source: BundleSource, validation: Validation, content_key: bytes | None
    ) -> None:
        if validation.manifest is None or validation.manifest_bytes is None:
            raise BundleError(f"{source.label}: no valid manifest")
        self._source = source
        self._validation = validation
        self._content_key = content_key
        self.manifest: Manifest = validation.manifest
        self.report: Report = validation.report

    # -- facts -----------------------------------------------------------------------------
    @property
    def location(self) -> Path:
        return self._source.location

    @property
    def packed(self) -> bool:
        return self._source.packed

    @property
    def signature(self) -> Signature | None:
        return self._validation.signature

    @property
    def signature_trusted(self) -> bool | None:
        """True/False when trusted keys were given, None when trust was not checked."""
        return self._validation.signature_trusted

    @property
    def quizzes(self) -> Mapping[str, Quiz]:
        """Quizzes by item id (empty for an encrypted bundle opened without its key)."""
        return MappingProxyType(self._validation.quizzes)

    def quiz(self, item: Item | str) -> Quiz:
        item_id = item.id if isinstance(item, Item) else item
        try:
            return self._validation.quizzes[item_id]
        except KeyError:
            found = self._item(item_id)
            if found.kind != "quiz":
                raise BundleError(f"{item_id}: is a {found.kind} item, not a quiz") from None
            raise self._locked(found.path) from None

    def is_locked(self, path: str) -> bool:
        """True when `path` is encrypted and this bundle was opened without the key."""
        return self.manifest.is_encrypted(path) and self._content_key is None

    # -- reading ---------------------------------------------------------------------------
    def read_stored(self, path: str) -> bytes:
        """The member's bytes as stored (still encrypted for encrypted members), verified
        against the manifest's size and sha256."""
        if path in RESERVED or path not in self._source:
            raise BundleError(f"{quote(path)} is not a file of {self.manifest.title}")
        data = self._source.read(path)
        self._verify(path, len(data), hashlib.sha256(data).hexdigest())
        return data

    def read_bytes(self, path: str) -> bytes:
        """The member's content, decrypted when encrypted (needs the content key)."""
        data = self.read_stored(path)
        if not self.manifest.is_encrypted(path):
            return data
        return crypto.decrypt_bytes(data, self._key_for(path), path, self._chunk_size)

    def read_text(self, item: Item | str) -> str:
        """A Markdown lesson (or any text member) as text."""
        path = item.path if isinstance(item, Item) else item
        data = self.read_bytes(path)
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise BundleError(f"{path}: is not valid UTF-8 text (offset {exc.start})") from None

    def read_range(self, path: str, offset: int, length: int) -> bytes:
        """Plaintext bytes `offset .. offset+length` of a member, reading only what is needed
        (how a player seeks). Encrypted chunks are authenticated; an unencrypted range is
        not checked against the sha256 (use `read_bytes` for that)."""
        if offset < 0 or length < 0:
            raise ValueError("offset and length must not be negative")
        if not self.manifest.is_encrypted(path):
            if path in RESERVED or path not in self._source:
                raise BundleError(f"{quote(path)} is not a file of {self.manifest.title}")
            with self._source.open(path) as stream:
                if stream.seekable():
                    stream.seek(offset)
                else:
                    stream.read(offset)
                return stream.read(length)
        key = self._key_for(path)
        entry = self.manifest.file_entry(path)
        stored_size = entry.size if entry else self._source.size(path)
        with self._source.open(path) as stream:
            seekable: BinaryIO = stream if stream.seekable() else io.BytesIO(stream.read())
            return crypto.read_range(
                seekable, stored_size, key, path, offset, length, self._chunk_size
            )

    def extract_to(self, dest: str | os.PathLike[str]) -> Path:
        """Write the bundle as a folder at `dest` (which must not exist or be empty),
        verifying each file's sha256 on the way; atomic: on any failure nothing is left."""
        target = Path(dest)
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            raise BundleError(f"{target}: already exists and is not an empty folder")
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
        try:
            manifest_bytes = self._validation.manifest_bytes or b""
            _write(tmp / MANIFEST, [manifest_bytes])
            if self._validation.signature_bytes is not None:
                _write(tmp / SIGNATURE, [self._validation.signature_bytes])
            for name in self._file_names():
                out = tmp.joinpath(*name.split("/"))
                out.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0

                with open(out, "wb") as fh:
                    for chunk in self._source.iter_chunks(name, _COPY_CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        fh.write(chunk)
                    fh.flush()
                    os.fsync(fh.fileno())
                self._verify(name, size, digest.hexdigest())
            if target.exists():
                target.rmdir()
            os.replace(tmp, target)
        except OSError as exc:
            raise BundleError(f"{target}: cannot extract: {exc.strerror or exc}") from None
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
        return target

    # -- helpers ---------------------------------------------------------------------------
    @property
    def _chunk_size(self) -> int:
        enc = self.manifest.encryption
        return enc.chunk_size if enc else crypto.DEFAULT_CHUNK_SIZE

    def _key_for(self, path: str) -> bytes:
        if self._content_key is None:
            raise self._locked(path)
        return self._content_key

    def _locked(self, path: str) -> BundleError:
        return BundleError(
            f"{path}: is locked; buy {quote(self.manifest.title)} (or sign in on this device) "
            "to open it"
        )

    def _item(self, item_id: str) -> Item:
        try:
            return self.manifest.item(item_id)
        except KeyError:
            raise BundleError(f"no item {quote(item_id)} in {self.manifest.title}") from None

    def _file_names(self) -> list[str]:
        if self.manifest.files is not None:
            return [entry.path for entry in self.manifest.files]
        return [n for n in self._source.names() if n not in RESERVED]

    def _verify(self, path: str, size: int, sha256: str) -> None:
        entry = self.manifest.file_entry(path)
        if entry is None:
            return
        if entry.size != size or entry.sha256 != sha256:
            raise BundleError(
                f"{path}: changed since the bundle was checked (size or sha256 differs from "
                "the manifest); the bundle is damaged"
            )

    def close(self) -> None:
        self._source.close()

    def __enter__(self) -> Bundle:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def _write(path: Path, parts: list[bytes]) -> None:
    with open(path, "wb") as fh:
        for part in parts:
            fh.write(part)
        fh.flush()
        os.fsync(fh.fileno())


def open_bundle(
    path: str | os.PathLike[str],
    *,
    trusted_keys: Collection[bytes] | None = None,
    require_signature: bool = False,
    content_key: bytes | None = None,
    limits: Limits | None = None,
) -> Bundle:
    """Validate and open a bundle folder or `.satchel` file.

    Raises `BundleError` whose message is the full report when the bundle is invalid (see
    `validate.validate` for the meaning of the arguments)."""
    source = open_source(path, limits)
    try:
        result = check(
            source,
            trusted_keys=trusted_keys,
            require_signature=require_signature,
            content_key=content_key,
        )
        result.report = Report(os.fspath(path), result.report.problems)
        if not result.report.ok:
            raise BundleError(result.report.format())
        return Bundle(source, result, content_key)
    except BaseException:
        source.close()
        raise
