"""Helpers that drive the real dialogs the way a learner would."""

from __future__ import annotations

from typing import Any

import shiboken6
from PySide6.QtWidgets import QApplication
from support import new_email  # type: ignore[import-not-found]


def find_top(cls: type, name: str) -> Any:
    for w in QApplication.topLevelWidgets():
        if isinstance(w, cls) and w.objectName() == name and w.isVisible():
            return w
    return None


def register_via_dialog(window: Any, qtbot: Any, name: str = "Ada") -> str:
    """Open the sign-in dialog from Home, fill in "Create account", submit; returns email."""
    from ui.dialogs.login import LoginDialog

    window.go("home")
    home = window.screens["home"]
    home.register_button.click()
    dialog = find_top(LoginDialog, "loginDialog")
    assert dialog is not None and dialog.tabs.currentIndex() == 1
    email = new_email()
    dialog.reg_name.setText(name)
    dialog.reg_email.setText(email)
    dialog.reg_password.setText("password123")
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(),
                    timeout=20_000)
    qtbot.waitUntil(lambda: window.controller.services.account.signed_in, timeout=5000)
    return email
