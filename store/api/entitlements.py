"""/v1/entitlements: what the caller owns, signed leases, wrapped content keys."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from store import content, leases
from store.api.deps import Ctx, CurrentAuth, Db
from store.db.models import Device
from store.db.types import utcnow
from sync.protocol import COURSE_ID_PATTERN, EntitlementOut, SignedLease, WrappedContentKey

router = APIRouter(tags=["entitlements"])


@router.get("/entitlements")
def list_entitlements(auth: CurrentAuth, session: Db) -> list[EntitlementOut]:
    return leases.list_entitlements(session, auth)


@router.post("/entitlements/lease")
def issue_lease(auth: CurrentAuth, session: Db, ctx: Ctx) -> SignedLease:
    """A signed lease for this device listing every course the account may use offline."""
    lease = leases.issue_lease(session, ctx, auth)
    device = session.get(Device, auth.device_id)
    if device is not None:
        device.last_seen_at = utcnow()
    session.commit()
    return lease


@router.get("/entitlements/{course_id}/content-key")
def content_key(
    course_id: Annotated[str, Path(pattern=COURSE_ID_PATTERN)],
    auth: CurrentAuth,
    session: Db,
    ctx: Ctx,
    version: Annotated[str | None, Query(pattern=r"^\d+\.\d+\.\d+$")] = None,
) -> WrappedContentKey:
    """The course's content key wrapped for this device's registered X25519 public key."""
    return content.content_key(session, ctx, auth, course_id, version)
