"""Stripe webhook processing: verified events turn pending Checkout payments into paid
orders (or failed payments), and refunds or disputes made in Stripe's dashboard take the
course back.

`charge.refunded` / `charge.dispute.created` find the payment by its PaymentIntent
(`provider_charge_ref`). A full refund (`amount_refunded >= amount`) and a dispute revoke the
entitlement exactly as our refund route does (`orders.revoke_and_reverse`: order refunded,
ledger reversed, refund receipt) — the course leaves the learner's next lease; a dispute is
reversed at once (the ledger has no holds; a won dispute is money back the store grants by
hand). A partial refund posts only the amount newly refunded (`amount_refunded` is
cumulative) and keeps the entitlement. Orders already refunded (through our route, or an
earlier event) and payments we refunded ourselves are left alone.

The event id is inserted into `stripe_events` in the same transaction as the grant, so a
replayed or concurrently redelivered event grants at most once, and a failed grant leaves no
record (Stripe retries, we process again). Amount and currency must match the order. A
second completed checkout for an order that is already paid is refunded at once (no double
charge). Called from a request thread with its own session.
"""

from __future__ import annotations

import json
import logging
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store import ledger, orders
from store.context import StoreContext
from store.db.models import Order, Payment, StripeEvent
from store.db.types import utcnow
from store.payments.stripe import ACCOUNT, SignatureError, StripeProvider, verify_signature
from store.problems import ProblemError, bad_request

log = logging.getLogger(__name__)

PAID_EVENTS = {"checkout.session.completed", "checkout.session.async_payment_succeeded"}
FAILED_EVENTS = {"checkout.session.expired", "checkout.session.async_payment_failed"}
REFUNDED = "charge.refunded"
DISPUTED = "charge.dispute.created"


def _provider(ctx: StoreContext) -> StripeProvider:
    provider = ctx.providers.get("stripe")
    if not isinstance(provider, StripeProvider):
        raise ProblemError(404, "This store does not accept Stripe payments.", code="no-stripe")
    return provider


def handle_stripe_webhook(ctx: StoreContext, payload: bytes, signature: str | None) -> str:
    """Verify and apply one webhook delivery; returns what happened (for the response)."""
    provider = _provider(ctx)
    try:
        verify_signature(provider.webhook_secret, payload, signature, provider.tolerance)
    except SignatureError as exc:
        raise bad_request(f"The webhook signature is not valid: {exc}.", "bad-signature") from None
    try:
        event = json.loads(payload)
        event_id = str(event["id"])
        event_type = str(event["type"])
        obj = event["data"]["object"]
        assert isinstance(obj, dict)
    except (ValueError, KeyError, TypeError, AssertionError):
        raise bad_request("The webhook body is not a Stripe event.", "bad-event") from None
    with ctx.db.session(write=True) as session:
        session.add(StripeEvent(id=event_id, type=event_type, received_at=utcnow()))
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            return "duplicate"
        outcome = _apply(session, provider, event_type, obj)
        session.commit()
        return outcome


def _apply(session: Session, provider: StripeProvider, event_type: str, obj: dict[str, Any]) -> str:
    if event_type in (REFUNDED, DISPUTED):
        return _apply_charge_event(session, event_type, obj)
    if event_type not in PAID_EVENTS | FAILED_EVENTS:
        return "ignored"
    payment = session.scalar(
        select(Payment).where(
            Payment.provider == "stripe", Payment.provider_ref == str(obj.get("id"))
        )
    )
    if payment is None:
        log.warning("stripe event for unknown checkout session %s", obj.get("id"))
        return "ignored"
    order = session.get(Order, payment.order_id)
    assert order is not None
    if event_type in FAILED_EVENTS:
        if payment.status == "pending":
            payment.status = "failed"
            payment.message = "The payment did not complete."
            payment.updated_at = utcnow()
        return "failed"
    if event_type == "checkout.session.completed" and obj.get("payment_status") != "paid":
        return "awaiting-payment"  # async methods: wait for async_payment_succeeded
    if (
        obj.get("amount_total") != order.amount
        or str(obj.get("currency", "")).upper() != order.currency
    ):
        payment.status = "failed"
        payment.message = "The amount paid does not match the order; contact support."
        log.error("stripe amount mismatch on order %s", order.id)
        return "amount-mismatch"
    payment.provider_charge_ref = str(obj.get("payment_intent") or "") or None
    if payment.status == "succeeded":
        return "already-applied"
    if order.status == "pending" and not orders.owns_course(
        session, order.user_id, order.course_id
    ):
        orders.mark_paid(session, order, payment, ACCOUNT)
        return "granted"
    # Paid twice (two checkouts completed) or for a course already owned: give it back.
    payment.status = "succeeded"
    try:
        provider.refund(session, order, payment)
        payment.status = "refunded"
        payment.message = "Refunded automatically: this was a second payment."
    except ProblemError:
        payment.message = "A second payment was received; it must be refunded by hand."
        log.error("could not auto-refund duplicate payment %s", payment.id)
    return "duplicate-payment"


def _apply_charge_event(session: Session, event_type: str, obj: dict[str, Any]) -> str:
    """A refund or dispute made at Stripe (`obj` is the Charge, or the Dispute)."""
    intent = str(obj.get("payment_intent") or "")
    payment = (
        session.scalar(
            select(Payment).where(
                Payment.provider == "stripe", Payment.provider_charge_ref == intent
            )
        )
        if intent
        else None
    )
    if payment is None:
        log.warning("stripe %s for unknown payment intent %r", event_type, intent)
        return "ignored"
    order = session.get(Order, payment.order_id)
    assert order is not None
    if payment.status == "refunded" or order.status == "refunded":
        return "already-refunded"
    if payment.status != "succeeded" or order.status != "paid":
        log.warning("stripe %s for payment %s in state %s", event_type, payment.id, payment.status)
        return "ignored"
    if event_type == DISPUTED:
        reason = str(obj.get("reason") or "no reason given")
        orders.revoke_and_reverse(session, order, payment, f"Disputed at Stripe ({reason}).")
        log.warning("stripe dispute on order %s: entitlement revoked", order.id)
        return "disputed"
    try:
        charged = int(obj.get("amount", order.amount))
        refunded = int(obj.get("amount_refunded", 0))
    except (TypeError, ValueError):
        raise bad_request("The charge's amounts are not numbers.", "bad-event") from None
    if refunded >= charged or refunded >= order.amount:
        orders.revoke_and_reverse(session, order, payment, "Refunded at Stripe.")
        return "refunded"
    new = refunded - ledger.refunded_in_part(session, order)
    if new <= 0:
        return "already-applied"  # an older (or repeated) view of the same refunds
    ledger.post_partial_refund(session, order, ACCOUNT, new)
    payment.message = f"Partly refunded at Stripe ({refunded} of {charged}, minor units)."
    payment.updated_at = utcnow()
    return "partly-refunded"
