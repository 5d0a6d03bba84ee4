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


def login_dialog(window: Any, register: bool) -> Any:
    """Open the sign-in dialog from the profile switcher (no profile open) or from Settings
    (a profile open), on the "Create account" tab when ``register``."""
    from ui.dialogs.login import LoginDialog

    page = window.profiles_page
    if window.controller.services is None:
        assert page is not None and window.stack.currentWidget() is page
        (page.register_button if register else page.sign_in_button).click()
    else:
        window.go("settings")
        window.screens["settings"].sign_in()
    dialog = find_top(LoginDialog, "loginDialog")
    assert dialog is not None
    dialog.tabs.setCurrentIndex(1 if register else 0)
    return dialog


def register_via_dialog(window: Any, qtbot: Any, name: str = "Ada",
                        email: str | None = None, remember: bool = True) -> str:
    """On the profile switcher: "Create account…", fill it in, submit; returns the email
    once the new profile is open."""
    dialog = login_dialog(window, register=True)
    email = email or new_email()
    dialog.reg_name.setText(name)
    dialog.reg_email.setText(email)
    dialog.reg_password.setText("password123")
    dialog.remember.setChecked(remember)
    before = window.controller.services
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(),
                    timeout=20_000)
    qtbot.waitUntil(lambda: window.controller.services is not None
                    and window.controller.services is not before, timeout=10_000)
    return email


def sign_in_via_dialog(window: Any, qtbot: Any, email: str, password: str = "password123",
                       remember: bool = True) -> Any:
    """On the profile switcher: "Sign in to another account…", submit; returns the dialog
    (still open when the sign-in failed)."""
    dialog = login_dialog(window, register=False)
    dialog.login_email.setText(email)
    dialog.login_password.setText(password)
    dialog.remember.setChecked(remember)
    dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible()
                    or dialog.error.isVisible(), timeout=20_000)
    return dialog
