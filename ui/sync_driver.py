"""When the open profile syncs: the auto-sync timer, "Sync now", and the store's reachability.

`SyncDriver` belongs to the `Controller` (which hands it its settings, worker and open
services) and runs on the GUI thread; the sync itself and the
reachability probe (`app.services.reachability`, a light ``/v1/health`` request with backoff)
run on the controller's worker. `start` is called when a profile's services run, `stop` when
they close; results that arrive for a closed profile are dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Slot

if TYPE_CHECKING:
    from app.services.context import Services
    from app.settings import Settings
    from ui.worker import Worker

log = logging.getLogger(__name__)
PROBE_FIRST_MS = 500  # the first reachability probe, soon after a profile opens
PROBE_AFTER_ERROR_MS = 30_000


class SyncDriver(QObject):
    """Schedules syncs and reachability probes for the controller's open profile."""

    def __init__(self, parent: QObject, settings: Settings | Any, worker: Worker,
                 services: Callable[[], Services | None], synced: Callable[[], None]) -> None:
        """``services()`` gives the open profile's services (or None); ``synced()`` is called
        on the GUI thread after each sync that ran."""
        super().__init__(parent)
        self.settings = settings
        self.worker = worker
        self._services = services
        self._synced = synced
        self._sync_timer = QTimer(self)
        self._sync_timer.timeout.connect(self._auto_sync)
        self._probe_timer = QTimer(self)
        self._probe_timer.setSingleShot(True)
        self._probe_timer.timeout.connect(self._probe)
        self._reach: Any = None
        self._probing = False

    def start(self, services: Services) -> None:
        """A profile opened: schedule auto-sync, probe the store soon, sync once if wanted."""
        from app.services.reachability import Reachability

        self.reschedule()
        self._reach = Reachability(services.client, services.sync.board)
        self._probe_timer.start(PROBE_FIRST_MS)
        if self.settings["auto_sync"] and services.account.signed_in:
            self.sync_now(quiet=True)

    def stop(self) -> None:
        """The profile is closing (or the app quits): no more timers, no more probes."""
        self._sync_timer.stop()
        self._probe_timer.stop()
        self._reach = None

    def reschedule(self) -> None:
        """Apply the auto_sync / sync_interval_min settings to the timer."""
        settings = self.settings
        if settings["auto_sync"]:
            self._sync_timer.start(int(settings["sync_interval_min"]) * 60_000)
        else:
            self._sync_timer.stop()

    def sync_now(self, quiet: bool = False) -> None:
        """Push and pull now in the background; errors land in the sync status."""
        services = self._services()
        if services is None:
            return
        if not services.account.signed_in:
            if not quiet:
                from app.errors import AuthError
                from ui.errors import show_user_error

                show_user_error(AuthError(self.tr("Sign in first to sync your progress.")))
            return

        self.worker.run(services.sync.sync_now, on_done=lambda _r: self._synced(),
                        on_error=self._sync_failed)

    @Slot()
    def _auto_sync(self) -> None:
        services = self._services()
        if services is not None and services.account.signed_in:
            self.sync_now(quiet=True)

    @Slot()
    def _probe(self) -> None:
        """Ask the store whether it answers (on the worker); schedule the next probe."""
        reach = self._reach
        if reach is None or self._probing:
            return
        self._probing = True
        was = reach.reachable

        def done(delay: float) -> None:
            self._probing = False
            if reach is not self._reach:
                return  # the profile closed meanwhile
            self._probe_timer.start(int(delay * 1000))
            if was is False and reach.reachable and self.settings["auto_sync"]:
                self._auto_sync()  # back online: send what waited

        def failed(exc: BaseException) -> None:
            self._probing = False
            log.warning("store probe failed: %s", exc)
            if reach is self._reach:
                self._probe_timer.start(PROBE_AFTER_ERROR_MS)

        self.worker.run(reach.probe, on_done=done, on_error=failed)

    def _sync_failed(self, exc: BaseException) -> None:
        from app.errors import is_user_error

        if is_user_error(exc):
            log.info("sync failed: %s", exc)  # shown through the sync status
            return
        from ui.errors import report_exception

        report_exception(exc)
