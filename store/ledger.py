"""Double-entry ledger: every transaction's legs sum to zero per currency (debits positive,
credits negative, integer minor units). A purchase debits the provider's account (money or a
receivable) and credits the course's revenue; a refund posts the exact reverse (less what
partial refunds, kind `partial_refund`, already gave back). Receipts are numbered documents
of purchases and refunds.

Functions work inside the caller's transaction (they never commit); one thread per session.
"""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.db.models import LedgerEntry, LedgerTransaction, Order, Receipt
from store.db.types import utcnow
from sync.protocol import LedgerBalance, LedgerReport, Money, ReceiptLine, ReceiptOut


class UnbalancedPosting(ValueError):
    """A transaction whose legs do not sum to zero (a bug, never a user error)."""


PARTIAL_REFUND = "partial_refund"
"""Ledger kind of a refund of part of an order (`kind == "refund"` is the full reversal)."""
REFUND_KINDS = ("refund", PARTIAL_REFUND)


def revenue_account(course_id: str) -> str:
    return f"revenue:course:{course_id}"


def post(
    session: Session,
    *,
    order_id: str | None,
    kind: str,
    memo: str,
    currency: str,
    legs: list[tuple[str, int]],
) -> LedgerTransaction:
    if len(legs) < 2 or sum(amount for _, amount in legs) != 0:
        raise UnbalancedPosting(f"legs do not balance: {legs}")
    txn = LedgerTransaction(order_id=order_id, kind=kind, memo=memo, created_at=utcnow())
    session.add(txn)
    session.flush()
    for account, amount in legs:
        session.add(
            LedgerEntry(transaction_id=txn.id, account=account, amount=amount, currency=currency)
        )
    return txn


def post_journal(session: Session, *, kind: str, memo: str) -> LedgerTransaction:
    """A journal entry without money legs (e.g. a creator agreement accepted): part of the
    same append-only record as the postings, balanced trivially."""
    txn = LedgerTransaction(order_id=None, kind=kind, memo=memo[:300], created_at=utcnow())
    session.add(txn)
    session.flush()
    return txn


def post_purchase(session: Session, order: Order, debit_account: str) -> None:
    if order.amount == 0:
        return  # nothing changes hands
    post(
        session,
        order_id=order.id,
        kind="purchase",
        memo=f"order {order.id}: {order.course_id}",
        currency=order.currency,
        legs=[(debit_account, order.amount), (revenue_account(order.course_id), -order.amount)],
    )


def post_reversal(session: Session, order: Order) -> None:
    """Reverse what remains of `order`'s postings: the purchase less any partial refunds
    already posted (idempotent: nothing is posted once a full reversal exists)."""
    txns = session.scalars(
        select(LedgerTransaction).where(LedgerTransaction.order_id == order.id)
    ).all()
    if not any(t.kind == "purchase" for t in txns) or any(t.kind == "refund" for t in txns):
        return
    open_ids = [t.id for t in txns if t.kind in ("purchase", PARTIAL_REFUND)]
    balances: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for entry in session.scalars(
        select(LedgerEntry).where(LedgerEntry.transaction_id.in_(open_ids)).order_by(LedgerEntry.id)
    ):
        balances[entry.currency][entry.account] += entry.amount
    for currency, accounts in balances.items():
        legs = [(account, -amount) for account, amount in accounts.items() if amount != 0]
        if legs:
            post(
                session,
                order_id=order.id,
                kind="refund",
                memo=f"refund of order {order.id}",
                currency=currency,
                legs=legs,
            )


def refunded_in_part(session: Session, order: Order) -> int:
    """How much of `order` partial refunds have given back so far (minor units)."""
    total = session.scalar(
        select(func.sum(LedgerEntry.amount))
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
        .where(
            LedgerTransaction.order_id == order.id,
            LedgerTransaction.kind == PARTIAL_REFUND,
            LedgerEntry.account == revenue_account(order.course_id),
        )
    )
    return int(total or 0)  # reversals debit revenue: positive


def post_partial_refund(session: Session, order: Order, debit_account: str, amount: int) -> None:
    """Give back `amount` of a paid order (the entitlement stays): the purchase's legs in
    reverse for that amount, netted by payout statements as a refund."""
    post(
        session,
        order_id=order.id,
        kind=PARTIAL_REFUND,
        memo=f"partial refund of order {order.id}",
        currency=order.currency,
        legs=[(revenue_account(order.course_id), amount), (debit_account, -amount)],
    )


def report(session: Session, order_id: str | None = None) -> LedgerReport:
    txn_filter = [] if order_id is None else [LedgerTransaction.order_id == order_id]
    sums = session.execute(
        select(LedgerEntry.transaction_id, LedgerEntry.currency, func.sum(LedgerEntry.amount))
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
        .where(*txn_filter)
        .group_by(LedgerEntry.transaction_id, LedgerEntry.currency)
    ).all()
    unbalanced = sorted({txn for txn, _, total in sums if int(total) != 0})
    count = session.scalar(select(func.count()).select_from(LedgerTransaction).where(*txn_filter))
    balances: dict[tuple[str, str], int] = defaultdict(int)
    for account, currency, total in session.execute(
        select(LedgerEntry.account, LedgerEntry.currency, func.sum(LedgerEntry.amount))
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
        .where(*txn_filter)
        .group_by(LedgerEntry.account, LedgerEntry.currency)
    ).all():
        balances[(account, currency)] += int(total)
    return LedgerReport(
        balanced=not unbalanced,
        transactions=int(count or 0),
        unbalanced_transactions=unbalanced,
        accounts=[
            LedgerBalance(account=a, currency=c, balance=b)
            for (a, c), b in sorted(balances.items())
        ],
    )


def issue_receipt(session: Session, order: Order, kind: str, provider: str, title: str) -> None:
    description = f"{title} ({order.course_id})" if title else order.course_id
    if kind == "refund":
        description = "Refund: " + description
    session.add(
        Receipt(
            order_id=order.id,
            kind=kind,
            amount=order.amount,
            currency=order.currency,
            provider=provider,
            lines=[{"description": description, "amount": order.amount}],
            issued_at=utcnow(),
        )
    )


def receipt_out(receipt: Receipt) -> ReceiptOut:
    return ReceiptOut(
        id=str(receipt.id),
        number=f"R-{receipt.id:08d}",
        order_id=receipt.order_id,
        kind="refund" if receipt.kind == "refund" else "purchase",
        issued_at=receipt.issued_at,
        total=Money(amount=receipt.amount, currency=receipt.currency),
        provider=receipt.provider,
        lines=[
            ReceiptLine(
                description=str(line["description"]),
                amount=Money(amount=int(line["amount"]), currency=receipt.currency),
            )
            for line in receipt.lines
        ],
    )
