"""The UI's handle on the app: settings, background worker, event bridge and app services.

Start-up is split so the first paint is not delayed: the window is shown first, then
`start()` builds the services in the background (opens the database, starts the embedded
demo store when no store URL is configured, restores the sign-in from the keyring) and emits
`ready` on the GUI thread. Screens call the services only through `controller.worker`
(never directly on the GUI thread, except for cheap in-memory reads documented as such).

Institution deployments: `settings` is a `ProvisionedSettings` (locked settings, institution
defaults; see `app.provisioning`); once the services run, the institution's preloaded courses
are imported and its shared course folder registered, in the background.

Threading: a `Controller` lives on the GUI thread; `Settings` is owned by it (background work
gets plain values). Domain events from the services reach Qt through `bridge`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from app.eventbus import EventBus
from app.provisioning import UNMANAGED, InstitutionConfig, ProvisionedSettings, ProvisioningError
from app.settings import Settings
from ui.bridge import EventBridge
from ui.worker import Task, Worker

if TYPE_CHECKING:
    from app.services.context import Services
    from app.services.institution_content import ProvidedReport

log = logging.getLogger(__name__)


class Controller(QObject):
    """Owns the app services for the main window and relays their events as Qt signals."""

    ready = Signal()
    startupFailed = Signal(object)
    accountChanged = Signal()
    syncStatusChanged = Signal(object)
    dataChanged = Signal(str)  # "library", "progress", "goals", "notes", "catalog", ...
    settingsChanged = Signal(str)
    dataReset = Signal()  # the local data was deleted; screens are rebuilt on `ready`
    purchaseNeedsConfirmation = Signal(object)  # app.services.events.PurchaseNeedsConfirmation

    def __init__(
        self,
        settings: Settings | ProvisionedSettings,
        *,
        bus: EventBus | None = None,
        builder: Callable[..., Services] | None = None,
        institution_problem: ProvisioningError | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        # The learner's settings seen through the institution's config (`ui.main.load_settings`);
        # plain `Settings` means an unmanaged install.
        self.settings = settings if isinstance(settings, ProvisionedSettings) else \
            ProvisionedSettings(settings, UNMANAGED)
        self.institution_problem = institution_problem  # the config file was not usable
        self.provided: ProvidedReport | None = None  # what the institution's courses gave
        from ui.errors import set_support_contact

        set_support_contact(self.institution.support)
        self.bus = bus or EventBus()
        self.worker = Worker(self)
        self.bridge = EventBridge(self.bus, self)
        self.services: Services | None = None
        self.sync_status: Any = None
        self._builder = builder
        self._start_task: Task | None = None
        self._sync_timer = QTimer(self)
        self._sync_timer.timeout.connect(self._auto_sync)
        self.session_only = False  # signed in, but the keyring could not keep the token
        self.buying: set[str] = set()  # courses the Store screen is buying right now

    # -- start-up -----------------------------------------------------------------------
    @property
    def institution(self) -> InstitutionConfig:
        """What the institution decided (`UNMANAGED` for an ordinary install)."""
        return self.settings.config

    @property
    def is_ready(self) -> bool:
        return self.services is not None

    def start(self) -> None:
        """Build the services in the background; emits `ready` or `startupFailed`."""
        if self._start_task is not None:
            return
        custom = self._builder
        values = self.settings.as_dict()
        bus = self.bus

        def build() -> Services:
            builder = custom
            if builder is None:  # imported here, on the worker: it pulls in SQLAlchemy etc.
                from ui.composition import build_app_services

                builder = build_app_services
            return builder(settings=values, bus=bus)

        self._start_task = self.worker.run(
            build,
            on_done=self._started,
            on_error=self._start_failed,
        )

    @Slot(object)
    def _started(self, services: Services) -> None:
        self.services = services
        self._connect_events(services)
        self.ready.emit()
        self._schedule_auto_sync()
        self._provide_courses(services)
        if self.settings["auto_sync"] and services.account.signed_in:
            self.sync_now(quiet=True)

    def _provide_courses(self, services: Services) -> None:
        """Import the institution's preloads (first run) and register its shared folder,
        in the background; the Library refreshes through `dataChanged("library")`."""
        config = self.institution
        if not config.preload_bundles and config.shared_content_dir is None:
            return
        state = preload_state_file(services)

        def provide() -> ProvidedReport:
            from app.services.institution_content import provide_courses

            return provide_courses(services.db, services.bus, services.library, config, state)

        self.worker.run(provide, on_done=self._provided, on_error=self._provide_failed)

    def _provided(self, report: ProvidedReport) -> None:
        self.provided = report
        if report.problems:
            from app.errors import UserError
            from ui.errors import show_user_error

            who = self.institution.organisation or self.tr("your organisation")
            show_user_error(UserError(
                self.tr("Some courses provided by %1 could not be added to your library:")
                .replace("%1", who) + "\n\n" + "\n".join(report.problems)
                + "\n\n" + self.tr("Please tell your IT department.")))

    def _provide_failed(self, exc: BaseException) -> None:
        log.error("institution courses could not be provided: %s", exc, exc_info=exc)
        from ui.errors import report_exception

        report_exception(exc)

    @Slot(object)
    def _start_failed(self, exc: BaseException) -> None:
        log.error("start-up failed: %s", exc, exc_info=exc)
        self.startupFailed.emit(exc)
        from ui.errors import report_exception

        report_exception(exc)

    def _connect_events(self, services: Services) -> None:
        from app.services import events as ev

        self.bridge.on(ev.SyncStatusChanged, self._on_sync_status)
        self.bridge.on(ev.AccountChanged, lambda e: self.accountChanged.emit())
        self.bridge.on(ev.DataChanged, lambda e: self.dataChanged.emit(e.topic))
        self.bridge.on(ev.PurchaseNeedsConfirmation, self.purchaseNeedsConfirmation.emit)
        status = services.sync.status()
        if status is not None:
            self._on_sync_status(ev.SyncStatusChanged(status))

    @Slot(object)
    def _on_sync_status(self, event: Any) -> None:
        self.sync_status = event.status
        self.syncStatusChanged.emit(event.status)

    # -- account --------------------------------------------------------------------------
    def account_summary(self) -> str | None:
        """'Ada (ada@example.org)' when signed in; cheap, in-memory."""
        if self.services is None:
            return None
        user = self.services.account.current_user
        if user is None or not self.services.account.signed_in:
            return None
        name = user.display_name or user.email
        return f"{name} ({user.email})" if name != user.email else user.email

    # -- sync -----------------------------------------------------------------------------
    def _schedule_auto_sync(self) -> None:
        minutes = int(self.settings["sync_interval_min"])
        if self.settings["auto_sync"]:
            self._sync_timer.start(minutes * 60_000)
        else:
            self._sync_timer.stop()

    @Slot()
    def _auto_sync(self) -> None:
        if self.services is not None and self.services.account.signed_in:
            self.sync_now(quiet=True)

    def sync_now(self, quiet: bool = False) -> None:
        """Push and pull now in the background; errors land in the sync status."""
        services = self.services
        if services is None:
            return
        if not services.account.signed_in:
            if not quiet:
                from app.errors import AuthError
                from ui.errors import show_user_error

                show_user_error(AuthError(self.tr("Sign in first to sync your progress.")))
            return

        def done(_: object) -> None:
            self.dataChanged.emit("sync")

        self.worker.run(services.sync.sync_now, on_done=done, on_error=self._sync_failed)

    def _sync_failed(self, exc: BaseException) -> None:
        from app.errors import is_user_error

        if is_user_error(exc):
            log.info("sync failed: %s", exc)  # shown through the sync status
            return
        from ui.errors import report_exception

        report_exception(exc)

    def apply_setting(self, name: str, value: Any) -> None:
        """Validate + save a setting (GUI thread) and tell interested widgets. A setting the
        institution locked raises `SettingLockedError` (a UserError)."""
        self.settings.set(name, value)
        if name in ("auto_sync", "sync_interval_min"):
            self._schedule_auto_sync()
        if self.services is not None:
            self.services.update_settings(self.settings.as_dict())
        self.settingsChanged.emit(name)

    def reset_local_data(self) -> None:
        """Delete the local database, downloads and account file, then start fresh."""
        services = self.services
        if services is None:
            return
        self.services = None
        self._start_task = None
        self.bridge.close()
        self.bridge = EventBridge(self.bus, self)

        def wipe_all() -> None:
            from app import paths
            from app.services.data import wipe

            services.account.forget()
            services.close()
            wipe(paths.data_dir(), paths.database_path())
            preload_state_file(services).unlink(missing_ok=True)  # preloads come back

        def done(_: object) -> None:
            self.dataReset.emit()
            self.start()

        self.worker.run(wipe_all, on_done=done, on_error=self._start_failed)

    # -- shutdown -------------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Stop background work and close the services (database, embedded store)."""
        self._sync_timer.stop()
        self.worker.wait_idle(timeout_ms)
        self.bridge.close()
        if self.services is not None:
            self.services.close()
            self.services = None


def preload_state_file(services: Services) -> Path:
    """Which preload bundles were imported: kept with the copies, so it goes with them."""
    from app.services.institution_content import PROVIDED_FOLDER

    return services.library.downloads_dir / PROVIDED_FOLDER / "preloaded.json"
