"""Push and pull between two devices of one account through a real store."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from kit import Device, StoreKit, devices
from sqlalchemy import select

from app.db.models import Goal

RELEASED_0_1_0 = Path(__file__).resolve().parents[1] / "db" / "released" / "v0.1.0.sql"


def test_events_pushed_by_one_device_arrive_once_on_the_other(kit: StoreKit, work: Path) -> None:
    with devices(kit, work, 2) as (a, b):
        ids = set(a.study(450))
        report = a.engine.sync_now()
        assert report.ok, report.error
        assert report.push.events_sent == 450
        assert a.outbox() == 0
        assert kit.events(a.email) == 450

        report = b.engine.sync_now()
        assert report.ok, report.error
        assert b.event_ids() == ids
        # Syncing again moves nothing and duplicates nothing.
        again = b.engine.sync_now()
        assert again.pull.events_new == 0
        assert kit.events(a.email) == 450
        assert len(b.event_ids()) == 450


def test_goal_edited_on_both_devices_merges_per_field(kit: StoreKit, work: Path) -> None:
    with devices(kit, work, 2) as (a, b):
        a.edit(Goal, "g-1", title="Learn Python", hours_per_week=3.0)
        assert a.engine.sync_now().ok
        assert b.engine.sync_now().ok
        assert b.record(Goal, "g-1")["title"] == "Learn Python"  # type: ignore[index]

        a.edit(Goal, "g-1", title="Learn Python well")
        b.edit(Goal, "g-1", hours_per_week=5.0)
        for d in (a, b, a):
            assert d.engine.sync_now().ok
        ra, rb = a.record(Goal, "g-1"), b.record(Goal, "g-1")
        assert ra == rb
        assert ra is not None
        assert ra["title"] == "Learn Python well"
        assert ra["hours_per_week"] == 5.0


def test_a_database_from_satchel_0_1_pushes_its_queued_changes_after_upgrading(
    kit: StoreKit, work: Path
) -> None:
    """0.1 kept HLC stamps in another spelling than the wire's; the upgraded database sends
    its queued record changes as they are, and another device gets the same clocks."""
    (work / "old").mkdir()
    with contextlib.closing(sqlite3.connect(work / "old" / "satchel.db")) as con:
        con.executescript(RELEASED_0_1_0.read_text(encoding="utf-8"))
        # Its events carry sequence numbers of the store they were made with; only the
        # record changes matter here.
        con.execute("DELETE FROM outbox WHERE kind = 'event'")
        con.commit()
    old = Device(work / "old", kit.url, kit.new_email(), register=True)  # opens = upgrades
    try:
        assert old.outbox() == 7  # record changes queued by 0.1
        report = old.engine.sync_now()
        assert report.ok, report.error
        assert report.push.rejected == []
        assert report.push.records_sent == 7
        assert old.outbox() == 0
        with old.db.read() as session:
            goal_id = session.scalars(select(Goal.id)).one()
        sent = old.record(Goal, goal_id)
        assert sent is not None

        new = Device(work / "new", kit.url, old.email)
        try:
            assert new.engine.sync_now().ok
            got = new.record(Goal, goal_id)
            assert got is not None
            assert (got["title"], got["clocks"], got["hlc"]) == (
                sent["title"], sent["clocks"], sent["hlc"]
            )
        finally:
            new.close()
    finally:
        old.close()
