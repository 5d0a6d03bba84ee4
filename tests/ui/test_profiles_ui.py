"""Accounts on one laptop, through the real window: Alice and Bob each see only their own
work; signing out locks a profile; a laptop without a keyring unlocks offline."""

from __future__ import annotations

from typing import Any

from helpers import register_via_dialog  # type: ignore[import-not-found]
from support import (  # type: ignore[import-not-found]
    PAID_PRICE,
    _window,
    buy_and_download,
    wait_idle,
)

NOTE = "Alice: adding is combining"


def show(window: Any, key: str, **kw: Any) -> Any:
    window.go(key, **kw)
    wait_idle(window)
    return window.screens[key]


def write_note(window: Any, qtbot: Any) -> None:
    course = show(window, "course", course_id="paid-course")
    qtbot.waitUntil(lambda: course.item is not None, timeout=10_000)
    course.note_edit.setPlainText(NOTE)
    course.note_button.click()
    qtbot.waitUntil(lambda: course.notes_list.count() == 1, timeout=10_000)


def switch_profile(window: Any, qtbot: Any) -> Any:
    window.switch_profile_action.trigger()
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.profiles_page
                    and window.profiles_page.list.count() > 0, timeout=20_000)
    return window.profiles_page


def test_alice_and_bob_each_see_only_their_own_work(bare_window: Any, qtbot: Any) -> None:
    win = bare_window
    alice = register_via_dialog(win, qtbot, name="Alice")
    buy_and_download(win)
    write_note(win, qtbot)
    goals = show(win, "goals")
    goals.create_button.click()
    qtbot.waitUntil(lambda: goals.goal_list.count() == 1, timeout=10_000)

    page = switch_profile(win, qtbot)
    assert win.screens == {}  # nothing of Alice stays on screen
    assert page.list.item(0).text() == f"Alice ({alice})\nopens without a password"
    bob = register_via_dialog(win, qtbot, name="Bob")
    assert win.account_label.text() == f"Bob ({bob})"
    home = show(win, "home")
    assert home.summary is not None and home.summary.next_lessons == ()
    assert show(win, "library").model.rowCount() == 0
    assert show(win, "goals").goal_list.count() == 0
    assert win.controller.services.data.counts() == {"events": 0, "notes": 0, "goals": 0}

    page = switch_profile(win, qtbot)
    labels = [page.list.item(i).text().split("\n")[0] for i in range(page.list.count())]
    assert labels == [f"Bob ({bob})", f"Alice ({alice})"]  # most recently used first
    page.list.setCurrentRow(1)
    page.open_button.click()  # remembered: no password
    qtbot.waitUntil(lambda: win.controller.is_ready
                    and win.account_label.text() == f"Alice ({alice})", timeout=20_000)
    course = show(win, "course", course_id="paid-course")
    qtbot.waitUntil(lambda: course.notes_list.count() == 1, timeout=10_000)
    assert course.notes_list.item(0).text().startswith(NOTE)
    assert show(win, "goals").goal_list.count() == 1


def test_signing_out_locks_the_profile_until_its_password(bare_window: Any,
                                                         qtbot: Any) -> None:
    win = bare_window
    email = register_via_dialog(win, qtbot, name="Alice")
    win.sign_out_action.trigger()
    qtbot.waitUntil(lambda: win.stack.currentWidget() is win.profiles_page
                    and win.profiles_page.list.count() == 1, timeout=20_000)
    page = win.profiles_page
    assert page.list.item(0).text() == f"Alice ({email})\nlocked: type the password"
    page.password.setText("not her password")
    page.open_button.click()
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=20_000)
    assert page.error.text().startswith("That password does not unlock this profile.")
    assert win.controller.services is None
    page.password.setText("password123")
    page.open_button.click()
    qtbot.waitUntil(lambda: win.controller.is_ready, timeout=20_000)
    assert win.controller.services.account.current_user.email == email


def test_a_laptop_without_keyring_restarts_offline_and_studies_a_paid_course(
        qtbot: Any, fresh_store: Any) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    for win in _window(qtbot, fresh_store.url, account=None):
        qtbot.waitUntil(lambda w=win: w.profiles_page is not None
                        and w.profiles_page.keyring_note.isVisible(), timeout=10_000)
        page = win.profiles_page
        assert "no secure password store" in page.keyring_note.text()
        register_via_dialog(win, qtbot, name="Alice")
        settings = show(win, "settings")
        assert "no secure password store" in settings.keyring_label.text()
        assert settings.keyring_label.isVisible()
        # said once on the switcher: switching profile does not say it again
        switch_profile(win, qtbot)
        assert not page.keyring_note.isVisible()
        page.password.setText("password123")
        page.open_button.click()
        qtbot.waitUntil(lambda w=win: w.controller.is_ready, timeout=20_000)
        services = win.controller.services
        services.catalog.buy("paid-course", card="4242 4242 4242 4242",
                             expected_amount=PAID_PRICE, expected_currency="USD")
        services.library.download("paid-course")
    fresh_store.stop()  # no network from here on
    for win in _window(qtbot, fresh_store.url, account=None):
        page = win.profiles_page
        assert win.stack.currentWidget() is page and page.list.count() == 1
        assert not page.keyring_note.isVisible()  # not at every start either
        assert page.unlock_row.isVisible() and not page.remember.isEnabled()
        page.password.setText("password123")
        page.password.returnPressed.emit()
        qtbot.waitUntil(lambda w=win: w.controller.is_ready, timeout=20_000)
        library = show(win, "library")
        assert library.model.index(0, 1).data() == "Available offline"
        course = show(win, "course", course_id="paid-course")
        qtbot.waitUntil(lambda c=course: c.item is not None and c.item.id == "l-add",
                        timeout=10_000)
        assert "combining" in course.lesson.text_page.browser.toPlainText()


def test_the_profile_switcher_speaks_chinese(bare_window: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.i18n import set_language

    win = bare_window
    register_via_dialog(win, qtbot, name="Mei")
    page = switch_profile(win, qtbot)
    app = QApplication.instance()
    set_language(app, "zh_CN")
    try:
        assert page.title.text() == "谁在学习？"
        assert page.list.item(0).text().endswith("\n无需密码即可打开")
        assert win.file_menu.title() == "文件(&F)"
        assert win.switch_profile_action.text() == "切换档案…"
    finally:
        set_language(app, "en")


def test_work_in_flight_at_a_profile_switch_ends_quietly(
    bare_window: Any, qtbot: Any, monkeypatch: Any
) -> None:
    """A screen's call still running when its profile closes meets the closed database; the
    learner sees the switcher, not a crash dialog."""
    import threading

    import ui.worker

    win = bare_window
    register_via_dialog(win, qtbot, name="Alice")
    home = show(win, "home")
    crashes: list[BaseException] = []
    monkeypatch.setattr(ui.worker, "default_error_handler", crashes.append)
    services = win.controller.services
    release = threading.Event()

    def slow_read() -> None:  # e.g. Home's summary, still reading when the switch comes
        release.wait(10)
        services.quiz.reviews_due()

    got: list[object] = []
    home.call(slow_read, on_done=got.append)
    # the dropped screen is not deleted yet (as under a nested event loop, or in a script
    # that pumps events without exec()): its calls must still end quietly
    monkeypatch.setattr(type(home), "deleteLater", lambda self: None)
    switch_profile(win, qtbot)
    qtbot.waitUntil(lambda: services.db._closed, timeout=10_000)  # the profile is locked
    release.set()
    assert win.controller.worker.wait_idle(10_000)
    assert crashes == [] and got == []
