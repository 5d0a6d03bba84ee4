"""The domain event bus delivers by type, isolates failing handlers, and can unsubscribe."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pytest

from app.eventbus import EventBus


@dataclass(frozen=True)
class Synced:
    count: int


@dataclass(frozen=True)
class Other:
    pass


def test_delivers_to_subscribers_of_that_type_only(caplog: pytest.LogCaptureFixture) -> None:
    bus = EventBus()
    got: list[int] = []

    def boom(_: Synced) -> None:
        raise RuntimeError("handler bug")

    bus.subscribe(Synced, boom)
    sub = bus.subscribe(Synced, lambda e: got.append(e.count))
    with caplog.at_level(logging.ERROR):
        bus.emit(Synced(3))
        bus.emit(Other())
    assert got == [3]
    assert "handler bug" in caplog.text
    sub.cancel()
    bus.emit(Synced(4))
    assert got == [3]
