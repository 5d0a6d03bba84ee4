"""The profile switcher: who is studying on this computer (Anki's profile manager).

Shown instead of the screens whenever no profile is open: at start-up when several profiles
exist or the only one is locked, after Switch profile, after Sign out. Lists this store's
profiles (name, email, whether the profile opens by itself or needs its password), opens one
(a locked profile with its password, which works offline), signs in to another account or
creates one (`ui.dialogs.login`), and removes a profile from this computer after asking.
GUI thread only; every profile operation runs on the controller's worker.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError, is_user_error
from ui.messages import error_text
from ui.screens.base import muted

if TYPE_CHECKING:
    from app.profiles.opened import ProfileSummary
    from ui.controller import Controller

ROLE_PROFILE = Qt.ItemDataRole.UserRole


class ProfilesScreen(QWidget):
    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("profilesScreen")
        self.controller = controller
        self.busy = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 12, 24, 12)
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        outer.addWidget(self.title)
        self.intro = muted()
        self.intro.setObjectName("profilesIntro")
        outer.addWidget(self.intro)
        self.list = QListWidget()
        self.list.setObjectName("profileList")
        self.list.setMaximumHeight(220)
        self.list.currentItemChanged.connect(lambda *_a: self._selection_changed())
        self.list.itemActivated.connect(lambda _i: self.open_selected())
        outer.addWidget(self.list)

        self.unlock_row = QWidget()
        row = QHBoxLayout(self.unlock_row)
        row.setContentsMargins(0, 0, 0, 0)
        self.password_label = QLabel()
        self.password = QLineEdit()
        self.password.setObjectName("unlockPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.returnPressed.connect(self.open_selected)
        self.password_label.setBuddy(self.password)
        self.remember = QCheckBox()
        self.remember.setObjectName("rememberProfile")
        row.addWidget(self.password_label)
        row.addWidget(self.password, 1)
        row.addWidget(self.remember)
        outer.addWidget(self.unlock_row)

        buttons = QHBoxLayout()
        self.open_button = QPushButton()
        self.open_button.setObjectName("openProfile")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self.open_selected)
        self.sign_in_button = QPushButton()
        self.sign_in_button.setObjectName("addAccount")
        self.sign_in_button.clicked.connect(lambda: self.ask_login(register=False))
        self.register_button = QPushButton()
        self.register_button.setObjectName("createAccount")
        self.register_button.clicked.connect(lambda: self.ask_login(register=True))
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("removeProfile")
        self.remove_button.clicked.connect(self.remove_selected)
        for b in (self.open_button, self.sign_in_button, self.register_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(self.remove_button)
        outer.addLayout(buttons)
        self.error = QLabel()
        self.error.setObjectName("profileError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #cf222e;")
        self.error.hide()
        outer.addWidget(self.error)
        self.keyring_note = muted()
        self.keyring_note.setObjectName("keyringNote")
        outer.addWidget(self.keyring_note)
        outer.addStretch(1)
        # "no keyring" is said once (the first time this page shows), then only quietly in
        # Settings → Account: not again at every sign-in
        self._keyring_notice = False
        self._keyring_notice_once()
        self.retranslate()

    # -- content ----------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Who is studying?") if self.list.count()
                           else self.tr("Welcome to Satchel"))
        self.intro.setText(self.tr(
            "Each account on this computer has its own profile: its progress, notes, goals "
            "and purchases are private and encrypted on disk. Downloaded courses are kept "
            "once and shared, but each profile can open only the ones it owns."))
        self.password_label.setText(self.tr("&Password:"))
        self.remember.setText(self.tr("Stay signed in on this computer"))
        self.remember.setToolTip(self.tr(
            "Opens this profile without a password next time. Leave it off on a computer "
            "you share."))
        self.open_button.setText(self.tr("Open"))
        self.sign_in_button.setText(self.tr("Sign in to another account…"))
        self.register_button.setText(self.tr("Create account…"))
        self.remove_button.setText(self.tr("Remove from this computer…"))
        self.keyring_note.setText(self.tr(
            "This computer has no secure password store (keyring), so Satchel asks for "
            "your password each time it starts. That works offline too.")
            if self._keyring_notice else "")
        self.keyring_note.setVisible(self._keyring_notice)
        self._fill(self.controller.profiles)

    def _keyring_notice_once(self) -> None:
        """Show the no-keyring note if it was never shown on this computer, and remember
        that it was (the `keyring_notice_shown` setting)."""
        if self._keyring_notice or self._keyring():
            return
        settings = self.controller.settings
        if settings["keyring_notice_shown"]:
            return
        self._keyring_notice = True
        # locked by an institution: the note then shows each time
        with contextlib.suppress(UserError):
            self.controller.apply_setting("keyring_notice_shown", True)

    def _keyring(self) -> bool:
        app = self.controller.app
        return app is None or app.keyring_available

    def show_profiles(self, summaries: list[ProfileSummary] | None = None) -> None:
        """Fill the list (the controller's last listing unless given) and reset the form."""
        self.set_busy(False)
        self.error.hide()
        self.password.clear()
        self._fill(summaries if summaries is not None else self.controller.profiles)
        self._keyring_notice_once()
        self.retranslate()

    def _fill(self, summaries: list[ProfileSummary]) -> None:
        current = self.selected()
        self.list.clear()
        for summary in summaries:
            info = summary.info
            if summary.remembered:
                state = self.tr("opens without a password")
            elif info.password_wrap is not None:
                state = self.tr("locked: type the password")
            else:
                state = self.tr("not unlocked on this computer yet: sign in online")
            item = QListWidgetItem(f"{info.label}\n{state}")
            item.setData(ROLE_PROFILE, summary)
            self.list.addItem(item)
            if current is not None and current.info.id == info.id:
                self.list.setCurrentItem(item)
        if self.list.currentItem() is None and self.list.count():
            self.list.setCurrentRow(0)
        self._selection_changed()

    def selected(self) -> ProfileSummary | None:
        item = self.list.currentItem()
        return item.data(ROLE_PROFILE) if item is not None else None

    def _selection_changed(self) -> None:
        summary = self.selected()
        needs_password = summary is not None and not summary.remembered
        self.unlock_row.setVisible(needs_password)
        self.open_button.setEnabled(summary is not None and not self.busy and (
            summary.remembered or summary.info.password_wrap is not None))
        self.remove_button.setEnabled(summary is not None and not self.busy)
        self.remember.setChecked(False)
        self.remember.setEnabled(self._keyring())
        if needs_password:
            self.password.setFocus()

    def set_busy(self, busy: bool) -> None:
        self.busy = busy
        for w in (self.sign_in_button, self.register_button, self.password, self.list):
            w.setEnabled(not busy)
        if busy:
            self.setCursor(Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()
        self._selection_changed()

    # -- actions ----------------------------------------------------------------------
    @Slot()
    def open_selected(self) -> None:
        summary = self.selected()
        if summary is None or self.busy:
            return
        password = None if summary.remembered else self.password.text()
        if password is not None and not password:
            self._failed_text(self.tr("Type the password of %1 to open it.")
                              .replace("%1", summary.info.label))
            return
        self.error.hide()
        self.set_busy(True)
        self.controller.unlock(summary.info.id, password, remember=self.remember.isChecked(),
                               on_error=self._failed)

    def ask_login(self, register: bool) -> None:
        from ui.dialogs.login import LoginDialog

        dialog = LoginDialog(self.controller, self.window(), register=register)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()

    @Slot()
    def remove_selected(self) -> None:
        summary = self.selected()
        app = self.controller.app
        if summary is None or app is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Remove profile"), self.tr(
            "Remove %1 from this computer? Its progress, notes and goals that were not "
            "synced are lost; what was synced stays in the account and comes back when "
            "you sign in again.").replace("%1", summary.info.label),
            QMessageBox.StandardButton.Cancel, self)
        remove = box.addButton(self.tr("Remove"), QMessageBox.ButtonRole.DestructiveRole)
        box.setObjectName("removeProfileBox")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def chosen(_result: int) -> None:
            if box.clickedButton() is remove:
                self._remove(summary.info.id)

        box.finished.connect(chosen)
        box.open()

    def _remove(self, profile: str) -> None:
        app = self.controller.app
        if app is None:
            return
        from app.services.context import downloads_dir
        from app.services.data import wipe_profile

        self.set_busy(True)
        self.controller.worker.run(
            wipe_profile, app.profiles, profile, downloads_dir(app.settings),
            on_done=lambda _r: self.controller.refresh_profiles(self.show_profiles),
            on_error=self._failed, owner=self)

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self.set_busy(False)
        if is_user_error(exc):
            self._failed_text(error_text(exc))
            self.password.selectAll()
        else:
            from ui.errors import report_exception

            report_exception(exc, self)

    def _failed_text(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def hideEvent(self, event: QHideEvent) -> None:
        # left for a profile (not minimised): the no-keyring note was read, it is not repeated
        if not event.spontaneous() and self._keyring_notice:
            self._keyring_notice = False
            self.keyring_note.hide()
        super().hideEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def summaries(self) -> list[Any]:
        return [self.list.item(i).data(ROLE_PROFILE) for i in range(self.list.count())]
