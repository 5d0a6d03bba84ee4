"""/v1/sync: push and pull learning events and mutable records (per-user isolation)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Response

from store import syncing
from store.api.deps import Ctx, CurrentAuth, Db
from sync.protocol import (
    MAX_PULL_LIMIT,
    EventPullResponse,
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


@router.post("/sync/events", response_model=EventPushResponse)
def push_events(req: EventPushRequest, auth: CurrentAuth, session: Db, ctx: Ctx) -> Response:
    """Store up to `MAX_EVENT_BATCH` (5000) events; an id already stored is `duplicate`."""
    results, cursor = syncing.push_events(session, auth, req.events)
    accepted = [
        e.timestamp for e, r in zip(req.events, results, strict=True) if r[1] == "accepted"
    ]
    ctx.metrics.observe_push(accepted, len(accepted), len(results) - len(accepted))
    return Response(
        content=syncing.push_results_json(results, cursor), media_type="application/json"
    )


@router.get("/sync/events", response_model=EventPullResponse)
def pull_events(
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
    return Response(content=body, media_type="application/json")


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
