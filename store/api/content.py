"""/v1/content/{sha256}: download a bundle file with Range (206/416), ETag and
If-None-Match (304); only for entitled users, admins, or the author (draft preview). With
blobs in S3 the store streams the range from the bucket, or, when presigning is on, answers
307 to a short-lived presigned URL after the same access check."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Request, Response
from fastapi.responses import RedirectResponse, StreamingResponse
from sqlalchemy.orm import Session

from store import content
from store.accounts import Auth
from store.api.deps import Ctx, CurrentAuth, Db
from store.api.http import etag_matches
from store.context import StoreContext
from sync.protocol import SHA256_PATTERN

router = APIRouter(tags=["content"])

BUNDLE_MEDIA_TYPE = "application/vnd.satchel.bundle+zip"


RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {BUNDLE_MEDIA_TYPE: {}}, "description": "The whole file"},
    206: {"content": {BUNDLE_MEDIA_TYPE: {}}, "description": "The requested byte range"},
    304: {"description": "Not modified"},
    307: {"description": "Fetch the file from this presigned object-storage URL"},
    416: {"description": "Range not satisfiable"},
}
Sha256 = Annotated[str, Path(pattern=SHA256_PATTERN)]


@router.get("/content/{sha256}", response_class=Response, responses=RESPONSES)
def download(
    sha256: Sha256, request: Request, auth: CurrentAuth, session: Db, ctx: Ctx
) -> Response:
    """The file, or the byte range asked for with `Range` (resume a download)."""
    return _serve(sha256, request, auth, session, ctx)


@router.head("/content/{sha256}", response_class=Response, responses=RESPONSES)
def head(sha256: Sha256, request: Request, auth: CurrentAuth, session: Db, ctx: Ctx) -> Response:
    """Size and ETag without the body."""
    return _serve(sha256, request, auth, session, ctx)


def _serve(
    sha256: str, request: Request, auth: Auth, session: Session, ctx: StoreContext
) -> Response:
    size = content.authorize_blob(session, auth, sha256)
    session.close()  # do not hold a connection while streaming
    etag = f'"{sha256}"'
    headers = {
        "ETag": etag,
        "Accept-Ranges": "bytes",
        "Cache-Control": "private, max-age=31536000, immutable",
    }
    if etag_matches(request, etag):
        return Response(status_code=304, headers=headers)
    direct = ctx.blobs.presigned_url(sha256) if request.method == "GET" else None
    if direct is not None:  # object storage serves the bytes (and the Range) itself
        return RedirectResponse(
            direct, status_code=307, headers={"Cache-Control": "private, no-store"}
        )
    range_header = request.headers.get("range")
    if_range = request.headers.get("if-range")
    if if_range is not None and if_range.strip() != etag:
        range_header = None  # the client's partial copy is of something else: send it all
    try:
        wanted = content.parse_range(range_header, size)
    except content.RangeNotSatisfiable:
        return Response(
            status_code=416,
            headers={**headers, "Content-Range": f"bytes */{size}"},
        )
    status = 200
    start, end = 0, size - 1
    if wanted is not None:
        status = 206
        start, end = wanted.start, wanted.end
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    headers["Content-Length"] = str(max(0, end - start + 1))
    if request.method == "HEAD" or size == 0:
        return Response(status_code=status, headers=headers, media_type=BUNDLE_MEDIA_TYPE)
    return StreamingResponse(
        ctx.blobs.read_range(sha256, start, end),
        status_code=status,
        headers=headers,
        media_type=BUNDLE_MEDIA_TYPE,
    )
