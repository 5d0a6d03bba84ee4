"""Two accounts take turns on one computer: one client database, a real store."""

from __future__ import annotations

from pathlib import Path

from kit import Device, StoreKit
from sqlalchemy import select

from app.db.models import LearningEvent


def _events_by_actor(dev: Device) -> dict[str, set[str]]:
    with dev.db.read() as session:
        rows = session.execute(select(LearningEvent.actor_id, LearningEvent.id)).all()
    found: dict[str, set[str]] = {}
    for actor, event_id in rows:
        found.setdefault(actor, set()).add(event_id)
    return found


def test_second_account_syncs_on_a_database_the_first_one_synced(
    kit: StoreKit, work: Path
) -> None:
    shared = work / "shared"
    email_a, email_b = kit.new_email(), kit.new_email()

    # B records events on a laptop of its own first, so the shared computer has some to pull.
    laptop = Device(work / "laptop", kit.url, email_b, register=True)
    try:
        from_laptop = set(laptop.study(2))
        assert laptop.engine.sync_now().ok
    finally:
        laptop.close()

    a = Device(shared, kit.url, email_a, register=True)
    try:
        ids_a = set(a.study(5))
        report = a.engine.sync_now()
        assert report.ok, report.error
        assert kit.events(email_a) == 5
    finally:
        a.close()

    b = Device(shared, kit.url, email_b)
    try:
        ids_b = set(b.study(3))
        # B's store numbers its events 1, 2, ... too: the same server_seq values A holds here.
        report = b.engine.sync_now()
        assert report.ok, report.error
        assert b.outbox() == 0
        assert kit.events(email_b) == 5
        assert kit.events(email_a) == 5
        assert _events_by_actor(b) == {a.user_id: ids_a, b.user_id: ids_b | from_laptop}
        with b.db.read() as session:
            seqs = {
                row.id: row.server_seq
                for row in session.execute(select(LearningEvent.id, LearningEvent.server_seq))
            }
        assert sorted(seqs[i] for i in ids_b | from_laptop) == [1, 2, 3, 4, 5]
        assert sorted(seqs[i] for i in ids_a) == [1, 2, 3, 4, 5]
    finally:
        b.close()

    # A signs in again: nothing of B's goes to A, and A's pull brings nothing new.
    a = Device(shared, kit.url, email_a)
    try:
        report = a.engine.sync_now()
        assert report.ok, report.error
        assert report.pull.events_new == 0
        assert kit.events(email_a) == 5
        assert kit.events(email_b) == 5
    finally:
        a.close()
