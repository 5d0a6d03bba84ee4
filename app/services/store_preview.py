"""Free-preview lessons of store courses, opened before buying.

`StorePreview.open(course_id, item_id)` asks the store for the item
(`GET /v1/catalog/courses/{id}/preview/{item_id}`, no sign-in), downloads the files it needs
into `<cache>/preview/` (named by their sha256, so nothing the store says becomes a path
here, and a file already fetched is not fetched again), and prepares the lesson for display
(`app.services.lessons.prepare_lesson`). Offline, the last fetched copy of the item opens
from the cache. Nothing is recorded: a preview is not progress.

Threading: blocking (network, disk); call from a worker. Several threads may open previews
at once (files are written to a temp name and renamed).
Files are streamed to disk, so a long video preview is never held in memory.
"""

from __future__ import annotations

import json
import logging
import os
import re
import tempfile
from pathlib import Path

from app.errors import BundleError, NetworkError, UserError, store_error
from app.services.lessons import PreparedLesson, prepare_lesson
from bundle.model import Completion, Item, Quiz
from bundle.parsing import load_quiz
from bundle.paths import extension
from sync.client import StoreClient
from sync.errors import Offline, ServerError, SyncError
from sync.protocol import PreviewItem

log = logging.getLogger(__name__)

_SAFE_EXT = re.compile(r"^\.[a-z0-9]{1,8}$")
_SAFE_ID = re.compile(r"^[a-z0-9_.-]{1,128}$")


class NotPreviewable(UserError):
    """The lesson is not a free preview (the course must be bought first)."""


def _item_of(wire: PreviewItem) -> Item:
    comp = wire.completion
    min_seconds = comp.get("min_seconds")
    min_score = comp.get("min")
    return Item(
        id=wire.id, kind=wire.kind, title=wire.title, path=wire.path,
        duration_min=wire.duration_min, skills=tuple(wire.skills),
        completion=Completion(
            str(comp.get("type", "viewed")),
            int(min_seconds) if isinstance(min_seconds, int | float) else None,
            float(min_score) if isinstance(min_score, int | float) else None,
        ),
        free_preview=True, transcript=wire.transcript,
    )


class _CachedContent:
    """`ContentSource` over the cached files of one preview item."""

    def __init__(self, files: dict[str, Path], quiz_path: str) -> None:
        self._files = files
        self._quiz_path = quiz_path

    def read_bytes(self, path: str) -> bytes:
        try:
            return self._files[path].read_bytes()
        except (KeyError, OSError) as exc:
            raise BundleError(f"{path} is not part of this free preview") from exc

    def media_file(self, path: str) -> Path:
        try:
            return self._files[path]
        except KeyError as exc:
            raise BundleError(f"{path} is not part of this free preview") from exc

    def quiz(self, item_id: str) -> Quiz:
        path = self._quiz_path
        try:
            return load_quiz(json.loads(self.read_bytes(path)), file=path)
        except ValueError as exc:
            raise BundleError(f"{path} is not a valid quiz") from exc


class StorePreview:
    def __init__(self, client: StoreClient, cache_dir: Path) -> None:
        self.client = client
        self.root = cache_dir / "preview"

    def _index_file(self, course_id: str, item_id: str) -> Path:
        return self.root / "items" / f"{course_id}--{item_id}.json"

    def _blob(self, sha256: str, path: str) -> Path:
        ext = extension(path)
        return self.root / "files" / (sha256 + (ext if _SAFE_EXT.match(ext) else ""))

    def fetch(self, course_id: str, item_id: str) -> tuple[PreviewItem, dict[str, Path]]:
        """The item and its cached files ({bundle path: local file}), downloading what is
        missing. Raises `NotPreviewable` when the store says the lesson is not a preview."""
        if not (_SAFE_ID.match(course_id) and _SAFE_ID.match(item_id)):
            raise NotPreviewable("This lesson is not a free preview.")
        index = self._index_file(course_id, item_id)
        try:
            wire = self.client.preview_item(course_id, item_id)
        except Offline:
            try:
                wire = PreviewItem.model_validate_json(index.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                raise NetworkError(
                    "The store cannot be reached, and this preview was not opened on this "
                    "computer before. Connect to the internet to open it.") from None
        except ServerError as exc:
            if exc.status == 404:
                raise NotPreviewable(
                    "This lesson is not a free preview; buy the course to open it.") from exc
            raise store_error(exc, " to open this preview") from exc
        except SyncError as exc:
            raise store_error(exc, " to open this preview") from exc
        files: dict[str, Path] = {}
        for entry in wire.files:
            target = self._blob(entry.sha256, entry.path)
            if not (target.is_file() and target.stat().st_size == entry.size):
                self._download(entry.url, entry.size, entry.sha256, target)
            files[entry.path] = target
        try:
            index.parent.mkdir(parents=True, exist_ok=True)
            index.write_text(wire.model_dump_json(), encoding="utf-8")
        except OSError:
            log.warning("could not cache the preview %s/%s", course_id, item_id)
        return wire, files

    def _download(self, url: str, size: int, sha256: str, target: Path) -> None:
        """Fetch one file into ``target`` (a temp name first; kept only when its size and
        sha256 are what the store announced)."""
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=target.parent, suffix=".part")
        tmp = Path(name)
        try:
            with os.fdopen(fd, "wb") as out:
                try:
                    got = self.client.preview_file(url, out, max_bytes=size)
                except SyncError as exc:
                    raise store_error(exc, " to open this preview") from exc
            if got != (size, sha256):
                raise UserError("The store sent a damaged preview file; try again.")
            tmp.replace(target)
        finally:
            tmp.unlink(missing_ok=True)

    def open(self, course_id: str, item_id: str) -> PreparedLesson:
        """The free-preview lesson ready to show (see the module docstring)."""
        wire, files = self.fetch(course_id, item_id)
        item = _item_of(wire)
        return prepare_lesson(_CachedContent(files, item.path), item)
