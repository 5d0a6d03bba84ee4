"""Sign-in and create-account dialog.

The store call runs on the worker; a wrong password or any other `UserError` is shown
plainly inside the dialog (``errorLabel``) so the learner can correct it. When there is no
keyring the session is kept for this run only and the plain `NO_KEYRING_MESSAGE` is shown
once the sign-in succeeded. GUI thread only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
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
        self.login_email.setText(str(controller.settings["last_user_email"]))
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
        services = self.controller.services
        if services is None:
            return
        self.error.hide()
        self.buttons.setEnabled(False)
        self.setCursor(Qt.CursorShape.BusyCursor)
        account = services.account
        if self.registering:
            email = self.reg_email.text()
            self.controller.worker.run(account.register, email, self.reg_password.text(),
                                       self.reg_name.text(), on_done=self._done,
                                       on_error=self._failed, owner=self)
        else:
            email = self.login_email.text()
            self.controller.worker.run(account.login, email, self.login_password.text(),
                                       on_done=self._done, on_error=self._failed, owner=self)

    @Slot(object)
    def _done(self, profile: object) -> None:
        self.unsetCursor()
        self.buttons.setEnabled(True)
        services = self.controller.services
        email = getattr(profile, "email", "")
        if email:
            self.controller.settings.set("last_user_email", email)
        self.controller.accountChanged.emit()
        self.signedIn.emit()
        if services is not None and services.account.session_only:
            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Signed in for this session"),
                              services.account.keyring_message or "", parent=self.parentWidget())
            box.setObjectName("noKeyringBox")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
        self.accept()
        self.controller.sync_now(quiet=True)

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self.unsetCursor()
        self.buttons.setEnabled(True)
        if is_user_error(exc):
            self.error.setText(error_text(exc))
            self.error.show()
            (self.reg_password if self.registering else self.login_password).selectAll()
        else:
            from ui.errors import report_exception

            report_exception(exc, self)
