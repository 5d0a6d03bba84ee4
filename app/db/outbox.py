"""Reading and acknowledging the outbox (for the sync engine's port).

The outbox is a queue ordered by ``id`` (AUTOINCREMENT, never reused). Push in id order;
after the store confirms a batch, delete exactly the pushed ids (rows added meanwhile have
higher ids and stay). Read with :meth:`Database.read`, acknowledge with :meth:`Database.write`.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, cast

from sqlalchemy import CursorResult, delete, select, update
from sqlalchemy.orm import Session

from app.db.models import Outbox


def pending(session: Session, limit: int = 100) -> list[Outbox]:
    """The oldest ``limit`` outbox rows, in the order they were written."""
    return list(session.scalars(select(Outbox).order_by(Outbox.id).limit(limit)))


def acknowledge(session: Session, ids: Collection[int]) -> int:
    """Delete rows the store has accepted; returns how many were deleted."""
    if not ids:
        return 0
    result = session.execute(delete(Outbox).where(Outbox.id.in_(ids)))
    return cast("CursorResult[Any]", result).rowcount


def record_failure(session: Session, ids: Collection[int], error: str) -> None:
    """Count a failed push of these rows and keep the last error (rows stay queued)."""
    if ids:
        session.execute(
            update(Outbox)
            .where(Outbox.id.in_(ids))
            .values(attempts=Outbox.attempts + 1, last_error=error)
        )
