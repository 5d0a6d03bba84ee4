"""`sync.ports.OutboxPort` on the local outbox table: pending rows as wire payloads,
acknowledgements (rows deleted, server sequence numbers kept), failures."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.db.models import LearningEvent, Outbox
from app.db.outbox import record_failure as db_record_failure
from app.db.sync_ports.base import DatabaseAdapter
from app.db.sync_ports.wire import event_to_wire, record_to_wire
from sync.ports import OutboxEntry, OutboxKind


class OutboxAdapter(DatabaseAdapter):
    """The outbox port (threading: see `app.db.sync_ports.base`)."""

    def pending(self, kind: OutboxKind, limit: int, after_id: int = 0) -> list[OutboxEntry]:
        with self.db.read() as session:
            rows = session.execute(
                select(Outbox.id, Outbox.payload)
                .where(Outbox.kind == kind, Outbox.id > after_id)
                .order_by(Outbox.id)
                .limit(limit)
            ).all()
        convert = event_to_wire if kind == "event" else record_to_wire
        return [OutboxEntry(row.id, kind, convert(row.payload)) for row in rows]

    def acknowledge(self, ids: Sequence[int], event_seqs: Mapping[str, int]) -> None:
        if not ids:
            return

        def run(session: Session) -> None:
            session.execute(delete(Outbox).where(Outbox.id.in_(ids)))
            if event_seqs:
                known = set(
                    session.scalars(
                        select(LearningEvent.id).where(
                            LearningEvent.id.in_(list(event_seqs)),
                            LearningEvent.server_seq.is_(None),
                        )
                    )
                )
                params = [{"i": i, "s": event_seqs[i]} for i in known]
                if params:
                    session.connection().exec_driver_sql(
                        "UPDATE learning_events SET server_seq = :s WHERE id = :i "
                        "AND server_seq IS NULL",
                        params,
                    )

        self._write(run)

    def record_failure(self, ids: Sequence[int], error: str) -> None:
        self._write(lambda s: db_record_failure(s, ids, error))

    def count(self) -> int:
        with self.db.read() as session:
            return session.scalar(select(func.count()).select_from(Outbox)) or 0
