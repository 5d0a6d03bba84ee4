"""Background work for the UI: run a callable off the GUI thread, get the result back on it.

Threading rules (the whole UI follows them):

* The GUI thread only builds widgets, reads already-loaded values and starts work. Anything
  that may block — the database, the network, the keyring, reading a bundle, scoring — goes
  through `Worker.run` (a `QThreadPool`) or `Worker.write` (the database's single writer lane,
  `Database.write(fn) -> concurrent.futures.Future`).
* Callbacks (`on_done`, `on_error`) always run on the GUI thread: results travel back through
  a Qt signal emitted by the pool thread and delivered with a queued connection.
* A callback is skipped when its ``owner`` QObject has been deleted in the meantime, so a
  screen that was closed never receives a late result.
* Callables must not touch widgets; they get plain values in and return plain values out.
* Errors: `on_error(exc)` when given; otherwise `UserError` goes to a plain message box and
  anything else to the crash dialog (see `ui.errors`).
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Any

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class _Box:
    """Carries a value through a queued `Signal(object)`.

    PySide6 mishandles the reference count of a bare ``None`` sent through a queued
    ``Signal(object)`` (it can abort with "none_dealloc"), so values always travel boxed.
    """

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class _Relay(QObject):
    """Lives on the GUI thread; its signals are emitted from any thread and delivered to its
    own slots with a queued connection, so the callbacks run on the GUI thread."""

    done = Signal(object)
    failed = Signal(object)

    def __init__(
        self,
        worker: Worker,
        task: Task,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        owner: QObject | None,
    ) -> None:
        super().__init__()
        self._worker = worker
        self._task = task
        self._on_done = on_done
        self._on_error = on_error
        self._owner = owner
        self.done.connect(self._deliver_done)
        self.failed.connect(self._deliver_error)

    def _alive(self) -> bool:
        owner = self._owner
        return not self._task.cancelled and (owner is None or shiboken6.isValid(owner))

    def _finish(self) -> None:
        self._worker._forget(self)
        self._task.finished.set()
        self.deleteLater()

    @Slot(object)
    def _deliver_done(self, box: _Box) -> None:
        self._finish()
        if self._alive() and self._on_done is not None:
            self._on_done(box.value)

    @Slot(object)
    def _deliver_error(self, box: _Box) -> None:
        exc: BaseException = box.value
        self._finish()
        if not self._alive():
            log.info("dropped error from a cancelled task: %r", exc)
            return
        if self._on_error is not None:
            self._on_error(exc)
        else:
            default_error_handler(exc)


class Task:
    """Handle for one background call; `cancelled` is advisory (the callback is dropped)."""

    def __init__(self) -> None:
        self.cancelled = False
        self.finished = threading.Event()

    def cancel(self) -> None:
        self.cancelled = True


class _Runnable(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._fn = fn
        self._relay = relay

    def run(self) -> None:
        # QThreadPool threads are not started by `threading`, so a tracer installed with
        # threading.settrace (coverage, debuggers) would miss them; hand it on.
        if (tracer := threading.gettrace()) is not None and sys.gettrace() is None:
            sys.settrace(tracer)
        try:
            result = self._fn()
        except BaseException as exc:  # delivered to the GUI thread, never swallowed
            self._relay.failed.emit(_Box(exc))
        else:
            self._relay.done.emit(_Box(result))


def default_error_handler(exc: BaseException) -> None:
    """Route an error from background work to the user (plain message or crash dialog)."""
    from ui.errors import report_exception

    report_exception(exc)


class Worker(QObject):
    """Starts background calls and hands their results to GUI-thread callbacks."""

    def __init__(self, parent: QObject | None = None, max_threads: int = 4) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(max_threads)
        self._pending: set[_Relay] = set()
        self._lock = threading.Lock()

    # -- public API ---------------------------------------------------------------------
    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> Task:
        """Run ``fn(*args)`` on the thread pool; callbacks run later on the GUI thread."""
        task = Task()
        relay = self._relay(task, on_done, on_error, owner)
        self.pool.start(_Runnable(lambda: fn(*args), relay))
        return task

    def write(
        self,
        submit: Callable[[], Future[Any]],
        *,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        owner: QObject | None = None,
    ) -> Task:
        """Hand work to the database writer lane: ``submit()`` returns its Future.

        ``submit`` itself must be cheap (it only enqueues, e.g. ``lambda: db.write(fn)``).
        """
        task = Task()
        relay = self._relay(task, on_done, on_error, owner)

        def finished(fut: Future[Any]) -> None:
            exc = fut.exception()
            if exc is not None:
                relay.failed.emit(_Box(exc))
            else:
                relay.done.emit(_Box(fut.result()))

        try:
            future = submit()
        except BaseException as exc:
            relay.failed.emit(_Box(exc))
        else:
            future.add_done_callback(finished)
        return task

    def pending(self) -> int:
        with self._lock:
            return len(self._pending)

    def wait_idle(self, timeout_ms: int = 10_000) -> bool:
        """Tests and shutdown: wait for all calls and deliver their callbacks."""
        import time

        deadline = time.monotonic() + timeout_ms / 1000
        while time.monotonic() < deadline:
            self.pool.waitForDone(20)
            QCoreApplication.processEvents()
            if self.pending() == 0 and self.pool.activeThreadCount() == 0:
                return True
        return False

    # -- internals ----------------------------------------------------------------------
    def _relay(
        self,
        task: Task,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        owner: QObject | None,
    ) -> _Relay:
        relay = _Relay(self, task, on_done, on_error, owner)  # created on the GUI thread
        with self._lock:
            self._pending.add(relay)
        return relay

    def _forget(self, relay: _Relay) -> None:
        with self._lock:
            self._pending.discard(relay)
