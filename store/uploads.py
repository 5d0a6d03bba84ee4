"""Resumable bundle uploads: an instructor declares a bundle's size and sha256, sends it in
chunks (`Content-Range`), asks how much arrived after an interruption, and finishes it into
a draft through the same code path as a one-shot upload (`publishing.store_bundle`).

The bytes wait in `<data_dir>/uploads/<id>.part`, on local disk (like the blob layer's temp
files); the finished bundle goes to the blob storage. An upload belongs to its owner only:
anyone else gets 404. Unfinished uploads expire after `upload_expiry_hours` and are removed
whenever an upload is started, and by `purge_expired`.

Functions take the caller's `Session` and commit; one thread per session.
"""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store import publishing
from store.accounts import Auth
from store.context import StoreContext
from store.db.models import Upload
from store.db.types import utcnow
from store.problems import ProblemError, conflict, not_found, unprocessable
from sync.protocol import DraftOut, UploadFinish, UploadOut, UploadStart

_RANGE = re.compile(r"^bytes (\d+)-(\d+)/(\d+)$")


def upload_dir(ctx: StoreContext) -> Path:
    path = ctx.settings.data_dir / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _part(ctx: StoreContext, upload_id: str) -> Path:
    return upload_dir(ctx) / f"{upload_id}.part"


def _out(ctx: StoreContext, row: Upload) -> UploadOut:
    return UploadOut(
        id=row.id,
        size=row.size,
        sha256=row.sha256,
        offset=row.received,
        chunk_size=ctx.settings.upload_chunk_bytes,
        expires_at=row.expires_at,
    )


def purge_expired(session: Session, ctx: StoreContext) -> int:
    """Remove expired uploads and their bytes (commits); returns how many went."""
    rows = session.scalars(select(Upload).where(Upload.expires_at <= utcnow())).all()
    for row in rows:
        _part(ctx, row.id).unlink(missing_ok=True)
        session.delete(row)
    session.commit()
    return len(rows)


def start(session: Session, ctx: StoreContext, auth: Auth, req: UploadStart) -> UploadOut:
    """A new upload, or the caller's unexpired one of the same bundle (to resume)."""
    purge_expired(session, ctx)
    if req.size > ctx.settings.max_upload_bytes:
        raise ProblemError(413, "The bundle is larger than this store accepts.", code="too-large")
    row = session.scalar(
        select(Upload).where(
            Upload.owner_id == auth.user_id, Upload.sha256 == req.sha256, Upload.size == req.size
        )
    )
    if row is None:
        open_now = session.scalar(
            select(func.count()).select_from(Upload).where(Upload.owner_id == auth.user_id)
        )
        if (open_now or 0) >= ctx.settings.upload_max_open:
            raise conflict(
                f"You have {open_now} unfinished uploads; finish or cancel one first "
                "(DELETE /v1/publish/uploads/{id}).",
                code="too-many-uploads",
            )
        row = Upload(
            owner_id=auth.user_id,
            size=req.size,
            sha256=req.sha256,
            received=0,
            created_at=utcnow(),
            expires_at=utcnow() + timedelta(hours=ctx.settings.upload_expiry_hours),
        )
        session.add(row)
        session.flush()
        _part(ctx, row.id).write_bytes(b"")
    else:
        # What the file holds is the truth (a crash between write and commit).
        part = _part(ctx, row.id)
        on_disk = part.stat().st_size if part.exists() else 0
        row.received = min(row.received, on_disk)
    session.commit()
    return _out(ctx, row)


def own_upload(session: Session, ctx: StoreContext, auth: Auth, upload_id: str) -> Upload:
    row = session.get(Upload, upload_id)
    if row is None or row.owner_id != auth.user_id or row.expires_at <= utcnow():
        raise not_found("There is no such upload among yours (it may have expired).")
    return row


def get(session: Session, ctx: StoreContext, auth: Auth, upload_id: str) -> UploadOut:
    return _out(ctx, own_upload(session, ctx, auth, upload_id))


def parse_range(header: str | None, row: Upload, chunk_size: int) -> tuple[int, int]:
    """(start, length) of a `Content-Range: bytes START-END/TOTAL` that continues `row`."""
    m = _RANGE.match(header or "")
    if m is None:
        raise unprocessable(
            "Send each chunk with Content-Range: bytes START-END/TOTAL.", code="bad-range"
        )
    first, last, total = (int(g) for g in m.groups())
    if total != row.size or last < first or last >= total:
        raise unprocessable(
            f"Content-Range must lie within the upload's {row.size} bytes.", code="bad-range"
        )
    if first != row.received:
        raise conflict(
            f"The upload continues at byte {row.received}, not {first}.",
            code="wrong-offset",
            offset=row.received,
        )
    length = last - first + 1
    if length > chunk_size:
        raise ProblemError(
            413, f"A chunk may carry at most {chunk_size} bytes.", code="chunk-too-large"
        )
    return first, length


def append(
    session: Session, ctx: StoreContext, auth: Auth, upload_id: str, first: int, data: bytes
) -> UploadOut:
    """Write a chunk at `first` (checked again, with the row locked) and advance the offset."""
    own_upload(session, ctx, auth, upload_id)
    row = session.get(Upload, upload_id, with_for_update=True, populate_existing=True)
    assert row is not None
    if first != row.received:
        raise conflict(
            f"The upload continues at byte {row.received}, not {first}.",
            code="wrong-offset",
            offset=row.received,
        )
    with _part(ctx, row.id).open("r+b") as fh:
        fh.seek(first)
        fh.write(data)
        fh.truncate()
    row.received = first + len(data)
    session.commit()
    return _out(ctx, row)


def finish(
    session: Session, ctx: StoreContext, auth: Auth, upload_id: str, req: UploadFinish
) -> DraftOut:
    """Validate the complete upload and store it as a draft. The upload is gone afterwards,
    whether the bundle was accepted or not (a rejected bundle must be fixed and re-sent)."""
    row = own_upload(session, ctx, auth, upload_id)
    if row.received != row.size:
        raise conflict(
            f"The upload has {row.received} of {row.size} bytes; send the rest first.",
            code="upload-incomplete",
            offset=row.received,
        )
    part = _part(ctx, row.id)
    try:
        with part.open("rb") as fh:
            if hashlib.file_digest(fh, "sha256").hexdigest() != row.sha256:
                raise unprocessable(
                    "The bytes received do not match the sha256 declared at the start; "
                    "upload the bundle again.",
                    code="upload-corrupt",
                )
            fh.seek(0)
            return publishing.create_draft(session, ctx, auth, fh, req.content_key, req.changelog)
    finally:
        session.rollback()
        gone = session.get(Upload, upload_id)
        if gone is not None:
            session.delete(gone)
            session.commit()
        part.unlink(missing_ok=True)


def cancel(session: Session, ctx: StoreContext, auth: Auth, upload_id: str) -> None:
    row = own_upload(session, ctx, auth, upload_id)
    _part(ctx, row.id).unlink(missing_ok=True)
    session.delete(row)
    session.commit()
