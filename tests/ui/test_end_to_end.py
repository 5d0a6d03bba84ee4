"""End to end, through the real window, as a new learner: register, buy with the sandbox
card, download, study a lesson, take a quiz, go offline (the store stops), keep studying,
come back online and sync — asserting what the learner sees at each step."""

from __future__ import annotations

from typing import Any

import pytest
from helpers import find_top, register_via_dialog  # type: ignore[import-not-found]
from support import _window  # type: ignore[import-not-found]


@pytest.fixture
def app_window(qtbot: Any, fresh_store: Any) -> Any:
    yield from _window(qtbot, fresh_store.url, account=None)


def answer_all_correctly(view: Any) -> None:
    keys = {"q1": "b", "q3": True}
    while view.current_question() is not None:
        q = view.current_question()
        if q.type in ("single", "true_false"):
            next(b for b in view.area.buttons if b.property("value") == keys[q.id]).click()
        elif q.type == "multiple":
            for b in view.area.buttons:
                if b.property("value") in ("a", "c"):
                    b.click()
        else:
            view.area.line.setText("3.5" if q.type == "numeric" else "print")
        view.check_button.click()
        assert view.feedback.text() == "✓ Correct"
        view.next_button.click()


@pytest.mark.slow
def test_new_learner_buys_studies_offline_and_syncs(app_window: Any, fresh_store: Any,
                                                    qtbot: Any) -> None:
    from ui.screens.store import BuyDialog

    win = app_window
    controller = win.controller
    assert win.account_label.text() == "No profile open"
    assert win.stack.currentWidget() is win.profiles_page
    assert win.profiles_page.title.text() == "Welcome to Satchel"
    assert not win.sidebar.isEnabled()

    # 1. register: a new account gets its own profile
    email = register_via_dialog(win, qtbot, name="Grace")
    assert win.account_label.text() == f"Grace ({email})"

    # 2. find the course in the store and buy it with the sandbox test card
    win.focus_search()
    store = win.screens["store"]
    qtbot.keyClicks(store.search, "paid")
    qtbot.waitUntil(lambda: store.model.rowCount() == 1, timeout=10_000)
    store.list.setCurrentIndex(store.model.index(0))
    qtbot.waitUntil(lambda: store.detail is not None and store.d_price.text() == "$12.00",
                    timeout=10_000)
    store.buy_button.click()
    dialog = find_top(BuyDialog, "buyDialog")
    qtbot.keyClicks(dialog.card, "4242 4242 4242 4242")
    dialog.accept()
    qtbot.waitUntil(lambda: store.library_button.isVisible(), timeout=30_000)
    assert "is in your library" in store.d_message.text()

    # 3. download it from the library
    store.library_button.click()
    library = win.screens["library"]
    assert win.stack.currentWidget() is library
    qtbot.waitUntil(lambda: library.model.rowCount() == 1, timeout=10_000)
    library.table.selectRow(0)
    library.download_button.click()
    qtbot.waitUntil(lambda: library.model.index(0, 1).data() == "Available offline",
                    timeout=30_000)

    # 4. study the first lesson to the end
    library.open_button.click()
    course = win.screens["course"]
    qtbot.waitUntil(lambda: course.item is not None and course.item.id == "l-add",
                    timeout=10_000)
    bar = course.lesson.text_page.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: course.progress_label.text() == "1 of 4 lessons done",
                    timeout=10_000)

    # 5. take the quiz
    win.go("quiz")
    quiz = win.screens["quiz"]
    qtbot.waitUntil(lambda: quiz.list.count() == 1, timeout=10_000)
    quiz.list.itemClicked.emit(quiz.list.item(0))
    qtbot.waitUntil(lambda: quiz.view.current_question() is not None, timeout=10_000)
    answer_all_correctly(quiz.view)
    assert "5 of 5 correct on the first try (100%)" in quiz.view.summary_text.text()

    # 6. sync while online
    assert controller.worker.wait_idle(20_000)  # the last answers are written
    win.sync_button.click()
    assert controller.worker.wait_idle(30_000)
    assert win.sync_label.text() == "Last synced just now"
    assert not win.offline_banner.isVisible()
    services = controller.services
    assert services.sync.pending_changes() == 0

    # 7. the store goes away: the learner keeps studying offline
    fresh_store.stop()
    win.go("course", course_id="paid-course", item_id="l-pdf")
    qtbot.waitUntil(lambda: course.item is not None and course.item.id == "l-pdf",
                    timeout=10_000)
    page = course.lesson.pdf_page
    qtbot.waitUntil(lambda: page.document.pageCount() == 2, timeout=10_000)
    course.lesson.seek({"page": 1})  # turn to the last page
    qtbot.waitUntil(lambda: course.progress_label.text() == "3 of 4 lessons done",
                    timeout=10_000)  # l-add, the quiz, and now the handout
    course.note_edit.setPlainText("Written on the train, offline.")
    course.note_button.click()
    qtbot.waitUntil(lambda: course.notes_list.count() == 1, timeout=10_000)
    win.sync_button.click()
    qtbot.waitUntil(lambda: win.offline_banner.isVisible(), timeout=30_000)
    assert win.offline_banner.text() == "Offline — your work is saved and will sync later"
    assert services.sync.pending_changes() > 0

    # 8. back online: sync sends what was done offline
    assert controller.worker.wait_idle(20_000)
    fresh_store.start()
    win.sync_button.click()
    assert controller.worker.wait_idle(30_000)
    assert not win.offline_banner.isVisible()
    assert win.sync_label.text() == "Last synced just now"
    assert services.sync.pending_changes() == 0

    # the store now has the offline work: another device of the same learner sees it
    from sync.client import StoreClient
    from sync.protocol import DeviceInfo

    with StoreClient(fresh_store.url) as other:
        other.login(email, "password123", DeviceInfo(name="laptop"))
        pulled = other.pull_event_page(0, 1000)
    completed = {e["object"]["id"] for e in pulled.events if e["verb"].endswith("/completed")}
    assert {"l-add", "check", "l-pdf"} <= completed
