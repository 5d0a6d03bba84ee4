"""Free-preview lessons of a published course, open to anyone (no sign-in, no purchase).

Only items the published version's manifest marks `free_preview` are served, and only the
files such an item needs: its path, its transcript and the images its Markdown shows (the
same set `bundle.pack` leaves unencrypted). Everything else — another item, a quiz's answer
key, an unpublished course or draft, any path not in that set — is a 404, so the answer
never says whether a paid file exists. Paths are matched exactly against that set (never
joined onto anything), which refuses traversal. A preview file that a bundle stores
encrypted anyway (packed by an older packer, or a shared image) is decrypted here with the
version's content key; the key never leaves the store.

Functions take the request's `Session` and the `StoreContext`; one thread per session.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sqlalchemy.orm import Session

from bundle import crypto
from bundle.paths import RESERVED, extension, markdown_images, resolve_link
from bundle.source import BundleSource, open_source
from store.context import StoreContext
from store.db.models import Course, CourseVersion
from store.problems import not_found
from sync.protocol import API_PREFIX, PreviewFile, PreviewItem

_NO_ITEM = "This course has no free preview lesson with that id."
_NO_FILE = "This file is not part of the free preview."
_PIECE = 1 << 16


@dataclass(frozen=True)
class _Found:
    version: CourseVersion
    item: dict[str, Any]


def _published(session: Session, course_id: str) -> CourseVersion:
    course = session.get(Course, course_id)
    if course is None or not course.listed or course.published_version_id is None:
        raise not_found(f"There is no published course '{course_id}'.")
    version = session.get(CourseVersion, course.published_version_id)
    if version is None or version.status != "published":
        raise not_found(f"There is no published course '{course_id}'.")
    return version


def _preview_item(session: Session, course_id: str, item_id: str) -> _Found:
    version = _published(session, course_id)
    for module in version.manifest.get("outline", []):
        for item in module.get("items", []):
            if item.get("id") == item_id and item.get("free_preview") is True:
                return _Found(version, item)
    raise not_found(_NO_ITEM)


class _Reader:
    """Plaintext members of one stored bundle, decrypting preview files when needed."""

    def __init__(self, ctx: StoreContext, version: CourseVersion, source: BundleSource) -> None:
        self._ctx = ctx
        self._version = version
        self._source = source
        enc = version.manifest.get("encryption") or {}
        self._secret = set(enc.get("files", []))
        self._chunk = int(enc.get("chunk_size") or crypto.DEFAULT_CHUNK_SIZE)
        self._listed = {
            str(f.get("path")): (int(f.get("size", -1)), str(f.get("sha256")))
            for f in version.manifest.get("files", [])
        }

    def __contains__(self, path: str) -> bool:
        return path in self._source and (path not in self._secret or self._key() is not None)

    def _key(self) -> bytes | None:
        sealed = self._version.content_key_sealed
        return None if sealed is None else self._ctx.keys.unseal(sealed, self._version.id)

    def chunks(self, path: str) -> Iterator[bytes]:
        """The plaintext of `path`, piece by piece (encrypted chunks are authenticated)."""
        with self._source.open(path) as stream:
            if path in self._secret:
                key = self._key()
                assert key is not None
                yield from crypto.iter_decrypt(stream, key, path, self._chunk)
                return
            while piece := stream.read(_PIECE):
                yield piece

    def read(self, path: str) -> bytes:
        return b"".join(self.chunks(path))

    def describe(self, path: str) -> tuple[int, str]:
        """(size, sha256) of the plaintext: from the manifest for a file stored in clear."""
        listed = self._listed.get(path)
        if listed is not None and path not in self._secret:
            return listed
        digest = hashlib.sha256()
        size = 0
        for piece in self.chunks(path):
            digest.update(piece)
            size += len(piece)
        return size, digest.hexdigest()


def _paths(reader: _Reader, item: dict[str, Any]) -> list[str]:
    """Every file the item needs that the bundle has: its path, its transcript and the
    images its Markdown shows (the only files read here are the Markdown ones)."""
    out: list[str] = []
    for key in ("path", "transcript"):
        path = item.get(key)
        if not isinstance(path, str) or not path or path in RESERVED or path not in reader:
            continue
        out.append(path)
        if extension(path) != ".md":
            continue
        text = reader.read(path).decode("utf-8", "replace")
        for _line, target in markdown_images(text):
            resolved = resolve_link(path, target)
            if resolved and resolved not in out and resolved not in RESERVED \
                    and resolved in reader:
                out.append(resolved)
    return out


@contextlib.contextmanager
def _opened(ctx: StoreContext, found: _Found) -> Iterator[_Reader]:
    with ctx.blobs.local_copy(found.version.blob_sha256) as stored, open_source(stored) as src:
        yield _Reader(ctx, found.version, src)


class PreviewFileStream:
    """One preview file, opened: `size`, `sha256`, then `chunks()` once (which closes it),
    or `close()` when the body is not sent (304)."""

    def __init__(self, stack: contextlib.ExitStack, reader: _Reader, path: str) -> None:
        self._stack = stack
        self._reader = reader
        self.path = path
        self.size, self.sha256 = reader.describe(path)

    def chunks(self) -> Iterator[bytes]:
        with self._stack:
            yield from self._reader.chunks(self.path)

    def close(self) -> None:
        self._stack.close()


def file_url(course_id: str, item_id: str, path: str) -> str:
    return (
        f"{API_PREFIX}/catalog/courses/{course_id}/preview/{item_id}/files/"
        + quote(path, safe="/")
    )


def preview_item(
    session: Session, ctx: StoreContext, course_id: str, item_id: str
) -> PreviewItem:
    """The free-preview item and the files it needs; 404 unless it is marked preview."""
    found = _preview_item(session, course_id, item_id)
    with _opened(ctx, found) as reader:
        files = [(path, *reader.describe(path)) for path in _paths(reader, found.item)]
    item = found.item
    transcript = item.get("transcript")
    return PreviewItem(
        course_id=course_id,
        version=str(found.version.version),
        id=item_id,
        kind=str(item.get("kind", "")),
        title=str(item.get("title", "")),
        path=str(item.get("path", "")),
        duration_min=float(item.get("duration_min", 0) or 0),
        skills=[str(s) for s in item.get("skills", [])],
        completion=dict(item.get("completion") or {}),
        transcript=str(transcript) if isinstance(transcript, str) else None,
        files=[
            PreviewFile(path=path, size=size, sha256=digest,
                        url=file_url(course_id, item_id, path))
            for path, size, digest in files
        ],
    )


def open_file(
    session: Session, ctx: StoreContext, course_id: str, item_id: str, path: str
) -> PreviewFileStream:
    """One file of a free-preview item, opened for streaming; 404 for anything else."""
    found = _preview_item(session, course_id, item_id)
    stack = contextlib.ExitStack()
    try:
        reader = stack.enter_context(_opened(ctx, found))
        if path not in _paths(reader, found.item):
            raise not_found(_NO_FILE)
        return PreviewFileStream(stack, reader, path)
    except BaseException:
        stack.close()
        raise
