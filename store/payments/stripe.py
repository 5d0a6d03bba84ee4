"""The Stripe provider: Checkout Sessions (the user pays in the system browser) and refunds
through Stripe's REST API, plus verification of webhook signatures.

The HTTP client is injectable (`httpx.Client`), so tests and staging can point it at a fake
Stripe. Webhook signatures follow Stripe's scheme: header
`Stripe-Signature: t=<unix>,v1=<hex>[,v1=<hex>...]`, where each v1 is
HMAC-SHA256(webhook secret, "<t>." + raw request body); the timestamp must be within the
tolerance window, which stops replays of old captured requests. Thread-safe: httpx.Client is
thread-safe and the provider holds no per-request state.
"""

from __future__ import annotations

import hashlib
import hmac
import time
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from store.db.models import Course, Order, Payment
from store.payments.base import ChargeResult, PayRequestModel
from store.problems import ProblemError
from sync.protocol import StripePayment

ACCOUNT = "assets:stripe"


class SignatureError(Exception):
    """The webhook request is not signed by Stripe with our secret (or is too old)."""


def sign_payload(secret: str, payload: bytes, timestamp: int) -> str:
    """The `Stripe-Signature` header value Stripe would send (used by tests and tooling)."""
    mac = hmac.new(secret.encode("utf-8"), f"{timestamp}.".encode() + payload, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def verify_signature(
    secret: str, payload: bytes, header: str | None, tolerance: int, now: float | None = None
) -> None:
    """Raise `SignatureError` unless `header` signs exactly `payload` recently enough."""
    if not secret:
        raise SignatureError("no webhook secret is configured")
    if not header:
        raise SignatureError("missing Stripe-Signature header")
    timestamp: int | None = None
    signatures: list[str] = []
    for part in header.split(","):
        key, _, value = part.strip().partition("=")
        if key == "t":
            try:
                timestamp = int(value)
            except ValueError:
                raise SignatureError("malformed timestamp") from None
        elif key == "v1":
            signatures.append(value)
    if timestamp is None or not signatures:
        raise SignatureError("no timestamp or no v1 signature")
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance:
        raise SignatureError("timestamp outside the tolerance window")
    expected = hmac.new(
        secret.encode("utf-8"), f"{timestamp}.".encode() + payload, hashlib.sha256
    ).hexdigest()
    if not any(hmac.compare_digest(expected, s) for s in signatures):
        raise SignatureError("no signature matches")


class StripeProvider:
    name = "stripe"

    def __init__(
        self,
        secret_key: str,
        webhook_secret: str,
        *,
        api_base: str = "https://api.stripe.com",
        http: httpx.Client | None = None,
        tolerance: int = 300,
    ) -> None:
        self.secret_key = secret_key
        self.webhook_secret = webhook_secret
        self.api_base = api_base.rstrip("/")
        self.tolerance = tolerance
        self._http = http or httpx.Client(timeout=20.0)
        self._owns_http = http is None

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    def _post(self, path: str, data: dict[str, str], idempotency_key: str) -> dict[str, Any]:
        try:
            response = self._http.post(
                self.api_base + path,
                data=data,
                headers={
                    "Authorization": f"Bearer {self.secret_key}",
                    "Idempotency-Key": idempotency_key,
                },
            )
        except httpx.HTTPError:
            raise ProblemError(
                502, "The payment provider could not be reached; try again.", code="provider-down"
            ) from None
        if response.status_code >= 400:
            raise ProblemError(
                502,
                f"The payment provider refused the request (HTTP {response.status_code}).",
                code="provider-error",
            )
        body = response.json()
        assert isinstance(body, dict)
        return body

    def charge(self, session: Session, order: Order, request: PayRequestModel) -> ChargeResult:
        assert isinstance(request, StripePayment)
        previous = session.scalars(
            select(Payment).where(Payment.order_id == order.id, Payment.provider == self.name)
        ).all()
        title = session.scalar(select(Course.title).where(Course.id == order.course_id)) or ""
        # Never hold database locks across a network call: end the caller's transaction
        # (nothing was written yet); the caller re-checks the order before recording.
        session.commit()
        body = self._post(
            "/v1/checkout/sessions",
            {
                "mode": "payment",
                "success_url": request.success_url,
                "cancel_url": request.cancel_url,
                "client_reference_id": order.id,
                "metadata[order_id]": order.id,
                "payment_intent_data[metadata][order_id]": order.id,
                "line_items[0][quantity]": "1",
                "line_items[0][price_data][currency]": order.currency.lower(),
                "line_items[0][price_data][unit_amount]": str(order.amount),
                "line_items[0][price_data][product_data][name]": title or order.course_id,
            },
            idempotency_key=f"satchel-checkout-{order.id}-{len(previous)}",
        )
        session_id = str(body.get("id", ""))
        url = body.get("url")
        if not session_id or not isinstance(url, str):
            raise ProblemError(
                502, "The payment provider sent an unexpected answer.", code="provider-error"
            )
        return ChargeResult("pending", provider_ref=session_id, checkout_url=url)

    def refund(self, session: Session, order: Order, payment: Payment) -> None:
        if not payment.provider_charge_ref:
            raise ProblemError(
                409, "This payment cannot be refunded automatically.", code="no-charge-ref"
            )
        self._post(
            "/v1/refunds",
            {"payment_intent": payment.provider_charge_ref, "metadata[order_id]": order.id},
            idempotency_key=f"satchel-refund-{order.id}",
        )

    def ledger_account(self, payment: Payment) -> str:
        return ACCOUNT
