"""A learner's classes in the app against the real test store: joining with a typed code
(wrong codes said plainly), Settings → Privacy listing the classes, their coaches and what
they see (offline: the list kept in the profile, "as of" its date), leaving after a yes, and
the class institution.toml names joined at first sign-in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from classes_kit import make_class, register  # type: ignore[import-not-found]
from PySide6.QtWidgets import QApplication, QMessageBox
from support import _window  # type: ignore[import-not-found]


def open_settings(window: Any, qtbot: Any) -> Any:
    settings = window.go("settings")
    qtbot.waitUntil(lambda: settings.my_groups is not None, timeout=20_000)
    return settings


def join_with(settings: Any, qtbot: Any, code: str) -> Any:
    dialog = settings.show_join_class()
    dialog.code.setText(code)
    dialog.join_button.click()
    return dialog


def coached_class(store: Any) -> dict[str, Any]:
    coach_email, _token = register(store, "Ms Rivera")
    return make_class(store, coach_email)


def test_a_wrong_or_short_code_is_said_plainly_and_the_dialog_stays(
        window: Any, qtbot: Any) -> None:
    settings = open_settings(window, qtbot)
    assert "You are not in any class." in settings.classes_label.text()
    dialog = join_with(settings, qtbot, "NOPE-NOPE-NOPE")
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=20_000)
    assert dialog.error.text() == ("There is no group with this code; check it with your "
                                   "teacher.")
    assert dialog.isVisible() and dialog.code.text() == "NOPE-NOPE-NOPE"
    dialog.code.setText("5A")
    dialog.join_button.click()
    qtbot.waitUntil(lambda: "at least 4 characters" in dialog.error.text(), timeout=20_000)
    dialog.reject()


def test_joining_lists_the_class_its_coach_and_what_they_see_then_leaving(
        window: Any, qtbot: Any, test_store: Any) -> None:
    from sync.institutions import COACH_SEES

    group = coached_class(test_store)
    settings = open_settings(window, qtbot)
    dialog = settings.show_join_class()
    dialog.code.setText(group["join_code"].lower())  # typed loosely
    with qtbot.waitSignal(dialog.finished, timeout=20_000):  # closes once joined
        dialog.join_button.click()
    qtbot.waitUntil(lambda: "Class 5A" in settings.classes_label.text(), timeout=20_000)
    text = settings.classes_label.text()
    assert "Class 5A (Northfield)" in text
    assert "Coaches: Ms Rivera" in text
    assert all(plain in text for _key, plain in COACH_SEES)
    assert "as of" not in text

    leave = settings.findChild(type(settings.join_class_button), f"leaveClass_{group['id']}")
    assert leave is not None
    leave.click()
    box = next(w for w in QApplication.topLevelWidgets()
               if isinstance(w, QMessageBox) and w.objectName() == "leaveClassBox")
    assert "no longer see your progress" in box.text()
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: "You are not in any class." in settings.classes_label.text(),
                    timeout=20_000)


@pytest.fixture
def own_window(qtbot: Any, fresh_store: Any) -> Iterator[Any]:
    yield from _window(qtbot, fresh_store.url)


def test_offline_privacy_shows_the_last_known_classes_as_of_their_date(
        own_window: Any, qtbot: Any, fresh_store: Any) -> None:
    group = coached_class(fresh_store)
    services = own_window.controller.services
    services.institutions.join(group["join_code"])
    fresh_store.stop()
    settings = open_settings(own_window, qtbot)
    text = settings.classes_label.text()
    assert "Class 5A (Northfield)" in text and "Coaches: Ms Rivera" in text
    assert "as of" in text and "cannot be reached" in text
    assert settings.findChild(type(settings.join_class_button),
                              f"leaveClass_{group['id']}") is None  # leaving needs the store


def test_the_institution_class_is_joined_once_and_leaving_it_sticks(
        window: Any, test_store: Any) -> None:
    from app.errors import UserError
    from ui.i18n import set_language
    from ui.messages import error_text

    group = coached_class(test_store)
    inst = window.controller.services.institutions
    joined = inst.join_provisioned(group["join_code"])
    assert joined is not None and joined.id == group["id"]
    inst.leave(group["id"])
    assert inst.join_provisioned(group["join_code"]) is None  # the next start: not again
    assert inst.my_groups().groups == []
    with pytest.raises(UserError, match=r"\[store\] group_code") as caught:
        inst.join_provisioned("ZZZZ-NOT-A-CLASS")
    set_language(QApplication.instance(), "zh_CN")
    try:  # shown to the learner in their language, with the code IT wrote
        assert error_text(caught.value) == (
            "商店中没有您的机构设置的代码为“ZZZZ-NOT-A-CLASS”的班级（institution.toml 中的 "
            "[store] group_code）；请联系 IT 部门检查。")
    finally:
        set_language(QApplication.instance(), "en")
