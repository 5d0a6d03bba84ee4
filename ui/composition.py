"""The composition root: the one place that wires the desktop app's services to a store.

`build_app_services` is what `ui.controller.Controller` builds by default: the app's services
(`app.services.context.build_app`) with the embedded demo store from `store/` as the
store to start when none is configured. This is the only module outside `store/` and the
tests that imports `store/` (an import-linter contract holds it to that); `app/` never does.

Threading: `build_app_services` blocks (migrations, starting the store): call it from a worker.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from app.eventbus import EventBus
from app.services.context import AppServices, RunningStore, build_app


def embedded_demo_store(data_dir: Path, port: int = 0) -> RunningStore:
    """The reference store with the demo catalog, in this process on 127.0.0.1 (not started)."""
    from store.config import StoreSettings
    from store.server import EmbeddedStore

    settings = StoreSettings.from_env().with_overrides(data_dir=data_dir, demo=True)
    return EmbeddedStore(settings, port=port, demo=True)


def build_app_services(*, settings: Mapping[str, Any], bus: EventBus,
                       legacy_personal: Mapping[str, Any] | None = None,
                       store_key: bytes | None = None) -> AppServices:
    """The app's services; the demo store runs here when no store address is set."""
    return build_app(settings=settings, bus=bus, demo_store=embedded_demo_store,
                     legacy_personal=legacy_personal, store_key=store_key)
