"""Pushing the outbox: learning events and record changes, in batches, acknowledged only
after the store confirmed them.

Why nothing is lost or duplicated: an outbox row is deleted in the same local transaction
that records the store's answer, and only after that answer arrived. If the process or the
network dies between the store committing a batch and the answer arriving, the rows stay and
are pushed again; the store recognises every event by its UUID ("duplicate") and a record
change is a last-writer-wins merge, which is idempotent. So a push can be repeated any number
of times with the same result.

A batch the store rejects as invalid (422) is split and retried one entry at a time, so one
bad entry cannot block the others; the bad entry stays in the outbox with its error (never
silently dropped) and is skipped for the rest of this push.

Threading: runs on the sync worker thread (blocking network calls), plus two short-lived
helper threads per push that read batch k+1 and acknowledge batch k while batch k+1 is on
the wire.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

from pydantic import ValidationError

from sync.client import StoreClient
from sync.errors import ServerError
from sync.gcpause import gc_paused
from sync.merge import coalesce
from sync.ports import OutboxEntry, OutboxKind, OutboxPort
from sync.protocol import (
    MAX_EVENT_BATCH,
    MAX_RECORD_BATCH,
    RecordChange,
    RecordPushRequest,
)

log = logging.getLogger(__name__)


@dataclass
class PushStats:
    events_sent: int = 0
    events_duplicate: int = 0
    records_sent: int = 0
    batches: int = 0
    rejected: list[str] = field(default_factory=list)  # plain messages, one per stuck entry


def _send_events(client: StoreClient, entries: Sequence[OutboxEntry]) -> tuple[dict[str, int], int]:
    # The payloads are already in the wire form and go as they are: the store validates the
    # batch, and a bad entry fails it with a 422, after which it is retried one entry at a
    # time (see `_drain`).
    with gc_paused():  # a 5,000-event body and answer: see `sync.gcpause`
        answer = client.push_event_payloads([e.payload for e in entries])
        seqs = {r["id"]: r["seq"] for r in answer["results"]}
        duplicates = sum(1 for r in answer["results"] if r["status"] == "duplicate")
    return seqs, duplicates


def _send_records(client: StoreClient, entries: Sequence[OutboxEntry]) -> None:
    changes = coalesce(RecordChange.model_validate(e.payload) for e in entries)
    client.push_records(RecordPushRequest(records=changes))


Commit = Callable[[], None]
Send = Callable[[Sequence[OutboxEntry]], Commit]


def push_events(
    client: StoreClient, outbox: OutboxPort, stats: PushStats, batch: int = 500
) -> None:
    """Push every queued learning event."""
    batch = min(batch, MAX_EVENT_BATCH)

    def send(entries: Sequence[OutboxEntry]) -> Commit:
        seqs, dupes = _send_events(client, entries)

        def commit() -> None:
            acked = [e.id for e in entries if str(e.payload.get("id")) in seqs]
            missing = [e.id for e in entries if str(e.payload.get("id")) not in seqs]
            outbox.acknowledge(acked, seqs)
            stats.events_sent += len(acked)
            stats.events_duplicate += dupes
            if missing:  # the store must answer every event; keep the rest queued
                outbox.record_failure(missing, "The store did not confirm this event.")
                raise ServerError(
                    "The store did not confirm every learning event it was sent; they stay "
                    "queued and will be sent again.",
                    status=200,
                )

        return commit

    _drain(outbox, "event", batch, send, stats)


def push_records(
    client: StoreClient, outbox: OutboxPort, stats: PushStats, batch: int = 500
) -> None:
    """Push every queued record change (goals, notes, plans, bookmarks)."""
    batch = min(batch, MAX_RECORD_BATCH)

    def send(entries: Sequence[OutboxEntry]) -> Commit:
        _send_records(client, entries)

        def commit() -> None:
            outbox.acknowledge([e.id for e in entries], {})
            stats.records_sent += len(entries)

        return commit

    _drain(outbox, "record", batch, send, stats)


def _rejected(exc: Exception) -> bool:
    """The store (or our own schema check) refused the batch's content, not the network."""
    return isinstance(exc, ValidationError) or (
        isinstance(exc, ServerError) and exc.status in (400, 413, 422)
    )


def _drain(
    outbox: OutboxPort, kind: OutboxKind, batch: int, send: Send, stats: PushStats
) -> None:
    """Send batches in id order. While batch k is on the wire, batch k+1 is read from the
    outbox (rows after k's last id), and acknowledging k (a local write) overlaps sending
    k+1; acknowledgements still happen in order, and one finishes before the push returns
    or raises."""
    with ThreadPoolExecutor(2, thread_name_prefix="satchel-outbox") as helpers:
        ack: Future[None] | None = None
        try:
            entries = outbox.pending(kind, batch, 0)
            while entries:
                stats.batches += 1
                upcoming = helpers.submit(outbox.pending, kind, batch, entries[-1].id)
                try:
                    commit = send(entries)
                except (ServerError, ValidationError) as exc:
                    if not _rejected(exc):
                        raise
                    if ack is not None:
                        ack.result()
                        ack = None
                    _one_by_one(outbox, entries, send, stats)
                else:
                    if ack is not None:
                        ack.result()
                    ack = helpers.submit(commit)
                entries = upcoming.result()
            if ack is not None:
                ack.result()
        except BaseException:
            if ack is not None and not ack.done():
                with contextlib.suppress(Exception):
                    ack.result()  # what the store confirmed is still acknowledged locally
            raise


def _explain(exc: ValidationError) -> str:
    first = exc.errors()[0]
    where = ".".join(str(part) for part in first.get("loc", ())) or "entry"
    return f"not valid for the store ({where}: {first.get('msg', 'invalid')})"


def _one_by_one(
    outbox: OutboxPort,
    entries: Sequence[OutboxEntry],
    send: Send,
    stats: PushStats,
) -> None:
    for entry in entries:
        try:
            send([entry])()
        except (ServerError, ValidationError) as exc:
            if not _rejected(exc):
                raise
            message = str(exc) if isinstance(exc, ServerError) else _explain(exc)
            log.warning("outbox entry %s (%s) rejected: %s", entry.id, entry.kind, message)
            outbox.record_failure([entry.id], message)
            stats.rejected.append(f"{entry.kind} {entry.id}: {message}")
