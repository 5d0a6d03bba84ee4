"""The status bar knows within seconds that the store is down (a light probe with
backoff, off the GUI thread) and says since when; it says so again when the store is
back. A changed store address says plainly that it applies after a restart."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from support import _window, wait_idle  # type: ignore[import-not-found]

import app.services.reachability as reachability


@pytest.fixture
def quick_probes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reachability, "ONLINE_EVERY", 0.5)
    monkeypatch.setattr(reachability, "FIRST_RETRY", 0.5)
    monkeypatch.setattr(reachability, "MAX_RETRY", 1.0)


@pytest.fixture
def own_window(qtbot: Any, fresh_store: Any, quick_probes: None) -> Iterator[Any]:
    yield from _window(qtbot, fresh_store.url)


def test_the_status_bar_knows_when_the_store_is_down(own_window: Any, fresh_store: Any,
                                                     qtbot: Any) -> None:
    win = own_window
    win.controller.sync_now()
    qtbot.waitUntil(lambda: win.sync_label.text().startswith("Last synced"), timeout=15_000)
    assert not win.offline_banner.isVisible()

    fresh_store.stop()  # nobody pressed "Sync now"
    qtbot.waitUntil(lambda: win.sync_label.text().startswith("Offline"), timeout=8_000)
    assert re.fullmatch(r"Offline — store unreachable since \d\d:\d\d", win.sync_label.text())
    assert win.offline_banner.isVisible()
    first = win.sync_label.text()
    qtbot.wait(1_500)  # more failed probes: still the moment it went down
    assert win.sync_label.text() == first

    fresh_store.start()
    qtbot.waitUntil(lambda: win.sync_label.text().startswith("Last synced"), timeout=8_000)
    assert not win.offline_banner.isVisible()


def test_a_changed_store_address_says_it_needs_a_restart(window: Any) -> None:
    window.go("settings")
    wait_idle(window)
    settings = window.screens["settings"]
    current = window.controller.services.store_url
    settings.store_url.setText("https://store.example.org")
    settings.store_url.editingFinished.emit()
    assert settings.store_note.isVisible()
    assert settings.store_note.text() == (
        "Satchel connects to https://store.example.org after a restart; until then it keeps "
        f"using {current.rstrip('/')}.")
    settings.store_url.setText(current)
    settings.store_url.editingFinished.emit()
    assert not settings.store_note.isVisible()
