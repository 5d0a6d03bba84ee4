"""Voucher pools and codes (created by admins or `satchel-store create-voucher`), and paying
an order with a code under guessing limits (per network address and per account).

Codes are 12 random characters from an unambiguous alphabet; lookups ignore case, spaces and
hyphens, so `abcd-efgh-jkmn` finds `ABCDEFGHJKMN`. Functions take the caller's session
and commit; one thread per session.
"""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from store import orders
from store.accounts import Auth
from store.context import StoreContext
from store.db.models import Course, VoucherCode, VoucherPool
from store.payments.voucher import normalise_code
from store.problems import ProblemError, not_found, unprocessable
from store.throttle import Rule
from sync.protocol import PayResponse, VoucherPayment, VoucherPoolCreate, VoucherPoolOut

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(12))


def pool_out(session: Session, pool: VoucherPool) -> VoucherPoolOut:
    codes = session.scalars(
        select(VoucherCode.code).where(VoucherCode.pool_id == pool.id).order_by(VoucherCode.code)
    ).all()
    return VoucherPoolOut(
        id=pool.id,
        name=pool.name,
        seats_total=pool.seats_total,
        seats_used=pool.seats_used,
        course_ids=pool.course_ids,
        codes=list(codes),
        expires_at=pool.expires_at,
    )


def create_pool(
    session: Session, req: VoucherPoolCreate, explicit_codes: list[str] | None = None
) -> VoucherPoolOut:
    if req.course_ids:
        known = set(session.scalars(select(Course.id).where(Course.id.in_(req.course_ids))))
        missing = sorted(set(req.course_ids) - known)
        if missing:
            raise unprocessable(f"Unknown course ids: {', '.join(missing)}.")
    pool = VoucherPool(
        name=req.name,
        seats_total=req.seats,
        seats_used=0,
        course_ids=req.course_ids,
        expires_at=req.expires_at,
    )
    session.add(pool)
    session.flush()
    codes = [normalise_code(c) for c in explicit_codes] if explicit_codes else []
    while len(codes) < (len(explicit_codes) if explicit_codes else req.codes):
        codes.append(new_code())
    for code in codes:
        if session.get(VoucherCode, code) is not None:
            raise unprocessable(f"The voucher code {code} exists already.")
        session.add(VoucherCode(code=code, pool_id=pool.id))
    session.commit()
    return pool_out(session, pool)


def get_pool(session: Session, pool_id: str) -> VoucherPoolOut:
    pool = session.get(VoucherPool, pool_id)
    if pool is None:
        raise not_found("There is no such voucher pool.")
    return pool_out(session, pool)


def pay_with_voucher(
    session: Session,
    ctx: StoreContext,
    auth: Auth,
    source: str,
    order_id: str,
    req: VoucherPayment,
) -> PayResponse:
    """`orders.pay` with a voucher code; a code that does not exist counts as a guess of
    `source` (the client's IP) and of the account, and too many guesses lock both."""
    s = ctx.settings
    keys = [f"voucher:ip:{source}", f"voucher:acct:{auth.user_id}"]
    ctx.limits.check(keys, "Too many wrong voucher codes", "voucher-throttled")
    try:
        return orders.pay(session, ctx, auth, order_id, req)
    except ProblemError as exc:
        if exc.code == "voucher-unknown":
            for key, limit in zip(
                keys, (s.voucher_ip_max_failures, s.voucher_account_max_failures), strict=True
            ):
                ctx.limits.failure(
                    key, Rule(limit, s.login_window), s.login_lock_seconds, escalate=True
                )
        raise
