"""Courses an institution provides without the store: preloaded bundles and a shared folder.

* Preloads (`[content] preload` in ``institution.toml``): on first run — and again when a
  file changes — each ``.satchel`` file is checked, copied into ``<downloads>/provided`` and
  registered in the library as available offline (`pending_preloads` /
  `mark_preloaded` remember what was imported, by content hash).
* The shared folder (`[content] shared_folder`): its ``.satchel`` files are registered where
  they are, read-only, at every start; courses whose file has gone (or whose folder cannot be
  reached) leave the library until it is back. Satchel never writes or deletes there.

Provided courses open without a store lease (`LibraryService.access`): the institution put
them on the machine. Encrypted (paid) bundles are refused here — they need a key from the
store for each device, so learners download those from the store instead.

Threading: blocking (disk, database); call from a worker.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.db.models import Course, CourseVersion
from app.errors import USER_ERRORS, BundleError, StorageError, UserError
from app.eventbus import EventBus
from app.provisioning import InstitutionConfig
from app.services.events import DataChanged
from app.services.library import LibraryService
from app.shared_content import add_ref
from bundle.model import Manifest
from bundle.validate import check as check_bundle
from sync.downloads import sha256_of

log = logging.getLogger(__name__)

PROVIDED_FOLDER = "provided"


@dataclass
class ProvidedReport:
    """What `provide_courses` did: course titles, and plain messages for files it refused."""

    imported: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)
    gone: int = 0  # shared-folder courses whose file is no longer there
    problems: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.imported or self.shared or self.gone)


@dataclass(frozen=True)
class _Checked:
    path: Path
    sha256: str
    size: int
    manifest: Manifest
    manifest_data: dict[str, Any]


def pending_preloads(config: InstitutionConfig, state_file: Path) -> list[Path]:
    """Preload bundles not yet imported on this machine (by content hash, so a bundle that
    is replaced by a new version is imported again). Call `mark_preloaded` after import."""
    done = _read_state(state_file)
    return [p for p in config.preload_bundles if sha256_of(p) not in done]


def mark_preloaded(bundle: Path, state_file: Path) -> None:
    """Record that `bundle` was imported, so it is not imported again on the next start."""
    done = _read_state(state_file)
    done.add(sha256_of(bundle))
    state_file.parent.mkdir(parents=True, exist_ok=True)
    tmp = state_file.with_name(state_file.name + ".tmp")
    tmp.write_text(json.dumps({"imported_sha256": sorted(done)}, indent=1), encoding="utf-8")
    os.replace(tmp, state_file)


def _read_state(state_file: Path) -> set[str]:
    try:
        data = json.loads(state_file.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return set()
    items = data.get("imported_sha256", []) if isinstance(data, dict) else []
    return {x for x in items if isinstance(x, str)}


def _check(path: Path) -> _Checked:
    """Validate a bundle file; BundleError/UserError with a plain reason when unusable."""
    result = check_bundle(path)
    if not result.report.ok or result.manifest is None or result.manifest_data is None:
        first = result.report.errors[0] if result.report.errors else "unreadable"
        raise BundleError(f"not a valid course bundle ({first})")
    if result.manifest.encryption is not None:
        raise UserError("it is a paid, encrypted course; learners download it from the store")
    try:
        return _Checked(path, sha256_of(path), path.stat().st_size, result.manifest,
                        dict(result.manifest_data))
    except OSError as exc:
        raise StorageError(f"cannot be read ({exc.strerror or exc})") from exc


def _installed_copy(db: Database, m: Manifest) -> str | None:
    """Where this course version is already available on this computer, if it is."""
    with db.read() as s:
        row = s.scalars(select(CourseVersion).where(
            CourseVersion.course_id == m.id, CourseVersion.version == m.version)).first()
        path = row.installed_path if row is not None and row.state == "available" else None
    return path if path and Path(path).is_file() else None


def _register(db: Database, checked: _Checked, installed: Path) -> str:
    """Add the course (unless known) and make this version available at `installed`."""
    m = checked.manifest

    def run(s: Session) -> str:
        course = s.get(Course, m.id)
        if course is None:
            course = Course(
                id=m.id, title=m.title, language=m.language, topic=m.topic,
                description=m.description, price_amount=m.price_hint.amount,
                price_currency=m.price_hint.currency, catalog_version=None,
            )
            s.add(course)
            s.flush()
        row = s.scalars(select(CourseVersion).where(
            CourseVersion.course_id == m.id, CourseVersion.version == m.version)).first()
        if row is None:
            row = CourseVersion(course_id=m.id, version=m.version, manifest={},
                                bundle_sha256=checked.sha256)
            s.add(row)
        row.state = "available"
        row.installed_path = str(installed)
        row.bundle_sha256 = checked.sha256
        row.manifest = checked.manifest_data
        row.size_bytes = checked.size
        return course.title

    return db.write_sync(run)


def _copy_into(src: Path, folder: Path, name: str) -> Path:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".preload-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as out, src.open("rb") as inp:
                shutil.copyfileobj(inp, out, 1 << 20)
                out.flush()
                os.fsync(out.fileno())
            target = folder / name
            os.replace(tmp, target)
            return target
        finally:
            Path(tmp).unlink(missing_ok=True)
    except OSError as exc:
        raise StorageError(f"could not be copied into {folder} ({exc.strerror or exc})") \
            from exc


def import_preload(db: Database, library: LibraryService, path: Path) -> str | None:
    """Copy one preload bundle into the library as available offline; its title, or None
    when that version is available on this computer already (e.g. downloaded)."""
    checked = _check(path)
    m = checked.manifest
    if _installed_copy(db, m) is not None:
        log.info("preload %s: %s %s is in the library already", path, m.id, m.version)
        return None
    name = f"{m.id}-{m.version}-{checked.sha256[:12]}.satchel"
    target = _copy_into(path, library.downloads_dir / PROVIDED_FOLDER, name)
    title = _register(db, checked, target)
    add_ref(library.downloads_dir, target, library.account.current_user.id)
    return title


def _forget_missing(db: Database, folder: Path) -> int:
    """Shared-folder courses whose file is gone leave the library (the row stays)."""
    prefix = str(folder) + os.sep

    def run(s: Session) -> int:
        n = 0
        for row in s.scalars(select(CourseVersion).where(
                CourseVersion.installed_path.startswith(prefix, autoescape=True))):
            if not Path(str(row.installed_path)).is_file():
                row.installed_path = None
                row.state = "not_downloaded"
                n += 1
        return n

    return db.write_sync(run)


def _registered_unchanged(db: Database, path: Path) -> bool:
    """Registered at an earlier start and the same size: not checked (hashed) again."""
    try:
        size = path.stat().st_size
    except OSError:
        return False
    with db.read() as s:
        row = s.scalars(select(CourseVersion).where(
            CourseVersion.installed_path == str(path),
            CourseVersion.state == "available")).first()
        return row is not None and row.size_bytes == size


def register_shared_folder(db: Database, folder: Path, report: ProvidedReport) -> None:
    """Register the folder's ``.satchel`` files where they are (read-only)."""
    report.gone += _forget_missing(db, folder)
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".satchel"
                       and p.is_file())
    except OSError as exc:
        log.warning("shared course folder %s cannot be read: %s", folder, exc)
        return
    for path in files:
        if _registered_unchanged(db, path):
            continue
        try:
            checked = _check(path)
            if _installed_copy(db, checked.manifest) in (None, str(path)):  # new or changed
                report.shared.append(_register(db, checked, path))
        except USER_ERRORS as exc:
            report.problems.append(f"{path}: {exc}")


def provide_courses(db: Database, bus: EventBus, library: LibraryService,
                    config: InstitutionConfig, state_file: Path) -> ProvidedReport:
    """Import pending preloads and register the shared folder; emits DataChanged("library")
    when the library changed. Files that cannot be used are listed in `problems`."""
    shared = config.shared_content_dir
    library.provided_dirs = tuple(
        p for p in (library.downloads_dir / PROVIDED_FOLDER, shared) if p is not None)
    library.read_only_dirs = (shared,) if shared is not None else ()
    report = ProvidedReport()
    try:
        pending = pending_preloads(config, state_file)
    except OSError as exc:
        report.problems.append(f"the preloaded courses cannot be read ({exc})")
        pending = []
    for path in pending:
        try:
            title = import_preload(db, library, path)
            mark_preloaded(path, state_file)
        except (UserError, BundleError, OSError) as exc:
            report.problems.append(f"{path}: {exc}")
            continue
        if title is not None:
            report.imported.append(title)
    if shared is not None:
        register_shared_folder(db, shared, report)
    for problem in report.problems:
        log.warning("institution course not added: %s", problem)
    if report.changed:
        bus.emit(DataChanged("library"))
    return report
