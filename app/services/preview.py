"""Instructor preview: open a bundle folder or `.satchel` file as a learner would see it.

`open_preview(path)` validates the bundle (every problem, with file and field) and, when the
manifest and quizzes could be parsed, keeps the bundle open for reading lessons. Nothing is
recorded: the preview has no database, no account and no learning events. Problems that
stop a lesson from opening surface as `BundleError` with a plain message when it is opened.

Threading: `open_preview` and `PreviewBundle.read_bytes/media_file/quiz` do file I/O; call
them from a worker thread. A `PreviewBundle` may be used from several threads (the source
opens a new stream per read).
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from app.errors import BundleError
from app.services.lessons import extract_to_cache
from app.services.views import OutlineModule, outline_from_manifest
from bundle.model import Item, Manifest, Quiz
from bundle.report import Problem, Report
from bundle.source import BundleSource, open_source
from bundle.validate import check


@dataclass
class PreviewBundle:
    location: Path
    report: Report
    manifest: Manifest | None
    quizzes: dict[str, Quiz] = field(default_factory=dict)
    source: BundleSource | None = None
    cache_dir: Path | None = None

    @property
    def title(self) -> str:
        return self.manifest.title if self.manifest else self.location.name

    def outline(self) -> tuple[OutlineModule, ...]:
        return outline_from_manifest(self.manifest) if self.manifest else ()

    def item(self, item_id: str) -> Item:
        if self.manifest is None:
            raise BundleError("this bundle's manifest could not be read")
        return self.manifest.item(item_id)

    def problems_for(self, item: Item) -> list[Problem]:
        """Report problems that concern this item's files."""
        return [p for p in self.report.problems if p.file in item.paths]

    # -- ContentSource ------------------------------------------------------------------
    def read_bytes(self, path: str) -> bytes:
        if self.source is None:
            raise BundleError(f"{self.location} could not be opened")
        if self.manifest is not None and self.manifest.is_encrypted(path):
            raise BundleError(
                f"{path} is encrypted paid content; preview the unencrypted source folder"
            )
        if path not in self.source:
            raise BundleError(f"{path} is missing from the bundle")
        return self.source.read(path)

    def media_file(self, path: str) -> Path:
        if self.source is not None and not self.source.packed:
            direct = self.location / path
            if direct.is_file() and not (self.manifest and self.manifest.is_encrypted(path)):
                return direct
        data = self.read_bytes(path)
        cache = self.cache_dir or Path(tempfile.gettempdir()) / "satchel-preview"
        return extract_to_cache(cache, os.fspath(self.location), path, data)

    def quiz(self, item_id: str) -> Quiz:
        try:
            return self.quizzes[item_id]
        except KeyError:
            raise BundleError(
                f"the quiz {item_id} could not be read; see the validation report"
            ) from None

    def close(self) -> None:
        if self.source is not None:
            self.source.close()
            self.source = None


def open_preview(path: str | os.PathLike[str], cache_dir: Path | None = None) -> PreviewBundle:
    """Validate and open a bundle for preview; never raises for a bad bundle (see report)."""
    location = Path(path).expanduser().resolve()
    if not location.exists():
        problem = Problem(location.name, "", f"there is no file or folder at {location}")
        return PreviewBundle(location, Report.of(str(location), [problem]), None)
    result = check(location)
    bundle = PreviewBundle(location, result.report, result.manifest, dict(result.quizzes),
                           cache_dir=cache_dir)
    if result.manifest is not None:
        try:
            bundle.source = open_source(location)
        except BundleError:
            bundle.manifest = None
    return bundle
