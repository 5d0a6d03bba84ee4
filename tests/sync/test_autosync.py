"""Backoff with full jitter, status events for the UI and the auto-sync loop (real store,
network cut by the fault proxy)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from faults import FaultProxy
from kit import Device, StoreKit

from sync.backoff import Backoff, full_jitter
from sync.engine import AutoSync
from sync.status import StatusBoard, SyncState, SyncStatus


def test_full_jitter_stays_under_a_doubling_ceiling_and_the_cap() -> None:
    top = lambda: 0.999999  # noqa: E731 - the largest draw
    assert [round(full_jitter(n, base=1, cap=30, rand=top), 3) for n in range(7)] == [
        1.0, 2.0, 4.0, 8.0, 16.0, 30.0, 30.0
    ]
    assert full_jitter(10_000, base=1, cap=30, rand=top) < 30
    assert full_jitter(3, base=1, cap=30, rand=lambda: 0.0) == 0.0
    b = Backoff(base=0.5, cap=4, rand=top)
    assert [round(b.next_delay(), 2) for _ in range(5)] == [0.5, 1.0, 2.0, 4.0, 4.0]
    b.reset()
    assert round(b.next_delay(), 2) == 0.5
    with pytest.raises(ValueError):
        Backoff(base=5, cap=1)


def test_jitter_spreads_retries() -> None:
    delays = [Backoff(base=1, cap=60).next_delay() for _ in range(200)]
    assert min(delays) >= 0 and max(delays) < 1
    assert len({round(d, 3) for d in delays}) > 150


def test_a_failing_listener_does_not_stop_the_others() -> None:
    board = StatusBoard()
    got: list[SyncStatus] = []
    board.subscribe(lambda s: 1 / 0)  # type: ignore[func-returns-value]
    cancel = board.subscribe(got.append)
    board.syncing("Sending your progress")
    board.offline("no network", retry_in=3.0)
    cancel()
    board.idle()
    assert [s.state for s in got] == [SyncState.SYNCING, SyncState.OFFLINE]
    assert got[1].reason == "no network" and got[1].retry_in == 3.0


def _wait(pred: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not pred():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def test_auto_sync_backs_off_while_offline_and_catches_up_when_online(
    kit: StoreKit, work: Path, proxy: FaultProxy
) -> None:
    dev = Device(work / "d", proxy.url, kit.new_email(), register=True, timeout=(0.5, 2.0))
    statuses: list[SyncStatus] = []
    lock = threading.Lock()

    def listen(s: SyncStatus) -> None:
        with lock:
            statuses.append(s)

    dev.engine.status.subscribe(listen)
    loop = AutoSync(dev.engine, interval=3600, backoff=Backoff(base=0.05, cap=0.2))
    try:
        proxy.offline = True
        dev.study(12)
        loop.start()
        _wait(lambda: loop.cycles >= 3)  # retried quickly (capped backoff), not every hour
        with lock:
            offline = [s for s in statuses if s.state is SyncState.OFFLINE]
        assert offline and offline[-1].reason
        assert any(s.retry_in is not None and s.retry_in <= 0.2 for s in offline)
        assert dev.outbox() == 12

        proxy.offline = False
        _wait(lambda: dev.engine.status.current.state is SyncState.IDLE)
        assert dev.engine.status.current.last_synced is not None
        assert dev.outbox() == 0 and kit.events(dev.email) == 12

        cycles = loop.cycles
        dev.study(3)
        loop.trigger()  # "Sync now" (or a local change) wakes the hourly loop at once
        _wait(lambda: loop.cycles >= cycles + 1)
        assert kit.events(dev.email) == 15
    finally:
        loop.stop()
        dev.close()


def test_sync_now_during_a_running_cycle_shares_its_result(kit: StoreKit, work: Path) -> None:
    dev = Device(work / "d", kit.url, kit.new_email(), register=True)
    try:
        dev.study(600)
        reports = []
        threads = [threading.Thread(target=lambda: reports.append(dev.engine.sync_now()))
                   for _ in range(3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert all(r.ok for r in reports)
        assert sum(r.push.events_sent for r in {id(r): r for r in reports}.values()) == 600
        assert kit.events(dev.email) == 600
    finally:
        dev.close()
