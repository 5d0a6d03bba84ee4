"""Organisations, their groups (classes) and members, seats, and who may see what.

An organisation owns voucher pools (its seat codes) and groups. A learner joins a group with
the group's code (typed in, or from the app's ``institution.toml``); a store administrator
adds coaches. A coach sees the learners of the groups it coaches and nothing else:
`coached_group` is the one gate every coach route goes through (404 for a group it does not
coach, so other groups and organisations stay invisible; 403 for a caller who coaches
nothing). Administrators of the store manage organisations, groups, seats and the LRS.

Functions take the request's `Session` and commit; one thread per session.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store import orders
from store.accounts import Auth
from store.context import StoreContext
from store.db.models import (
    Course,
    GroupMember,
    LearnerGroup,
    Order,
    Organisation,
    OrganisationAdmin,
    OrganisationPool,
    SyncEvent,
    SyncRecordField,
    User,
    VoucherPool,
    VoucherRedemption,
)
from store.payments.voucher import normalise_code
from store.problems import ProblemError, conflict, forbidden, not_found, unprocessable
from store.security import normalise_email
from store.vouchers import new_code
from sync.institutions import (
    COACH_SEES,
    CoachGroupOut,
    GroupCreate,
    GroupOut,
    LearnerOut,
    LrsStatus,
    MyGroupOut,
    OrganisationCreate,
    OrganisationOut,
    PoolSeats,
    SeatHolder,
    SeatReport,
)
from sync.protocol import RefundRequest

COACH = "coach"
LEARNER = "learner"


# --------------------------------------------------------------------------- reading


def get_organisation(session: Session, org_id: str) -> Organisation:
    org = session.get(Organisation, org_id)
    if org is None:
        raise not_found("There is no such organisation.")
    return org


def get_group(session: Session, group_id: str) -> LearnerGroup:
    group = session.get(LearnerGroup, group_id)
    if group is None:
        raise not_found("There is no such group.")
    return group


def _members(session: Session, group_id: str, role: str) -> list[User]:
    return list(
        session.scalars(
            select(User)
            .join(GroupMember, GroupMember.user_id == User.id)
            .where(GroupMember.group_id == group_id, GroupMember.role == role)
            .order_by(User.email)
        )
    )


def group_out(session: Session, group: LearnerGroup) -> GroupOut:
    org = session.get(Organisation, group.organisation_id)
    assert org is not None
    learners = session.scalar(
        select(func.count())
        .select_from(GroupMember)
        .where(GroupMember.group_id == group.id, GroupMember.role == LEARNER)
    )
    return GroupOut(
        id=group.id,
        organisation_id=org.id,
        organisation_name=org.name,
        name=group.name,
        join_code=group.join_code,
        course_ids=list(group.course_ids),
        learners=int(learners or 0),
        coaches=[u.email for u in _members(session, group.id, COACH)],
    )


def pending_events(session: Session, org: Organisation) -> int:
    """Learning events of the organisation's learners after its xAPI cursor."""
    users = learner_ids_of_organisation(session, org.id)
    if not users:
        return 0
    count = session.scalar(
        select(func.count())
        .select_from(SyncEvent)
        .where(SyncEvent.user_id.in_(users), SyncEvent.id > org.xapi_cursor)
    )
    return int(count or 0)


def lrs_status(session: Session, org: Organisation) -> LrsStatus | None:
    if not org.lrs_url:
        return None
    return LrsStatus(
        url=org.lrs_url,
        username=org.lrs_username or "",
        sent=org.xapi_sent,
        pending=pending_events(session, org),
        failures=org.xapi_failures,
        next_attempt_at=org.xapi_next_attempt_at,
        last_error=org.xapi_last_error,
    )


def organisation_out(session: Session, org: Organisation) -> OrganisationOut:
    pools = session.scalars(
        select(OrganisationPool.pool_id)
        .where(OrganisationPool.organisation_id == org.id)
        .order_by(OrganisationPool.pool_id)
    ).all()
    groups = session.scalars(
        select(LearnerGroup)
        .where(LearnerGroup.organisation_id == org.id)
        .order_by(LearnerGroup.created_at, LearnerGroup.name)
    ).all()
    return OrganisationOut(
        id=org.id,
        name=org.name,
        pool_ids=list(pools),
        groups=[group_out(session, g) for g in groups],
        lrs=lrs_status(session, org),
    )


def learner_ids_of_organisation(session: Session, org_id: str) -> list[str]:
    return list(
        session.scalars(
            select(GroupMember.user_id)
            .join(LearnerGroup, LearnerGroup.id == GroupMember.group_id)
            .where(LearnerGroup.organisation_id == org_id, GroupMember.role == LEARNER)
            .distinct()
        )
    )


def last_sync(session: Session, user_id: str) -> datetime | None:
    """When the learner's app last pushed anything (events or records), or None."""
    events = session.scalar(
        select(func.max(SyncEvent.received_at)).where(SyncEvent.user_id == user_id)
    )
    records = session.scalar(
        select(func.max(SyncRecordField.updated_at)).where(SyncRecordField.user_id == user_id)
    )
    moments = [m for m in (events, records) if m is not None]
    return max(moments) if moments else None


# --------------------------------------------------------------------------- administration


def _link_pool(session: Session, org: Organisation, pool_id: str) -> None:
    if session.get(VoucherPool, pool_id) is None:
        raise unprocessable(f"There is no voucher pool {pool_id}.", code="unknown-pool")
    link = session.get(OrganisationPool, pool_id)
    if link is not None and link.organisation_id != org.id:
        raise conflict(
            f"The voucher pool {pool_id} belongs to another organisation already.",
            code="pool-taken",
        )
    if link is None:
        session.add(OrganisationPool(pool_id=pool_id, organisation_id=org.id))


def create_organisation(session: Session, req: OrganisationCreate) -> OrganisationOut:
    org = Organisation(name=req.name.strip())
    session.add(org)
    session.flush()
    for pool_id in dict.fromkeys(req.pool_ids):
        _link_pool(session, org, pool_id)
    session.commit()
    return organisation_out(session, org)


def add_pool(session: Session, org_id: str, pool_id: str) -> OrganisationOut:
    org = get_organisation(session, org_id)
    _link_pool(session, org, pool_id)
    session.commit()
    return organisation_out(session, org)


def create_group(session: Session, org_id: str, req: GroupCreate) -> GroupOut:
    org = get_organisation(session, org_id)
    if req.course_ids:
        known = set(session.scalars(select(Course.id).where(Course.id.in_(req.course_ids))))
        missing = sorted(set(req.course_ids) - known)
        if missing:
            raise unprocessable(f"Unknown course ids: {', '.join(missing)}.")
    code = new_code()
    while session.scalar(select(LearnerGroup.id).where(LearnerGroup.join_code == code)):
        code = new_code()  # pragma: no cover - 31^12 codes
    group = LearnerGroup(
        organisation_id=org.id,
        name=req.name.strip(),
        join_code=code,
        course_ids=list(dict.fromkeys(req.course_ids)),
    )
    session.add(group)
    session.commit()
    return group_out(session, group)


def _user_by_email(session: Session, email: str) -> User:
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise unprocessable(
            f"There is no account with the email {email}; ask them to register first.",
            code="unknown-account",
        )
    return user


def add_member(session: Session, group_id: str, email: str, role: str) -> GroupOut:
    group = get_group(session, group_id)
    user = _user_by_email(session, email)
    member = session.scalar(
        select(GroupMember).where(GroupMember.group_id == group.id, GroupMember.user_id == user.id)
    )
    if member is None:
        session.add(GroupMember(group_id=group.id, user_id=user.id, role=role))
    else:
        member.role = role
    session.commit()
    return group_out(session, group)


def remove_member(session: Session, group_id: str, user_id: str) -> None:
    group = get_group(session, group_id)
    member = session.scalar(
        select(GroupMember).where(GroupMember.group_id == group.id, GroupMember.user_id == user_id)
    )
    if member is None:
        raise not_found("That account is not in this group.")
    session.delete(member)
    session.commit()


# --------------------------------------------------------------------------- learners


def _my_group(session: Session, group: LearnerGroup, role: str) -> MyGroupOut:
    org = session.get(Organisation, group.organisation_id)
    assert org is not None
    return MyGroupOut(
        id=group.id,
        name=group.name,
        organisation_name=org.name,
        role="coach" if role == COACH else "learner",
        course_ids=list(group.course_ids),
        coaches=[u.display_name or u.email for u in _members(session, group.id, COACH)],
        coach_sees=[key for key, _text in COACH_SEES],
    )


def join(session: Session, auth: Auth, code: str) -> MyGroupOut:
    """Join the group with this code (again: no change)."""
    group = session.scalar(
        select(LearnerGroup).where(LearnerGroup.join_code == normalise_code(code))
    )
    if group is None:
        raise unprocessable(
            "There is no group with this code; check it with your teacher.", code="group-unknown"
        )
    member = session.scalar(
        select(GroupMember).where(
            GroupMember.group_id == group.id, GroupMember.user_id == auth.user_id
        )
    )
    if member is None:
        member = GroupMember(group_id=group.id, user_id=auth.user_id, role=LEARNER)
        session.add(member)
        session.commit()
    return _my_group(session, group, member.role)


def my_groups(session: Session, auth: Auth) -> list[MyGroupOut]:
    rows = session.execute(
        select(LearnerGroup, GroupMember.role)
        .join(GroupMember, GroupMember.group_id == LearnerGroup.id)
        .where(GroupMember.user_id == auth.user_id)
        .order_by(LearnerGroup.name)
    ).all()
    return [_my_group(session, group, role) for group, role in rows]


def leave(session: Session, auth: Auth, group_id: str) -> None:
    member = session.scalar(
        select(GroupMember).where(
            GroupMember.group_id == group_id, GroupMember.user_id == auth.user_id
        )
    )
    if member is None:
        raise not_found("You are not in this group.")
    session.delete(member)
    session.commit()


# --------------------------------------------------------------------------- coaches


def coached_group(session: Session, auth: Auth, group_id: str) -> LearnerGroup:
    """The group, if the caller coaches it (or administers the store).

    403 for a caller who coaches no group at all (e.g. a learner of this group); 404 for a
    coach asking about a group it does not coach, so it cannot tell which groups exist."""
    if auth.is_admin:
        return get_group(session, group_id)
    roles: dict[str, str] = {
        gid: role
        for gid, role in session.execute(
            select(GroupMember.group_id, GroupMember.role).where(
                GroupMember.user_id == auth.user_id
            )
        )
    }
    if COACH not in roles.values():
        raise forbidden("Only the coaches of a group can see its learners.", code="not-coach")
    if roles.get(group_id) != COACH:
        raise not_found("There is no such group among the groups you coach.")
    return get_group(session, group_id)


def administered_organisation(session: Session, auth: Auth, org_id: str) -> Organisation:
    """The organisation, if the caller administers it (or the whole store).

    403 for a caller who administers no organisation (a coach, a learner); 404 for an
    organisation administrator asking about another organisation."""
    if auth.is_admin:
        return get_organisation(session, org_id)
    mine = set(session.scalars(
        select(OrganisationAdmin.organisation_id).where(OrganisationAdmin.user_id == auth.user_id)
    ))
    if not mine:
        raise forbidden("Only the organisation's administrators can do this.",
                        code="not-org-admin")
    if org_id not in mine:
        raise not_found("There is no such organisation.")
    return get_organisation(session, org_id)


def administered_group(session: Session, auth: Auth, group_id: str) -> LearnerGroup:
    """The group, if the caller administers its organisation (or the store); 403/404 as in
    `administered_organisation` (a group of another organisation is not found)."""
    if auth.is_admin:
        return get_group(session, group_id)
    group = session.get(LearnerGroup, group_id)
    try:
        administered_organisation(session, auth, group.organisation_id if group else "")
    except ProblemError as exc:
        if exc.status == 404:
            raise not_found("There is no such group.") from exc
        raise
    if group is None:  # only the store administrators get here, and they returned above
        raise not_found("There is no such group.")
    return group


def add_org_admin(session: Session, org_id: str, email: str) -> list[str]:
    """Make an existing account an administrator of the organisation; returns the emails of
    its administrators."""
    get_organisation(session, org_id)
    user = _user_by_email(session, email)
    if session.get(OrganisationAdmin, (org_id, user.id)) is None:
        session.add(OrganisationAdmin(organisation_id=org_id, user_id=user.id))
        session.commit()
    return org_admins(session, org_id)


def remove_org_admin(session: Session, org_id: str, user_id: str) -> None:
    row = session.get(OrganisationAdmin, (org_id, user_id))
    if row is None:
        raise not_found("That account does not administer this organisation.")
    session.delete(row)
    session.commit()


def org_admins(session: Session, org_id: str) -> list[str]:
    return list(session.scalars(
        select(User.email).join(OrganisationAdmin, OrganisationAdmin.user_id == User.id)
        .where(OrganisationAdmin.organisation_id == org_id).order_by(User.email)
    ))


def learners(session: Session, group_id: str) -> list[User]:
    return _members(session, group_id, LEARNER)


def coach_groups(session: Session, auth: Auth) -> list[CoachGroupOut]:
    groups = session.scalars(
        select(LearnerGroup)
        .join(GroupMember, GroupMember.group_id == LearnerGroup.id)
        .where(GroupMember.user_id == auth.user_id, GroupMember.role == COACH)
        .order_by(LearnerGroup.name)
    ).all()
    if not groups and not auth.is_admin:
        raise forbidden("Only the coaches of a group can see its learners.", code="not-coach")
    return [coach_group_out(session, g) for g in groups]


def coach_group_out(session: Session, group: LearnerGroup) -> CoachGroupOut:
    org = session.get(Organisation, group.organisation_id)
    assert org is not None
    joined: dict[str, datetime] = {
        uid: at
        for uid, at in session.execute(
            select(GroupMember.user_id, GroupMember.joined_at).where(
                GroupMember.group_id == group.id
            )
        )
    }
    out = []
    for user in learners(session, group.id):
        synced = last_sync(session, user.id)
        out.append(
            LearnerOut(
                user_id=user.id,
                email=user.email,
                display_name=user.display_name,
                joined_at=joined[user.id],
                last_sync=synced,
            )
        )
    return CoachGroupOut(
        id=group.id,
        name=group.name,
        organisation_name=org.name,
        course_ids=list(group.course_ids),
        learners=out,
    )


# --------------------------------------------------------------------------- seats


def seats(session: Session, org_id: str) -> SeatReport:
    org = get_organisation(session, org_id)
    pools = session.scalars(
        select(VoucherPool)
        .join(OrganisationPool, OrganisationPool.pool_id == VoucherPool.id)
        .where(OrganisationPool.organisation_id == org.id)
        .order_by(VoucherPool.created_at, VoucherPool.name)
    ).all()
    out = []
    for pool in pools:
        rows = session.execute(
            select(VoucherRedemption, User, Order.course_id)
            .join(User, User.id == VoucherRedemption.user_id)
            .join(Order, Order.id == VoucherRedemption.order_id)
            .where(VoucherRedemption.pool_id == pool.id, VoucherRedemption.released_at.is_(None))
            .order_by(VoucherRedemption.redeemed_at, VoucherRedemption.id)
        ).all()
        holders = [
            SeatHolder(
                redemption_id=r.id,
                user_id=u.id,
                email=u.email,
                display_name=u.display_name,
                code=r.code,
                course_id=course_id,
                order_id=r.order_id,
                redeemed_at=r.redeemed_at,
            )
            for r, u, course_id in rows
        ]
        out.append(
            PoolSeats(
                pool_id=pool.id,
                name=pool.name,
                seats_total=pool.seats_total,
                seats_used=pool.seats_used,
                seats_left=max(0, pool.seats_total - pool.seats_used),
                holders=holders,
            )
        )
    return SeatReport(organisation_id=org.id, pools=out)


def release_seat(
    session: Session, ctx: StoreContext, auth: Auth, org_id: str, redemption_id: int
) -> SeatReport:
    """Give a seat back (the learner left): the voucher order is refunded, which frees the
    seat, ends the learner's access to that course and reverses the institution's charge."""
    get_organisation(session, org_id)
    redemption = session.get(VoucherRedemption, redemption_id)
    link = session.get(OrganisationPool, redemption.pool_id) if redemption else None
    if redemption is None or link is None or link.organisation_id != org_id:
        raise not_found("There is no such seat in this organisation.")
    if redemption.released_at is not None:
        raise conflict("This seat was released already.", code="seat-released")
    orders.refund(
        session, ctx, auth, redemption.order_id, RefundRequest(reason="seat released")
    )
    return seats(session, org_id)
