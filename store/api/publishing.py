"""/v1/publish: instructors upload drafts, preview, publish, delete drafts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Path, Response, UploadFile

from store import publishing
from store.api.deps import Ctx, Db, Instructor
from sync.protocol import (
    COURSE_ID_PATTERN,
    BundleProblemDocument,
    CourseDetail,
    DraftOut,
    PublishedVersion,
)

router = APIRouter(tags=["publishing"])

DraftId = Annotated[str, Path(max_length=64)]


@router.post(
    "/publish/drafts",
    status_code=201,
    responses={422: {"model": BundleProblemDocument, "description": "Every bundle problem"}},
)
def upload_draft(
    auth: Instructor,
    session: Db,
    ctx: Ctx,
    bundle: Annotated[UploadFile, File(description="the packed .satchel file")],
    content_key: Annotated[
        str | None,
        Form(max_length=100, description="base64 content key, for encrypted bundles only"),
    ] = None,
) -> DraftOut:
    """Validate and store a bundle as a draft; a 422 lists every problem found."""
    try:
        return publishing.create_draft(session, ctx, auth, bundle.file, content_key)
    finally:
        bundle.file.close()


@router.get("/publish/drafts")
def list_drafts(auth: Instructor, session: Db) -> list[DraftOut]:
    return publishing.list_drafts(session, auth)


@router.get("/publish/drafts/{draft_id}")
def get_draft(draft_id: DraftId, auth: Instructor, session: Db) -> DraftOut:
    return publishing.get_draft(session, auth, draft_id)


@router.get("/publish/drafts/{draft_id}/preview")
def preview_draft(draft_id: DraftId, auth: Instructor, session: Db) -> CourseDetail:
    """The course page as learners will see it once published (author only)."""
    return publishing.preview(session, auth, draft_id)


@router.post("/publish/drafts/{draft_id}/publish")
def publish_draft(draft_id: DraftId, auth: Instructor, session: Db) -> PublishedVersion:
    """Publish the draft as the course's current version."""
    return publishing.publish(session, auth, draft_id)


@router.post("/publish/courses/{course_id}/unlist", status_code=204)
def unlist_course(
    course_id: Annotated[str, Path(pattern=COURSE_ID_PATTERN)], auth: Instructor, session: Db
) -> Response:
    """Remove a course from the catalog; owners keep access."""
    publishing.unlist_course(session, auth, course_id)
    return Response(status_code=204)


@router.delete("/publish/drafts/{draft_id}", status_code=204)
def delete_draft(draft_id: DraftId, auth: Instructor, session: Db) -> Response:
    publishing.delete_draft(session, auth, draft_id)
    return Response(status_code=204)
