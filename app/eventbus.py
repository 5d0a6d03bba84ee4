"""A tiny synchronous publish/subscribe bus: the domain emits, `ui/` adapts to Qt signals.

Handlers run on the thread that calls `emit` (often the writer lane or a sync worker), so a
UI adapter must forward to the GUI thread (a queued Qt signal does that). A handler that
raises is logged and does not stop the other handlers or the emitter.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

log = logging.getLogger(__name__)

E = TypeVar("E")


@dataclass(frozen=True)
class Subscription:
    bus: EventBus
    event_type: type
    handler: Callable[[Any], None]

    def cancel(self) -> None:
        self.bus._unsubscribe(self)


class EventBus:
    """Thread-safe registry of handlers keyed by event class (exact type match)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._handlers: dict[type, list[Callable[[Any], None]]] = defaultdict(list)

    def subscribe(self, event_type: type[E], handler: Callable[[E], None]) -> Subscription:
        with self._lock:
            self._handlers[event_type].append(handler)
        return Subscription(self, event_type, handler)

    def _unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            handlers = self._handlers.get(sub.event_type, [])
            if sub.handler in handlers:
                handlers.remove(sub.handler)

    def emit(self, event: object) -> None:
        with self._lock:
            handlers = list(self._handlers.get(type(event), ()))
        for handler in handlers:
            try:
                handler(event)
            except Exception:
                log.exception("event handler %r failed for %r", handler, event)
