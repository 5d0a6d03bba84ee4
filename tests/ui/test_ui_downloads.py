"""Downloads in the Library, on the real store: pause and resume (verified, available
offline, resumed from the bytes kept), cancel, a damaged download with Retry, a full disk —
as the learner sees them in the table, the buttons and the message under it."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import PAID_PRICE, _window, new_email  # type: ignore[import-not-found]

import sync.downloads as downloads_module
from app.services.events import DownloadProgressed
from ui.format import size


@pytest.fixture
def owner(qtbot: Any, fresh_store: Any) -> Iterator[Any]:
    """The window on a store of its own; a learner who bought the paid course."""
    for win in _window(qtbot, fresh_store.url):
        services = win.controller.services
        services.catalog.buy("paid-course", card="4242 4242 4242 4242",
                             expected_amount=PAID_PRICE, expected_currency="USD")
        yield win


@pytest.fixture
def slow_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """The store's bytes arrive slowly (256 bytes every 15 ms), so there is time to pause."""
    def slow_read(response: Any, dest: Path) -> bytes:
        time.sleep(0.015)
        return response.raw.read1(256)

    monkeypatch.setattr(downloads_module, "_read", slow_read)


def library(win: Any, qtbot: Any) -> Any:
    win.go("library")
    lib = win.screens["library"]
    qtbot.waitUntil(lambda: lib.model.rowCount() == 1, timeout=10_000)
    lib.table.selectRow(0)
    return lib


def status(lib: Any) -> str:
    return str(lib.model.index(0, 1).data())


def published(services: Any) -> Any:
    return services.client.course("paid-course").bundle


def part_files(services: Any) -> list[Path]:
    return sorted(services.library.downloads_dir.glob("paid-course-*.part"))


def test_pause_and_resume_give_a_verified_course_available_offline(
        owner: Any, qtbot: Any, slow_network: None) -> None:
    services = owner.controller.services
    seen: list[int] = []
    lock = threading.Lock()

    def record(event: DownloadProgressed) -> None:
        with lock:
            seen.append(event.progress.done_bytes)

    sub = services.bus.subscribe(DownloadProgressed, record)
    lib = library(owner, qtbot)
    assert status(lib) == "Not downloaded"
    assert lib.download_button.isVisible() and not lib.pause_button.isVisible()
    lib.download_button.click()
    qtbot.waitUntil(lambda: lib.model.transfer("paid-course") is not None
                    and lib.model.transfer("paid-course").done_bytes > 1024, timeout=20_000)
    text = status(lib)
    assert text.startswith("Downloading… ") and " of " in text and "KB/s" in text, text
    assert lib.pause_button.isVisible() and lib.cancel_button.isVisible()
    assert not lib.download_button.isVisible() and not lib.open_button.isEnabled()

    lib.pause_button.click()
    qtbot.waitUntil(lambda: status(lib).startswith("Paused at "), timeout=20_000)
    assert lib.resume_button.isVisible() and not lib.pause_button.isVisible()
    [part] = part_files(services)
    kept = part.stat().st_size
    total = published(services).size
    assert 0 < kept < total
    assert status(lib) == f"Paused at {round(kept / total * 100)}% · {size(kept)} of {size(total)}"
    time.sleep(0.2)
    assert part.stat().st_size == kept, "a paused download does not keep going"
    assert not services.library.is_available("paid-course")

    with lock:
        seen.clear()
    lib.resume_button.click()
    qtbot.waitUntil(lambda: status(lib) == "Available offline", timeout=30_000)
    sub.cancel()
    with lock:
        assert seen and min(seen) >= kept, "the download resumed where it stopped"
    assert part_files(services) == []
    assert services.library.is_available("paid-course")
    installed = Path(services.library.course("paid-course").bundle.location)
    assert hashlib.sha256(installed.read_bytes()).hexdigest() == published(services).sha256
    assert lib.open_button.isEnabled() and not lib.resume_button.isVisible()
    lib.open_button.click()
    course = owner.screens["course"]
    qtbot.waitUntil(lambda: course.item is not None and course.item.id == "l-add",
                    timeout=10_000)


def test_cancel_deletes_the_partial_download(owner: Any, qtbot: Any,
                                             slow_network: None) -> None:
    services = owner.controller.services
    lib = library(owner, qtbot)
    lib.download_button.click()
    qtbot.waitUntil(lambda: lib.model.transfer("paid-course") is not None
                    and lib.model.transfer("paid-course").done_bytes > 0, timeout=20_000)
    lib.pause_button.click()
    qtbot.waitUntil(lambda: status(lib).startswith("Paused at "), timeout=20_000)
    assert part_files(services)
    lib.cancel_button.click()
    qtbot.waitUntil(lambda: status(lib) == "Not downloaded", timeout=20_000)
    assert part_files(services) == []
    assert lib.download_button.isVisible() and lib.download_button.text() == "Download"
    assert not lib.resume_button.isVisible() and not lib.cancel_button.isVisible()
    assert services.library.download_states() == {}


def test_a_paused_download_is_kept_across_a_restart(
        qtbot: Any, fresh_store: Any, slow_network: None) -> None:
    email = new_email()
    for win in _window(qtbot, fresh_store.url, email=email):
        services = win.controller.services
        services.catalog.buy("paid-course", card="4242 4242 4242 4242",
                             expected_amount=PAID_PRICE, expected_currency="USD")
        lib = library(win, qtbot)
        lib.download_button.click()
        qtbot.waitUntil(lambda lib=lib: lib.model.transfer("paid-course") is not None
                        and lib.model.transfer("paid-course").done_bytes > 1024,
                        timeout=20_000)
    # the window closed mid-download: the download was paused, its bytes kept
    for win in _window(qtbot, fresh_store.url, account="remembered"):
        lib = library(win, qtbot)
        qtbot.waitUntil(lambda lib=lib: status(lib).startswith("Paused at "), timeout=10_000)
        kept = lib.model.transfer("paid-course").done_bytes
        assert kept > 1024
        assert lib.resume_button.isVisible()
        lib.resume_button.click()
        qtbot.waitUntil(lambda lib=lib: status(lib) == "Available offline", timeout=30_000)


def test_a_damaged_download_says_so_plainly_and_retry_fetches_it_again(
        owner: Any, fresh_store: Any, qtbot: Any) -> None:
    services = owner.controller.services
    blob = fresh_store.ctx.blobs.path(published(services).sha256)
    good = blob.read_bytes()
    damaged = bytearray(good)
    damaged[len(good) // 2] ^= 0xFF
    blob.write_bytes(bytes(damaged))
    lib = library(owner, qtbot)
    lib.download_button.click()
    qtbot.waitUntil(lambda: status(lib) == "Download damaged — retry", timeout=20_000)
    assert lib.message.text() == (
        "The download of “Paid numbers” arrived damaged (its checksum does not match), so it "
        "was deleted. Try the download again; if this keeps happening, the store's copy may "
        "be broken.")
    assert lib.download_button.isVisible() and lib.download_button.text() == "Retry"
    assert not lib.open_button.isEnabled()
    assert part_files(services) == []
    assert not services.library.is_available("paid-course")

    blob.write_bytes(good)  # the store's copy is repaired
    lib.download_button.click()
    qtbot.waitUntil(lambda: status(lib) == "Available offline", timeout=20_000)
    assert lib.message.text() == ""
    assert lib.download_button.text() == "Download" and lib.open_button.isEnabled()


def test_a_full_disk_is_shown_plainly_and_the_download_goes_on_once_there_is_room(
        owner: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    real = shutil.disk_usage

    def full(path: Any) -> Any:
        return real(path)._replace(free=1000)

    monkeypatch.setattr(downloads_module.shutil, "disk_usage", full)
    services = owner.controller.services
    lib = library(owner, qtbot)
    lib.download_button.click()
    qtbot.waitUntil(lambda: status(lib) == "Disk full — download stopped", timeout=20_000)
    message = lib.message.text()
    assert message.startswith(f"There is not enough free disk space in "
                              f"{services.library.downloads_dir} to finish this download (")
    assert message.endswith("more needed). Free some space, then resume the download; what "
                            "was already downloaded is kept.")
    assert lib.model.index(0, 1).data(3) == message  # the status cell's tooltip
    assert lib.download_button.text() == "Retry" and lib.cancel_button.isVisible()

    monkeypatch.setattr(downloads_module.shutil, "disk_usage", real)  # space was freed
    lib.download_button.click()
    qtbot.waitUntil(lambda: status(lib) == "Available offline", timeout=20_000)
    assert lib.message.text() == ""
    assert services.library.is_available("paid-course")
