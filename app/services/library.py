"""Library: the learner's courses, their downloads, and reading installed bundles.

* `entries()` — owned courses (from the signed lease's entitlements) and their download
  state (not downloaded / downloading / available offline / corrupt), progress and the days
  of offline access left.
* `download(course_id)` — resumable download through the sync engine; progress goes out as
  `DownloadProgressed` events (bytes, rate, ETA); `start_download` (which also resumes),
  `pause_download` and `cancel_download` act on it without blocking (`Transfers`).
* `remove_download(course_id)` — delete the local copy (progress and notes stay).
* `course(course_id)` — the installed bundle opened for reading (`InstalledCourse`, a
  `ContentSource`): paid content is decrypted with the content key the store wrapped for
  this device; media are written to the cache for the player.

Threading: everything but `downloads_dir` blocks on disk or network; call from workers.
Open bundles are cached and shared between threads (the reader allows that).
"""

from __future__ import annotations

import base64
import json
import logging
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.db import Database
from app.db.models import Course, CourseVersion, Entitlement
from app.errors import BundleError, StorageError, UserError
from app.eventbus import EventBus
from app.services import derive
from app.services.account import AccountService
from app.services.downloads import Transfers
from app.services.events import DataChanged
from app.services.lessons import extract_to_cache
from app.services.views import DownloadState, LibraryEntry
from app.shared_content import drop_ref
from bundle.crypto import unwrap_key
from bundle.model import Manifest, Quiz
from bundle.parsing import load_manifest
from bundle.reader import Bundle, open_bundle
from sync.downloads import Outcome

if TYPE_CHECKING:
    from app.services.sync_service import SyncService

log = logging.getLogger(__name__)


class InstalledCourse:
    """An installed course bundle as a `ContentSource` for the lesson player."""

    def __init__(self, course_id: str, bundle: Bundle, media_cache: Path) -> None:
        self.course_id = course_id
        self.bundle = bundle
        self.manifest: Manifest = bundle.manifest
        self.media_cache = media_cache

    def read_bytes(self, path: str) -> bytes:
        return self.bundle.read_bytes(path)

    def media_file(self, path: str) -> Path:
        if not self.bundle.packed and not self.manifest.is_encrypted(path):
            direct = self.bundle.location / path
            if direct.is_file():
                return direct
        key = f"{self.course_id}@{self.manifest.version}"
        return extract_to_cache(self.media_cache, key, path, self.bundle.read_bytes(path))

    def quiz(self, item_id: str) -> Quiz:
        return self.bundle.quiz(item_id)

    def close(self) -> None:
        self.bundle.close()


class LibraryService:
    def __init__(
        self,
        db: Database,
        bus: EventBus,
        account: AccountService,
        *,
        downloads_dir: Path,
        cache_dir: Path,
    ) -> None:
        self.db = db
        self.bus = bus
        self.account = account
        self.downloads_dir = downloads_dir
        self.cache_dir = cache_dir
        self.sync: SyncService | None = None
        self._open: dict[str, tuple[str, InstalledCourse]] = {}
        self.transfers = Transfers(db, bus, account)
        self._lock = threading.Lock()
        # Folders of courses the institution provides (preloads, the shared folder; see
        # `app.services.institution_content`): they open without a store lease.
        self.provided_dirs: tuple[Path, ...] = ()
        self.read_only_dirs: tuple[Path, ...] = ()  # never deleted from (a shared folder)

    def attach_sync(self, sync: SyncService) -> None:
        self.sync = sync
        self.transfers.attach(sync)

    # -- queries ----------------------------------------------------------------------------
    def owned_ids(self) -> set[str]:
        profile = self.account.current_user
        if profile is None:
            return set()
        with self.db.read() as s:
            return set(s.scalars(select(Entitlement.course_id).where(
                Entitlement.user_id == profile.user_id, Entitlement.revoked.is_(False))))

    def _best_versions(self, s: Any) -> dict[str, CourseVersion]:
        best: dict[str, CourseVersion] = {}
        rank = {"available": 3, "downloading": 2, "corrupt": 1, "not_downloaded": 0}
        for v in s.scalars(select(CourseVersion).order_by(CourseVersion.added_at)):
            cur = best.get(v.course_id)
            if cur is None or rank.get(v.state, 0) >= rank.get(cur.state, 0):
                best[v.course_id] = v
        return best

    def entries(self) -> list[LibraryEntry]:
        profile = self.account.current_user
        owned = self.owned_ids()
        days_left = self._days_left()
        with self.db.read() as s:
            versions = self._best_versions(s)
            ids = owned | {cid for cid, v in versions.items() if v.state == "available"}
            courses = {c.id: c for c in s.scalars(select(Course).where(Course.id.in_(ids)))}
            done = derive.completed_items(s, profile.user_id if profile else None, ids)
        out = []
        for cid in sorted(ids, key=lambda c: (courses[c].title if c in courses else c).lower()):
            c = courses.get(cid)
            v = versions.get(cid)
            total = self._lesson_count(v)
            n_done = len(done.get(cid, set()))
            state = v.state if v is not None else "not_downloaded"
            if (v is not None and c is not None and c.catalog_version
                    and state == "available" and c.catalog_version != v.version):
                state = "update_available"
            out.append(LibraryEntry(
                course_id=cid,
                title=c.title if c else cid,
                language=c.language if c else "",
                topic=c.topic if c else "",
                version=v.version if v else (c.catalog_version if c else None),
                state=state,
                size_bytes=v.size_bytes if v else None,
                progress=min(1.0, n_done / total) if total else 0.0,
                lessons_done=n_done,
                lessons_total=total,
                lease_days_left=days_left if cid in owned else None,
            ))
        return out

    @staticmethod
    def _lesson_count(v: CourseVersion | None) -> int:
        if v is None or not v.manifest:
            return 0
        return sum(len(m.get("items", [])) for m in v.manifest.get("outline", []))

    def _days_left(self) -> int | None:
        if self.sync is None:
            return None
        try:
            lease = self.sync.engine.lease()
            if lease is None:
                return None
            now = self.sync.engine.lease_clock.now()
            from sync.leases import days_remaining

            return days_remaining(lease, now)
        except Exception:  # a broken lease is shown as "unknown", never as a crash
            log.warning("could not read the lease", exc_info=True)
            return None

    def manifest(self, course_id: str) -> Manifest | None:
        """The installed version's manifest (None when the course is not installed)."""
        with self.db.read() as s:
            v = self._best_versions(s).get(course_id)
            data = v.manifest if v is not None and v.state == "available" else None
        if not data:
            return None
        try:
            return load_manifest(data)
        except BundleError:
            log.warning("stored manifest of %s is invalid", course_id)
            return None

    def is_available(self, course_id: str) -> bool:
        with self.db.read() as s:
            v = self._best_versions(s).get(course_id)
            return v is not None and v.state == "available" and bool(v.installed_path)

    def access(self, course_id: str) -> tuple[bool, str]:
        """(may study now, plain reason) — offline, from the signed lease (courses the
        institution provided need none)."""
        if self.sync is None or self._in(self._installed_path(course_id), self.provided_dirs):
            return True, ""
        acc = self.sync.engine.access(course_id)
        allowed = bool(getattr(acc, "allowed", True))
        return allowed, str(getattr(acc, "reason", "") or "")

    def _installed_path(self, course_id: str) -> str | None:
        with self.db.read() as s:
            v = self._best_versions(s).get(course_id)
            return v.installed_path if v is not None and v.state == "available" else None

    @staticmethod
    def _in(path: str | None, folders: tuple[Path, ...]) -> bool:
        return path is not None and any(Path(path).is_relative_to(f) for f in folders)

    # -- opening --------------------------------------------------------------------------
    def course(self, course_id: str) -> InstalledCourse:
        """The installed bundle, opened (and cached) for reading; plain errors otherwise."""
        with self.db.read() as s:
            v = self._best_versions(s).get(course_id)
            path = v.installed_path if v is not None and v.state == "available" else None
            version = v.version if v is not None else ""
        if not path:
            raise UserError("This course is not downloaded yet. Download it from your "
                            "Library to study it offline.")
        with self._lock:
            cached = self._open.get(course_id)
            if cached is not None and cached[0] == path:
                return cached[1]
        key = self._content_key(course_id, version) if self._needs_key(Path(path)) else None
        try:
            bundle = open_bundle(path, content_key=key)
        except BundleError as exc:
            raise BundleError(f"The downloaded copy of this course cannot be read: {exc}. "
                              "Remove the download and download it again.") from exc
        installed = InstalledCourse(course_id, bundle, self.cache_dir / "media")
        with self._lock:
            old = self._open.pop(course_id, None)
            self._open[course_id] = (path, installed)
        if old is not None:
            old[1].close()
        return installed

    @staticmethod
    def _needs_key(path: Path) -> bool:
        try:
            import zipfile

            with zipfile.ZipFile(path) as z:
                data = json.loads(z.read("manifest.json"))
            return bool(data.get("encryption"))
        except (OSError, KeyError, ValueError, zipfile.BadZipFile):
            return False

    def _content_key(self, course_id: str, version: str) -> bytes:
        """The course's content key, unwrapped with this profile's device key. The wrapped
        key is kept in the profile's database; when it is missing (the course file was
        downloaded by another profile of this computer) it is fetched from the store."""
        with self.db.read() as s:
            row = s.scalars(select(CourseVersion).where(
                CourseVersion.course_id == course_id, CourseVersion.version == version)).first()
            wrapped = row.wrapped_key if row is not None else None
        if not wrapped:
            wrapped = self._fetch_content_key(course_id, version)
        try:
            return unwrap_key(base64.b64decode(wrapped), self.account.device_key())
        except BundleError as exc:
            raise UserError("This course was unlocked for another device key. Sync while "
                            "online, then open the course again.") from exc

    def _fetch_content_key(self, course_id: str, version: str) -> str:
        from sync.errors import SyncError

        if self.sync is None or not self.account.signed_in:
            raise UserError("The key for this paid course is not on this computer for your "
                            "account yet. Sign in while online, then open the course again.")
        try:
            key = self.account.client.content_key(course_id, version)
        except SyncError as exc:
            raise UserError("The key for this paid course is not on this computer for your "
                            "account yet, and the store cannot be reached to get it. Open "
                            "the course again once you are online.") from exc
        self.sync.ports.content.save_content_key(course_id, version, key.wrapped_key)
        return key.wrapped_key

    # -- downloads (see `app.services.downloads`) ------------------------------------------
    def download(self, course_id: str) -> Outcome:
        """Download (or resume) a course; blocks until done, paused, cancelled or failed."""
        return self.transfers.run(course_id)

    def start_download(self, course_id: str) -> None:
        """Start or resume a download in the background; returns at once."""
        self.transfers.start(course_id)

    def pause_download(self, course_id: str) -> None:
        self.transfers.pause(course_id)

    def cancel_download(self, course_id: str) -> None:
        self.transfers.cancel(course_id)

    def download_states(self) -> dict[str, DownloadState]:
        """Running, paused and failed downloads by course id."""
        return self.transfers.states()

    def remove_download(self, course_id: str) -> None:
        """Delete the local copy (the file itself only when no other profile of this computer
        uses it); learning records, notes and the purchase stay."""
        shared = self._installed_path(course_id)
        if self._in(shared, self.read_only_dirs):
            raise UserError(f"This course is read from the shared course folder "
                            f"{Path(str(shared)).parent}, which Satchel never changes, so it "
                            "cannot be removed here.")
        with self._lock:
            cached = self._open.pop(course_id, None)
        if cached is not None:
            cached[1].close()

        def run(s: Any) -> list[str]:
            paths = []
            for v in s.scalars(select(CourseVersion).where(CourseVersion.course_id == course_id)):
                if v.installed_path:
                    paths.append(v.installed_path)
                v.installed_path = None
                v.state = "not_downloaded"
            return paths

        for p in self.db.write_sync(run):
            path = Path(p)
            if not drop_ref(self.downloads_dir, path, self.account.current_user.id):
                continue  # another profile of this computer still studies from this file
            try:
                if path.is_dir():
                    shutil.rmtree(path)
                else:
                    path.unlink(missing_ok=True)
            except OSError as exc:
                raise StorageError(f"Could not delete {path}: {exc.strerror}") from exc
        media = self.cache_dir / "media"
        if media.is_dir():
            shutil.rmtree(media, ignore_errors=True)
        self.bus.emit(DataChanged("library", course_id))

    def storage_used(self) -> int:
        """Bytes used by downloaded course files (blocks on the disk: call from a worker)."""
        total = 0
        for p in self.downloads_dir.glob("*"):
            if p.is_file():
                total += p.stat().st_size
        return total

    def close(self) -> None:
        for cid in self.transfers.close():
            log.info("paused the download of %s at exit; it resumes next time", cid)
        with self._lock:
            opened = list(self._open.values())
            self._open.clear()
        for _path, course in opened:
            course.close()
