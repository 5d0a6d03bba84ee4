"""Shared plumbing of the screens: the controller, background calls, a title row.

Screens are built lazily by the main window with ``Screen(controller, window)``. They never
call a service on the GUI thread: `call(fn, *args, on_done=...)` runs it on the worker and
delivers the result to the screen (dropped if the screen is gone). GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from ui.worker import Task

if TYPE_CHECKING:
    from app.services.context import Services
    from ui.controller import Controller
    from ui.main_window import MainWindow


class Screen(QWidget):
    def __init__(self, controller: Controller, window: MainWindow | None = None) -> None:
        super().__init__()
        self.controller = controller
        self.window_ = window
        self._listening: list[tuple[Any, Callable[..., Any]]] = []
        self._tasks: list[Task] = []
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.layout_.addWidget(self.title)

    @property
    def services(self) -> Services:
        services = self.controller.services
        assert services is not None, "screens are built after the services start"
        return services

    def listen(self, signal: Any, slot: Callable[..., Any]) -> None:
        """Connect a controller signal for as long as this screen serves the open profile
        (`dispose` disconnects it: a screen dropped at a profile switch hears nothing)."""
        signal.connect(slot)
        self._listening.append((signal, slot))

    def dispose(self) -> None:
        """The profile this screen showed is closing: stop listening, and drop the results
        and errors of its calls still running (they may meet the closed database)."""
        while self._listening:
            signal, slot = self._listening.pop()
            signal.disconnect(slot)
        for task in self._tasks:
            task.cancelled = True
        self._tasks.clear()

    def call(self, fn: Callable[..., Any], *args: Any,
             on_done: Callable[[Any], None] | None = None,
             on_error: Callable[[BaseException], None] | None = None) -> Task:
        self._tasks = [t for t in self._tasks if not t.finished.is_set()]
        task = self.controller.worker.run(fn, *args, on_done=on_done, on_error=on_error,
                                          owner=self)
        self._tasks.append(task)
        return task

    def go(self, key: str, **kwargs: Any) -> None:
        if self.window_ is not None:
            self.window_.go(key, **kwargs)

    def retranslate(self) -> None:  # overridden
        pass

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def card(parent_layout: Any = None) -> tuple[QFrame, QVBoxLayout]:
    frame = QFrame()
    frame.setObjectName("card")
    layout = QVBoxLayout(frame)
    layout.setContentsMargins(14, 10, 14, 12)
    if parent_layout is not None:
        parent_layout.addWidget(frame)
    return frame, layout


def section(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionTitle")
    return label


def muted(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName("muted")
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
