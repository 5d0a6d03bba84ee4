"""Each screen on the real services and a real store, as a learner sees it."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from helpers import find_top  # type: ignore[import-not-found]
from PySide6.QtWidgets import QMessageBox
from support import PAID_PRICE, buy_and_download, wait_idle  # type: ignore[import-not-found]


def show(window: Any, key: str, **kw: Any) -> Any:
    window.go(key, **kw)
    wait_idle(window)
    return window.screens[key]


# -- Home ---------------------------------------------------------------------------------
def end_store_session(window: Any) -> None:
    """The profile stays open, but its store session ended (expired, or revoked)."""
    window.controller.services.client.logout()
    window.controller.accountChanged.emit()


def test_home_without_a_store_session_offers_to_sign_in_again(window: Any) -> None:
    home = show(window, "home")
    assert not home.signin_card.isVisible()
    end_store_session(window)
    home = show(window, "home")
    assert home.signin_card.isVisible()
    assert home.greeting.text() == "Hello, Ada. You studied 0 min this week."
    assert not home.register_button.isVisible()
    assert home.review_count.text() == "0"


def test_home_shows_next_lesson_plan_status_and_a_recommendation(signed_in: Any) -> None:
    buy_and_download(signed_in)
    services = signed_in.controller.services
    services.catalog.refresh()
    home = show(signed_in, "home")
    assert not home.signin_card.isVisible()
    assert home.greeting.text().startswith("Hello, Ada.")
    shown = [home.next_box.itemAt(i).layout().itemAt(0).widget().text()
             for i in range(home.next_box.count())]
    assert shown[0].startswith("<b>Adding numbers</b><br><span>Paid numbers · ")
    summary = home.summary
    assert summary.next_lessons[0].title == "Adding numbers"
    assert summary.plan_status == ""
    assert home.plan_status.text().startswith("No goal yet")
    assert [r.course_id for r in summary.recommendations] == ["free-course"]
    assert "Paid numbers" in home.reason_text(summary.recommendations[0].reason)


# -- Store --------------------------------------------------------------------------------
def test_store_lists_searches_filters_and_shows_detail(window: Any, qtbot: Any) -> None:
    store = show(window, "store")
    qtbot.waitUntil(lambda: store.model.rowCount() == 2, timeout=10_000)
    assert store.count.text() == "2 courses"
    titles = [store.model.card(i).title for i in range(2)]
    assert titles == ["Free numbers", "Paid numbers"]
    store.search.setText("maths")  # tags are searched too
    store.apply_filters()
    qtbot.waitUntil(lambda: store.model.rowCount() == 2 and store.count.text() == "2 courses")
    store.search.setText("paid")
    store.apply_filters()
    qtbot.waitUntil(lambda: store.model.rowCount() == 1)
    assert store.model.card(0).id == "paid-course"
    store.search.clear()
    store.price.setCurrentIndex(store.price.findData("free"))
    qtbot.waitUntil(lambda: store.model.rowCount() == 1 and
                    store.model.card(0).id == "free-course")
    store.price.setCurrentIndex(0)
    store.topic.setCurrentIndex(store.topic.findData("data"))
    qtbot.waitUntil(lambda: store.model.rowCount() == 1 and
                    store.model.card(0).id == "paid-course")
    # each row: title, topic, language, total duration, lessons, price, then the tags
    assert store.model.index(0).data() == (
        "Paid numbers\nData · English · 13 min · 4 lessons · $12.00\n#maths")
    store.list.setCurrentIndex(store.model.index(0))
    qtbot.waitUntil(lambda: store.detail is not None, timeout=10_000)
    assert store.d_title.text() == "Paid numbers"
    bundle_kb = store.detail.size_bytes / 1024
    assert 1 < bundle_kb < 1024, "the test bundle is a few KB"
    assert store.d_meta.text() == (
        f"Test Author · Data · English · 13 min · 4 lessons · v1.0.0 · {bundle_kb:.1f} KB")
    assert store.d_tags.text() == "Tags: maths" and store.d_tags.isVisible()
    assert store.d_price.text() == "$12.00"
    assert store.buy_button.text() == "Buy for $12.00"
    assert store.outline_model.rowCount() == 2
    assert "handout" in store.d_desc.toPlainText()


def test_buying_without_a_store_session_asks_to_sign_in_again(window: Any, qtbot: Any) -> None:
    from ui.dialogs.login import LoginDialog

    email = window.controller.services.account.current_user.email
    end_store_session(window)
    store = show(window, "store", course_id="paid-course")
    qtbot.waitUntil(lambda: store.detail is not None, timeout=10_000)
    store.buy_button.click()
    dialog = find_top(LoginDialog, "loginDialog")
    assert dialog is not None and dialog.tabs.currentIndex() == 0
    assert dialog.login_email.text() == email
    dialog.close()


def test_declined_card_says_so_and_the_test_card_buys(signed_in: Any, qtbot: Any) -> None:
    from ui.screens.store import BuyDialog

    store = show(signed_in, "store", course_id="paid-course")
    qtbot.waitUntil(lambda: store.detail is not None, timeout=10_000)
    store.buy_button.click()
    dialog = find_top(BuyDialog, "buyDialog")
    dialog.card.setText("4000 0000 0000 0002")
    dialog.accept()
    qtbot.waitUntil(lambda: find_top(QMessageBox, "userErrorBox") is not None, timeout=20_000)
    box = find_top(QMessageBox, "userErrorBox")
    assert box.text() == "The card was declined."
    box.close()
    assert store.buy_button.isVisible()
    store.buy_button.click()
    dialog = find_top(BuyDialog, "buyDialog")
    dialog.card.setText("4242 4242 4242 4242")
    dialog.accept()
    qtbot.waitUntil(lambda: store.library_button.isVisible(), timeout=20_000)
    assert not store.buy_button.isVisible()
    assert store.d_message.text() == "This course is in your library."
    assert "paid-course" in signed_in.controller.services.library.owned_ids()


def test_free_course_is_got_without_payment(signed_in: Any, qtbot: Any) -> None:
    store = show(signed_in, "store", course_id="free-course")
    qtbot.waitUntil(lambda: store.detail is not None, timeout=10_000)
    assert store.buy_button.text() == "Get for free"
    store.buy_button.click()
    qtbot.waitUntil(lambda: store.library_button.isVisible(), timeout=20_000)


# -- Library ------------------------------------------------------------------------------
def test_library_downloads_with_progress_and_removes(signed_in: Any, qtbot: Any) -> None:
    services = signed_in.controller.services
    services.catalog.buy("paid-course", card="4242 4242 4242 4242",
                         expected_amount=PAID_PRICE, expected_currency="USD")
    lib = show(signed_in, "library")
    assert lib.model.rowCount() == 1
    assert lib.model.index(0, 1).data() == "Not downloaded"
    assert lib.model.index(0, 4).data() == "30 days left"
    assert lib.download_button.isEnabled() and not lib.open_button.isEnabled()
    lib.download_button.click()
    assert lib.model.downloading("paid-course")  # the bar shows at once
    qtbot.waitUntil(lambda: lib.model.index(0, 1).data() == "Available offline",
                    timeout=20_000)
    assert lib.open_button.isEnabled()
    assert lib.model.index(0, 2).data() == "0 of 4 done"
    lib.remove_button.click()
    box = find_top(QMessageBox, "confirmRemove")
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: lib.model.index(0, 1).data() == "Not downloaded", timeout=10_000)
    assert not services.library.is_available("paid-course")


# -- Course -------------------------------------------------------------------------------
def test_course_player_ticks_notes_and_bookmarks(signed_in: Any, qtbot: Any) -> None:
    buy_and_download(signed_in)
    course = show(signed_in, "course", course_id="paid-course")
    qtbot.waitUntil(lambda: course.item is not None, timeout=10_000)
    assert course.item.id == "l-add"
    assert course.progress_label.text() == "0 of 4 lessons done"
    bar = course.lesson.text_page.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())  # read to the end
    qtbot.waitUntil(lambda: course.outline_model.is_done("l-add"), timeout=10_000)
    assert course.progress_label.text() == "1 of 4 lessons done"
    course.note_edit.setPlainText("Adding is combining.")
    course.note_button.click()
    qtbot.waitUntil(lambda: course.notes_list.count() == 1, timeout=10_000)
    assert course.notes_list.item(0).text().startswith("Adding is combining.")
    course.bookmark_button.click()
    qtbot.waitUntil(lambda: course.bookmarks_list.count() == 1, timeout=10_000)
    assert "Adding numbers" in course.bookmarks_list.item(0).text()
    course.next_button.click()
    qtbot.waitUntil(lambda: course.item.id == "l-pdf", timeout=10_000)
    events = signed_in.controller.services.progress.completed("paid-course")
    assert events == {"l-add"}


def test_notes_can_be_edited_and_a_delete_undone(signed_in: Any, qtbot: Any) -> None:
    from PySide6.QtCore import Qt

    buy_and_download(signed_in)
    services = signed_in.controller.services
    course = show(signed_in, "course", course_id="paid-course")
    qtbot.waitUntil(lambda: course.item is not None, timeout=10_000)
    assert not course.edit_note_button.isEnabled() and not course.delete_note_button.isEnabled()
    course.note_edit.setPlainText("Adding is combining.")
    course.note_button.click()
    qtbot.waitUntil(lambda: course.notes_list.count() == 1, timeout=10_000)

    # edit: the note's text goes to the editor, "Save changes" writes it back
    course.notes_list.setCurrentRow(0)
    assert course.edit_note_button.isEnabled()
    course.edit_note_button.click()
    assert course.note_edit.toPlainText() == "Adding is combining."
    assert course.note_button.text() == "Save changes" and course.cancel_edit_button.isVisible()
    course.note_edit.setPlainText("Adding is combining amounts: 2 + 2 = 4.")
    course.note_button.click()
    qtbot.waitUntil(lambda: course.notes_list.item(0).text().startswith(
        "Adding is combining amounts"), timeout=10_000)
    assert course.notes_list.count() == 1
    assert course.note_button.text() == "Add note" and not course.cancel_edit_button.isVisible()
    assert course.note_edit.toPlainText() == ""
    [note] = services.notes.notes("paid-course")
    assert note.body == "Adding is combining amounts: 2 + 2 = 4."

    # an empty edit is refused plainly, the note stays as it was
    course.notes_list.setCurrentRow(0)
    course.edit_note_button.click()
    course.note_edit.setPlainText("   ")
    course.note_button.click()
    qtbot.waitUntil(lambda: course.note_message.isVisible(), timeout=10_000)
    assert course.note_message.text() == "Write something first: the note is empty."
    course.cancel_edit_button.click()
    assert services.notes.notes("paid-course")[0].body.startswith("Adding is combining amounts")

    # delete, then "Undo" in the bar
    course.notes_list.setCurrentRow(0)
    course.delete_note_button.click()
    qtbot.waitUntil(lambda: course.notes_list.count() == 0, timeout=10_000)
    assert course.undo_bar.isVisible() and course.undo_label.text() == "Note deleted."
    assert services.notes.notes("paid-course") == []
    course.undo_button.click()
    qtbot.waitUntil(lambda: course.notes_list.count() == 1, timeout=10_000)
    assert not course.undo_bar.isVisible()
    assert course.notes_list.item(0).text().startswith("Adding is combining amounts")

    # delete again, then Ctrl+Z
    course.notes_list.setCurrentRow(0)
    course.delete_note_button.click()
    qtbot.waitUntil(lambda: course.notes_list.count() == 0, timeout=10_000)
    course.notes_list.setFocus()
    qtbot.keyClick(course.notes_list, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: course.notes_list.count() == 1, timeout=10_000)
    assert not course.undo_action.isEnabled()  # nothing more to undo

    # the edit, the delete and its undo sync as one note: another device sees it, edited
    services.sync.sync_now()
    from sync.client import StoreClient
    from sync.protocol import DeviceInfo

    store_url = services.store_url
    with StoreClient(store_url) as other:
        other.login(services.account.current_user.email, "password123",
                    DeviceInfo(name="laptop"))
        pulled = other.pull_records(0, 1000).records
    [record] = [r for r in pulled if r.collection == "notes"]
    assert record.fields["body"].value == "Adding is combining amounts: 2 + 2 = 4."
    assert not record.deleted


# -- Quiz ---------------------------------------------------------------------------------
def test_quiz_answers_are_recorded_and_a_pass_completes_the_quiz(signed_in: Any,
                                                                qtbot: Any) -> None:
    buy_and_download(signed_in)
    quiz_screen = show(signed_in, "quiz")
    assert quiz_screen.list.count() == 1
    quiz_screen._chosen(quiz_screen.list.item(0))
    qtbot.waitUntil(lambda: quiz_screen.view.quiz is not None, timeout=10_000)
    view = quiz_screen.view
    answers = {"q1": "b", "q3": True}
    for _ in range(5):
        q = view.current_question()
        if q.type in ("single", "true_false"):
            next(b for b in view.area.buttons
                 if b.property("value") == answers.get(q.id, "a")).click()
        elif q.type == "multiple":
            view.area.buttons[0].click()
            view.area.buttons[2].click()
        elif q.type == "numeric":
            view.area.line.setText("3.5")
        else:
            view.area.line.setText("print")
        view.check_button.click()
        view.next_button.click()
    assert "5 of 5 correct" in view.summary_text.text()
    wait_idle(signed_in)
    services = signed_in.controller.services
    assert "check" in services.progress.completed("paid-course")
    progress = services.guidance.progress_summary()
    assert progress.accuracy == 1.0
    assert {s.skill_id for s in progress.skills} == {"s.add", "s.div"}


# -- Goals --------------------------------------------------------------------------------
def test_goal_gets_a_dated_plan_and_can_be_replanned(signed_in: Any, qtbot: Any) -> None:
    buy_and_download(signed_in)
    goals = show(signed_in, "goals")
    assert goals.course.currentData() == "paid-course"
    assert goals.goal_title.text() == "Finish Paid numbers"
    goals.create_button.click()
    qtbot.waitUntil(lambda: goals.goal_list.count() == 1, timeout=10_000)
    assert goals.plan_model.rowCount() >= 4
    lessons = {goals.plan_model.index(r, 1).data() for r in range(goals.plan_model.rowCount())}
    assert {"Adding numbers", "Handout", "Listen: halves"} <= lessons
    assert goals.status.text().startswith("✓ On track")
    goals.replan_button.click()
    wait_idle(signed_in)
    assert goals.plan_model.rowCount() >= 4
    goals.achieved_button.click()
    wait_idle(signed_in)
    qtbot.waitUntil(lambda: goals.goal_list.item(0).text().startswith("✓ "), timeout=10_000)


def test_goal_form_refuses_without_a_course(signed_in: Any) -> None:
    goals = show(signed_in, "goals")
    assert not goals.create_button.isEnabled()
    assert "Download a course first" in goals.form_message.text()


# -- Progress -----------------------------------------------------------------------------
def test_progress_shows_chart_mastery_time_and_outcome(signed_in: Any, qtbot: Any) -> None:
    buy_and_download(signed_in)
    services = signed_in.controller.services
    manifest = services.library.manifest("paid-course")
    lesson = manifest.item("l-add")
    services.progress.studied("paid-course", lesson, 600)
    services.progress.reached_end("paid-course", lesson)
    quiz = services.library.course("paid-course").quiz("check")
    for q in quiz.questions:
        services.quiz.record_answer("paid-course", "check", q, "x", q.id != "q4", 1, 12)
    progress = show(signed_in, "progress")
    assert progress.time_value.text() == "10 min"
    assert progress.lessons_value.text() == "1"
    assert progress.accuracy_value.text() == "80%"
    assert progress.score_value.text() not in ("—", "")
    assert 0 < float(progress.score_value.text()) <= 100
    assert len(progress.chart.series()) == 2
    bars = progress.chart.series()[0].barSets()[0]
    assert bars.at(bars.count() - 1) == 10.0  # today's minutes
    assert progress.skill_model.rowCount() == 2
    names = {progress.skill_model.index(r, 0).data() for r in range(2)}
    assert names == {"Addition", "Division"}
    assert "Paid numbers: 38%" in progress.courses_label.text()


# -- Settings -----------------------------------------------------------------------------
def test_settings_export_and_sign_out(signed_in: Any, qtbot: Any, tmp_path: Path) -> None:
    settings = show(signed_in, "settings")
    assert settings.account_label.text().startswith("Signed in as Ada")
    target = tmp_path / "export.zip"
    settings.export_to(target)
    qtbot.waitUntil(lambda: settings.data_message.text().startswith("Exported"),
                    timeout=10_000)
    with zipfile.ZipFile(target) as z:
        assert {"README.txt", "account.json", "events.json", "notes.json"} <= set(z.namelist())
    settings.load_devices()
    qtbot.waitUntil(lambda: settings.devices.count() == 1, timeout=10_000)
    assert "this device" in settings.devices.item(0).text()
    email = signed_in.controller.services.account.current_user.email
    settings.signout_button.click()
    # the profile closes and locks: its screens are gone, the switcher asks for the password
    qtbot.waitUntil(lambda: signed_in.stack.currentWidget() is signed_in.profiles_page,
                    timeout=20_000)
    assert signed_in.controller.services is None and signed_in.screens == {}
    page = signed_in.profiles_page
    assert page.list.count() == 1
    assert page.list.item(0).text() == f"Ada ({email})\nlocked: type the password"
    assert page.unlock_row.isVisible() and signed_in.account_label.text() == "No profile open"


def test_settings_theme_switches_the_palette(window: Any) -> None:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    settings = show(window, "settings")
    settings.theme.setCurrentIndex(settings.theme.findData("dark"))
    window_color = QApplication.palette().color(QPalette.ColorRole.Window)
    assert window_color.lightness() < 80
    settings.theme.setCurrentIndex(settings.theme.findData("light"))
    assert QApplication.palette().color(QPalette.ColorRole.Window).lightness() > 200


def test_settings_delete_my_data_removes_the_profile_from_this_computer(
        signed_in: Any, qtbot: Any) -> None:
    buy_and_download(signed_in)
    controller = signed_in.controller
    services = controller.services
    folder = services.app.profiles.registry.folder(services.account.current_user.id)
    downloads = services.library.downloads_dir
    assert folder.is_dir() and any(downloads.glob("*.satchel"))
    settings = show(signed_in, "settings")
    settings.delete_button.click()
    box = find_top(QMessageBox, "confirmDelete")
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: signed_in.stack.currentWidget() is signed_in.profiles_page
                    and signed_in.profiles_page.list.count() == 0, timeout=30_000)
    assert controller.services is None
    assert signed_in.profiles_page.title.text() == "Welcome to Satchel"
    assert not folder.exists() and not any(downloads.glob("*.satchel"))


def test_invalid_setting_is_refused_plainly(window: Any) -> None:
    settings = show(window, "settings")
    settings.store_url.setText("ftp://example.org")
    settings.store_url.editingFinished.emit()
    box = find_top(QMessageBox, "userErrorBox")
    assert "must be empty (embedded demo store) or start with http" in box.text()
    box.close()
    assert window.controller.settings["store_url"].startswith("http://127.0.0.1")


def test_status_bar_names_the_signed_in_learner(signed_in: Any) -> None:
    assert "Ada" in signed_in.account_label.text()
    assert signed_in.account_label.text().endswith("@example.org)")
    label = signed_in.account_label.text()
    end_store_session(signed_in)
    assert signed_in.account_label.text() == f"{label} — not signed in to the store"


def test_home_names_no_reason_it_cannot_back(signed_in: Any) -> None:
    home = show(signed_in, "home")
    # the recommender's honest generic reason, and any kind this build does not know yet
    assert home.reason_text("explore|") == "Also in the store"
    assert home.reason_text("some_future_kind|x") == "Also in the store"
    assert home.reason_text("popular|") == "Popular in the store"
