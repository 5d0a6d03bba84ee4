"""Content delivery rules: who may download a content-addressed bundle file, HTTP Range
parsing (single ranges; resume after a kill), and content keys of encrypted bundles wrapped
for one device's X25519 public key.

Access: the author of the version (drafts included, for preview), an administrator, or —
for a published version — a learner with an active entitlement to the course (or anyone
signed in when the version is free). Functions take the request's `Session`; one thread
per session.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from bundle.crypto import wrap_key
from store.accounts import Auth
from store.catalog import price_of
from store.context import StoreContext
from store.db.models import Course, CourseVersion, Device
from store.orders import owns_course
from store.problems import ProblemError, conflict, forbidden, not_found
from sync.protocol import CONTENT_KEY_SCHEME, WrappedContentKey

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive

    @property
    def length(self) -> int:
        return self.end - self.start + 1


class RangeNotSatisfiable(Exception):
    """The Range header asks for bytes the file does not have."""


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """The requested byte range, None for "send everything", or raise RangeNotSatisfiable.

    Multiple ranges and malformed headers are ignored (the whole file is sent), as RFC 9110
    allows."""
    if not header:
        return None
    match = _RANGE.match(header.strip().replace(" ", ""))
    if not match or (not match.group(1) and not match.group(2)):
        return None
    first, last = match.group(1), match.group(2)
    if not first:  # suffix: the last N bytes
        n = int(last)
        if n == 0 or size == 0:
            raise RangeNotSatisfiable
        return ByteRange(max(0, size - n), size - 1)
    start = int(first)
    if last and int(last) < start:
        return None  # syntactically invalid: ignore the header
    if start >= size:
        raise RangeNotSatisfiable
    end = int(last) if last else size - 1
    return ByteRange(start, min(end, size - 1))


def may_read_version(session: Session, auth: Auth, version: CourseVersion) -> bool:
    if auth.is_admin or version.author_id == auth.user_id:
        return True
    if version.status != "published":
        return False
    if price_of(version.manifest).amount == 0:
        return True
    return owns_course(session, auth.user_id, version.course_id)


def authorize_blob(session: Session, auth: Auth, sha256: str) -> int:
    """Size of the blob if `auth` may download it; 404 if unknown or invisible, else 403."""
    versions = session.scalars(
        select(CourseVersion).where(CourseVersion.blob_sha256 == sha256)
    ).all()
    visible = [v for v in versions if v.status == "published" or v.author_id == auth.user_id]
    if not visible and not (auth.is_admin and versions):
        raise not_found("There is no such content file.")
    for version in versions:
        if may_read_version(session, auth, version):
            return version.size
    raise forbidden(
        "You do not have access to this course's content; buy or enrol in the course first.",
        code="not-entitled",
    )


def content_key(
    session: Session, ctx: StoreContext, auth: Auth, course_id: str, version: str | None
) -> WrappedContentKey:
    """The bundle content key of a course version, wrapped for the caller's device."""
    query = select(CourseVersion).where(CourseVersion.course_id == course_id)
    if version:
        query = query.where(CourseVersion.version == version)
    else:
        course = session.get(Course, course_id)
        if course is None or course.published_version_id is None:
            raise not_found(f"There is no published course '{course_id}'.")
        query = query.where(CourseVersion.id == course.published_version_id)
    row = session.scalar(query)
    if row is None or (row.status != "published" and row.author_id != auth.user_id):
        raise not_found(f"There is no such version of the course '{course_id}'.")
    if not may_read_version(session, auth, row):
        raise forbidden(
            "You do not have access to this course; buy or enrol in it first.",
            code="not-entitled",
        )
    if not row.encrypted or row.content_key_sealed is None:
        raise conflict("This course version is not encrypted; it needs no content key.")
    device = session.get(Device, auth.device_id)
    if device is None or device.public_key is None:
        raise ProblemError(
            409,
            "This device has no registered public key; send one with PATCH /v1/devices/{id}.",
            code="no-device-key",
        )
    key = ctx.keys.unseal(row.content_key_sealed, row.id)
    wrapped = wrap_key(key, base64.b64decode(device.public_key))
    return WrappedContentKey(
        course_id=course_id,
        version=row.version,
        device_id=device.id,
        scheme=CONTENT_KEY_SCHEME,
        wrapped_key=base64.b64encode(wrapped).decode("ascii"),
    )
