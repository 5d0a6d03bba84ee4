"""`sync.ports.PurchasesPort` on the local database: offline purchase intents, each with
the idempotency key fixed when it was made."""

from __future__ import annotations

import uuid
from typing import cast

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from app.db.models import PURCHASE_OPEN_STATES, PurchaseIntent
from app.db.sync_ports.base import DatabaseAdapter
from sync.ports import Intent, PurchaseState
from sync.purchases import PurchaseError


def _intent(row: PurchaseIntent) -> Intent:
    return Intent(
        key=row.idempotency_key,
        course_id=row.course_id,
        amount=row.quoted_amount,
        currency=row.quoted_currency,
        state=cast(PurchaseState, row.state),
        order_id=row.order_id,
        last_error=row.last_error,
    )


class PurchasesAdapter(DatabaseAdapter):
    """The purchases port (threading: see `app.db.sync_ports.base`)."""

    def create_intent(self, course_id: str, amount: int, currency: str) -> Intent:
        def run(session: Session) -> Intent:
            row = PurchaseIntent(
                idempotency_key=str(uuid.uuid4()), course_id=course_id,
                quoted_amount=amount, quoted_currency=currency, state="queued",
            )
            session.add(row)
            session.flush()
            return _intent(row)

        try:
            return self._write(run)
        except IntegrityError as exc:
            raise PurchaseError(
                "A purchase of this course is already waiting; it will be completed when you "
                "are online."
            ) from exc

    def open_intents(self) -> list[Intent]:
        with self.db.read() as session:
            rows = session.scalars(
                select(PurchaseIntent)
                .where(PurchaseIntent.state.in_(PURCHASE_OPEN_STATES))
                .order_by(PurchaseIntent.created_at)
            ).all()
            return [_intent(r) for r in rows]

    def intent(self, key: str) -> Intent | None:
        with self.db.read() as session:
            row = session.get(PurchaseIntent, key)
            return _intent(row) if row is not None else None

    def update_intent(
        self,
        key: str,
        *,
        state: PurchaseState,
        amount: int | None = None,
        currency: str | None = None,
        order_id: str | None = None,
        error: str | None = None,
    ) -> Intent:
        def run(session: Session) -> Intent:
            row = session.get(PurchaseIntent, key)
            if row is None:
                raise PurchaseError("That purchase no longer exists.")
            row.state = state
            if amount is not None:
                row.quoted_amount = amount
            if currency is not None:
                row.quoted_currency = currency
            if order_id is not None:
                row.order_id = order_id
            row.last_error = error
            session.flush()
            return _intent(row)

        return self._write(run)
