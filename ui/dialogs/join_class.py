"""Join a class: the learner types the code their teacher gave them; the store's answer
(a wrong code, offline) is shown in the dialog, which stays open to correct the code.
GUI thread; the join runs on the worker (`app.services.institutions`)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import is_user_error
from ui.messages import error_text


class JoinClassDialog(QDialog):
    joined = Signal(object)  # the MyGroupOut joined

    def __init__(self, controller: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("joinClassDialog")
        self.controller = controller
        layout = QVBoxLayout(self)
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.code = QLineEdit()
        self.code.setObjectName("classCode")
        self.code.setMaxLength(64)
        self.error = QLabel()
        self.error.setObjectName("joinError")
        self.error.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.join_button = QPushButton()
        self.join_button.setObjectName("joinButton")
        self.join_button.setDefault(True)
        self.buttons.addButton(self.join_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.rejected.connect(self.reject)
        self.join_button.clicked.connect(self.join)
        for w in (self.intro, self.code, self.error, self.buttons):
            layout.addWidget(w)
        self.setWindowTitle(self.tr("Join a class"))
        self.intro.setText(self.tr(
            "Type the code your teacher gave you. The class's coaches will see your progress "
            "in the class's courses (Settings → Privacy lists exactly what)."))
        self.code.setPlaceholderText(self.tr("Class code"))
        self.join_button.setText(self.tr("Join"))

    def join(self) -> None:
        services = self.controller.services
        if services is None:
            return
        self.error.setText("")
        self.join_button.setEnabled(False)
        self.controller.worker.run(services.institutions.join, self.code.text(),
                                   on_done=self._joined, on_error=self._failed, owner=self)

    def _joined(self, group: Any) -> None:
        self.join_button.setEnabled(True)
        self.joined.emit(group)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.join_button.setEnabled(True)
        if not is_user_error(exc):
            from ui.errors import report_exception

            report_exception(exc)
            return
        self.error.setText(error_text(exc))
        self.code.setFocus()
        self.code.selectAll()
