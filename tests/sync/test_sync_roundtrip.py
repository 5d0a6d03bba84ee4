"""Push and pull between two devices of one account through a real store."""

from __future__ import annotations

from pathlib import Path

from kit import StoreKit, devices

from app.db.models import Goal


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
