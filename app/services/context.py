"""Building (and closing) the app's services: `build_services(settings=..., bus=...)`.

Order: open the local database; pick the store (the configured ``store_url``, or — when it
is empty — start the demo store that the composition root hands in as ``demo_store``, see
`ui.composition`; `app/` never imports `store/`); read the remembered account and its refresh
token from the keyring; build the `StoreClient`, the sync ports and `SyncEngine`; then the
services. Nothing here touches the network beyond starting the local demo store.

Threading: `build_services` blocks (database migrations, starting the store): call it from a
worker. The returned `Services` is shared by the UI's workers; each service documents its
own rules. `close()` once, at exit, after background work stopped.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from app import paths
from app.db import Database, open_database
from app.db.hlc import HybridLogicalClock
from app.errors import UserError
from app.eventbus import EventBus
from app.services.account import AccountService
from app.services.catalog import CatalogService
from app.services.data import DataService
from app.services.goals import GoalsService
from app.services.guidance import GuidanceService
from app.services.library import LibraryService
from app.services.notes import NotesService
from app.services.progress import ProgressService
from app.services.quiz import QuizService
from app.services.sync_service import SyncService
from sync.client import StoreClient

log = logging.getLogger(__name__)


class RunningStore(Protocol):
    """A store server running in this process (the embedded demo store)."""

    @property
    def url(self) -> str: ...

    @property
    def port(self) -> int: ...

    def start(self) -> None: ...

    def stop(self) -> None: ...


class DemoStoreFactory(Protocol):
    """Makes (does not start) the demo store keeping its data in ``data_dir``, listening on
    loopback at ``port`` (0: a free one)."""

    def __call__(self, data_dir: Path, port: int = 0) -> RunningStore: ...


@dataclass
class Services:
    settings: dict[str, Any]
    bus: EventBus
    db: Database
    store_url: str
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
    embedded_store: Any = None  # the RunningStore when the demo store runs in this process
    demo_store: DemoStoreFactory | None = field(default=None, repr=False)
    _closed: bool = field(default=False, repr=False)

    def update_settings(self, values: Mapping[str, Any]) -> None:
        """New setting values from the UI (a copy; the UI owns `Settings`)."""
        self.settings = dict(values)
        self.guidance.settings = self.settings
        self.goals.settings = self.settings

    # -- the embedded demo store (for the offline/online story and tests) -----------------
    def stop_embedded_store(self) -> None:
        """Stop the in-process demo store: the app is then offline (tests, demos)."""
        if self.embedded_store is not None:
            self.embedded_store.stop()

    def restart_embedded_store(self) -> None:
        """Start the demo store again on the same port, with the same data."""
        if self.embedded_store is not None and self.demo_store is not None:
            store = self.demo_store(demo_store_dir(), port=self.embedded_store.port)
            store.start()
            self.embedded_store = store

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self.sync.close()
            self.library.close()
            self.client.close()
        finally:
            self.db.close()
            if self.embedded_store is not None:
                self.embedded_store.stop()


def demo_store_dir() -> Path:
    """Where the embedded demo store keeps its database and content."""
    return paths.data_dir() / "demo-store"


_demo_lock = threading.Lock()


def start_demo_store(factory: DemoStoreFactory) -> RunningStore:
    """Start the demo store with the demo catalog on loopback; returns the running store."""
    with _demo_lock:
        store = factory(demo_store_dir())
        store.start()
        log.info("embedded demo store running at %s", store.url)
        return store


def build_services(
    *, settings: Mapping[str, Any], bus: EventBus, demo_store: DemoStoreFactory | None = None
) -> Services:
    """The app's services on the configured store, or on the demo store ``demo_store`` makes
    when no store is configured (without one, no store configured is a `UserError`)."""
    values = dict(settings)
    data_dir = paths.data_dir()
    db = open_database(paths.database_path())
    embedded = None
    try:
        store_url = str(values.get("store_url") or "")
        if not store_url:
            if demo_store is None:
                raise UserError("No store is configured: set the store address in Settings.")
            embedded = start_demo_store(demo_store)
            store_url = embedded.url
        account = AccountService(store_url, data_dir, bus)
        token = account.stored_refresh_token()
        client = StoreClient(store_url, refresh_token=token,
                             on_tokens_changed=account.on_tokens_changed)
        account.client = client
        profile = account.current_user
        clock = HybridLogicalClock(profile.device_id if profile else "local")
        downloads = Path(values.get("storage_dir") or "") if values.get("storage_dir") else None
        library = LibraryService(db, bus, account, downloads_dir=downloads or
                                 paths.downloads_dir(), cache_dir=paths.cache_dir())
        sync = SyncService(db, bus, client, account, clock, library.downloads_dir)
        library.attach_sync(sync)
        progress = ProgressService(db, bus, account, library)
        quiz = QuizService(db, bus, account, library, progress)
        catalog = CatalogService(db, bus, client, account, sync, library)
        notes = NotesService(db, bus, account, sync)
        goals = GoalsService(db, bus, account, sync, library, progress, values)
        guidance = GuidanceService(db, account, library, progress, quiz, goals, catalog, values)
        data = DataService(db, bus, account, library, data_dir)
        return Services(
            settings=values, bus=bus, db=db, store_url=store_url, client=client,
            account=account, catalog=catalog, library=library, progress=progress, quiz=quiz,
            goals=goals, notes=notes, guidance=guidance, data=data, sync=sync,
            embedded_store=embedded, demo_store=demo_store,
        )
    except BaseException:
        db.close()
        if embedded is not None:
            embedded.stop()
        raise
