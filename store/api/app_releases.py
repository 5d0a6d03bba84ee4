"""/v1/app: the desktop app's update check and release downloads (no sign-in), and
/v1/admin/app-releases to publish a release (admins only). See `store.releases`."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from store import content, releases
from store.api.deps import Admin, Ctx, Db
from store.api.http import etag_matches
from store.context import StoreContext
from store.problems import not_found
from store.releases import (
    FILE_NAME_PATTERN,
    QUERY_TAG_PATTERN,
    AppReleaseCreate,
    AppReleaseOut,
    LatestRelease,
)
from sync.protocol import SHA256_PATTERN

router = APIRouter(tags=["app releases"])

DOWNLOAD_MEDIA_TYPE = "application/octet-stream"
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {DOWNLOAD_MEDIA_TYPE: {}}, "description": "The whole file"},
    206: {"content": {DOWNLOAD_MEDIA_TYPE: {}}, "description": "The requested byte range"},
    304: {"description": "Not modified"},
    416: {"description": "Range not satisfiable"},
}
Sha256 = Annotated[str, Path(pattern=SHA256_PATTERN)]
FileName = Annotated[str, Path(max_length=200, pattern=FILE_NAME_PATTERN)]
Tag = Annotated[str, Query(pattern=QUERY_TAG_PATTERN)]


@router.get("/app/latest")
def latest(
    session: Db,
    platform: Tag,
    package: Tag,
    current: Annotated[str | None, Query(max_length=64)] = None,
) -> LatestRelease:
    """The newest published build for this platform and package kind (404 when there is
    none: the app then says it is up to date). `current` is informative: the app decides
    whether the offered version is newer, and verifies size and sha256 before using it."""
    return releases.latest(session, platform, package)


@router.post("/admin/app-releases", status_code=201)
def publish_release(req: AppReleaseCreate, auth: Admin, session: Db, ctx: Ctx) -> AppReleaseOut:
    """Publish a build. Without `url`, the file must be in this store's blob storage."""
    return releases.publish(session, ctx.blobs, req, published_by=auth.user_id)


@router.get("/app/downloads/{sha256}", response_class=Response, responses=RESPONSES)
def download(sha256: Sha256, request: Request, session: Db, ctx: Ctx) -> Response:
    """A published release file stored on this store (anyone may download it)."""
    return _serve(sha256, request, session, ctx)


@router.head("/app/downloads/{sha256}", response_class=Response, responses=RESPONSES)
def head(sha256: Sha256, request: Request, session: Db, ctx: Ctx) -> Response:
    return _serve(sha256, request, session, ctx)


@router.get("/app/downloads/{sha256}/{file_name}", response_class=Response, responses=RESPONSES)
def download_named(
    sha256: Sha256, file_name: FileName, request: Request, session: Db, ctx: Ctx
) -> Response:
    """The same file under its name (so browsers and the app save it as e.g. a .deb)."""
    return _serve(sha256, request, session, ctx)


@router.head("/app/downloads/{sha256}/{file_name}", response_class=Response, responses=RESPONSES)
def head_named(
    sha256: Sha256, file_name: FileName, request: Request, session: Db, ctx: Ctx
) -> Response:
    return _serve(sha256, request, session, ctx)


def _serve(sha256: str, request: Request, session: Session, ctx: StoreContext) -> Response:
    row = releases.downloadable(session, sha256)
    name = row.file_name
    session.close()  # do not hold a connection while streaming
    size = ctx.blobs.size(sha256)
    if size is None:
        raise not_found(
            "This app download is missing from the store's storage.", code="no-download"
        )
    etag = f'"{sha256}"'
    headers = {
        "ETag": etag,
        "Accept-Ranges": "bytes",
        "Cache-Control": "public, max-age=31536000, immutable",
        "Content-Disposition": f'attachment; filename="{name}"',
    }
    if etag_matches(request, etag):
        return Response(status_code=304, headers=headers)
    range_header = request.headers.get("range")
    if_range = request.headers.get("if-range")
    if if_range is not None and if_range.strip() != etag:
        range_header = None
    try:
        wanted = content.parse_range(range_header, size)
    except content.RangeNotSatisfiable:
        return Response(status_code=416, headers={**headers, "Content-Range": f"bytes */{size}"})
    status, start, end = 200, 0, size - 1
    if wanted is not None:
        status, start, end = 206, wanted.start, wanted.end
        headers["Content-Range"] = f"bytes {start}-{end}/{size}"
    headers["Content-Length"] = str(max(0, end - start + 1))
    if request.method == "HEAD" or size == 0:
        return Response(status_code=status, headers=headers, media_type=DOWNLOAD_MEDIA_TYPE)
    return StreamingResponse(
        ctx.blobs.read_range(sha256, start, end),
        status_code=status,
        headers=headers,
        media_type=DOWNLOAD_MEDIA_TYPE,
    )
