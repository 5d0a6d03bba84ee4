"""The payment provider interface and the registry of configured providers.

A provider turns a pay request for a pending order into a `ChargeResult` (succeeded, failed,
or pending for redirect flows like Stripe Checkout) and can refund a succeeded payment.
Providers are called from request threads; they hold no per-request state and are
thread-safe. Database work happens in the caller's session/transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol

from sqlalchemy.orm import Session

from store.db.models import Order, Payment
from sync.protocol import SandboxPayment, StripePayment, VoucherPayment

PayRequestModel = SandboxPayment | VoucherPayment | StripePayment


@dataclass(frozen=True)
class ChargeResult:
    status: Literal["succeeded", "failed", "pending"]
    message: str = ""
    provider_ref: str | None = None
    charge_ref: str | None = None
    checkout_url: str | None = None
    ledger_account: str = ""


class PaymentProvider(Protocol):
    name: str

    def charge(self, session: Session, order: Order, request: PayRequestModel) -> ChargeResult:
        """Attempt to pay `order`. Raises `ProblemError` for a request the user must fix."""
        ...

    def refund(self, session: Session, order: Order, payment: Payment) -> None:
        """Give the money (or the seat) back. Raises `ProblemError` if the provider refuses."""
        ...

    def ledger_account(self, payment: Payment) -> str:
        """The debit account of a payment made through this provider."""
        ...


@dataclass(frozen=True)
class PaymentProviders:
    by_name: dict[str, PaymentProvider]

    def get(self, name: str) -> PaymentProvider | None:
        return self.by_name.get(name)

    def close(self) -> None:
        for provider in self.by_name.values():
            close = getattr(provider, "close", None)
            if callable(close):
                close()
