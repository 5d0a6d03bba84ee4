"""/v1/health (a database round trip, for clients), and for operators: `/health/live`
(the process answers), `/health/ready` (the database answers and its schema is current; Redis
answers when limits are kept there: 503 otherwise, so a load balancer sends no traffic yet)
and `/metrics` (Prometheus text format; with `metrics_token` set it needs that bearer token).
"""

from __future__ import annotations

import hmac
import logging
import os
from typing import Any

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from sqlalchemy import text

from store.api.deps import Ctx, Db
from store.db.migrate import current_revision, head_revision
from store.problems import unauthorized
from sync.protocol import API_VERSION, Health

log = logging.getLogger(__name__)
router = APIRouter(tags=["meta"])
operations = APIRouter(tags=["operations"])


@router.get("/health")
def health(session: Db, ctx: Ctx) -> Health:
    session.execute(text("SELECT 1"))
    return Health(status="ok", api=API_VERSION, database=ctx.db.backend)


@operations.get("/health/live")
def live() -> dict[str, str | int]:
    """The process is up and answering (no dependency is checked); `worker` is its process
    id, which tells the workers of `serve --workers N` apart."""
    return {"status": "ok", "worker": os.getpid()}


def readiness(ctx: Any) -> dict[str, Any]:
    """Each dependency's state: ``{"database": "ok", ...}``; anything but "ok" is a reason
    not to send traffic."""
    checks: dict[str, str] = {}
    try:
        with ctx.db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        revision = current_revision(ctx.db.engine)
        head = head_revision()
        checks["database"] = "ok" if revision == head else f"schema {revision}, needs {head}"
    except Exception as exc:  # any failure to reach the database means not ready
        checks["database"] = f"unreachable: {type(exc).__name__}"
    ping = getattr(ctx.limits.counters, "ping", None)
    if ping is not None:
        try:
            checks["redis"] = "ok" if ping() else "no answer"
        except Exception as exc:  # redis-py raises its own ConnectionError family
            checks["redis"] = f"unreachable: {type(exc).__name__}"
    return checks


@operations.get("/health/ready", responses={503: {"description": "A dependency is not ready"}})
def ready(ctx: Ctx) -> JSONResponse:
    """200 when the database (and Redis, if configured) answer and the schema is current."""
    checks = readiness(ctx)
    ok = all(v == "ok" for v in checks.values())
    if not ok:
        log.warning("not ready: %s", checks)
    return JSONResponse(
        {"status": "ok" if ok else "unavailable", "checks": checks},
        status_code=200 if ok else 503,
    )


@operations.get("/metrics", response_class=Response)
def metrics(request: Request, ctx: Ctx) -> Response:
    """Prometheus metrics of this store (of every worker, in multi-process mode)."""
    token = ctx.settings.metrics_token
    if token:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").strip()
        if not hmac.compare_digest(given.encode(), token.encode()):
            raise unauthorized("The metrics need the configured bearer token.", code="metrics")
    body, content_type = ctx.metrics.render()
    return Response(content=body, media_type=content_type)
