"""Orders: create with an Idempotency-Key, pay through a provider, refund; entitlements are
granted only when a payment succeeded and revoked by a refund.

Guarantees:
- the price is the published version's, never the client's (`expected_price` only lets the
  client refuse a price it did not confirm);
- the same Idempotency-Key with the same body returns the same order (its current state);
  with a different body it is refused (422), so a retried intent can never buy twice;
- an order is marked paid by a conditional `UPDATE ... WHERE status = 'pending'` inside the
  transaction that records the payment, posts the ledger and grants the entitlement, so two
  concurrent payments cannot both succeed;
- a course already owned cannot be ordered or paid again;
- a `coupon` is redeemed in the transaction that creates the order (`store.coupons`): the
  order charges the reduced `amount` and keeps the list price in `list_amount`.

Functions take the request's `Session` and commit; one thread per session.
"""

from __future__ import annotations

import hashlib
import logging
from datetime import timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store import coupons, ledger
from store.accounts import Auth
from store.context import StoreContext
from store.db.models import Course, CourseVersion, Entitlement, Order, Payment, Receipt
from store.db.types import utcnow
from store.payments.base import ChargeResult, PayRequestModel
from store.problems import ProblemError, conflict, forbidden, not_found
from sync.protocol import (
    Money,
    OrderCreate,
    OrderOut,
    OrderQuote,
    OrderQuoteRequest,
    PaymentOut,
    PayResponse,
    ReceiptOut,
    RefundRequest,
    canonical_json,
)

log = logging.getLogger(__name__)


def request_hash(body: Any) -> str:
    return hashlib.sha256(canonical_json(body)).hexdigest()


def order_out(session: Session, order: Order) -> OrderOut:
    payments = session.scalars(
        select(Payment).where(Payment.order_id == order.id).order_by(Payment.created_at)
    ).all()
    version = session.get(CourseVersion, order.course_version_id)
    return OrderOut(
        id=order.id,
        course_id=order.course_id,
        version=version.version if version else "",
        status=cast(Any, order.status),
        price=Money(amount=order.amount, currency=order.currency),
        provider=order.provider,
        created_at=order.created_at,
        paid_at=order.paid_at,
        refunded_at=order.refunded_at,
        list_price=(
            Money(amount=order.list_amount, currency=order.currency)
            if order.list_amount is not None
            else None
        ),
        coupon=order.coupon_code,
        payments=[
            PaymentOut(
                id=p.id,
                provider=p.provider,
                status=cast(Any, p.status),
                message=p.message,
                created_at=p.created_at,
            )
            for p in payments
        ],
    )


def owns_course(session: Session, user_id: str, course_id: str) -> bool:
    return (
        session.scalar(
            select(Entitlement.id).where(
                Entitlement.user_id == user_id,
                Entitlement.course_id == course_id,
                Entitlement.revoked_at.is_(None),
            )
        )
        is not None
    )


def _replay(session: Session, auth: Auth, key: str, digest: str) -> OrderOut | None:
    existing = session.scalar(
        select(Order).where(Order.user_id == auth.user_id, Order.idempotency_key == key)
    )
    if existing is None:
        return None
    if existing.request_hash != digest:
        raise ProblemError(
            422,
            "This Idempotency-Key was already used for a different order request; use a new "
            "key for a new purchase.",
            code="idempotency-key-reused",
        )
    return order_out(session, existing)


def create_order(
    session: Session,
    ctx: StoreContext,
    auth: Auth,
    req: OrderCreate,
    raw_body: Any,
    idempotency_key: str,
) -> tuple[OrderOut, bool]:
    """(order, replayed). The key is scoped to the account."""
    digest = request_hash(raw_body)
    replay = _replay(session, auth, idempotency_key, digest)
    if replay is not None:
        return replay, True
    course = session.get(Course, req.course_id)
    if course is None or not course.listed or course.published_version_id is None:
        raise not_found(f"There is no published course '{req.course_id}'.")
    price = Money(amount=course.price_amount, currency=course.price_currency)
    if req.expected_price is not None and req.expected_price != price:
        raise conflict(
            f"The price changed to {price.amount} {price.currency} (minor units); confirm the "
            "new price and order again.",
            code="price-changed",
            price=price.model_dump(),
        )
    if owns_course(session, auth.user_id, course.id):
        raise conflict("You already own this course.", code="already-owned")
    coupon_code: str | None = None
    amount = price.amount
    if req.coupon is not None:
        coupon_code, amount = coupons.redeem(session, req.coupon, course, price.amount)
    order = Order(
        user_id=auth.user_id,
        course_id=course.id,
        course_version_id=course.published_version_id,
        amount=amount,
        currency=price.currency,
        coupon_code=coupon_code,
        list_amount=price.amount if coupon_code is not None else None,
        idempotency_key=idempotency_key,
        request_hash=digest,
        created_at=utcnow(),
    )
    session.add(order)
    try:
        session.flush()
    except IntegrityError:  # the same key raced in from another request
        session.rollback()
        replay = _replay(session, auth, idempotency_key, digest)
        if replay is None:
            raise
        return replay, True
    if order.amount == 0:
        payment = Payment(
            order_id=order.id,
            provider="free",
            status="succeeded",
            amount=0,
            currency=order.currency,
        )
        session.add(payment)
        session.flush()
        _mark_paid(session, order, payment, ChargeResult("succeeded", ledger_account="-"))
    session.commit()
    return order_out(session, order), False


def quote_order(session: Session, req: OrderQuoteRequest) -> OrderQuote:
    """The price an order of `req.course_id` with `req.coupon` would charge now."""
    course = session.get(Course, req.course_id)
    if course is None or not course.listed or course.published_version_id is None:
        raise not_found(f"There is no published course '{req.course_id}'.")
    code, amount = coupons.quote(session, req.coupon, course, course.price_amount)
    return OrderQuote(
        course_id=course.id,
        coupon=code,
        list_price=Money(amount=course.price_amount, currency=course.price_currency),
        price=Money(amount=amount, currency=course.price_currency),
    )


def _own_order(session: Session, auth: Auth, order_id: str, *, admin_ok: bool = False) -> Order:
    order = session.get(Order, order_id)
    if order is None or (order.user_id != auth.user_id and not (admin_ok and auth.is_admin)):
        raise not_found("There is no such order on your account.")
    return order


def get_order(session: Session, auth: Auth, order_id: str) -> OrderOut:
    return order_out(session, _own_order(session, auth, order_id, admin_ok=True))


def list_orders(
    session: Session, auth: Auth, *, idempotency_key: str | None = None
) -> list[OrderOut]:
    """The caller's orders, newest first; only the one made with ``idempotency_key`` if
    given (keys are unique per account, and another account's key is never matched)."""
    query = select(Order).where(Order.user_id == auth.user_id)
    if idempotency_key is not None:
        query = query.where(Order.idempotency_key == idempotency_key)
    orders = session.scalars(query.order_by(Order.created_at.desc())).all()
    return [order_out(session, o) for o in orders]


def grant(
    session: Session, user_id: str, course_id: str, order_id: str | None, source: str
) -> None:
    ent = session.scalar(
        select(Entitlement).where(
            Entitlement.user_id == user_id, Entitlement.course_id == course_id
        )
    )
    if ent is None:
        session.add(
            Entitlement(
                user_id=user_id,
                course_id=course_id,
                order_id=order_id,
                source=source,
                granted_at=utcnow(),
            )
        )
    else:
        ent.order_id = order_id
        ent.source = source
        ent.granted_at = utcnow()
        ent.revoked_at = None
    session.flush()


def _mark_paid(session: Session, order: Order, payment: Payment, result: ChargeResult) -> None:
    now = utcnow()
    done = cast(
        CursorResult[Any],
        session.execute(
            update(Order)
            .where(Order.id == order.id, Order.status == "pending")
            .values(status="paid", paid_at=now, provider=payment.provider)
        ),
    )
    if done.rowcount != 1:
        raise conflict("This order is already paid.", code="already-paid")
    session.refresh(order)
    ledger.post_purchase(session, order, result.ledger_account)
    grant(session, order.user_id, order.course_id, order.id, payment.provider)
    title = session.scalar(select(Course.title).where(Course.id == order.course_id)) or ""
    ledger.issue_receipt(session, order, "purchase", payment.provider, title)


def mark_paid(session: Session, order: Order, payment: Payment, debit_account: str) -> None:
    """Record a succeeded payment (used by webhooks); caller commits."""
    payment.status = "succeeded"
    payment.updated_at = utcnow()
    _mark_paid(session, order, payment, ChargeResult("succeeded", ledger_account=debit_account))


def pay(
    session: Session, ctx: StoreContext, auth: Auth, order_id: str, req: PayRequestModel
) -> PayResponse:
    order = _own_order(session, auth, order_id)
    if order.status == "paid":
        raise conflict("This order is already paid.", code="already-paid")
    if order.status != "pending":
        raise conflict(f"This order is {order.status} and cannot be paid.", code="not-payable")
    if owns_course(session, auth.user_id, order.course_id):
        raise conflict("You already own this course.", code="already-owned")
    provider = ctx.providers.get(req.provider)
    if provider is None:
        raise ProblemError(
            409,
            f"This store does not accept {req.provider} payments.",
            code="provider-unavailable",
        )
    result = provider.charge(session, order, req)
    if result.status == "pending":  # redirect flows end the transaction for the network call
        session.refresh(order)
        if order.status != "pending":
            raise conflict("This order was paid meanwhile.", code="already-paid")
    payment = Payment(
        order_id=order.id,
        provider=provider.name,
        status=result.status,
        provider_ref=result.provider_ref,
        provider_charge_ref=result.charge_ref,
        amount=order.amount,
        currency=order.currency,
        message=result.message,
    )
    session.add(payment)
    session.flush()
    if result.status == "succeeded":
        _mark_paid(session, order, payment, result)
    session.commit()
    if result.status == "failed":
        raise ProblemError(
            402,
            result.message or "The payment failed.",
            code="payment-failed",
            order=order_out(session, order).model_dump(mode="json"),
        )
    return PayResponse(order=order_out(session, order), checkout_url=result.checkout_url)


def refund(
    session: Session, ctx: StoreContext, auth: Auth, order_id: str, req: RefundRequest
) -> OrderOut:
    order = _own_order(session, auth, order_id, admin_ok=True)
    if order.status != "paid":
        raise conflict(
            f"Only paid orders can be refunded; this one is {order.status}.", code="not-refundable"
        )
    if not auth.is_admin:
        window = timedelta(days=ctx.settings.refund_window_days)
        assert order.paid_at is not None
        if utcnow() - order.paid_at > window:
            raise forbidden(
                f"The refund window of {ctx.settings.refund_window_days} days has passed; "
                "contact the store.",
                code="refund-window-closed",
            )
    payment = session.scalar(
        select(Payment).where(Payment.order_id == order.id, Payment.status == "succeeded")
    )
    if payment is not None:
        provider = ctx.providers.get(payment.provider)
        if provider is None:
            raise ProblemError(
                409, f"{payment.provider} refunds are not available.", code="provider-unavailable"
            )
        provider.refund(session, order, payment)
    revoke_and_reverse(session, order, payment, req.reason)
    session.commit()
    return order_out(session, order)


def revoke_and_reverse(
    session: Session, order: Order, payment: Payment | None, reason: str
) -> None:
    """Mark refunded, reverse the ledger, revoke the entitlement, issue a refund receipt."""
    now = utcnow()
    done = cast(
        CursorResult[Any],
        session.execute(
            update(Order)
            .where(Order.id == order.id, Order.status == "paid")
            .values(status="refunded", refunded_at=now)
        ),
    )
    if done.rowcount != 1:
        raise conflict("This order was refunded already.", code="not-refundable")
    session.refresh(order)
    if payment is not None:
        payment.status = "refunded"
        payment.message = (reason or "refunded")[:500]
        payment.updated_at = now
    ledger.post_reversal(session, order)
    session.execute(
        update(Entitlement)
        .where(
            Entitlement.user_id == order.user_id,
            Entitlement.course_id == order.course_id,
            Entitlement.order_id == order.id,
            Entitlement.revoked_at.is_(None),
        )
        .values(revoked_at=now)
    )
    title = session.scalar(select(Course.title).where(Course.id == order.course_id)) or ""
    ledger.issue_receipt(session, order, "refund", payment.provider if payment else "none", title)


def receipts(session: Session, auth: Auth, order_id: str) -> list[ReceiptOut]:
    order = _own_order(session, auth, order_id, admin_ok=True)
    rows = session.scalars(
        select(Receipt).where(Receipt.order_id == order.id).order_by(Receipt.id)
    ).all()
    return [ledger.receipt_out(r) for r in rows]
