"""What every sync adapter shares: the database, its writer lane and the cursor table.

Threading: methods may be called from any worker thread; reads use ``db.read()``, writes go
through the single writer lane (``db.write_sync``), one transaction per call. Disk and
database failures are re-raised as `sync.errors.LocalStoreError` with the app's message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy.orm import Session

from app.db.models import SyncCursor
from app.db.writer import Database
from app.errors import UserError
from sync.errors import LocalStoreError

T = TypeVar("T")


class DatabaseAdapter:
    """Base of the adapters: one `Database`, written through its single writer lane."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def _write(self, fn: Callable[[Session], T]) -> T:
        try:
            return self.db.write_sync(fn)
        except UserError as exc:
            raise LocalStoreError(str(exc)) from exc

    @staticmethod
    def _get_cursor(session: Session, name: str) -> str | None:
        row = session.get(SyncCursor, name)
        return row.value if row is not None else None

    @staticmethod
    def _set_cursor(session: Session, name: str, value: str) -> None:
        row = session.get(SyncCursor, name)
        if row is None:
            session.add(SyncCursor(name=name, value=value))
        else:
            row.value = value
