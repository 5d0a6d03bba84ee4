"""Menus list every action with its shortcut; Enter and Tab in a quiz; zoom of text and PDFs
(kept in the `text_size` setting); outline titles and code blocks fit the default window."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication
from support import buy_and_download, wait_idle  # type: ignore[import-not-found]

from ui.main_window import SCREEN_KEYS


@pytest.fixture(autouse=True)
def _normal_size(qapp: Any) -> Iterator[None]:
    yield
    from ui.theme import set_text_size

    set_text_size(qapp, 100)


def _menu(window: Any, name: str) -> dict[str, str]:
    menu = window.menuBar().findChild(type(window.file_menu), name)
    return {a.text(): a.shortcut().toString() for a in menu.actions() if not a.isSeparator()}


def test_menus_list_every_action_with_its_shortcut(window: Any, qtbot: Any) -> None:
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Go", "&Help"]
    assert _menu(window, "goMenu") == {
        "Home": "Ctrl+1", "Store": "Ctrl+2", "Library": "Ctrl+3", "Course": "Ctrl+4",
        "Quiz": "Ctrl+5", "Goals & Plan": "Ctrl+6", "Progress": "Ctrl+7", "Settings": "Ctrl+8"}
    assert _menu(window, "fileMenu")["Sync now"] == "F5"
    assert _menu(window, "fileMenu")["Switch profile…"] == "Ctrl+Shift+P"
    assert _menu(window, "fileMenu")["Quit"] == "Ctrl+Q"
    assert _menu(window, "editMenu")["Search the store"] == QKeySequence(
        QKeySequence.StandardKey.Find).toString()
    assert _menu(window, "viewMenu") == {"Zoom in": "Ctrl+=", "Zoom out": "Ctrl+-",
                                         "Actual size": "Ctrl+0"}
    # every shortcut the window answers to is in a menu
    in_menus = {a for _t, acts in window.menu_actions() for a in acts}
    for act in window.actions():
        if not act.shortcut().isEmpty():
            assert act in in_menus, act.text()
    # the Go menu really goes there
    window.go_menu.actions()[SCREEN_KEYS.index("quiz")].trigger()
    assert window.stack.currentWidget() is window.screens["quiz"]
    # Help → Keyboard shortcuts lists them all
    dialog = window.show_shortcuts()
    rows = dialog.rows()
    assert ("Go", "Progress", "Ctrl+7") in rows
    assert ("View", "Zoom out", "Ctrl+-") in rows
    assert len(rows) == sum(len(acts) for _t, acts in window.menu_actions())
    dialog.close()


def test_zoom_scales_text_and_pdf_and_the_size_persists(window: Any, qtbot: Any) -> None:
    from app.paths import config_dir
    from app.settings import Settings

    app = QApplication.instance()
    base = app.font().pointSizeF()
    buy_and_download(window)
    course = window.go("course", course_id="paid-course", item_id="l-pdf")
    qtbot.waitUntil(lambda: course.lesson.lesson is not None
                    and course.lesson.lesson.kind == "pdf", timeout=10_000)
    pdf = course.lesson.pdf_page
    qtbot.waitUntil(lambda: pdf.document.pageCount() == 2, timeout=5000)
    fit = pdf._fit_factor()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.settings["text_size"] == 125
    assert abs(app.font().pointSizeF() - base * 1.25) < 0.01
    assert pdf.zoom_factor() > fit * 1.1  # the PDF pages grew too
    assert "font-size: 13.75pt" in app.styleSheet()  # lesson text (11pt) zoomed as well
    assert Settings(config_dir() / "settings.json")["text_size"] == 125  # kept on disk
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.settings["text_size"] == 110
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.controller.settings["text_size"] == 100
    assert abs(app.font().pointSizeF() - base) < 0.01


def test_text_lesson_headings_zoom(window: Any, qtbot: Any) -> None:
    buy_and_download(window)
    course = window.go("course", course_id="paid-course", item_id="l-add")
    qtbot.waitUntil(lambda: course.lesson.lesson is not None, timeout=10_000)
    page = course.lesson.text_page
    height = page.browser.document().size().height()
    window.zoom(1)
    window.zoom(1)
    qtbot.waitUntil(lambda: page.browser.document().size().height() > height * 1.08,
                    timeout=3000)
    window.zoom(0)


def _open_quiz(window: Any, qtbot: Any) -> Any:
    buy_and_download(window)
    screen = window.go("quiz")
    wait_idle(window)
    screen._chosen(screen.list.item(0))
    qtbot.waitUntil(lambda: screen.view.quiz is not None, timeout=10_000)
    return screen.view


def test_enter_checks_the_answer_and_moves_on(window: Any, qtbot: Any) -> None:
    view = _open_quiz(window, qtbot)
    assert view.current_question().id == "q1"
    view.area.buttons[1].click()  # b: the right answer
    qtbot.keyClick(view.area.buttons[1], Qt.Key.Key_Return)
    assert view.feedback.text().startswith("✓")
    qtbot.keyClick(view.next_button, Qt.Key.Key_Return)
    assert view.current_question().id == "q2"
    view.area.buttons[0].click()  # a wrong answer
    qtbot.keyClick(view, Qt.Key.Key_Enter)
    assert view.feedback.text().startswith("✗")
    qtbot.keyClick(view, Qt.Key.Key_Enter)  # after a wrong answer: try again
    assert view.check_button.isVisible() and view.current_question().id == "q2"


def test_tab_stays_inside_the_quiz(window: Any, qtbot: Any) -> None:
    view = _open_quiz(window, qtbot)
    wait_idle(window)  # the role checks and refreshes of a new profile have landed
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    view.area.buttons[0].click()
    view.area.buttons[0].setFocus()
    seen = []
    for _ in range(12):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert all(view.isAncestorOf(w) for w in seen)
    assert view.check_button in seen and view.area.buttons[0] in seen
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert view.isAncestorOf(QApplication.focusWidget())


def test_outline_titles_and_code_fit_the_default_window(window: Any, qtbot: Any) -> None:
    from app.services.lessons import PreparedLesson
    from app.services.markdown_html import to_html

    buy_and_download(window)
    assert (window.width(), window.height()) == (1180, 760)
    course = window.go("course", course_id="paid-course", item_id="l-add")
    qtbot.waitUntil(lambda: course.lesson.lesson is not None, timeout=10_000)
    tree = course.outline
    model = course.outline_model
    from dataclasses import replace

    long_title = "Adding numbers: carrying, place value and the column method, step by step"
    modules = list(model._modules)
    modules[0] = replace(modules[0], items=(replace(modules[0].items[0], title=long_title),
                                            *modules[0].items[1:]))
    model.set_outline(modules)
    tree.expandAll()
    qtbot.wait(50)
    metrics = tree.fontMetrics()
    for item in model.items():
        index = model.index_of(item.id)
        rect = tree.visualRect(index)
        text = metrics.boundingRect(0, 0, rect.width(), 10_000,
                                    int(Qt.TextFlag.TextWordWrap), item.title)
        assert text.height() <= rect.height() + 1, item.title  # no title cut off
    assert tree.visualRect(model.index_of("l-add")).height() > \
        tree.visualRect(model.index_of("l-pdf")).height()  # the long one wrapped
    long_line = "result = " + " + ".join(f"value_{i}" for i in range(60))
    lesson = course.lesson.lesson
    course.lesson.show_lesson(PreparedLesson(
        lesson.item, "text", to_html(f"Code:\n\n    {long_line}\n\nAfter the code.")))
    browser = course.lesson.text_page.browser
    qtbot.waitUntil(lambda: browser.horizontalScrollBar().maximum() > 0, timeout=3000)
    assert long_line in browser.toPlainText()  # not wrapped, not cut: it scrolls sideways
    bar = browser.horizontalScrollBar()
    bar.setValue(bar.maximum())
    assert bar.value() > 0
