"""Preparing a lesson for display: everything slow happens here, off the GUI thread.

`prepare_lesson(content, item)` reads the lesson's file from the bundle (decrypting when the
content source does), converts Markdown to HTML, collects the images it refers to, and for
audio/video makes sure there is a real file a media player can open (and reads the
transcript). The result is a plain `PreparedLesson` value the UI shows without further I/O.

Threading: call from a worker thread; the result is immutable and safe to hand over.
"""

from __future__ import annotations

import hashlib
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from app.errors import BundleError
from bundle.model import Item, Quiz


class ContentSource(Protocol):
    """Where a lesson's bytes come from: an installed course, or a bundle being previewed."""

    def read_bytes(self, path: str) -> bytes: ...

    def media_file(self, path: str) -> Path:
        """A file on disk with the plaintext bytes of ``path`` (for media players)."""
        ...

    def quiz(self, item_id: str) -> Quiz: ...


@dataclass(frozen=True)
class PreparedLesson:
    item: Item
    kind: str
    html: str = ""
    images: dict[str, bytes] = field(default_factory=dict)  # {src in the HTML: bytes}
    pdf: bytes = b""
    media_path: Path | None = None
    transcript_html: str = ""
    quiz: Quiz | None = None


def _decode(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BundleError(f"{path} is not valid UTF-8 text (byte {exc.start})") from exc


def prepare_lesson(content: ContentSource, item: Item) -> PreparedLesson:
    """Read and convert one item; raises BundleError with a plain message when unreadable."""
    from app.services.markdown_html import image_paths, to_html

    if item.kind == "text":
        html = to_html(_decode(content.read_bytes(item.path), item.path))
        images: dict[str, bytes] = {}
        for src, path in image_paths(html, item.path).items():
            try:
                images[src] = content.read_bytes(path)
            except (BundleError, KeyError, OSError):
                continue  # a missing picture shows as a broken image, not an error
        return PreparedLesson(item, "text", html=html, images=images)
    if item.kind == "pdf":
        return PreparedLesson(item, "pdf", pdf=content.read_bytes(item.path))
    if item.kind in ("audio", "video"):
        transcript = ""
        if item.transcript:
            transcript = to_html(_decode(content.read_bytes(item.transcript), item.transcript))
        return PreparedLesson(
            item, item.kind, media_path=content.media_file(item.path), transcript_html=transcript
        )
    if item.kind == "quiz":
        return PreparedLesson(item, "quiz", quiz=content.quiz(item.id))
    raise BundleError(f"lesson {item.id} has an unknown kind {item.kind!r}")


def extract_to_cache(cache_root: Path, key: str, path: str, data: bytes) -> Path:
    """Write ``data`` once under ``cache_root/<hash of key>/<basename>`` and return the path."""
    digest = hashlib.sha256(f"{key}\0{path}".encode()).hexdigest()[:24]
    target = cache_root / digest / posixpath.basename(path)
    if target.is_file() and target.stat().st_size == len(data):
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(target.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(target)
    return target
