"""Publishing: instructors upload a `.satchel` bundle as a draft (validated with the shared
validator, every problem reported), preview it, and publish it as the course's new version.

Rules: a course id belongs to the instructor who first uploaded it; versions only go up
(semantic version order); an encrypted bundle must come with its 32-byte content key, which
the validator uses to check the encrypted files and the store then keeps sealed with its
master key. Learners only ever see published versions.

Functions take the caller's `Session` and commit; one thread per session.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from pathlib import Path
from typing import Any, BinaryIO

from sqlalchemy import select
from sqlalchemy.orm import Session

from bundle.validate import check, version_tuple
from store import catalog
from store.accounts import Auth
from store.blobs import CHUNK, BlobTooLarge
from store.context import StoreContext
from store.db.models import Blob, Course, CourseVersion
from store.db.types import utcnow
from store.problems import ProblemError, conflict, forbidden, not_found, unprocessable
from sync.protocol import (
    CourseDetail,
    DraftOut,
    PublishedVersion,
)

# The store accepts bundles for any app version; readers enforce min_app_version.
_ANY_APP_VERSION = "9999.0.0"
_STATUSES = ("draft", "published", "held", "rejected")


def draft_out(version: CourseVersion) -> DraftOut:
    return DraftOut(
        id=version.id,
        course_id=version.course_id,
        version=version.version,
        title=str(version.manifest.get("title", "")),
        status=version.status if version.status in _STATUSES else "draft",  # type: ignore[arg-type]
        sha256=version.blob_sha256,
        size=version.size,
        encrypted=version.encrypted,
        created_at=version.created_at,
        published_at=version.published_at,
        content_url=catalog.content_url(version.blob_sha256),
        changelog=version.changelog,
    )


def _decode_key(content_key: str | None) -> bytes | None:
    if content_key is None or content_key == "":
        return None
    try:
        raw = base64.b64decode(content_key, validate=True)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != 32:
        raise unprocessable(
            "content_key must be the bundle's 32-byte content key, base64-encoded.",
            code="bad-content-key",
        )
    return raw


def _spool(ctx: StoreContext, source: BinaryIO) -> tuple[Path, str, int]:
    fd, tmp = ctx.blobs.temp_file()
    digest = hashlib.sha256()
    size = 0
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := source.read(CHUNK):
                size += len(chunk)
                if size > ctx.settings.max_upload_bytes:
                    raise BlobTooLarge
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BlobTooLarge:
        tmp.unlink(missing_ok=True)
        raise ProblemError(
            413, "The bundle is larger than this store accepts.", code="too-large"
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return tmp, digest.hexdigest(), size


def store_bundle(
    session: Session,
    ctx: StoreContext,
    author_id: str,
    source: BinaryIO,
    content_key: bytes | None,
    *,
    is_admin: bool = False,
    changelog: str = "",
) -> CourseVersion:
    """Validate and store an uploaded bundle as a draft version (flushes, does not commit)."""
    tmp, sha256, size = _spool(ctx, source)
    try:
        result = check(tmp, content_key=content_key, app_version=_ANY_APP_VERSION)
        problems = [p.to_dict() for p in result.report.errors]
        for problem in problems:
            if problem["file"] == tmp.name:
                problem["file"] = "(bundle)"
        manifest: Any = result.manifest_data
        if not problems and isinstance(manifest, dict):
            encrypted = manifest.get("encryption") is not None
            if encrypted and content_key is None:
                problems.append(
                    {
                        "file": "manifest.json",
                        "field": "encryption",
                        "message": "the bundle is encrypted: upload its content key too "
                        "(form field content_key), so the store can give it to buyers",
                        "severity": "error",
                    }
                )
            if not encrypted and content_key is not None:
                problems.append(
                    {
                        "file": "manifest.json",
                        "field": "encryption",
                        "message": "a content key was sent but the bundle is not encrypted",
                        "severity": "error",
                    }
                )
        if problems or not isinstance(manifest, dict):
            raise ProblemError(
                422,
                f"The bundle has {len(problems)} problem(s); fix them all and upload again.",
                code="invalid-bundle",
                problems=problems,
            )
        course_id = str(manifest["id"])
        version = str(manifest["version"])
        course = session.get(Course, course_id)
        if course is not None and course.author_id != author_id and not is_admin:
            raise forbidden(
                f"The course id '{course_id}' belongs to another instructor.",
                code="course-owned-by-other",
            )
        if course is None:
            course = Course(id=course_id, author_id=author_id, listed=False)
            session.add(course)
            session.flush()
        existing = session.scalar(
            select(CourseVersion).where(
                CourseVersion.course_id == course_id, CourseVersion.version == version
            )
        )
        if existing is not None:
            raise conflict(
                f"Version {version} of '{course_id}' exists already ({existing.status}); "
                "raise the version number.",
                code="version-exists",
            )
        if course.version and (version_tuple(version) or (0, 0, 0)) <= (
            version_tuple(course.version) or (0, 0, 0)
        ):
            raise conflict(
                f"Version {version} is not newer than the published {course.version}.",
                code="version-not-newer",
            )
        if session.get(Blob, sha256) is None:
            session.add(Blob(sha256=sha256, size=size))
        ctx.blobs.adopt(tmp, sha256)
        row = CourseVersion(
            course_id=course_id,
            version=version,
            status="draft",
            manifest=manifest,
            blob_sha256=sha256,
            size=size,
            encrypted=content_key is not None,
            author_id=author_id,
            created_at=utcnow(),
            changelog=changelog,
        )
        session.add(row)
        session.flush()
        if content_key is not None:
            row.content_key_sealed = ctx.keys.seal(content_key, row.id)
        return row
    finally:
        tmp.unlink(missing_ok=True)


def create_draft(
    session: Session,
    ctx: StoreContext,
    auth: Auth,
    source: BinaryIO,
    content_key: str | None,
    changelog: str = "",
) -> DraftOut:
    row = store_bundle(
        session,
        ctx,
        auth.user_id,
        source,
        _decode_key(content_key),
        is_admin=auth.is_admin,
        changelog=changelog,
    )
    session.commit()
    return draft_out(row)


def own_version(session: Session, auth: Auth, draft_id: str) -> CourseVersion:
    row = session.get(CourseVersion, draft_id)
    if row is None or (row.author_id != auth.user_id and not auth.is_admin):
        raise not_found("There is no such draft among your uploads.")
    return row


def list_drafts(session: Session, auth: Auth) -> list[DraftOut]:
    rows = session.scalars(
        select(CourseVersion)
        .where(CourseVersion.author_id == auth.user_id)
        .order_by(CourseVersion.created_at.desc())
    ).all()
    return [draft_out(r) for r in rows]


def get_draft(session: Session, auth: Auth, draft_id: str) -> DraftOut:
    return draft_out(own_version(session, auth, draft_id))


def preview(session: Session, auth: Auth, draft_id: str) -> CourseDetail:
    """How the course page will look (the author only)."""
    row = own_version(session, auth, draft_id)
    return catalog.detail_from_version(row, row.published_at or row.created_at)


def publish(session: Session, auth: Auth, draft_id: str) -> PublishedVersion:
    published = publish_version(session, own_version(session, auth, draft_id))
    session.commit()
    return published


def publish_version(session: Session, row: CourseVersion) -> PublishedVersion:
    """Publish a stored draft and list it in the catalog (caller commits)."""
    if row.status == "published":
        raise conflict("This version is published already.", code="already-published")
    if row.status == "rejected":
        raise conflict("An administrator rejected this version.", code="rejected")
    course = session.get(Course, row.course_id)
    assert course is not None
    if course.version and (version_tuple(row.version) or (0, 0, 0)) <= (
        version_tuple(course.version) or (0, 0, 0)
    ):
        raise conflict(
            f"Version {row.version} is not newer than the published {course.version}.",
            code="version-not-newer",
        )
    row.status = "published"
    row.published_at = utcnow()
    catalog.list_version(session, course, row)
    assert row.published_at is not None
    return PublishedVersion(
        course_id=row.course_id,
        version=row.version,
        published_at=row.published_at,
        sha256=row.blob_sha256,
    )


def delete_draft(session: Session, auth: Auth, draft_id: str) -> None:
    row = own_version(session, auth, draft_id)
    if row.status == "published":
        raise conflict("Published versions cannot be deleted.", code="already-published")
    session.delete(row)
    session.commit()


def unlist_course(session: Session, auth: Auth, course_id: str) -> None:
    """Take a course out of the catalog (its author or an admin). Learners who own it keep
    their entitlement and downloads; catalog pulls report it under `removed`."""
    course = session.get(Course, course_id)
    if course is None or (course.author_id != auth.user_id and not auth.is_admin):
        raise not_found(f"You have no course '{course_id}'.")
    if not course.listed:
        raise conflict("This course is not listed.", code="not-listed")
    catalog.unlist(session, course)
    session.commit()
