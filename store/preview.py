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

import hashlib
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from sqlalchemy.orm import Session

from bundle import crypto
from bundle.paths import extension, markdown_images, resolve_link
from bundle.source import open_source
from store.context import StoreContext
from store.db.models import Course, CourseVersion
from store.problems import not_found
from sync.protocol import API_PREFIX, PreviewFile, PreviewItem

_NO_ITEM = "This course has no free preview lesson with that id."
_NO_FILE = "This file is not part of the free preview."


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

    def __init__(self, ctx: StoreContext, version: CourseVersion, source: Any) -> None:
        self._ctx = ctx
        self._version = version
        self._source = source
        enc = version.manifest.get("encryption") or {}
        self._secret = set(enc.get("files", []))
        self._chunk = int(enc.get("chunk_size") or crypto.DEFAULT_CHUNK_SIZE)
        self._listed = {
            str(f.get("path")): str(f.get("sha256")) for f in version.manifest.get("files", [])
        }

    def read(self, path: str) -> bytes | None:
        if path not in self._source:
            return None
        data: bytes = self._source.read(path)
        want = self._listed.get(path)
        if want is not None and hashlib.sha256(data).hexdigest() != want:
            raise RuntimeError(f"stored bundle of {self._version.id} is damaged at {path}")
        if path in self._secret:
            sealed = self._version.content_key_sealed
            if sealed is None:
                return None
            key = self._ctx.keys.unseal(sealed, self._version.id)
            data = crypto.decrypt_bytes(data, key, path, self._chunk)
        return data


def _files(reader: _Reader, item: dict[str, Any]) -> dict[str, bytes]:
    """{path: plaintext} of every file the item needs that the bundle has."""
    out: dict[str, bytes] = {}
    for key in ("path", "transcript"):
        path = item.get(key)
        if not isinstance(path, str) or not path:
            continue
        data = reader.read(path)
        if data is None:
            continue
        out[path] = data
        if extension(path) != ".md":
            continue
        for _line, target in markdown_images(data.decode("utf-8", "replace")):
            resolved = resolve_link(path, target)
            if resolved and resolved not in out:
                image = reader.read(resolved)
                if image is not None:
                    out[resolved] = image
    return out


def _load(ctx: StoreContext, found: _Found) -> dict[str, bytes]:
    with ctx.blobs.local_copy(found.version.blob_sha256) as stored, open_source(stored) as src:
        return _files(_Reader(ctx, found.version, src), found.item)


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
    files = _load(ctx, found)
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
            PreviewFile(
                path=path,
                size=len(data),
                sha256=hashlib.sha256(data).hexdigest(),
                url=file_url(course_id, item_id, path),
            )
            for path, data in files.items()
        ],
    )


def preview_file(
    session: Session, ctx: StoreContext, course_id: str, item_id: str, path: str
) -> tuple[bytes, str]:
    """(plaintext bytes, sha256) of one file of a free-preview item; 404 for anything else."""
    found = _preview_item(session, course_id, item_id)
    data = _load(ctx, found).get(path)
    if data is None:
        raise not_found(_NO_FILE)
    return data, hashlib.sha256(data).hexdigest()
