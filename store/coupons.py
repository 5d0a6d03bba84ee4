"""Instructors' coupons: a code for one of their courses (or, for a percentage, every course
of theirs), a percentage or a fixed amount off, an optional usage limit and expiry.

`quote` prices an order with a coupon without using it (the app's "Apply" button). A
coupon is redeemed when an order is created with it (`redeem`, inside the order's
transaction): the use is counted by one conditional `UPDATE ... SET uses = uses + 1 WHERE
uses < max_uses`, so concurrent orders can never exceed the limit (SQLite write sessions are
serialised by `BEGIN IMMEDIATE`; PostgreSQL re-checks the condition on the locked row). The
order keeps the list price (`list_amount`) and the code; its `amount` is what is charged and
what the ledger — hence the payout statement — records. A use is not given back when the
order is refunded or left unpaid.

Codes are stored upper case; lookups ignore case and surrounding spaces. Functions take the
caller's session; one thread per session.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, or_, select, update
from sqlalchemy.orm import Session

from store.accounts import Auth
from store.db.models import Coupon, Course
from store.db.types import utcnow
from store.problems import ProblemError, conflict, forbidden, not_found, unprocessable
from sync.protocol import CouponCreate, CouponOut


def normalise(code: str) -> str:
    return code.strip().upper()


def coupon_out(coupon: Coupon) -> CouponOut:
    return CouponOut(
        code=coupon.code,
        course_id=coupon.course_id,
        kind=cast(Any, coupon.kind),
        value=coupon.value,
        max_uses=coupon.max_uses,
        uses=coupon.uses,
        expires_at=coupon.expires_at,
        created_at=coupon.created_at,
    )


def create_coupon(session: Session, auth: Auth, req: CouponCreate) -> CouponOut:
    if req.kind == "percent" and req.value > 100:
        raise unprocessable("A percentage coupon takes 1 to 100 (percent off).", code="bad-coupon")
    if req.course_id is None and req.kind == "fixed":
        raise unprocessable(
            "A fixed-amount coupon must name its course (the amount is in that course's currency).",
            code="bad-coupon",
        )
    if req.course_id is not None:
        course = session.get(Course, req.course_id)
        if course is None:
            raise not_found(f"There is no course '{req.course_id}'.")
        if course.author_id != auth.user_id and not auth.is_admin:
            raise forbidden("You can only make coupons for your own courses.", code="not-author")
    if req.expires_at is not None and req.expires_at <= utcnow():
        raise unprocessable("The expiry date is already past.", code="bad-coupon")
    code = normalise(req.code)
    if session.get(Coupon, code) is not None:
        raise conflict(f"The coupon code {code} is taken; choose another.", code="coupon-exists")
    coupon = Coupon(
        code=code,
        author_id=auth.user_id,
        course_id=req.course_id,
        kind=req.kind,
        value=req.value,
        max_uses=req.max_uses,
        uses=0,
        expires_at=req.expires_at,
        created_at=utcnow(),
    )
    session.add(coupon)
    session.commit()
    return coupon_out(coupon)


def list_coupons(session: Session, auth: Auth) -> list[CouponOut]:
    rows = session.scalars(
        select(Coupon).where(Coupon.author_id == auth.user_id).order_by(Coupon.created_at)
    ).all()
    return [coupon_out(c) for c in rows]


def discounted(coupon: Coupon, amount: int) -> int:
    """The price after the coupon (never below zero); percentages round the discount half up."""
    off = (amount * coupon.value + 50) // 100 if coupon.kind == "percent" else coupon.value
    return max(0, amount - off)


def _refuse(detail: str, code: str, status: int = 422) -> ProblemError:
    return ProblemError(status, detail, code=code)


def _usable(session: Session, code: str, course: Course) -> Coupon:
    """The coupon for `course` if it can be used now, else the plain refusal."""
    coupon = session.get(Coupon, normalise(code))
    if coupon is None:
        raise _refuse(f"There is no coupon '{code.strip()}'.", "coupon-unknown", 404)
    applies = (
        coupon.course_id == course.id
        if coupon.course_id is not None
        else coupon.author_id == course.author_id
    )
    if not applies:
        raise _refuse(f"The coupon {coupon.code} is not for this course.", "coupon-other-course")
    if coupon.expires_at is not None and coupon.expires_at <= utcnow():
        raise _refuse(
            f"The coupon {coupon.code} expired on {coupon.expires_at:%Y-%m-%d}.", "coupon-expired"
        )
    return coupon


def _used_up(coupon: Coupon) -> ProblemError:
    return _refuse(
        f"The coupon {coupon.code} has been used up ({coupon.max_uses} uses).",
        "coupon-used-up",
        409,
    )


def quote(session: Session, code: str, course: Course, amount: int) -> tuple[str, int]:
    """(the coupon's code, the price an order with it would charge) — counts nothing, so a
    later order may still be refused (the last use taken meanwhile)."""
    coupon = _usable(session, code, course)
    if coupon.max_uses is not None and coupon.uses >= coupon.max_uses:
        raise _used_up(coupon)
    return coupon.code, discounted(coupon, amount)


def redeem(session: Session, code: str, course: Course, amount: int) -> tuple[str, int]:
    """(the coupon's code, the price to charge) — counts one use; the caller's transaction
    commits it with the order (or rolls both back)."""
    coupon = _usable(session, code, course)
    now = utcnow()
    done = cast(
        CursorResult[Any],
        session.execute(
            update(Coupon)
            .where(
                Coupon.code == coupon.code,
                or_(Coupon.max_uses.is_(None), Coupon.uses < Coupon.max_uses),
                or_(Coupon.expires_at.is_(None), Coupon.expires_at > now),
            )
            .values(uses=Coupon.uses + 1)
        ),
    )
    if done.rowcount != 1:
        raise _used_up(coupon)
    return coupon.code, discounted(coupon, amount)
