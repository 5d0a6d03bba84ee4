"""Purchase intents: buy while offline, pay once the store says so.

1. `queue()` (works offline) records an intent with an Idempotency-Key fixed now, and the
   price the learner saw.
2. On reconnect `requote()` asks the store for the current price of every open intent and
   hands a `Quote` to ``on_quote`` (the UI asks the learner to confirm, showing a changed
   price plainly). Nothing is ordered before the learner confirms the re-quoted price.
3. `confirm()` sends ``POST /orders`` with the intent's fixed Idempotency-Key and the
   confirmed price (the store refuses with 409 if its price changed since), then pays. Any
   retry, after a dropped connection, a crash or a duplicated request, re-sends the same key,
   so the store returns the same order: never two orders, never a double charge. Before
   paying again after an uncertain outcome the order is re-read, and an order that is
   already paid is never paid again. If the order was made but its answer lost, and the
   price changed before the retry, the store refuses the key for the new price; the order
   made with the key is then looked up by that key (``GET /orders?idempotency_key=``) and
   the learner confirms its price.
4. Access is never granted here: the intent becomes "paid" only when the store's order says
   paid, and the course unlocks only through the next signed lease (`SyncEngine.check_in`).

Payment details (a card or a voucher code) are passed to `confirm()` and never stored.

Threading: every method but `queue` blocks on the network; call from the sync worker.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from sync.client import StoreClient
from sync.errors import Conflict, Offline, ServerError, SyncError
from sync.ports import Intent, PurchasesPort
from sync.protocol import Money, OrderCreate, OrderOut, PayRequest

log = logging.getLogger(__name__)

#: Intents that still need the learner to confirm (a re-quote shows them again).
NEEDS_CONFIRMATION = ("queued", "requoted", "confirmed")


class PurchaseError(SyncError):
    """The purchase could not go ahead (declined payment, course gone, not re-quoted...)."""


def _refused_coupon(exc: ServerError) -> None:
    """The store refused the order's coupon (unknown, expired, used up, another course's):
    no order was made."""
    if (exc.code or "").startswith("coupon-"):
        raise PurchaseError(f"{exc} You were not charged.") from exc


@dataclass(frozen=True)
class Quote:
    """The store's current price for an intent; ``changed`` when it differs from what the
    learner saw when they asked to buy."""

    intent: Intent
    price: Money
    changed: bool


@dataclass(frozen=True)
class PurchaseResult:
    intent: Intent
    order: OrderOut | None
    checkout_url: str | None = None  # Stripe: open this in the system browser


def _money(amount: int, currency: str) -> str:
    return f"{amount / 100:.2f} {currency}"


class Purchases:
    def __init__(
        self,
        client: StoreClient,
        port: PurchasesPort,
        on_quote: Callable[[Quote], None] | None = None,
    ) -> None:
        self._client = client
        self._port = port
        self._on_quote = on_quote

    def queue(self, course_id: str, amount: int, currency: str) -> Intent:
        """Record the wish to buy (offline is fine); nothing is charged yet."""
        return self._port.create_intent(course_id, amount, currency)

    def cancel(self, key: str) -> Intent:
        intent = self._require(key)
        if intent.state in ("paid", "submitted"):
            raise PurchaseError("This purchase was already sent to the store; it cannot be "
                                "cancelled here. Ask for a refund from your purchases instead.")
        return self._port.update_intent(key, state="cancelled")

    def _require(self, key: str) -> Intent:
        intent = self._port.intent(key)
        if intent is None:
            raise PurchaseError("That purchase no longer exists.")
        return intent

    # ---------------------------------------------------------------- online steps

    def requote(self) -> list[Quote]:
        """Re-price open intents and settle submitted ones; returns the quotes to confirm."""
        quotes: list[Quote] = []
        for intent in self._port.open_intents():
            if intent.state == "submitted" and intent.order_id:
                settled = self._settle(intent)
                if settled.state != "requoted":
                    continue
                intent = settled
            quote = self._quote(intent)
            if quote is not None:
                quotes.append(quote)
                if self._on_quote is not None:
                    self._on_quote(quote)
        return quotes

    def _quote(self, intent: Intent) -> Quote | None:
        try:
            detail = self._client.course(intent.course_id)
        except ServerError as exc:
            if exc.status == 404:
                self._port.update_intent(
                    intent.key, state="failed",
                    error="This course is no longer offered by the store.",
                )
                return None
            raise
        changed = (detail.price.amount, detail.price.currency) != (intent.amount, intent.currency)
        updated = self._port.update_intent(
            intent.key, state="requoted", amount=detail.price.amount,
            currency=detail.price.currency,
        )
        return Quote(updated, detail.price, changed)

    def _settle(self, intent: Intent) -> Intent:
        """Look at a submitted order again: paid, still payable, or gone."""
        assert intent.order_id is not None
        order = self._client.order(intent.order_id)
        return self._apply_order(intent, order)

    def _apply_order(self, intent: Intent, order: OrderOut) -> Intent:
        if order.status in ("paid", "refunded"):
            # Refunded later is still "was paid"; the lease decides access.
            return self._port.update_intent(intent.key, state="paid", order_id=order.id)
        if order.status == "cancelled":
            return self._port.update_intent(
                intent.key, state="failed", order_id=order.id,
                error="The store cancelled this order; you were not charged.",
            )
        last = order.payments[-1] if order.payments else None
        if last is not None and last.status == "pending":
            return self._port.update_intent(intent.key, state="submitted", order_id=order.id)
        error = last.message if last is not None and last.status == "failed" else None
        # Created but not paid (or declined): the learner must confirm and pay again.
        return self._port.update_intent(
            intent.key, state="requoted", order_id=order.id, error=error
        )

    def confirm(self, key: str, payment: PayRequest,
                coupon: str | None = None) -> PurchaseResult:
        """The learner confirmed the re-quoted price: order (idempotently) and pay, with an
        instructor's ``coupon`` if given (the store refusing it is a `PurchaseError`; then
        no order was made)."""
        intent = self._require(key)
        if intent.state == "paid":
            return PurchaseResult(intent, None)
        if intent.state == "queued":
            raise PurchaseError("Satchel has not checked the current price yet. Connect to "
                                "the store and confirm the price first.")
        if intent.state not in ("requoted", "confirmed", "submitted"):
            raise PurchaseError("This purchase is closed; start a new one.")
        intent = self._port.update_intent(key, state="confirmed")

        order = self._order(intent, coupon)
        intent = self._port.update_intent(key, state="submitted", order_id=order.id)
        if order.status != "pending":
            intent = self._apply_order(intent, order)
            return PurchaseResult(intent, order)

        try:
            paid = self._client.pay_order(order.id, payment)
        except Offline:
            raise  # outcome unknown: stays "submitted"; the next sync reads the order first
        except Conflict as exc:
            if exc.code == "already-owned":
                self._already_owned(intent)
            # "already paid" after a lost answer, or paid meanwhile: the order tells the truth.
            order = self._client.order(order.id)
            return PurchaseResult(self._apply_order(intent, order), order)
        except ServerError as exc:
            if exc.status in (400, 402, 422):
                self._port.update_intent(key, state="requoted", error=str(exc))
                raise PurchaseError(str(exc)) from exc
            raise
        intent = self._apply_order(intent, paid.order)
        if intent.state == "requoted" and intent.last_error:
            raise PurchaseError(intent.last_error)
        return PurchaseResult(intent, paid.order, paid.checkout_url)

    def _already_owned(self, intent: Intent) -> None:
        self._port.update_intent(
            intent.key, state="cancelled", error="You already own this course."
        )
        raise PurchaseError("You already own this course; nothing was charged. It appears in "
                            "your library after the next sync.")

    def _order(self, intent: Intent, coupon: str | None = None) -> OrderOut:
        if intent.order_id:
            return self._client.order(intent.order_id)
        body = OrderCreate(
            course_id=intent.course_id,
            expected_price=Money(amount=intent.amount, currency=intent.currency),
            coupon=(coupon or "").strip() or None,
        )
        try:
            return self._client.create_order(body, intent.key)
        except Conflict as exc:
            _refused_coupon(exc)
            if exc.code == "already-owned":
                self._already_owned(intent)
            # Price changed since the re-quote: show the new price, ask again. No order was
            # made, so the same key stays valid for the re-confirmed price.
            self._quote(intent)
            raise PurchaseError(
                f"The price changed before your order went through ({exc}). Please confirm "
                f"the new price; you were not charged "
                f"{_money(intent.amount, intent.currency)}."
            ) from exc
        except ServerError as exc:
            _refused_coupon(exc)
            if exc.code != "idempotency-key-reused":
                raise
            # An earlier attempt with this key did create an order (its answer was lost), for
            # another price than the one confirmed now: the store finds exactly that order.
            found = self._client.orders(idempotency_key=intent.key)
            if not found:
                raise
            order = found[0]
            if order.status != "pending":
                return order  # settled meanwhile (e.g. cancelled by the store): report that
            self._port.update_intent(
                intent.key, state="requoted", amount=order.price.amount,
                currency=order.price.currency, order_id=order.id,
            )
            raise PurchaseError(
                "This purchase was already started at "
                f"{_money(order.price.amount, order.price.currency)}. Please confirm that "
                "price to finish it."
            ) from exc
