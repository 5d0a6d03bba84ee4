"""Adapter from the domain event bus (`app.eventbus`, plain Python) to Qt signals.

Domain events are emitted on whatever thread did the work (writer lane, sync worker, pool
thread). `EventBridge` subscribes to the bus and re-emits every event through its `event`
signal; because the bridge lives on the GUI thread, Qt delivers it to GUI-thread receivers
with a queued connection. `on(EventType, slot)` filters by type; the slot runs on the GUI
thread. `close()` cancels every bus subscription (call it before the window goes away).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

from app.eventbus import EventBus, Subscription


class EventBridge(QObject):
    """Forwards chosen event types from an `EventBus` to the GUI thread."""

    event = Signal(object)

    def __init__(self, bus: EventBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.bus = bus
        self._subs: dict[type, Subscription] = {}
        self._slots: dict[type, list[tuple[Callable[[Any], None], QObject | None]]] = (
            defaultdict(list)
        )
        self.event.connect(self._dispatch)

    def on(
        self, event_type: type, slot: Callable[[Any], None], owner: QObject | None = None
    ) -> None:
        """Call ``slot(event)`` on the GUI thread for each ``event_type`` event.

        ``owner``: a QObject whose deletion silently drops the slot.
        """
        if event_type not in self._subs:
            self._subs[event_type] = self.bus.subscribe(event_type, self._forward)
        self._slots[event_type].append((slot, owner))

    def _forward(self, event: object) -> None:  # any thread
        if shiboken6.isValid(self):
            self.event.emit(event)

    @Slot(object)
    def _dispatch(self, event: object) -> None:  # GUI thread
        slots = self._slots.get(type(event), [])
        for slot, owner in list(slots):
            if owner is not None and not shiboken6.isValid(owner):
                slots.remove((slot, owner))
                continue
            slot(event)

    def close(self) -> None:
        for sub in self._subs.values():
            sub.cancel()
        self._subs.clear()
        self._slots.clear()
