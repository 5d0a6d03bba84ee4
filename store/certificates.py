"""Course certificates: the store signs that a learner completed a course.

`issue(session, ctx, auth, course_id)` checks that the account owns the course and that the
learning events it synced complete every lesson and quiz of the course's published version
(the course's completion rule: each item met its own rule, recorded as an xAPI "completed"
event by the app), then returns a `SignedCertificate`: the claim (learner's name, course,
version, completion date, a verification code from the claim's hash) signed with the store's
Ed25519 key, like leases. Certificates are not stored: the signature is the record, so
`check(signed)` verifies any certificate against the store's keys (the current one and those
it rotated to), online at ``POST /v1/certificates/verify``; offline,
``satchel-bundle verify-certificate`` does the same with the published key.

Functions take the request's `Session`; one thread per session.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bundle.certificate import verify
from store.accounts import Auth
from store.context import StoreContext
from store.db.models import Course, CourseVersion, SyncEvent, User
from store.db.types import utcnow
from store.orders import owns_course
from store.problems import conflict, not_found
from sync.protocol import (
    COMPLETED_VERB,
    CertificateCheck,
    CertificateClaim,
    SignedCertificate,
    canonical_json,
    certificate_code,
)


def _published_version(session: Session, course_id: str) -> CourseVersion | None:
    return session.scalars(
        select(CourseVersion)
        .where(CourseVersion.course_id == course_id, CourseVersion.status == "published")
        .order_by(CourseVersion.published_at.desc())
    ).first()


def _item_ids(manifest: dict[str, Any]) -> set[str]:
    out: set[str] = set()
    for module in manifest.get("outline", []) or []:
        if isinstance(module, dict):
            for item in module.get("items", []) or []:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    out.add(item["id"])
    return out


def completion_dates(session: Session, user_id: str, course_id: str) -> dict[str, datetime]:
    """{item id: when it was first completed}, from the learner's synced events."""
    out: dict[str, datetime] = {}
    rows = session.execute(select(SyncEvent.payload).where(SyncEvent.user_id == user_id))
    for (payload,) in rows:
        if not isinstance(payload, dict) or payload.get("verb") != COMPLETED_VERB:
            continue
        obj = payload.get("object") or {}
        if not isinstance(obj, dict) or obj.get("course_id") != course_id:
            continue
        item = obj.get("id")
        try:
            moment = datetime.fromisoformat(str(payload.get("timestamp")))
        except ValueError:
            continue
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        if isinstance(item, str) and (item not in out or moment < out[item]):
            out[item] = moment
    return out


def issue(session: Session, ctx: StoreContext, auth: Auth, course_id: str,
          store_name: str) -> SignedCertificate:
    course = session.get(Course, course_id)
    version = _published_version(session, course_id)
    if course is None or version is None:
        raise not_found(f"There is no published course '{course_id}'.")
    if not owns_course(session, auth.user_id, course_id):
        raise conflict("A certificate is for a course in your library: get this course first.",
                       code="not-owned")
    items = _item_ids(version.manifest)
    done = completion_dates(session, auth.user_id, course_id)
    missing = sorted(items - set(done))
    if not items or missing:
        raise conflict(
            f"The course is not complete yet: {len(missing)} of {len(items)} lessons and "
            "quizzes are still to do (sync after finishing them).",
            code="not-complete", missing=missing)
    user = session.get(User, auth.user_id)
    name = (user.display_name or user.email) if user is not None else auth.user_id
    completed = max(done[i] for i in items)
    body = {
        "format": "satchel-certificate/1",
        "user_id": auth.user_id,
        "learner_name": name,
        "course_id": course_id,
        "course_title": str(version.manifest.get("title") or course_id),
        "course_version": version.version,
        "completed_on": completed.astimezone(UTC).date().isoformat(),
        "issued_at": int(utcnow().timestamp()),
        "store": store_name,
        "key_id": ctx.keys.key_id,
    }
    claim = CertificateClaim.model_validate({**body, "code": certificate_code(body)})
    signature = ctx.keys.sign(canonical_json(claim.model_dump(mode="json")))
    return SignedCertificate(certificate=claim, key_id=ctx.keys.key_id,
                             public_key=ctx.keys.public_key_b64,
                             signature=base64.b64encode(signature).decode("ascii"))


def store_keys(ctx: StoreContext) -> dict[str, bytes]:
    """The keys this store signs with or signed with: the current one and rotated-to ones."""
    keys = {ctx.keys.key_id: base64.b64decode(ctx.keys.public_key_b64)}
    for rotation in ctx.keys.rotations:
        keys.setdefault(rotation.new_key_id, base64.b64decode(rotation.new_public_key))
    return keys


def check(ctx: StoreContext, signed: SignedCertificate) -> CertificateCheck:
    result = verify(signed, store_keys(ctx))
    return CertificateCheck(valid=result.valid, reason=result.reason,
                            certificate=signed.certificate if result.valid else None)
