"""/v1/publish: instructors upload drafts, preview, publish, delete drafts.

The upload handler declares no body parameters: FastAPI would read (and spool to disk) a
multipart body before running any dependency, so an anonymous 300 MB upload would be
written out before its 401. Here the caller is authenticated (and must be an instructor)
first; only then is the body parsed.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path, Request, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from store import copyright, publishing, uploads
from store.api.deps import Ctx, Db, Instructor
from store.problems import unprocessable
from sync.protocol import (
    COURSE_ID_PATTERN,
    BundleProblemDocument,
    CourseDetail,
    DraftOut,
    PublishOutcome,
    PublishReport,
    PublishRequest,
    UploadFinish,
    UploadOut,
    UploadStart,
)

router = APIRouter(tags=["publishing"])

DraftId = Annotated[str, Path(max_length=64)]
UploadId = Annotated[str, Path(max_length=64)]


_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["bundle"],
                    "properties": {
                        "bundle": {
                            "type": "string",
                            "format": "binary",
                            "description": "the packed .satchel file",
                        },
                        "content_key": {
                            "type": "string",
                            "maxLength": 100,
                            "description": "base64 content key, for encrypted bundles only",
                        },
                        "changelog": {
                            "type": "string",
                            "maxLength": 5000,
                            "description": "what changed since the last version",
                        },
                    },
                }
            }
        },
    }
}


def _text_field(form: Any, name: str, limit: int) -> str | None:
    value = form.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > limit:
        raise unprocessable(f"{name}: a text of at most {limit} characters", code="bad-field")
    return value


@router.post(
    "/publish/drafts",
    status_code=201,
    responses={422: {"model": BundleProblemDocument, "description": "Every bundle problem"}},
    openapi_extra=_UPLOAD_BODY,
)
async def upload_draft(request: Request, auth: Instructor, session: Db, ctx: Ctx) -> DraftOut:
    """Validate and store a bundle as a draft; a 422 lists every problem found. The caller
    is checked before a byte of the body is read."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise unprocessable("Send the bundle as multipart/form-data (field bundle).")
    form = await request.form(max_files=1, max_fields=10)
    try:
        bundle = form.get("bundle")
        if not isinstance(bundle, UploadFile):
            raise unprocessable("The form needs the .satchel file in the field bundle.")
        content_key = _text_field(form, "content_key", 100)
        changelog = _text_field(form, "changelog", 5000) or ""
        return await run_in_threadpool(
            publishing.create_draft, session, ctx, auth, bundle.file, content_key, changelog
        )
    finally:
        await form.close()


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


@router.get("/publish/drafts/{draft_id}/report")
def draft_report(draft_id: DraftId, auth: Instructor, session: Db, ctx: Ctx) -> PublishReport:
    """What publishing this draft would do: the course page, the changelog, the copyright
    check against every published course, and whether the creator agreement must be
    accepted first."""
    return copyright.publish_report(session, ctx, auth, draft_id)


@router.post(
    "/publish/drafts/{draft_id}/publish",
    responses={
        202: {"model": PublishOutcome, "description": "Held for an administrator's review"},
        409: {"description": "The creator agreement must be accepted first, or a conflict"},
    },
)
def publish_draft(
    draft_id: DraftId,
    auth: Instructor,
    session: Db,
    ctx: Ctx,
    response: Response,
    req: Annotated[PublishRequest | None, Body()] = None,
) -> PublishOutcome:
    """Publish the draft as the course's current version. The first publish needs the
    current creator agreement accepted (`accept_agreement`: its version); a bundle that
    resembles another author's course is held for review (202)."""
    outcome = copyright.publish_checked(session, ctx, auth, draft_id, req or PublishRequest())
    if outcome.status == "held":
        response.status_code = 202
    return outcome


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


# Resumable uploads. Like upload_draft, the chunk route declares no body parameter: the
# caller (an instructor, the upload's owner) and the chunk's range and length are checked
# before a byte of the body is read, and a chunk is never larger than upload_chunk_bytes.


@router.post("/publish/uploads", status_code=201)
def start_upload(req: UploadStart, auth: Instructor, session: Db, ctx: Ctx) -> UploadOut:
    """Start an upload of a bundle of `size` bytes with this sha256, or resume the caller's
    unfinished one of the same bundle: send chunks from `offset` on."""
    return uploads.start(session, ctx, auth, req)


@router.get("/publish/uploads/{upload_id}")
def get_upload(upload_id: UploadId, auth: Instructor, session: Db, ctx: Ctx) -> UploadOut:
    """How many bytes arrived so far (`offset`)."""
    return uploads.get(session, ctx, auth, upload_id)


@router.put(
    "/publish/uploads/{upload_id}",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/octet-stream": {"schema": {"type": "string",
                                                                 "format": "binary"}}},
        }
    },
)  # fmt: skip
async def put_chunk(
    upload_id: UploadId, request: Request, auth: Instructor, session: Db, ctx: Ctx
) -> UploadOut:
    """Append the chunk `Content-Range: bytes START-END/TOTAL`; START must be the offset."""
    row = await run_in_threadpool(uploads.own_upload, session, ctx, auth, upload_id)
    first, length = uploads.parse_range(
        request.headers.get("content-range"), row, ctx.settings.upload_chunk_bytes
    )
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) != length:
        raise unprocessable("Content-Length must match Content-Range.", code="bad-range")
    data = bytearray()
    async for piece in request.stream():
        data += piece
        if len(data) > length:
            raise unprocessable("The chunk is longer than its Content-Range.", code="bad-range")
    if len(data) != length:
        raise unprocessable("The chunk is shorter than its Content-Range.", code="bad-range")
    return await run_in_threadpool(uploads.append, session, ctx, auth, upload_id, first,
                                   bytes(data))  # fmt: skip


@router.post(
    "/publish/uploads/{upload_id}/finish",
    status_code=201,
    responses={422: {"model": BundleProblemDocument, "description": "Every bundle problem"}},
)
def finish_upload(
    upload_id: UploadId,
    auth: Instructor,
    session: Db,
    ctx: Ctx,
    req: Annotated[UploadFinish | None, Body()] = None,
) -> DraftOut:
    """Validate the complete upload and store it as a draft (as POST /publish/drafts)."""
    return uploads.finish(session, ctx, auth, upload_id, req or UploadFinish())


@router.delete("/publish/uploads/{upload_id}", status_code=204)
def cancel_upload(upload_id: UploadId, auth: Instructor, session: Db, ctx: Ctx) -> Response:
    uploads.cancel(session, ctx, auth, upload_id)
    return Response(status_code=204)
