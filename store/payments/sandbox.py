"""The sandbox provider for the demo store: test cards, no real money.

4242 4242 4242 4242 succeeds, 4000 0000 0000 0002 is declined, any other number is refused
as not a test card. Stateless and thread-safe.
"""

from __future__ import annotations

import re
import secrets

from sqlalchemy.orm import Session

from store.db.models import Order, Payment
from store.payments.base import ChargeResult, PayRequestModel
from store.problems import unprocessable
from sync.protocol import SandboxPayment

CARD_OK = "4242424242424242"
CARD_DECLINED = "4000000000000002"
ACCOUNT = "assets:sandbox"


class SandboxProvider:
    name = "sandbox"

    def charge(self, session: Session, order: Order, request: PayRequestModel) -> ChargeResult:
        assert isinstance(request, SandboxPayment)
        number = re.sub(r"[\s-]", "", request.card_number)
        if number == CARD_OK:
            return ChargeResult(
                "succeeded", provider_ref="sbx_" + secrets.token_hex(8), ledger_account=ACCOUNT
            )
        if number == CARD_DECLINED:
            return ChargeResult("failed", message="The card was declined.")
        raise unprocessable(
            "This is not a sandbox test card. Use 4242 4242 4242 4242 (payment succeeds) or "
            "4000 0000 0000 0002 (card declined).",
            code="invalid-card",
        )

    def refund(self, session: Session, order: Order, payment: Payment) -> None:
        return None  # nothing was charged

    def ledger_account(self, payment: Payment) -> str:
        return ACCOUNT


class FreeProvider:
    """Zero-price enrolment; used by the order service, never by a pay request."""

    name = "free"

    def charge(self, session: Session, order: Order, request: PayRequestModel) -> ChargeResult:
        return ChargeResult("succeeded", ledger_account="assets:none")

    def refund(self, session: Session, order: Order, payment: Payment) -> None:
        return None

    def ledger_account(self, payment: Payment) -> str:
        return "assets:none"
