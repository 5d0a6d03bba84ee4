"""Publishing with the creator agreement and copyright monitoring.

- **Creator agreement**: a versioned text (`AGREEMENT_VERSION`, `AGREEMENT_TEXT`). An
  instructor who has not accepted the current version must send it with the publish
  (`accept_agreement`); the store then records who, which version (and the text's hash),
  when and the bundle hash it covered, as an `agreement_acceptances` row and a ledger
  journal entry (kind "agreement").
- **Copyright check**: at publish the version's text (Markdown lessons, transcripts, quiz
  prompts and explanations, PDF text) is cut into 5-token shingles (words; single characters
  for CJK text), hashed, and a fixed 1-in-4 sample by hash value is kept, so the same
  passage always yields the same sample. Media files are fingerprinted by their sha256.
  Every published version of *another* author that holds at least `copyright_text_overlap`
  of the new sample, or any same media file, makes the version held (`copyright_holds`)
  until an administrator releases (publishes) or rejects it.

Functions take the request's `Session` and commit where they say so; one thread per session.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from bundle import crypto
from bundle.errors import BundleError
from bundle.source import open_source
from store import catalog, ledger, publishing
from store.accounts import Auth
from store.context import StoreContext
from store.db.models import (
    AgreementAcceptance,
    ContentFingerprint,
    CopyrightHold,
    Course,
    CourseVersion,
)
from store.db.types import utcnow
from store.problems import ProblemError, conflict, not_found
from sync.protocol import (
    BundleProblem,
    CreatorAgreement,
    PublishOutcome,
    PublishReport,
    PublishRequest,
    SimilarCourse,
)

AGREEMENT_VERSION = "2026-01"
AGREEMENT_TEXT = """\
Satchel creator agreement, version 2026-01

1. You confirm that you own, or have the right to sell, everything in the courses you
   publish here (text, pictures, audio, video, quizzes), and that it does not copy anyone
   else's work without permission.
2. You give this store a licence to store, copy, watermark and deliver your course to the
   learners who buy or enrol in it, for as long as they keep access.
3. The store keeps the platform fee set in its configuration from each sale and pays you
   the rest, less refunds and chargebacks, in a monthly statement.
4. The store compares every course you publish with the courses already published, and
   may hold or remove a course that appears to copy another author's, until the question
   is settled.
5. Each new version of this agreement is shown to you before your next publish.
"""
AGREEMENT_SHA256 = hashlib.sha256(AGREEMENT_TEXT.encode("utf-8")).hexdigest()

SHINGLE = 5
SAMPLE_MOD = 4  # keep hashes that are 0 mod 4: the same passage always gives the same sample
MIN_SAMPLE = 20  # fewer sampled shingles than this: too little text to judge
MIN_MEDIA_BYTES = 4096
_TOKEN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|[^\W_]+", re.UNICODE)
_TEXT_EXT = (".md", ".markdown", ".txt")


def agreement() -> CreatorAgreement:
    return CreatorAgreement(version=AGREEMENT_VERSION, text=AGREEMENT_TEXT, sha256=AGREEMENT_SHA256)


def has_accepted(session: Session, user_id: str) -> bool:
    return (
        session.scalar(
            select(AgreementAcceptance.id).where(
                AgreementAcceptance.user_id == user_id,
                AgreementAcceptance.version == AGREEMENT_VERSION,
            )
        )
        is not None
    )


def _record_acceptance(session: Session, auth: Auth, row: CourseVersion) -> None:
    txn = ledger.post_journal(
        session,
        kind="agreement",
        memo=(
            f"user {auth.user_id} accepted creator agreement {AGREEMENT_VERSION} "
            f"(text {AGREEMENT_SHA256[:16]}) for bundle {row.blob_sha256}"
        ),
    )
    session.add(
        AgreementAcceptance(
            user_id=auth.user_id,
            version=AGREEMENT_VERSION,
            text_sha256=AGREEMENT_SHA256,
            bundle_sha256=row.blob_sha256,
            course_version_id=row.id,
            ledger_txn_id=txn.id,
            accepted_at=utcnow(),
        )
    )


# --------------------------------------------------------------------------- fingerprints


def tokens(text: str) -> list[str]:
    return [t.lower() for t in _TOKEN.findall(text)]


def _h64(data: str) -> int:
    return int.from_bytes(hashlib.blake2b(data.encode("utf-8"), digest_size=8).digest(), "big",
                          signed=True)  # fmt: skip


def shingle_sample(text: str) -> set[int]:
    """The sampled hashes of `text`'s 5-token shingles."""
    words = tokens(text)
    out: set[int] = set()
    for i in range(max(0, len(words) - SHINGLE + 1)):
        h = _h64(" ".join(words[i : i + SHINGLE]))
        if h % SAMPLE_MOD == 0:
            out.add(h)
    return out


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        return "\n".join(page.extract_text() or "" for page in reader.pages)
    except (PyPdfError, ValueError, KeyError, TypeError):
        return ""


def _quiz_text(data: bytes) -> str:
    try:
        doc = json.loads(data)
    except ValueError:
        return ""
    parts: list[str] = []
    for q in doc.get("questions", []) if isinstance(doc, dict) else []:
        if isinstance(q, dict):
            parts += [str(q.get("prompt", "")), str(q.get("explanation", ""))]
            parts += [str(c.get("text", "")) for c in q.get("choices", []) if isinstance(c, dict)]
    return "\n".join(parts)


def bundle_members(
    path: Path, manifest: dict[str, Any], key: bytes | None
) -> Iterator[tuple[str, bytes]]:
    """(name, plaintext bytes) of every file of a stored bundle (decrypted with `key`)."""
    enc = manifest.get("encryption") or {}
    secret = set(enc.get("files", []))
    chunk = int(enc.get("chunk_size", crypto.DEFAULT_CHUNK_SIZE) or crypto.DEFAULT_CHUNK_SIZE)
    with open_source(path) as source:
        for name in source.names():
            if name in ("manifest.json", "signature.json"):
                continue
            data = source.read(name)
            if name in secret:
                if key is None:
                    continue
                data = crypto.decrypt_bytes(data, key, name, chunk)
            yield name, data


def fingerprints(ctx: StoreContext, row: CourseVersion) -> tuple[set[int], set[int]]:
    """(text sample, media hashes) of a stored version."""
    key = ctx.keys.unseal(row.content_key_sealed, row.id) if row.content_key_sealed else None
    text: set[int] = set()
    media: set[int] = set()
    try:
        with ctx.blobs.local_copy(row.blob_sha256) as path:
            members = list(bundle_members(path, row.manifest, key))
        for name, data in members:
            lower = name.lower()
            if lower.endswith(_TEXT_EXT):
                text |= shingle_sample(data.decode("utf-8", "replace"))
            elif lower.endswith(".json"):
                text |= shingle_sample(_quiz_text(data))
            elif lower.endswith(".pdf"):
                text |= shingle_sample(pdf_text(data))
                media.add(_h64(hashlib.sha256(data).hexdigest()))
            elif len(data) >= MIN_MEDIA_BYTES:
                media.add(_h64(hashlib.sha256(data).hexdigest()))
    except BundleError:
        pass  # the validator accepted it; a file we cannot read simply adds nothing
    return text, media


def _store_fingerprints(session: Session, row_id: str, text: set[int], media: set[int]) -> None:
    session.add_all(
        [ContentFingerprint(course_version_id=row_id, kind="text", hash=h) for h in text]
        + [ContentFingerprint(course_version_id=row_id, kind="media", hash=h) for h in media]
    )


def _chunks(values: Iterable[int], n: int = 500) -> Iterator[list[int]]:
    items = list(values)
    for i in range(0, len(items), n):
        yield items[i : i + n]


def similar_courses(
    session: Session, ctx: StoreContext, row: CourseVersion, text: set[int], media: set[int]
) -> list[SimilarCourse]:
    """Published versions of other authors that the new version's content resembles."""
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for kind, values in (("text", text), ("media", media)):
        for part in _chunks(values):
            for version_id, n in session.execute(
                select(ContentFingerprint.course_version_id, func.count())
                .join(CourseVersion, CourseVersion.id == ContentFingerprint.course_version_id)
                .where(
                    ContentFingerprint.kind == kind,
                    ContentFingerprint.hash.in_(part),
                    CourseVersion.status == "published",
                    CourseVersion.author_id != row.author_id,
                    CourseVersion.course_id != row.course_id,
                )
                .group_by(ContentFingerprint.course_version_id)
            ).all():
                counts[(str(version_id), kind)] += int(n)
    out: list[SimilarCourse] = []
    for version_id in sorted({v for v, _ in counts}):
        other = session.get(CourseVersion, version_id)
        assert other is not None
        overlap = (
            counts.get((version_id, "text"), 0) / len(text) if len(text) >= MIN_SAMPLE else 0.0
        )
        shared = counts.get((version_id, "media"), 0)
        if overlap >= ctx.settings.copyright_text_overlap or shared:
            out.append(
                SimilarCourse(
                    course_id=other.course_id,
                    version=other.version,
                    title=str(other.manifest.get("title", "")),
                    text_overlap=round(overlap, 3),
                    shared_media=shared,
                )
            )
    return sorted(out, key=lambda s: (-s.text_overlap, -s.shared_media))


# --------------------------------------------------------------------------- publishing


def publish_report(session: Session, ctx: StoreContext, auth: Auth, draft_id: str) -> PublishReport:
    row = publishing.own_version(session, auth, draft_id)
    similar: list[SimilarCourse] = []
    if ctx.settings.copyright_check:
        text, media = fingerprints(ctx, row)
        similar = similar_courses(session, ctx, row, text, media)
    need = ctx.settings.require_creator_agreement and not has_accepted(session, auth.user_id)
    return PublishReport(
        draft=publishing.draft_out(row),
        course=catalog.detail_from_version(row, row.published_at or row.created_at),
        warnings=[BundleProblem(**w) for w in _warnings(ctx, row)],
        similar=similar,
        would_hold=bool(similar),
        agreement_required=agreement() if need else None,
    )


def _warnings(ctx: StoreContext, row: CourseVersion) -> list[dict[str, Any]]:
    from bundle.validate import check

    key = ctx.keys.unseal(row.content_key_sealed, row.id) if row.content_key_sealed else None
    with ctx.blobs.local_copy(row.blob_sha256) as path:
        report = check(path, content_key=key, app_version="9999.0.0")
    return [p.to_dict() for p in report.report.warnings]


def publish_checked(
    session: Session, ctx: StoreContext, auth: Auth, draft_id: str, req: PublishRequest
) -> PublishOutcome:
    """Publish, or hold for review; commits."""
    row = publishing.own_version(session, auth, draft_id)
    if row.status == "held":
        raise conflict("This version is held for an administrator's copyright review.", code="held")
    if ctx.settings.require_creator_agreement and not has_accepted(session, auth.user_id):
        if req.accept_agreement != AGREEMENT_VERSION:
            raise ProblemError(
                409,
                f"Accept the creator agreement (version {AGREEMENT_VERSION}) to publish: "
                "send accept_agreement with its version.",
                code="agreement-required",
                agreement=agreement().model_dump(),
            )
        _record_acceptance(session, auth, row)
    if row.status in ("published", "rejected"):
        publishing.publish_version(session, row)  # raises the precise conflict
    text: set[int] = set()
    media: set[int] = set()
    similar: list[SimilarCourse] = []
    if ctx.settings.copyright_check:
        text, media = fingerprints(ctx, row)
        similar = similar_courses(session, ctx, row, text, media)
    _store_fingerprints(session, row.id, text, media)
    if similar:
        hold = CopyrightHold(
            course_version_id=row.id,
            status="held",
            matches=[s.model_dump() for s in similar],
            created_at=utcnow(),
        )
        session.add(hold)
        row.status = "held"
        session.flush()
        session.commit()
        return PublishOutcome(
            status="held",
            course_id=row.course_id,
            version=row.version,
            sha256=row.blob_sha256,
            hold_id=hold.id,
            similar=similar,
        )
    published = publishing.publish_version(session, row)
    session.commit()
    return PublishOutcome(
        status="published",
        course_id=published.course_id,
        version=published.version,
        sha256=published.sha256,
        published_at=published.published_at,
    )


def list_holds(session: Session, status: str = "held") -> list[dict[str, Any]]:
    rows = session.scalars(
        select(CopyrightHold)
        .where(CopyrightHold.status == status)
        .order_by(CopyrightHold.created_at)
    ).all()
    out = []
    for hold in rows:
        version = session.get(CourseVersion, hold.course_version_id)
        assert version is not None
        out.append(
            {
                "id": hold.id,
                "status": hold.status,
                "course_id": version.course_id,
                "version": version.version,
                "author_id": version.author_id,
                "title": str(version.manifest.get("title", "")),
                "similar": hold.matches,
                "created_at": hold.created_at.isoformat(),
                "note": hold.note,
            }
        )
    return out


def decide_hold(
    session: Session, auth: Auth, hold_id: str, *, release: bool, note: str = ""
) -> dict[str, Any]:
    """An administrator releases (publishes) or rejects a held version; commits."""
    hold = session.get(CopyrightHold, hold_id)
    if hold is None:
        raise not_found("There is no such copyright hold.")
    if hold.status != "held":
        raise conflict(f"This hold was {hold.status} already.", code="decided")
    row = session.get(CourseVersion, hold.course_version_id)
    assert row is not None
    hold.decided_by = auth.user_id
    hold.decided_at = utcnow()
    hold.note = note[:500]
    if release:
        hold.status = "released"
        row.status = "draft"
        publishing.publish_version(session, row)
    else:
        hold.status = "rejected"
        row.status = "rejected"
        session.execute(
            delete(ContentFingerprint).where(ContentFingerprint.course_version_id == row.id)
        )
    session.commit()
    course = session.get(Course, row.course_id)
    return {
        "id": hold.id,
        "status": hold.status,
        "course_id": row.course_id,
        "version": row.version,
        "listed": bool(course and course.listed and course.published_version_id == row.id),
    }
