"""/v1/admin/organisations, /v1/admin/groups: organisations, groups, coaches, seats and the
LRS. Store administrators create organisations, attach seat pools and name each
organisation's administrators; those manage their own organisation's groups, coaches, seats
and LRS (`store.orgs.administered_organisation`: 403 for other accounts, 404 for another
organisation). /v1/groups/join and /v1/me/groups: a learner's groups."""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import APIRouter, Path, Request, Response

from store import orgs, xapi
from store.api.deps import Admin, Ctx, CurrentAuth, Db
from sync.institutions import (
    GroupCreate,
    GroupOut,
    JoinGroupRequest,
    LrsConfig,
    LrsStatus,
    MemberAdd,
    MyGroupOut,
    OrganisationCreate,
    OrganisationOut,
    PoolLink,
    SeatReport,
)

router = APIRouter(tags=["institutions"])

Id = Annotated[str, Path(max_length=64)]


@router.post("/admin/organisations", status_code=201)
def create_organisation(req: OrganisationCreate, auth: Admin, session: Db) -> OrganisationOut:
    """An institution, optionally with the voucher pools (seat codes) it owns."""
    return orgs.create_organisation(session, req)


@router.get("/admin/organisations/{org_id}")
def get_organisation(org_id: Id, auth: CurrentAuth, session: Db) -> OrganisationOut:
    return orgs.organisation_out(session, orgs.administered_organisation(session, auth, org_id))


@router.post("/admin/organisations/{org_id}/pools")
def add_pool(org_id: Id, req: PoolLink, auth: Admin, session: Db) -> OrganisationOut:
    """Attach another voucher pool to the organisation."""
    return orgs.add_pool(session, org_id, req.pool_id)


@router.post("/admin/organisations/{org_id}/groups", status_code=201)
def create_group(org_id: Id, req: GroupCreate, auth: CurrentAuth, session: Db) -> GroupOut:
    """A class; its `join_code` is what learners type (or IT puts in institution.toml)."""
    orgs.administered_organisation(session, auth, org_id)
    return orgs.create_group(session, org_id, req)


@router.post("/admin/groups/{group_id}/coaches")
def add_coach(group_id: Id, req: MemberAdd, auth: CurrentAuth, session: Db) -> GroupOut:
    """Make an existing account a coach of the group."""
    orgs.administered_group(session, auth, group_id)
    return orgs.add_member(session, group_id, req.email, orgs.COACH)


@router.post("/admin/groups/{group_id}/learners")
def add_learner(group_id: Id, req: MemberAdd, auth: CurrentAuth, session: Db) -> GroupOut:
    orgs.administered_group(session, auth, group_id)
    return orgs.add_member(session, group_id, req.email, orgs.LEARNER)


@router.delete("/admin/groups/{group_id}/members/{user_id}", status_code=204)
def remove_member(group_id: Id, user_id: Id, auth: CurrentAuth, session: Db) -> Response:
    orgs.administered_group(session, auth, group_id)
    orgs.remove_member(session, group_id, user_id)
    return Response(status_code=204)


@router.get("/admin/organisations/{org_id}/seats")
def seats(org_id: Id, auth: CurrentAuth, session: Db) -> SeatReport:
    """Seats used and left per pool, and who holds them."""
    orgs.administered_organisation(session, auth, org_id)
    return orgs.seats(session, org_id)


@router.post("/admin/organisations/{org_id}/seats/{redemption_id}/release")
def release_seat(
    org_id: Id,
    redemption_id: Annotated[int, Path(ge=1, le=2**62)],
    auth: CurrentAuth,
    session: Db,
    ctx: Ctx,
) -> SeatReport:
    """The learner left: free the seat (their voucher order is refunded, access ends)."""
    orgs.administered_organisation(session, auth, org_id)
    return orgs.release_seat(session, ctx, auth, org_id, redemption_id)


@router.put("/admin/organisations/{org_id}/lrs")
def set_lrs(
    org_id: Id, req: LrsConfig, auth: CurrentAuth, session: Db, ctx: Ctx, request: Request
) -> LrsStatus:
    """Forward the organisation's learning events to this LRS as xAPI 1.0.3 statements
    (batched, retried with backoff; statement ids are the events' ids). The actors' account
    homePage is this store's address as this request reached it."""
    orgs.administered_organisation(session, auth, org_id)
    return xapi.configure(session, ctx, org_id, req, home_page=str(request.base_url))


@router.get("/admin/organisations/{org_id}/lrs")
def lrs_status(org_id: Id, auth: CurrentAuth, session: Db) -> LrsStatus:
    """Statements sent and pending, consecutive failures, the next retry, the last error."""
    orgs.administered_organisation(session, auth, org_id)
    return xapi.status(session, org_id)


@router.post("/admin/organisations/{org_id}/lrs/send")
def send_to_lrs(org_id: Id, auth: CurrentAuth, session: Db, ctx: Ctx) -> LrsStatus:
    """Send the pending statements now, without waiting for the next pass or retry."""
    orgs.administered_organisation(session, auth, org_id)
    xapi.status(session, org_id)
    session.close()
    with httpx.Client() as client:
        xapi.forward_organisation(ctx, org_id, client, force=True)
    with ctx.db.read() as fresh:
        return xapi.status(fresh, org_id)


@router.delete("/admin/organisations/{org_id}/lrs", status_code=204)
def remove_lrs(org_id: Id, auth: CurrentAuth, session: Db, ctx: Ctx) -> Response:
    orgs.administered_organisation(session, auth, org_id)
    xapi.disconnect(session, org_id)
    return Response(status_code=204)


@router.post("/admin/organisations/{org_id}/admins")
def add_org_admin(org_id: Id, req: MemberAdd, auth: Admin, session: Db) -> list[str]:
    """Make an existing account an administrator of this organisation (store administrators
    only); returns the organisation's administrators' emails."""
    return orgs.add_org_admin(session, org_id, req.email)


@router.delete("/admin/organisations/{org_id}/admins/{user_id}", status_code=204)
def remove_org_admin(org_id: Id, user_id: Id, auth: Admin, session: Db) -> Response:
    orgs.remove_org_admin(session, org_id, user_id)
    return Response(status_code=204)


@router.post("/groups/join")
def join_group(req: JoinGroupRequest, auth: CurrentAuth, session: Db) -> MyGroupOut:
    """Join a class with its code; joining again changes nothing."""
    return orgs.join(session, auth, req.code)


@router.get("/me/groups")
def my_groups(auth: CurrentAuth, session: Db) -> list[MyGroupOut]:
    """The caller's groups, their coaches, and what those coaches can see."""
    return orgs.my_groups(session, auth)


@router.delete("/me/groups/{group_id}", status_code=204)
def leave_group(group_id: Id, auth: CurrentAuth, session: Db) -> Response:
    orgs.leave(session, auth, group_id)
    return Response(status_code=204)
