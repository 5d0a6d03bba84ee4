"""Shared test support for the app's services and UI: an in-memory keyring, a real store
serving small test courses over loopback HTTP, the services, and the main window.

Import the fixtures you need into a test module (``from support import services, ...``);
`tests/ui/conftest.py` does so for the UI tests.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("SATCHEL_STORE_ARGON2_PROFILE", "test-fast")

import keyring
import pytest
from keyring.backend import KeyringBackend

sys.path.insert(0, str(Path(__file__).parent))

from bundles import write_bundle

PAID_PRICE = 1200


class MemoryKeyring(KeyringBackend):
    """A keyring that lives in memory (tests only)."""

    priority = 5  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


def make_catalog(root: Path) -> Path:
    write_bundle(root / "free-course", course_id="free-course", title="Free numbers")
    paid = write_bundle(root / "paid-course", course_id="paid-course", title="Paid numbers")
    manifest = json.loads((paid / "manifest.json").read_text(encoding="utf-8"))
    manifest["price_hint"] = {"amount": PAID_PRICE, "currency": "USD"}
    manifest["description"] = "Adding and halving, with a **handout** and a quiz."
    manifest["topic"] = "data"
    (paid / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return root


class TestStore:
    """The real store server on loopback; `stop()`/`start()` simulate going offline."""

    def __init__(self, data_dir: Path, catalog: Path) -> None:
        from store.app import api_app, build_context
        from store.config import StoreSettings
        from store.seed import seed_demo
        from store.server import EmbeddedStore

        self.settings = StoreSettings.from_env().with_overrides(data_dir=data_dir)
        self.ctx = build_context(self.settings)
        report = seed_demo(self.ctx, catalog)
        assert not report.failed, report.failed
        self._make = lambda port: EmbeddedStore(self.settings, app=api_app(self.ctx), port=port)
        self.server = self._make(0).start()
        self.port = self.server.port
        self.url = self.server.url
        self.running = True

    def stop(self) -> None:
        if self.running:
            self.server.stop()
            self.running = False

    def start(self) -> None:
        if not self.running:
            from store.app import build_context

            self.ctx = build_context(self.settings)
            from store.app import api_app
            from store.server import EmbeddedStore

            self.server = EmbeddedStore(self.settings, app=api_app(self.ctx), port=self.port)
            self.server.start()
            self.running = True


@pytest.fixture(scope="module")  # stopped at the end of each module: no stray threads
def test_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestStore]:
    catalog = make_catalog(tmp_path_factory.mktemp("catalog"))
    store = TestStore(tmp_path_factory.mktemp("store"), catalog)
    yield store
    store.stop()
    store.ctx.db.dispose()


@pytest.fixture
def fresh_store(tmp_path: Path) -> Iterator[TestStore]:
    """A store of one's own (for tests that stop and restart it)."""
    store = TestStore(tmp_path / "store", make_catalog(tmp_path / "catalog"))
    yield store
    store.stop()
    store.ctx.db.dispose()


_counter = [0]


def new_email() -> str:
    _counter[0] += 1
    return f"learner{os.getpid()}x{_counter[0]}@example.org"


@pytest.fixture
def app_services(test_store: TestStore) -> Iterator[Any]:
    """The app's services on the test store, no profile open yet."""
    from app.eventbus import EventBus
    from app.services.context import build_app

    app = build_app(settings={"store_url": test_store.url}, bus=EventBus())
    yield app
    app.close()


def open_new_account(app: Any, email: str | None = None, name: str = "Ada",
                     password: str = "password123") -> Any:
    """Register a fresh account on the app's store and open its (new) profile."""
    return app.open(app.profiles.register(email or new_email(), password, name))


@pytest.fixture
def services(app_services: Any) -> Iterator[Any]:
    """The services of a freshly registered learner's profile."""
    svc = open_new_account(app_services)
    yield svc
    svc.close()


def make_settings(store_url: str) -> Any:
    from app.paths import config_dir
    from app.settings import Settings

    settings = Settings(config_dir() / "settings.json")
    settings.set("store_url", store_url)
    settings.set("auto_sync", False)
    return settings


@pytest.fixture
def window(qtbot: Any, test_store: TestStore) -> Iterator[Any]:
    """The real main window on real services, a freshly registered learner's profile open."""
    yield from _window(qtbot, test_store.url)


@pytest.fixture
def bare_window(qtbot: Any, test_store: TestStore) -> Iterator[Any]:
    """The real main window, started, with no profile open (the profile switcher)."""
    yield from _window(qtbot, test_store.url, account=None)


def _window(qtbot: Any, url: str, account: str | None = "new", email: str | None = None,
            name: str = "Ada", settings: Any = None) -> Iterator[Any]:
    """The main window on ``url``. ``account``: "new" registers ``email`` (or a fresh one)
    and opens its profile; "remembered" waits for the remembered profile to open by itself
    (a restart); None leaves the profile switcher showing."""
    from ui.controller import Controller
    from ui.main_window import MainWindow

    controller = Controller(settings if settings is not None else make_settings(url))
    win = MainWindow(controller)
    qtbot.addWidget(win)
    win.show()
    controller.start()
    qtbot.waitUntil(lambda: controller.app is not None, timeout=30_000)
    if account == "new":
        register_in_window(qtbot, win, email or new_email(), name)
    elif account == "remembered":
        qtbot.waitUntil(lambda: controller.is_ready, timeout=30_000)
    yield win
    win.close()
    controller.shutdown()


def register_in_window(qtbot: Any, win: Any, email: str, name: str = "Ada",
                       password: str = "password123") -> None:
    """Create an account through the controller and wait until its profile is open."""
    errors: list[BaseException] = []
    before = win.controller.services
    win.controller.register(email, password, name, on_error=errors.append)
    qtbot.waitUntil(lambda: errors or (win.controller.services is not None
                                       and win.controller.services is not before),
                    timeout=30_000)
    assert not errors, errors


def wait_idle(window: Any) -> None:
    assert window.controller.worker.wait_idle(20_000)


@pytest.fixture
def signed_in(window: Any) -> Any:
    """The window with a freshly registered learner (the `window` fixture already is)."""
    return window


def buy_and_download(window: Any, course_id: str = "paid-course") -> None:
    services = window.controller.services
    services.catalog.buy(course_id, card="4242 4242 4242 4242",
                         expected_amount=PAID_PRICE if course_id == "paid-course" else 0,
                         expected_currency="USD")
    services.library.download(course_id)
