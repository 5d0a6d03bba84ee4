"""The shell: sidebar and shortcuts, status bar, background worker, event bridge, error
dialogs and the GUI-thread watchdog."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass
from typing import Any

import pytest
import shiboken6
from helpers import register_via_dialog, sign_in_via_dialog  # type: ignore[import-not-found]
from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from app.errors import NetworkError
from app.eventbus import EventBus
from ui.bridge import EventBridge
from ui.errors import CrashDialog, report_exception
from ui.main_window import SCREEN_KEYS
from ui.watchdog import GuiWatchdog
from ui.worker import Worker


def test_sidebar_lists_the_eight_screens_and_ctrl_digits_switch(window: Any, qtbot: Any) -> None:
    labels = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert labels == ["Home", "Store", "Library", "Course", "Quiz", "Goals & Plan", "Progress",
                      "Settings"]
    for i, key in enumerate(SCREEN_KEYS):
        qtbot.keyClick(window, Qt.Key.Key_1 + i, Qt.KeyboardModifier.ControlModifier)
        assert window.stack.currentWidget() is window.screens[key]
        assert window.sidebar.currentRow() == i


def test_ctrl_f_opens_the_store_with_the_search_box_focused(window: Any, qtbot: Any) -> None:
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    store = window.screens["store"]
    assert window.stack.currentWidget() is store
    qtbot.waitUntil(lambda: QApplication.focusWidget() is store.search, timeout=3000)


def test_f5_without_a_store_session_says_to_sign_in(window: Any, qtbot: Any) -> None:
    window.controller.services.client.logout()  # the profile is open, its session ended
    qtbot.keyClick(window, Qt.Key.Key_F5)
    box = _find(QMessageBox, "userErrorBox")
    assert "Sign in first" in box.text()
    box.close()


def test_no_profile_open_disables_what_needs_one(bare_window: Any, qtbot: Any) -> None:
    window = bare_window
    assert window.stack.currentWidget() is window.profiles_page
    assert not window.sidebar.isEnabled()
    for act in (window.sync_action, window.find_action, window.sign_out_action,
                *window.screen_actions):
        assert not act.isEnabled()
    assert window.switch_profile_action.isEnabled() and window.quit_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_F5)  # nothing happens, no error box
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()]


def test_offline_status_shows_the_banner(window: Any) -> None:
    from sync.status import SyncState, SyncStatus

    window.controller._on_sync_status(
        type("E", (), {"status": SyncStatus(SyncState.OFFLINE, "store unreachable")})())
    assert window.offline_banner.isVisible()
    assert "Offline" in window.offline_banner.text()
    window.controller._on_sync_status(type("E", (), {"status": SyncStatus()})())
    assert not window.offline_banner.isVisible()
    assert window.sync_label.text() == "Not synced yet"


def _find(cls: type, name: str) -> Any:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, cls) and w.objectName() == name and w.isVisible():
            return w
    raise AssertionError(f"no visible {cls.__name__} named {name}")


def test_user_error_gets_a_plain_message_box(qtbot: Any) -> None:
    box = report_exception(NetworkError("Satchel cannot reach the store right now."))
    assert isinstance(box, QMessageBox)
    assert box.text() == "Satchel cannot reach the store right now."
    assert box.icon() == QMessageBox.Icon.Warning
    box.close()


def test_a_bug_opens_the_crash_dialog_with_the_log_tail(qtbot: Any, tmp_path: Any) -> None:
    from logging.handlers import RotatingFileHandler

    handler = RotatingFileHandler(tmp_path / "satchel.log", encoding="utf-8")
    logging.getLogger().addHandler(handler)
    try:
        logging.getLogger("satchel.test").warning("a line written before the crash")
        try:
            raise KeyError("no such lesson")
        except KeyError as exc:
            dialog = report_exception(exc)
        assert isinstance(dialog, CrashDialog)
        assert "KeyError" in dialog.summary.text()
        assert "a line written before the crash" in dialog.text.toPlainText()
        assert "Traceback" in dialog.text.toPlainText()
        qtbot.mouseClick(dialog.copy_button, Qt.MouseButton.LeftButton)
        assert "no such lesson" in QApplication.clipboard().text()
        assert dialog.copy_button.text() == "Copied"
        dialog.close()
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()


def test_worker_runs_off_the_gui_thread_and_delivers_on_it(qtbot: Any) -> None:
    worker = Worker()
    seen: dict[str, Any] = {}
    gui = threading.get_ident()

    def work(x: int) -> int:
        seen["worker_thread"] = threading.get_ident()
        return x * 2

    def done(value: int) -> None:
        seen["value"] = value
        seen["callback_thread"] = threading.get_ident()

    worker.run(work, 21, on_done=done)
    qtbot.waitUntil(lambda: "value" in seen)
    assert seen["value"] == 42
    assert seen["worker_thread"] != gui
    assert seen["callback_thread"] == gui


def test_worker_hands_errors_to_on_error_and_drops_results_of_deleted_owners(qtbot: Any) -> None:
    worker = Worker()
    errors: list[BaseException] = []
    worker.run(lambda: 1 / 0, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors))
    assert isinstance(errors[0], ZeroDivisionError)

    owner = QPushButton()
    got: list[int] = []
    gate = threading.Event()
    worker.run(lambda: gate.wait(5) and 7, on_done=got.append, owner=owner)
    shiboken6.delete(owner)  # the screen that asked is gone
    gate.set()
    assert worker.wait_idle()
    assert got == []


def test_worker_write_lane_delivers_the_future_result(qtbot: Any) -> None:
    from concurrent.futures import Future

    worker = Worker()
    got: list[Any] = []

    def submit() -> Future[str]:
        fut: Future[str] = Future()
        threading.Timer(0.05, lambda: fut.set_result("written")).start()
        return fut

    worker.write(submit, on_done=got.append)
    qtbot.waitUntil(lambda: got == ["written"])


@dataclass(frozen=True)
class Ping:
    n: int


def test_bridge_delivers_bus_events_from_other_threads_on_the_gui_thread(qtbot: Any) -> None:
    bus = EventBus()
    bridge = EventBridge(bus)
    got: list[tuple[int, int]] = []
    bridge.on(Ping, lambda e: got.append((e.n, threading.get_ident())))
    threads = [threading.Thread(target=bus.emit, args=(Ping(i),)) for i in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    qtbot.waitUntil(lambda: len(got) == 5)
    assert sorted(n for n, _ in got) == [0, 1, 2, 3, 4]
    assert {tid for _, tid in got} == {threading.get_ident()}
    bridge.close()
    bus.emit(Ping(9))
    QApplication.processEvents()
    assert len(got) == 5


def test_bridge_drops_slots_of_deleted_owners(qtbot: Any) -> None:
    bus = EventBus()
    bridge = EventBridge(bus)
    owner = QObject()
    got: list[int] = []
    bridge.on(Ping, lambda e: got.append(e.n), owner=owner)
    shiboken6.delete(owner)
    bus.emit(Ping(1))
    QApplication.processEvents()
    assert got == []
    bridge.close()


def test_watchdog_reports_a_blocked_event_loop(
    qtbot: Any, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="satchel.watchdog"), GuiWatchdog() as dog:
        qtbot.wait(60)
        time.sleep(0.15)  # a slow call on the GUI thread
        qtbot.wait(60)
    assert dog.longest_ms() >= 100
    assert "GUI thread blocked" in caplog.text
    # the report points at the blocking line of the blocking function
    assert "in test_watchdog_reports_a_blocked_event_loop" in dog.blocks[0].stack
    assert "time.sleep(0.15)" in dog.blocks[0].stack


def test_watchdog_stays_quiet_while_the_loop_is_responsive(qtbot: Any) -> None:
    with GuiWatchdog(limit_ms=200) as dog:
        qtbot.wait(300)
    assert dog.blocks == []


def test_login_dialog_wrong_password_shows_a_plain_message(bare_window: Any,
                                                           qtbot: Any) -> None:
    window = bare_window
    email = register_via_dialog(window, qtbot)
    window.controller.sign_out()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.profiles_page,
                    timeout=20_000)
    dialog = sign_in_via_dialog(window, qtbot, email, "not the password")
    assert dialog.error.text() == "Wrong email or password."
    assert dialog.isVisible()
    assert window.controller.services is None
    dialog.close()


def test_watchdog_tells_our_stalls_from_waiting_in_the_event_loop() -> None:
    from ui.watchdog import Block

    busy = Block(80, '  File "/x/ui/screens/store.py", line 3, in refresh\n    sleep()\n')
    idle = Block(80, '  File "/x/tests/ui/test_a.py", line 9, in test\n'
                     '  File "/venv/pytestqt/qt_compat.py", line 160, in exec\n')
    assert busy.in_our_code() and not idle.in_our_code()
