"""Sign-in and create-account dialog.

Signing in opens the account's profile (`Controller.sign_in`: a profile already on this
computer unlocks with the password first, so it opens offline too; a new account gets a new,
encrypted profile). The work runs on the worker; a wrong password or any other user error is
shown plainly inside the dialog (``errorLabel``) so the learner can correct it; the dialog
closes when the profile is open. "Stay signed in on this computer" keeps the profile's key
in the keyring (where there is a secure one). GUI thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import is_user_error
from ui.messages import error_text

if TYPE_CHECKING:
    from ui.controller import Controller


class LoginDialog(QDialog):
    signedIn = Signal()

    def __init__(self, controller: Controller, parent: QWidget | None = None,
                 register: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("loginDialog")
        self.controller = controller
        self._waiting: list[Any] = []  # signals that mean the sign-in finished
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.tabs = QTabWidget()
        # sign in
        login = QWidget()
        form = QFormLayout(login)
        self.login_email = QLineEdit()
        self.login_email.setObjectName("loginEmail")
        self.login_password = QLineEdit()
        self.login_password.setObjectName("loginPassword")
        self.login_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.l_email = QLabel()
        self.l_password = QLabel()
        form.addRow(self.l_email, self.login_email)
        form.addRow(self.l_password, self.login_password)
        self.tabs.addTab(login, "")
        # register
        reg = QWidget()
        rform = QFormLayout(reg)
        self.reg_name = QLineEdit()
        self.reg_name.setObjectName("registerName")
        self.reg_email = QLineEdit()
        self.reg_email.setObjectName("registerEmail")
        self.reg_password = QLineEdit()
        self.reg_password.setObjectName("registerPassword")
        self.reg_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.r_name = QLabel()
        self.r_email = QLabel()
        self.r_password = QLabel()
        rform.addRow(self.r_name, self.reg_name)
        rform.addRow(self.r_email, self.reg_email)
        rform.addRow(self.r_password, self.reg_password)
        self.tabs.addTab(reg, "")
        layout.addWidget(self.tabs)
        self.remember = QCheckBox()
        self.remember.setObjectName("rememberSignIn")
        keyring = controller.app is None or controller.app.keyring_available
        self.remember.setChecked(keyring)
        self.remember.setEnabled(keyring)
        layout.addWidget(self.remember)
        self.error = QLabel()
        self.error.setObjectName("errorLabel")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #cf222e;")
        self.error.hide()
        layout.addWidget(self.error)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.tabs.currentChanged.connect(lambda _i: self.retranslate())
        if register:
            self.tabs.setCurrentIndex(1)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sign in to Satchel"))
        self.intro.setText(self.tr(
            "Your account keeps your purchases and your progress in step on all your "
            "devices. You can study offline once a course is downloaded."))
        self.tabs.setTabText(0, self.tr("Sign in"))
        self.tabs.setTabText(1, self.tr("Create account"))
        self.l_email.setText(self.tr("Email"))
        self.l_password.setText(self.tr("Password"))
        self.r_name.setText(self.tr("Your name"))
        self.r_email.setText(self.tr("Email"))
        self.r_password.setText(self.tr("Password"))
        self.remember.setText(self.tr("Stay signed in on this computer"))
        self.remember.setToolTip(self.tr(
            "Opens your profile without a password next time. Leave it off on a computer "
            "you share; your password then unlocks it, offline too."))
        self.reg_password.setPlaceholderText(self.tr("at least 8 characters"))
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setObjectName("submitLogin")
        ok.setText(self.tr("Sign in") if self.tabs.currentIndex() == 0
                   else self.tr("Create account"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @property
    def registering(self) -> bool:
        return self.tabs.currentIndex() == 1

    @Slot()
    def submit(self) -> None:
        if self.controller.app is None:
            return
        self.error.hide()
        self.buttons.setEnabled(False)
        self.setCursor(Qt.CursorShape.BusyCursor)
        self._wait_for(self.controller.ready)
        remember = self.remember.isChecked()
        if self.registering:
            self.controller.register(self.reg_email.text(), self.reg_password.text(),
                                     self.reg_name.text(), remember=remember,
                                     on_error=self._failed)
        elif self.controller.services is not None and \
                self.controller.services.account.current_user.email.lower() == \
                self.login_email.text().strip().lower():
            self._wait_for(self.controller.accountChanged)  # the open profile signs in again
            self.controller.sign_in(self.login_email.text(), self.login_password.text(),
                                    remember=remember, on_error=self._failed)
        else:
            self.controller.sign_in(self.login_email.text(), self.login_password.text(),
                                    remember=remember, on_error=self._failed)

    def _wait_for(self, signal: Any) -> None:
        signal.connect(self._done)
        self._waiting.append(signal)

    def _disconnect(self) -> None:
        while self._waiting:
            self._waiting.pop().disconnect(self._done)

    @Slot()
    def _done(self) -> None:
        if not shiboken6.isValid(self):
            return
        self._disconnect()
        self.unsetCursor()
        self.buttons.setEnabled(True)
        self.signedIn.emit()
        self.accept()
        self.controller.sync_now(quiet=True)

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        if not shiboken6.isValid(self):  # closed meanwhile: nobody to tell but the log
            import logging

            logging.getLogger(__name__).info("sign-in failed after its dialog closed: %s", exc)
            return
        self._disconnect()
        self.unsetCursor()
        self.buttons.setEnabled(True)
        if is_user_error(exc):
            self.error.setText(error_text(exc))
            self.error.show()
            (self.reg_password if self.registering else self.login_password).selectAll()
        else:
            from ui.errors import report_exception

            report_exception(exc, self)
