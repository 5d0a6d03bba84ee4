"""`sync.ports.ContentPort` on the local database and the downloads folder: where a
course file goes, its download state, its check before it counts as available, and the
wrapped content key saved next to it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import Course, CourseVersion
from app.db.sync_ports.base import DatabaseAdapter
from app.db.writer import Database
from app.shared_content import add_ref
from bundle.validate import check as check_bundle
from sync.errors import CorruptDownload, LocalStoreError
from sync.protocol import CourseDetail


class ContentAdapter(DatabaseAdapter):
    """The content port (threading: see `app.db.sync_ports.base`)."""

    def __init__(
        self, db: Database, *, downloads_dir: Path, trusted_bundle_keys: Sequence[bytes] | None,
        profile: str | None = None,
    ) -> None:
        super().__init__(db)
        self.downloads_dir = downloads_dir
        self._bundle_keys = trusted_bundle_keys
        self.profile = profile  # marks the shared course files this profile uses

    def bundle_path(self, course_id: str, version: str, sha256: str) -> Path:
        return self.downloads_dir / f"{course_id}-{version}-{sha256[:12]}.satchel"

    def _version_row(self, session: Session, course_id: str, version: str) -> CourseVersion | None:
        return session.scalars(
            select(CourseVersion).where(
                CourseVersion.course_id == course_id, CourseVersion.version == version
            )
        ).first()

    def mark_downloading(self, course: CourseDetail) -> None:
        def run(session: Session) -> None:
            c = session.get(Course, course.id)
            if c is None:
                session.add(
                    Course(
                        id=course.id, title=course.title, language=course.language,
                        topic=course.topic, description=course.description,
                        price_amount=course.price.amount, price_currency=course.price.currency,
                        catalog_version=course.version, tags=list(course.tags),
                        authors=list(course.authors), duration_min=course.duration_min,
                        item_count=course.item_count,
                    )
                )
                session.flush()
            row = self._version_row(session, course.id, course.version)
            if row is None:
                session.add(
                    CourseVersion(
                        course_id=course.id, version=course.version,
                        bundle_sha256=course.bundle.sha256, manifest={},
                        state="downloading", size_bytes=course.bundle.size,
                    )
                )
            elif row.state != "available" or row.bundle_sha256 != course.bundle.sha256:
                row.state = "downloading"
                row.bundle_sha256 = course.bundle.sha256
                row.size_bytes = course.bundle.size

        self._write(run)

    def mark_available(self, course_id: str, version: str, path: Path) -> None:
        result = check_bundle(path, trusted_keys=self._bundle_keys)
        if not result.report.ok or result.manifest_data is None:
            first = result.report.errors[0] if result.report.errors else "unreadable"
            reason = f"The course file failed its checks: {first}"
            self.mark_failed(course_id, version, reason)
            path.unlink(missing_ok=True)
            raise CorruptDownload(reason + ". It was deleted; try downloading it again.")
        manifest = cast(dict[str, Any], result.manifest_data)

        def run(session: Session) -> None:
            row = self._version_row(session, course_id, version)
            if row is None:  # pragma: no cover - mark_downloading made it
                raise LocalStoreError(f"course {course_id} {version} is not known locally")
            row.state = "available"
            row.installed_path = str(path)
            row.manifest = manifest
            row.size_bytes = path.stat().st_size

        self._write(run)
        if self.profile is not None:
            add_ref(self.downloads_dir, path, self.profile)

    def mark_failed(self, course_id: str, version: str, reason: str) -> None:
        def run(session: Session) -> None:
            row = self._version_row(session, course_id, version)
            if row is not None and row.state != "available":
                row.state = "not_downloaded" if reason == "cancelled" else "corrupt"

        self._write(run)

    def save_content_key(self, course_id: str, version: str, wrapped_key: str) -> None:
        """Keep the content key the store wrapped for this profile's device (in the
        profile's database: the course file itself may be shared with other profiles)."""
        def run(session: Session) -> None:
            row = self._version_row(session, course_id, version)
            if row is None:
                raise LocalStoreError(f"course {course_id} {version} is not known locally")
            row.wrapped_key = wrapped_key

        self._write(run)
