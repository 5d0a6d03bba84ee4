"""/v1/orders: create (Idempotency-Key), quote with a coupon, pay, read, receipts, refund."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Header, Path, Query, Request, Response

from store import orders, vouchers
from store.api.deps import Ctx, CurrentAuth, Db
from store.api.http import client_ip
from sync.protocol import (
    OrderCreate,
    OrderOut,
    OrderQuote,
    OrderQuoteRequest,
    PayRequest,
    PayResponse,
    ReceiptOut,
    RefundRequest,
    VoucherPayment,
)

router = APIRouter(tags=["orders"])

OrderId = Annotated[str, Path(max_length=64)]
KEY_RULES: dict[str, Any] = {"min_length": 8, "max_length": 200, "pattern": r"^[\x21-\x7e]+$"}


@router.post("/orders", status_code=201, responses={402: {"description": "Payment failed"}})
def create_order(
    req: OrderCreate,
    response: Response,
    auth: CurrentAuth,
    session: Db,
    ctx: Ctx,
    idempotency_key: Annotated[
        str,
        Header(
            alias="Idempotency-Key",
            description="Fixed when the purchase intent is made; retries reuse it.",
            **KEY_RULES,
        ),
    ],
) -> OrderOut:
    """Create an order at the server's price. Replaying the same key and body returns the
    same order (with `Idempotent-Replayed: true`); a different body with that key is 422."""
    order, replayed = orders.create_order(
        session, ctx, auth, req, req.model_dump(mode="json"), idempotency_key
    )
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return order


@router.post("/orders/quote")
def quote_order(req: OrderQuoteRequest, auth: CurrentAuth, session: Db) -> OrderQuote:
    """The price an order with this coupon would charge now (signed-in learners; nothing is
    redeemed). Refusals are the order's: unknown code 404, expired or another course's 422,
    used up 409."""
    return orders.quote_order(session, req)


@router.get("/orders")
def list_orders(
    auth: CurrentAuth,
    session: Db,
    idempotency_key: Annotated[
        str | None,
        Query(
            description="Only the caller's order made with this Idempotency-Key (a list of "
            "at most one): how a client finds the order whose creation answer it lost.",
            **KEY_RULES,
        ),
    ] = None,
) -> list[OrderOut]:
    """The caller's orders, newest first."""
    return orders.list_orders(session, auth, idempotency_key=idempotency_key)


@router.get("/orders/{order_id}")
def get_order(order_id: OrderId, auth: CurrentAuth, session: Db) -> OrderOut:
    return orders.get_order(session, auth, order_id)


@router.post(
    "/orders/{order_id}/pay",
    responses={
        402: {"description": "The payment was declined"},
        502: {"description": "Provider down"},
    },
)
def pay_order(
    order_id: OrderId,
    req: Annotated[PayRequest, Body()],
    request: Request,
    auth: CurrentAuth,
    session: Db,
    ctx: Ctx,
) -> PayResponse:
    """Pay with `sandbox` (test card), `voucher` (code) or `stripe` (returns a Checkout URL;
    the order becomes paid when Stripe's webhook arrives). Unknown voucher codes are
    counted per network address and per account; too many lock both for a while (429)."""
    if not isinstance(req, VoucherPayment):
        return orders.pay(session, ctx, auth, order_id, req)
    return vouchers.pay_with_voucher(session, ctx, auth, client_ip(request), order_id, req)


@router.get("/orders/{order_id}/receipts")
def list_receipts(order_id: OrderId, auth: CurrentAuth, session: Db) -> list[ReceiptOut]:
    return orders.receipts(session, auth, order_id)


@router.post("/orders/{order_id}/refund")
def refund_order(
    order_id: OrderId, auth: CurrentAuth, session: Db, ctx: Ctx, req: RefundRequest | None = None
) -> OrderOut:
    """Refund a paid order (the buyer within the refund window, or an admin); the course
    is revoked and leave the next lease."""
    return orders.refund(session, ctx, auth, order_id, req or RefundRequest())
