"""A learner rates a course they own from the course screen: offline first (saved at
once, "waiting to be sent"), published by the next sync, edited, then deleted; the store's
public list follows each step."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from PySide6.QtCore import Qt
from support import _window, wait_idle  # type: ignore[import-not-found]

COURSE = "free-course"


@pytest.fixture
def win(qtbot: Any, fresh_store: Any) -> Iterator[Any]:
    yield from _window(qtbot, fresh_store.url)


def public_reviews(url: str) -> list[tuple[int, str]]:
    page = httpx.get(f"{url}/v1/catalog/courses/{COURSE}/reviews", timeout=10).json()
    return [(r["rating"], r["text"]) for r in page["items"]]


def open_dialog(course: Any, qtbot: Any) -> Any:
    qtbot.mouseClick(course.rate_button, Qt.MouseButton.LeftButton)
    dialog = course.review_dialog
    qtbot.waitUntil(dialog.isVisible, timeout=5_000)
    return dialog


def test_rate_offline_then_sync_edit_and_delete(win: Any, qtbot: Any, fresh_store: Any) -> None:
    services = win.controller.services
    services.catalog.buy(COURSE, expected_amount=0, expected_currency="USD")
    services.library.download(COURSE)
    win.go("course", course_id=COURSE)
    course = win.screens["course"]
    qtbot.waitUntil(lambda: course.rate_button.isVisible(), timeout=20_000)
    assert course.rate_button.text() == "Rate this course…"

    fresh_store.stop()  # offline: the rating is kept here and sent later
    dialog = open_dialog(course, qtbot)
    assert not dialog.save_button.isEnabled()  # no stars yet
    qtbot.keyClick(dialog, Qt.Key.Key_4)
    assert dialog.rating == 4 and dialog.rating_label.text() == "Very good"
    dialog.text.setPlainText("Short lessons, good examples.")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "waiting to be sent" in course.review_label.text(), timeout=10_000)
    assert "★★★★☆" in course.review_label.text()
    assert course.rate_button.text() == "Edit your review…"

    fresh_store.start()
    win.controller.sync_now()
    qtbot.waitUntil(lambda: "(published)" in course.review_label.text(), timeout=20_000)
    assert public_reviews(fresh_store.url) == [(4, "Short lessons, good examples.")]

    dialog = open_dialog(course, qtbot)
    assert dialog.rating == 4 and dialog.text.toPlainText() == "Short lessons, good examples."
    qtbot.mouseClick(dialog.star_buttons[4], Qt.MouseButton.LeftButton)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: public_reviews(fresh_store.url)
                    == [(5, "Short lessons, good examples.")], timeout=20_000)  # fmt: skip
    qtbot.waitUntil(lambda: "★★★★★ (published)" in course.review_label.text(), timeout=20_000)

    dialog = open_dialog(course, qtbot)
    qtbot.mouseClick(dialog.delete_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: course.rate_button.text() == "Rate this course…", timeout=10_000)
    assert course.review_label.text() == ""
    qtbot.waitUntil(lambda: public_reviews(fresh_store.url) == [], timeout=20_000)
    wait_idle(win)
