"""Creator routes: the creator agreement, copyright holds (administrators release or
reject), personalised downloads and leak tracing, payout statements, coupons."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path
from pydantic import Field

from store import copyright
from store.api.deps import Admin, Db
from sync.protocol import CreatorAgreement, WireModel

router = APIRouter(tags=["creators"])

HoldId = Annotated[str, Path(max_length=64)]


class HoldDecision(WireModel):
    note: str = Field(default="", max_length=500)


@router.get("/publish/agreement")
def creator_agreement() -> CreatorAgreement:
    """The current creator agreement (its version is what a first publish accepts)."""
    return copyright.agreement()


@router.get("/admin/copyright-holds")
def list_holds(auth: Admin, session: Db) -> list[dict[str, Any]]:
    """Versions held at publish because they resemble another author's course."""
    return copyright.list_holds(session)


@router.post("/admin/copyright-holds/{hold_id}/release")
def release_hold(
    hold_id: HoldId, auth: Admin, session: Db, req: Annotated[HoldDecision | None, Body()] = None
) -> dict[str, Any]:
    """Publish the held version (the resemblance is licensed or harmless)."""
    return copyright.decide_hold(
        session, auth, hold_id, release=True, note=(req or HoldDecision()).note
    )


@router.post("/admin/copyright-holds/{hold_id}/reject")
def reject_hold(
    hold_id: HoldId, auth: Admin, session: Db, req: Annotated[HoldDecision | None, Body()] = None
) -> dict[str, Any]:
    """Refuse the held version; it can never be published."""
    return copyright.decide_hold(
        session, auth, hold_id, release=False, note=(req or HoldDecision()).note
    )
