"""Building (and closing) the app's services, in two levels.

`build_app(settings=..., bus=..., demo_store=...)` → `AppServices`: what exists before anybody
is signed in — the store to talk to (the configured ``store_url``, or the demo store that
the composition root hands in as ``demo_store``, see `ui.composition`; `app/` never imports
`store/`), the profiles on this computer (`app.profiles.manager.ProfileManager`) and, once,
the split of a pre-profile database into profiles (`app.profiles.legacy`).

`AppServices.open(opened)` → `Services`: the services of one open profile (its database, its
store session, its library, progress, goals, …). `Services.close()` closes them and locks
the profile again; the `AppServices` live on for the next profile.

Threading: `build_app` and `open` block (migrations, starting the store, opening the
database): call them from a worker. Each service documents its own rules. Close the
`Services` before the `AppServices`, once, after background work stopped.
"""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from app import paths
from app.db import Database
from app.db.hlc import HybridLogicalClock
from app.eventbus import EventBus
from app.profiles.legacy import SplitReport, split_legacy
from app.profiles.manager import DEMO_STORE_REF, ProfileManager
from app.profiles.opened import OpenedProfile
from app.profiles.registry import PROFILES_FOLDER, ProfileRegistry
from app.services.account import AccountService
from app.services.catalog import CatalogService
from app.services.data import DataService
from app.services.goals import GoalsService
from app.services.guidance import GuidanceService
from app.services.institutions import InstitutionsService
from app.services.library import LibraryService
from app.services.notes import NotesService
from app.services.progress import ProgressService
from app.services.publishing import PublishingService
from app.services.quiz import QuizService
from app.services.reviews import ReviewsService
from app.services.store_admin import StoreAdminService
from app.services.sync_service import SyncService
from app.services.teaching import TeachingService
from sync.client import StoreClient

log = logging.getLogger(__name__)


class RunningStore(Protocol):
    """A store server running in this process (the embedded demo store)."""

    @property
    def url(self) -> str: ...

    @property
    def port(self) -> int: ...

    def start(self) -> object: ...

    def stop(self) -> None: ...


class DemoStoreFactory(Protocol):
    """Makes (does not start) the demo store keeping its data in ``data_dir``, listening on
    loopback at ``port`` (0: a free one)."""

    def __call__(self, data_dir: Path, port: int = 0) -> RunningStore: ...


def demo_store_dir() -> Path:
    """Where the embedded demo store keeps its database and content."""
    return paths.data_dir() / "demo-store"


_demo_lock = threading.Lock()


def start_demo_store(factory: DemoStoreFactory, port: int = 0) -> RunningStore:
    """Start the demo store with the demo catalog on loopback; returns the running store."""
    with _demo_lock:
        store = factory(demo_store_dir(), port=port)
        store.start()
        log.info("embedded demo store running at %s", store.url)
        return store


def profile_cache_dir(profile: str) -> Path:
    """Rebuildable files of one profile (extracted media of its courses, catalog pages);
    deleted when the profile closes, since extracted paid media are decrypted."""
    return paths.cache_dir() / PROFILES_FOLDER / profile


@dataclass
class AppServices:
    """The store and the profiles, before (and between) open profiles."""

    settings: dict[str, Any]
    bus: EventBus
    store_ref: str  # what profiles are keyed by: the store URL, or the demo store's name
    profiles: ProfileManager
    embedded_store: Any = None  # the RunningStore when the demo store runs in this process
    demo_store: DemoStoreFactory | None = field(default=None, repr=False)
    split: SplitReport | None = None  # what the split of an old database did, if it ran
    keyring_available: bool = True  # a secure keyring can remember profile keys
    _closed: bool = field(default=False, repr=False)

    @property
    def store_url(self) -> str:
        """Where the store answers now."""
        if self.embedded_store is not None:
            return str(self.embedded_store.url)
        return self.store_ref

    def open(self, opened: OpenedProfile) -> Services:
        """The services of an unlocked profile (they own it from now on)."""
        try:
            return _profile_services(self, opened)
        except BaseException:
            opened.close()
            raise

    def stop_embedded_store(self) -> None:
        """Stop the in-process demo store: the app is then offline (tests, demos)."""
        if self.embedded_store is not None:
            self.embedded_store.stop()

    def restart_embedded_store(self) -> None:
        """Start the demo store again on the same port, with the same data."""
        if self.embedded_store is not None and self.demo_store is not None:
            self.embedded_store = start_demo_store(self.demo_store, self.embedded_store.port)

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self.embedded_store is not None:
            self.embedded_store.stop()


def build_app(
    *, settings: Mapping[str, Any], bus: EventBus, demo_store: DemoStoreFactory | None = None,
    legacy_personal: Mapping[str, Any] | None = None, store_key: bytes | None = None,
) -> AppServices:
    """The store (started here when it is the demo store) and the profiles of this computer.
    ``legacy_personal``: personal settings 0.1 kept in settings.json (for the split);
    ``store_key``: the store's signing key as the institution pinned it."""
    from app.errors import UserError

    values = dict(settings)
    embedded = None
    store_url = str(values.get("store_url") or "")
    if not store_url:
        if demo_store is None:
            raise UserError("No store is configured: set the store address in Settings.")
        embedded = start_demo_store(demo_store)
        store_ref = DEMO_STORE_REF
    else:
        store_ref = store_url
    try:
        registry = ProfileRegistry(paths.data_dir() / PROFILES_FOLDER)
        downloads = downloads_dir(values)
        split = split_legacy(paths.data_dir(), registry, store_ref, downloads_dir=downloads,
                             personal_settings=legacy_personal)
        built: list[AppServices] = []  # the manager asks the app where the store is now
        manager = ProfileManager(registry, store_ref, lambda: built[0].store_url,
                                 store_key=store_key)
        app = AppServices(settings=values, bus=bus, store_ref=store_ref, profiles=manager,
                          embedded_store=embedded, demo_store=demo_store, split=split,
                          keyring_available=manager.keyring_available())
        built.append(app)
        _clear_stale_caches()
        return app
    except BaseException:
        if embedded is not None:
            embedded.stop()
        raise


def downloads_dir(settings: Mapping[str, Any]) -> Path:
    """Where course files are kept (shared by every profile of this computer)."""
    custom = settings.get("storage_dir")
    return Path(str(custom)) if custom else paths.downloads_dir()


def _clear_stale_caches() -> None:
    """Extracted media left behind by a profile that did not close (a crash)."""
    root = paths.cache_dir() / PROFILES_FOLDER
    if root.is_dir():
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class Services:
    """The services of one open profile."""

    app: AppServices
    opened: OpenedProfile
    settings: dict[str, Any]
    bus: EventBus
    db: Database
    client: StoreClient
    account: AccountService
    catalog: CatalogService
    library: LibraryService
    progress: ProgressService
    quiz: QuizService
    goals: GoalsService
    notes: NotesService
    guidance: GuidanceService
    data: DataService
    sync: SyncService
    reviews: ReviewsService
    institutions: InstitutionsService
    teaching: TeachingService
    store_admin: StoreAdminService
    _closed: bool = field(default=False, repr=False)

    @property
    def store_url(self) -> str:
        return self.app.store_url

    @property
    def publishing(self) -> PublishingService:
        """Publishing courses (instructor accounts); stateless, on this profile's client."""
        return PublishingService(self.client)

    @property
    def embedded_store(self) -> Any:
        return self.app.embedded_store

    def update_settings(self, values: Mapping[str, Any]) -> None:
        """New setting values from the UI (a copy; the UI owns `Settings`)."""
        self.settings = dict(values)
        self.guidance.settings = self.settings
        self.goals.settings = self.settings
        self.quiz.settings = self.settings

    def stop_embedded_store(self) -> None:
        self.app.stop_embedded_store()

    def restart_embedded_store(self) -> None:
        self.app.restart_embedded_store()

    def close(self) -> None:
        """Close the profile's services and lock the profile (the app stays)."""
        if self._closed:
            return
        self._closed = True
        try:
            self.quiz.close()
            self.sync.close()
            self.library.close()
        finally:
            self.opened.close()
            shutil.rmtree(profile_cache_dir(self.opened.info.id), ignore_errors=True)


def _profile_services(app: AppServices, opened: OpenedProfile) -> Services:
    values = dict(app.settings)
    db = opened.db
    bus = app.bus
    account = AccountService(opened, bus)
    clock = HybridLogicalClock(account.actor[1])
    library = LibraryService(db, bus, account, downloads_dir=downloads_dir(values),
                             cache_dir=profile_cache_dir(opened.info.id))
    sync = SyncService(db, bus, opened.client, account, clock, library.downloads_dir)
    library.attach_sync(sync)
    progress = ProgressService(db, bus, account, library)
    quiz = QuizService(db, bus, account, library, progress)
    quiz.settings = values
    catalog = CatalogService(db, bus, opened.client, account, sync, library)
    notes = NotesService(db, bus, account, sync)
    goals = GoalsService(db, bus, account, sync, library, progress, values)
    guidance = GuidanceService(db, account, library, progress, quiz, goals, catalog, values)
    data = DataService(db, bus, account, library, paths.data_dir())
    return Services(
        app=app, opened=opened, settings=values, bus=bus, db=db, client=opened.client,
        account=account, catalog=catalog, library=library, progress=progress, quiz=quiz,
        goals=goals, notes=notes, guidance=guidance, data=data, sync=sync,
        reviews=ReviewsService(db, bus, library),
        institutions=InstitutionsService(opened.client, opened.values, bus),
        teaching=TeachingService(opened.client),
        store_admin=StoreAdminService(opened.client),
    )
