"""/v1/health: liveness plus a database round trip."""

from __future__ import annotations

from fastapi import APIRouter
from sqlalchemy import text

from store.api.deps import Ctx, Db
from sync.protocol import API_VERSION, Health

router = APIRouter(tags=["meta"])


@router.get("/health")
def health(session: Db, ctx: Ctx) -> Health:
    session.execute(text("SELECT 1"))
    return Health(status="ok", api=API_VERSION, database=ctx.db.backend)
