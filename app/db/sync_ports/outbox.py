"""`sync.ports.OutboxPort` on the local outbox table: pending rows as wire payloads,
acknowledgements (rows deleted, server sequence numbers kept), failures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.db.events import record_server_seqs
from app.db.models import Outbox
from app.db.outbox import record_failure as db_record_failure
from app.db.sync_ports.base import DatabaseAdapter
from app.db.sync_ports.wire import event_to_wire, record_to_wire
from sync import wirejson
from sync.gcpause import gc_paused
from sync.ports import OutboxEntry, OutboxKind


class OutboxAdapter(DatabaseAdapter):
    """The outbox port (threading: see `app.db.sync_ports.base`)."""

    def pending(self, kind: OutboxKind, limit: int, after_id: int = 0) -> list[OutboxEntry]:
        # Driver-level read (a pull of 100k events reads 20 such pages): the payloads are
        # decoded once, by orjson, instead of through SQLAlchemy's per-row result processing.
        with self.db.read() as session:
            rows = session.connection().exec_driver_sql(
                "SELECT id, payload FROM outbox WHERE kind = ? AND id > ? ORDER BY id LIMIT ?",
                (kind, after_id, limit),
            ).all()
        convert = event_to_wire if kind == "event" else record_to_wire
        loads = wirejson.loads
        with gc_paused():  # ~15 objects per row: see `sync.gcpause`
            return [OutboxEntry(row_id, kind, convert(loads(text))) for row_id, text in rows]

    def acknowledge(self, ids: Sequence[int], event_seqs: Mapping[str, int]) -> None:
        """Delete the confirmed rows and keep each event's store sequence number, in one
        transaction of two statements (ids and numbers travel as one JSON document each): what the
        store confirmed is acknowledged together or, after a crash, not at all."""
        if not ids:
            return

        def run(session: Session) -> None:
            conn = session.connection()
            conn.exec_driver_sql(
                "DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?))",
                (wirejson.dumps_text(list(ids)),),
            )
            record_server_seqs(session, event_seqs)

        self._write(run)

    def record_failure(self, ids: Sequence[int], error: str) -> None:
        self._write(lambda s: db_record_failure(s, ids, error))

    def count(self) -> int:
        with self.db.read() as session:
            return session.scalar(select(func.count()).select_from(Outbox)) or 0
