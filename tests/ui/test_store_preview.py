"""Free-preview lessons in the Store, as a learner meets them: the preview lesson of a paid
course is bold in the outline and opens (double-click, Enter or "Open preview") in a viewer
without buying; other lessons say that buying opens them; a preview opened once opens
again offline."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication
from support import wait_idle  # type: ignore[import-not-found]


def paid_detail(window: Any, qtbot: Any) -> Any:
    window.go("store")
    wait_idle(window)
    store = window.screens["store"]
    qtbot.waitUntil(lambda: store.model.rowCount() == 2, timeout=10_000)
    row = next(i for i in range(store.model.rowCount())
               if store.model.card(i).title == "Paid numbers")
    store.list.setCurrentIndex(store.model.index(row))
    qtbot.waitUntil(lambda: store.detail is not None and store.detail.card.id == "paid-course"
                    and len(store.outline_model.items()) == 4, timeout=10_000)
    return store


def _row(store: Any, item_id: str) -> Any:
    index = store.outline_model.index_of(item_id)
    assert index.isValid()
    return index


def _select(store: Any, qtbot: Any, item_id: str) -> Any:
    index = _row(store, item_id)
    store.outline.setCurrentIndex(index)
    store.outline.setFocus()
    qtbot.waitUntil(lambda: store.outline.currentIndex() == index, timeout=5_000)
    return index


def _opened_dialog(store: Any, qtbot: Any, before: Any = None) -> Any:
    qtbot.waitUntil(lambda: getattr(store, "preview_dialog", None) not in (None, before),
                    timeout=5_000)
    dialog = store.preview_dialog
    qtbot.waitUntil(lambda: dialog.lesson.lesson is not None, timeout=15_000)
    return dialog


def _shown_text(dialog: Any) -> str:
    return str(dialog.lesson.text_page.browser.toPlainText())


def test_a_free_preview_lesson_opens_without_buying(window: Any, qtbot: Any) -> None:
    store = paid_detail(window, qtbot)
    services = window.controller.services
    assert "paid-course" not in services.library.owned_ids()
    font = store.outline_model.data(_row(store, "l-add"), Qt.ItemDataRole.FontRole)
    assert font is not None and font.bold()
    assert store.outline_model.data(_row(store, "l-pdf"), Qt.ItemDataRole.FontRole) is None
    assert store.preview_button.isVisible() and store.outline_hint.isVisible()

    # A paid lesson: the button is off, and opening it says what to do.
    _select(store, qtbot, "l-pdf")
    assert not store.preview_button.isEnabled()
    qtbot.keyClick(store.outline, Qt.Key.Key_Return)
    assert store.d_message.text() == "Buy the course to open this lesson."
    assert getattr(store, "preview_dialog", None) is None

    # The preview lesson, with Enter: the lesson and its picture, decrypted nowhere here.
    _select(store, qtbot, "l-add")
    assert store.preview_button.isEnabled()
    qtbot.keyClick(store.outline, Qt.Key.Key_Return)
    dialog = _opened_dialog(store, qtbot)
    assert dialog.isVisible()
    assert dialog.windowTitle() == "Free preview — Adding numbers"
    assert "Paid numbers" in dialog.banner.text()
    text = _shown_text(dialog)
    assert text.startswith("Adding numbers") and "combining" in text
    assert "Paragraph 39: practice makes permanent." in text
    doc = dialog.lesson.text_page.browser.document()
    image = doc.resource(QTextDocument.ResourceType.ImageResource,
                         next(iter(dialog.lesson.lesson.images)))
    assert image is not None and not image.isNull()
    assert store.d_message.text() == ""
    dialog.close()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=5_000)

    # Double-click on the row, then the button: the same lesson again.
    index = _select(store, qtbot, "l-add")
    rect = store.outline.visualRect(index)
    before = store.preview_dialog
    # (a double-click is a click then a double-click event, as a real mouse sends it)
    qtbot.mouseClick(store.outline.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(store.outline.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    again = _opened_dialog(store, qtbot, before)
    assert "combining" in _shown_text(again)
    again.close()
    before = store.preview_dialog
    store.preview_button.click()
    third = _opened_dialog(store, qtbot, before)
    assert "combining" in _shown_text(third)
    # In Chinese too.
    from ui.i18n import set_language

    set_language(QApplication.instance(), "zh_CN")
    try:
        assert third.windowTitle() == "免费试看 — Adding numbers"
        assert store.preview_button.text() == "打开试看"
        assert store.outline_hint.text() == "粗体显示的课时可免费试看：双击即可打开。"
        _select(store, qtbot, "l-audio")
        store.open_current_lesson()
        assert store.d_message.text() == "购买课程后才能打开本课。"
    finally:
        set_language(QApplication.instance(), "en")
    third.close()

    # Nothing was bought or unlocked, and no progress was recorded.
    wait_idle(window)
    assert "paid-course" not in services.library.owned_ids()
    assert store.detail.card.owned is False
    assert store.buy_button.isVisible()


def test_a_preview_opened_once_opens_again_offline(window: Any, qtbot: Any,
                                                   test_store: Any) -> None:
    store = paid_detail(window, qtbot)
    _select(store, qtbot, "l-add")
    store.preview_button.click()
    first = _opened_dialog(store, qtbot)
    first.close()
    cached = window.controller.services.catalog.previews.root / "files"
    assert sorted(p.suffix for p in cached.iterdir()) == [".md", ".png"]
    test_store.stop()
    try:
        before = store.preview_dialog
        store.preview_button.click()
        offline = _opened_dialog(store, qtbot, before)
        assert "combining" in _shown_text(offline)
        offline.close()
    finally:
        test_store.start()
    QApplication.processEvents()
