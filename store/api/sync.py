"""/v1/sync: push and pull learning events and mutable records (per-user isolation)."""

from __future__ import annotations

import gzip
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, TypeAdapter, ValidationError

from store import syncing
from store.api.deps import Ctx, CurrentAuth, Db
from sync.gcpause import gc_paused
from sync.protocol import (
    MAX_PULL_LIMIT,
    EventPullResponse,
    EventPushData,
    EventPushRequest,
    EventPushResponse,
    RecordPullResponse,
    RecordPushRequest,
    RecordPushResponse,
)

router = APIRouter(tags=["sync"])

Since = Annotated[int, Query(ge=0, le=2**62, description="cursor from the previous pull")]
ExcludeDevice = Annotated[
    str | None, Query(max_length=64, description="leave out events written by this device")
]
Limit = Annotated[int, Query(ge=1, le=MAX_PULL_LIMIT)]


def _inline_schema(model: type[BaseModel]) -> dict[str, Any]:
    """``model``'s JSON schema with its ``$defs`` substituted in place (finite: no model of
    the wire protocol refers to itself), for a request body FastAPI does not parse."""
    schema = model.model_json_schema()
    defs = schema.pop("$defs", {})

    def inline(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/$defs/"):
                return inline(defs[ref.removeprefix("#/$defs/")])
            return {k: inline(v) for k, v in node.items()}
        if isinstance(node, list):
            return [inline(v) for v in node]
        return node

    result: dict[str, Any] = inline(schema)
    return result


def _json_body(model: type[BaseModel]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": _inline_schema(model)}}}}


async def _raw_body(request: Request) -> bytes:
    """The request body as bytes (decompressed and size-checked by `store.limits`)."""
    return await request.body()


RawBody = Annotated[bytes, Depends(_raw_body)]


_PUSH: TypeAdapter[EventPushData] = TypeAdapter(EventPushData)


def _parse_push(body: bytes) -> EventPushData:
    """Parse and validate in one pass over the JSON text (pydantic-core) into plain data
    (`LearningEventData`: the checks of `EventPushRequest` without a model per event), in
    the endpoint's worker thread rather than on the event loop; errors are the usual 422."""
    try:
        return _PUSH.validate_json(body)
    except ValidationError as exc:
        raise RequestValidationError(
            [{**e, "loc": ("body", *e["loc"])} for e in exc.errors(include_url=False)]
        ) from None


GZIP_MIN_BYTES = 16 * 1024


def _json_answer(request: Request, text: str) -> Response:
    """A JSON answer, gzip-compressed (level 1: about 8:1 on a page of events for a few ms)
    when the client accepts that and it is large enough to be worth it."""
    body = text.encode()
    if len(body) < GZIP_MIN_BYTES or "gzip" not in request.headers.get("accept-encoding", ""):
        return Response(content=body, media_type="application/json")
    return Response(
        content=gzip.compress(body, 1, mtime=0), media_type="application/json",
        headers={"Content-Encoding": "gzip", "Vary": "Accept-Encoding"},
    )


@router.post(
    "/sync/events", response_model=EventPushResponse, openapi_extra=_json_body(EventPushRequest)
)
def push_events(body: RawBody, auth: CurrentAuth, session: Db, ctx: Ctx) -> Response:
    """Store up to `MAX_EVENT_BATCH` (5000) events; an id already stored is `duplicate`."""
    with gc_paused():  # 5,000 validated events: see `sync.gcpause`
        req = _parse_push(body)
        results, cursor = syncing.push_events(session, auth, req["events"])
    accepted = [
        e["timestamp"] for e, r in zip(req["events"], results, strict=True)
        if r[1] == "accepted"
    ]
    ctx.metrics.observe_push(accepted, len(accepted), len(results) - len(accepted))
    return Response(
        content=syncing.push_results_json(results, cursor), media_type="application/json"
    )


@router.get("/sync/events", response_model=EventPullResponse)
def pull_events(
    request: Request,
    auth: CurrentAuth,
    session: Db,
    ctx: Ctx,
    since: Since = 0,
    exclude_device: ExcludeDevice = None,
    limit: Limit = 500,
) -> Response:
    """The account's events after `since`, in order; continue from `cursor`."""
    body, count = syncing.pull_events_json(session, auth, since, exclude_device, limit)
    ctx.metrics.sync_pulled.inc(count)
    return _json_answer(request, body)


@router.post("/sync/records")
def push_records(req: RecordPushRequest, auth: CurrentAuth, session: Db) -> RecordPushResponse:
    """Merge changed fields; a field is kept only if its HLC is newer than the stored one."""
    return syncing.push_records(session, auth, req.records)


@router.get("/sync/records")
def pull_records(
    auth: CurrentAuth,
    session: Db,
    since: Since = 0,
    exclude_device: ExcludeDevice = None,
    limit: Limit = 500,
) -> RecordPullResponse:
    """Fields changed after `since` (latest values), grouped by record."""
    return syncing.pull_records(session, auth, since, exclude_device, limit)
