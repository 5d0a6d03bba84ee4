"""/v1/catalog: list and search, course detail, free-preview lessons (public), incremental
changes, co-enrolment."""

from __future__ import annotations

import mimetypes
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response
from fastapi.responses import StreamingResponse
from sqlalchemy.orm import Session

from store import catalog, preview, reviews
from store.api.deps import Ctx, Db, get_ctx
from store.api.http import NOT_MODIFIED, etag_matches, json_with_etag
from sync.protocol import (
    COURSE_ID_PATTERN,
    ITEM_ID_PATTERN,
    CatalogChanges,
    CatalogPage,
    Coenrolment,
    CourseDetail,
    PreviewItem,
    Topic,
)

router = APIRouter(tags=["catalog"])


@router.get("/catalog/courses", response_model=CatalogPage, responses=NOT_MODIFIED)
def list_courses(
    request: Request,
    q: Annotated[str | None, Query(max_length=200, description="search words")] = None,
    topic: Topic | None = None,
    language: Annotated[str | None, Query(max_length=35, pattern=r"^[A-Za-z0-9-]+$")] = None,
    tag: Annotated[str | None, Query(max_length=50)] = None,
    max_price: Annotated[int | None, Query(ge=0, le=10**12)] = None,
    currency: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$")] = None,
    free: bool | None = None,
    sort: catalog.Sort | None = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
) -> Response:
    """Published courses, newest first (or by relevance when `q` is given)."""
    # No session dependency: a page this worker built at the current catalog revision is
    # served as it was sent (`store.catalog_pages`); only a new page opens a session.
    ctx = get_ctx(request)

    def build(session: Session) -> CatalogPage:
        page = catalog.list_courses(
            session,
            q=q,
            topic=topic,
            language=language,
            tag=tag,
            max_price=max_price,
            currency=currency,
            free=free,
            sort=sort,
            limit=limit,
            offset=offset,
        )
        return page.model_copy(update={"items": reviews.with_ratings(session, page.items)})

    key = (q, topic, language, tag, max_price, currency, free, sort, limit, offset)
    page = ctx.catalog_pages.get(ctx.db, key, build)
    headers = {"ETag": page.etag, "Cache-Control": "private, max-age=0, must-revalidate"}
    if etag_matches(request, page.etag):
        return Response(status_code=304, headers=headers)
    return Response(content=page.body, media_type="application/json", headers=headers)


@router.get("/catalog/courses/{course_id}", response_model=CourseDetail, responses=NOT_MODIFIED)
def course_detail(
    request: Request,
    session: Db,
    course_id: Annotated[str, Path(pattern=COURSE_ID_PATTERN)],
) -> Response:
    """The published version of a course: outline, price, bundle reference."""
    detail = reviews.with_ratings(session, [catalog.course_detail(session, course_id)])[0]
    return json_with_etag(request, detail)


CourseId = Annotated[str, Path(pattern=COURSE_ID_PATTERN)]
ItemId = Annotated[str, Path(pattern=ITEM_ID_PATTERN)]


@router.get("/catalog/courses/{course_id}/preview/{item_id}", response_model=PreviewItem)
def preview_item(course_id: CourseId, item_id: ItemId, session: Db, ctx: Ctx) -> PreviewItem:
    """A free-preview item of the published version and the files it needs (no sign-in).
    Items not marked `free_preview`, and unpublished courses, are 404."""
    return preview.preview_item(session, ctx, course_id, item_id)


@router.get(
    "/catalog/courses/{course_id}/preview/{item_id}/files/{file_path:path}",
    response_class=Response,
    responses={200: {"content": {"application/octet-stream": {}}}, 304: {}},
)
def preview_file(
    request: Request,
    course_id: CourseId,
    item_id: ItemId,
    file_path: Annotated[str, Path(max_length=1000)],
    session: Db,
    ctx: Ctx,
) -> Response:
    """One file of a free-preview item, in clear; any other path is 404."""
    opened = preview.open_file(session, ctx, course_id, item_id, file_path)
    session.close()  # do not hold a connection while streaming
    etag = f'"{opened.sha256}"'
    headers = {
        "ETag": etag,
        "Cache-Control": "public, max-age=300",
        "Content-Length": str(opened.size),
    }
    if etag_matches(request, etag):
        opened.close()
        del headers["Content-Length"]
        return Response(status_code=304, headers=headers)
    media = mimetypes.guess_type(file_path)[0] or "application/octet-stream"
    return StreamingResponse(opened.chunks(), media_type=media, headers=headers)


@router.get("/catalog/changes", response_model=CatalogChanges, responses=NOT_MODIFIED)
def catalog_changes(
    request: Request,
    session: Db,
    cursor: Annotated[int, Query(ge=0, le=2**62)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 200,
) -> Response:
    """Courses added, changed or removed since `cursor` (0 = everything)."""
    etag = catalog.changes_etag(session, cursor, limit)
    headers = {"ETag": etag, "Cache-Control": "private, max-age=0, must-revalidate"}
    if etag_matches(request, etag):
        return Response(status_code=304, headers=headers)
    page = catalog.changes(session, cursor, limit)
    page = page.model_copy(update={"courses": reviews.with_ratings(session, page.courses)})
    body = page.model_dump_json()
    return Response(content=body, media_type="application/json", headers=headers)


@router.get("/catalog/coenrolment", response_model=Coenrolment, responses=NOT_MODIFIED)
def coenrolment(request: Request, session: Db) -> Response:
    """Anonymised co-enrolment counts for recommenders (counts below k are withheld)."""
    return json_with_etag(request, catalog.coenrolment(session))
