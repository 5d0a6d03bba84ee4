"""The UI's handle on the app: settings, background worker, event bridge, the open profile.

Start-up is split so the first paint is not delayed: the window is shown first, then
`start()` builds the app's services in the background (the store — starting the embedded demo
store when no store URL is configured — and the profiles on this computer; see
`app.services.context`) and emits `appReady`. Then a profile opens: the last used one by
itself when it is the only one and its key is remembered in the keyring; otherwise the
window shows the profile switcher (`profilesNeeded`) and the learner signs in, creates an
account or unlocks a profile with its password (offline too). When a profile's services run,
`ready` is emitted; `profileClosed` when it closes again (switch profile, sign out). Screens
call the services only through `controller.worker` (never directly on the GUI thread, except
for cheap in-memory reads documented as such).

Institution deployments: `settings` is a `ProvisionedSettings` (locked settings, institution
defaults; see `app.provisioning`); once a profile is open, the institution's preloaded
courses are imported into it and its shared course folder registered, in the background.

Threading: a `Controller` lives on the GUI thread; `Settings` is owned by it (background work
gets plain values). Domain events from the services reach Qt through `bridge`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal, Slot

from app.eventbus import EventBus
from app.provisioning import UNMANAGED, InstitutionConfig, ProvisionedSettings, ProvisioningError
from app.settings import Settings
from ui.bridge import EventBridge
from ui.sync_driver import SyncDriver
from ui.worker import Task, Worker

if TYPE_CHECKING:
    from app.profiles.opened import OpenedProfile, ProfileSummary
    from app.services.context import AppServices, Services
    from app.services.institution_content import ProvidedReport

log = logging.getLogger(__name__)


class Controller(QObject):
    """Owns the app services for the main window and relays their events as Qt signals."""

    appReady = Signal()  # the store and the profiles are known; no profile open yet
    profilesNeeded = Signal()  # no profile opened by itself: show the profile switcher
    ready = Signal()  # a profile's services run (`services` is set)
    profileClosed = Signal()  # the open profile was closed (switch profile, sign out)
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
        builder: Callable[..., AppServices] | None = None,
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
        self.app: AppServices | None = None
        self.services: Services | None = None
        self.profiles: list[ProfileSummary] = []  # as last listed (for the switcher)
        self.sync_status: Any = None
        self._builder = builder
        self._start_task: Task | None = None
        # auto-sync, "Sync now", the store's reachability
        self.sync = SyncDriver(self, self.settings, self.worker, lambda: self.services,
                               lambda: self.dataChanged.emit("sync"))
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
        """Build the app's services in the background; then open a profile by itself when
        one is remembered and alone, else emit `profilesNeeded`."""
        if self._start_task is not None:
            return
        custom = self._builder
        values = self.settings.as_dict()
        legacy = dict(self.settings.settings.legacy_personal)
        store_key = self.institution.store_signing_key
        bus = self.bus

        def build() -> tuple[AppServices, list[ProfileSummary], Services | None]:
            builder = custom
            if builder is None:  # imported here, on the worker: it pulls in SQLAlchemy etc.
                from ui.composition import build_app_services

                builder = build_app_services
            app = builder(settings=values, bus=bus, legacy_personal=legacy, store_key=store_key)
            try:
                summaries = app.profiles.profiles()
                services = None
                if len(summaries) == 1 and summaries[0].remembered:
                    opened = app.profiles.open_remembered(summaries[0].info.id)
                    services = app.open(opened) if opened is not None else None
            except BaseException:
                app.close()
                raise
            return app, summaries, services

        self._start_task = self.worker.run(build, on_done=self._app_started,
                                           on_error=self._start_failed)

    @Slot(object)
    def _app_started(self, result: tuple[AppServices, list[ProfileSummary],
                                         Services | None]) -> None:
        app, summaries, services = result
        self.app = app
        self.profiles = summaries
        if app.split is not None:
            self.settings.settings.legacy_personal.clear()
        self.appReady.emit()
        if services is not None:
            self._started(services)
        else:
            self.profilesNeeded.emit()

    # -- profiles -------------------------------------------------------------------------
    def refresh_profiles(self, on_done: Callable[[list[ProfileSummary]], None] | None = None
                         ) -> None:
        """List the profiles again (in the background; the keyring may block)."""
        app = self.app
        if app is None:
            return

        def done(summaries: list[ProfileSummary]) -> None:
            self.profiles = summaries
            if on_done is not None:
                on_done(summaries)

        self.worker.run(app.profiles.profiles, on_done=done)

    def sign_in(self, email: str, password: str, *, remember: bool = True,
                on_error: Callable[[BaseException], None] | None = None) -> None:
        """Sign in (a known profile unlocks first, so it opens offline too) and open it."""
        app = self.app
        if app is None:
            return
        current = self.services
        if current is not None and current.account.current_user.email.lower() == \
                email.strip().lower():
            self.worker.run(app.profiles.reauthenticate, current.opened, password,
                            on_done=lambda _r: self._reauthenticated(), on_error=on_error)
            return
        self._open_with(lambda: app.profiles.sign_in(email, password, remember=remember),
                        on_error)

    def register(self, email: str, password: str, display_name: str = "", *,
                 remember: bool = True,
                 on_error: Callable[[BaseException], None] | None = None) -> None:
        app = self.app
        if app is None:
            return
        self._open_with(lambda: app.profiles.register(email, password, display_name,
                                                      remember=remember), on_error)

    def unlock(self, profile: str, password: str | None, *, remember: bool = False,
               on_error: Callable[[BaseException], None] | None = None) -> None:
        """Open a profile: with its password (works offline), or with the remembered key."""
        app = self.app
        if app is None:
            return

        def opening() -> OpenedProfile:
            if password is None:
                opened = app.profiles.open_remembered(profile)
                if opened is None:
                    from app.errors import AuthError

                    raise AuthError("Type the password to unlock this profile.")
                return opened
            return app.profiles.unlock(profile, password, remember=remember)

        self._open_with(opening, on_error)

    def _open_with(self, opening: Callable[[], OpenedProfile],
                   on_error: Callable[[BaseException], None] | None) -> None:
        """Close the open profile (if any), then open another one, in the background."""
        app = self.app
        assert app is not None
        old = self._detach_services()

        def run() -> Services:
            if old is not None:
                old.close()
            return app.open(opening())

        def failed(exc: BaseException) -> None:
            if old is not None:
                self.profileClosed.emit()
            if on_error is not None:
                on_error(exc)
            else:
                from ui.errors import report_exception

                report_exception(exc)

        self.worker.run(run, on_done=self._started, on_error=failed)

    def _reauthenticated(self) -> None:
        self.accountChanged.emit()
        self.sync_now(quiet=True)

    def switch_profile(self) -> None:
        """Close the open profile (it stays remembered if it was) and show the switcher."""
        old = self._detach_services()
        if old is None:
            self.profilesNeeded.emit()
            return
        self.profileClosed.emit()
        self.worker.run(old.close, on_done=lambda _r: self._after_close(),
                        on_error=self._start_failed)

    def sign_out(self) -> None:
        """End the session, lock the profile (only the password opens it now), close it."""
        services = self._detach_services()
        if services is None:
            return
        app = services.app
        self.profileClosed.emit()

        def run() -> None:
            try:
                app.profiles.sign_out(services.opened)
            finally:
                services.close()

        self.worker.run(run, on_done=lambda _r: self._after_close(),
                        on_error=self._start_failed)

    def _after_close(self) -> None:
        self.refresh_profiles(lambda _s: self.profilesNeeded.emit())

    def _detach_services(self) -> Services | None:
        """Take the open profile's services away from the screens (GUI thread)."""
        services = self.services
        if services is None:
            return None
        self.services = None
        self.sync.stop()
        self.sync_status = None
        self.bridge.close()
        self.bridge = EventBridge(self.bus, self)
        self.settings.settings.detach_profile()
        return services

    @Slot(object)
    def _started(self, services: Services) -> None:
        """A profile's services run: screens may use them now."""
        self.services = services
        values = services.opened.values
        self.settings.settings.attach_profile(values.settings(), values.queue_settings)
        services.update_settings(self.settings.as_dict())
        self._connect_events(services)
        self.ready.emit()
        self.accountChanged.emit()
        self.sync.start(services)
        self._provide_courses(services)

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
        """'Ada (ada@example.org)' for the open profile; cheap, in-memory."""
        if self.services is None:
            return None
        user = self.services.account.current_user
        name = user.display_name or user.email
        return f"{name} ({user.email})" if name != user.email else user.email

    # -- sync -----------------------------------------------------------------------------
    def sync_now(self, quiet: bool = False) -> None:
        """Push and pull now in the background (see `ui.sync_driver.SyncDriver.sync_now`)."""
        self.sync.sync_now(quiet)

    def apply_setting(self, name: str, value: Any) -> None:
        """Validate + save a setting (GUI thread) and tell interested widgets. A setting the
        institution locked raises `SettingLockedError` (a UserError)."""
        self.settings.set(name, value)
        if name in ("auto_sync", "sync_interval_min"):
            self.sync.reschedule()
        if self.services is not None:
            self.services.update_settings(self.settings.as_dict())
        self.settingsChanged.emit(name)

    def reset_local_data(self) -> None:
        """Delete the open profile from this computer (its database, its course files no
        other profile uses, its keyring entry), then show the profile switcher."""
        services = self._detach_services()
        if services is None:
            return
        self.profileClosed.emit()

        def wipe_profile() -> None:
            from app.services.data import wipe_profile as wipe

            info = services.account.current_user
            downloads = services.library.downloads_dir
            services.close()
            wipe(services.app.profiles, info.id, downloads)

        def done(_: object) -> None:
            self.dataReset.emit()
            self._after_close()

        self.worker.run(wipe_profile, on_done=done, on_error=self._start_failed)

    # -- shutdown -------------------------------------------------------------------------
    def shutdown(self, timeout_ms: int = 10_000) -> None:
        """Stop background work and close the services (database, embedded store)."""
        self.sync.stop()
        self.worker.wait_idle(timeout_ms)
        self.bridge.close()
        if self.services is not None:
            self.services.close()
            self.services = None
        if self.app is not None:
            self.app.close()
            self.app = None


def preload_state_file(services: Services) -> Path:
    """Which preload bundles were imported into this profile (each account gets them)."""
    from app.profiles.registry import ProfileRegistry

    registry: ProfileRegistry = services.app.profiles.registry
    return registry.folder(services.account.current_user.id) / "preloaded.json"
