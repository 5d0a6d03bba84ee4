"""The voucher provider: institution codes drawing on seat pools.

A pool has a number of seats, optionally a list of courses it covers and an expiry; each of
its codes may be shared (e.g. by a class). Every paid order takes one seat, atomically
(`UPDATE ... WHERE seats_used < seats_total`), so concurrent redemptions never oversell; a
refund gives the seat back. The institution owes the price: the ledger debits
`receivable:voucher:<pool id>`. Thread-safe; DB work in the caller's transaction.
"""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from store.db.models import Order, Payment, VoucherCode, VoucherPool, VoucherRedemption
from store.db.types import utcnow
from store.payments.base import ChargeResult, PayRequestModel
from store.problems import conflict, unprocessable
from sync.protocol import VoucherPayment


def normalise_code(code: str) -> str:
    return code.strip().upper().replace(" ", "").replace("-", "")


class VoucherProvider:
    name = "voucher"

    def charge(self, session: Session, order: Order, request: PayRequestModel) -> ChargeResult:
        assert isinstance(request, VoucherPayment)
        code = normalise_code(request.code)
        voucher = session.get(VoucherCode, code)
        if voucher is None:
            raise unprocessable("This voucher code does not exist.", code="voucher-unknown")
        pool = session.get(VoucherPool, voucher.pool_id)
        assert pool is not None
        if pool.expires_at is not None and pool.expires_at <= utcnow():
            raise unprocessable("This voucher has expired.", code="voucher-expired")
        if pool.course_ids is not None and order.course_id not in pool.course_ids:
            raise unprocessable(
                "This voucher does not cover this course.", code="voucher-wrong-course"
            )
        taken = cast(
            CursorResult[Any],
            session.execute(
                update(VoucherPool)
                .where(VoucherPool.id == pool.id, VoucherPool.seats_used < VoucherPool.seats_total)
                .values(seats_used=VoucherPool.seats_used + 1)
            ),
        )
        if taken.rowcount != 1:
            raise conflict(
                "All seats of this voucher are taken; ask your institution for more.",
                code="voucher-exhausted",
            )
        session.add(
            VoucherRedemption(pool_id=pool.id, code=code, user_id=order.user_id, order_id=order.id)
        )
        return ChargeResult(
            "succeeded",
            provider_ref=f"voucher:{pool.id}:{code}",
            ledger_account=self._account(pool.id),
        )

    def refund(self, session: Session, order: Order, payment: Payment) -> None:
        redemption = session.scalar(
            select(VoucherRedemption).where(VoucherRedemption.order_id == order.id)
        )
        if redemption is None or redemption.released_at is not None:
            return
        redemption.released_at = utcnow()
        session.execute(
            update(VoucherPool)
            .where(VoucherPool.id == redemption.pool_id, VoucherPool.seats_used > 0)
            .values(seats_used=VoucherPool.seats_used - 1)
        )

    def ledger_account(self, payment: Payment) -> str:
        pool_id = (payment.provider_ref or "voucher::").split(":")[1]
        return self._account(pool_id)

    @staticmethod
    def _account(pool_id: str) -> str:
        return f"receivable:voucher:{pool_id}"
