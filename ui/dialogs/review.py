"""Rate and review a course: 1-5 stars (buttons, or the keys 1-5) and an optional text.
Non-modal (`open()`): ``saved(rating, text)`` or ``deleted()`` is emitted when the learner
confirms. The dialog only collects; the course screen saves through `ReviewsService`
(offline first: it is sent at the next sync). GUI thread."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

MAX_REVIEW = 5000
STAR, EMPTY = "★", "☆"


def stars(rating: int) -> str:
    return STAR * rating + EMPTY * (5 - rating)


class ReviewDialog(QDialog):
    saved = Signal(int, str)
    deleted = Signal()

    def __init__(self, parent: QWidget | None, course_title: str, rating: int = 0,
                 text: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("reviewDialog")
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.rating = rating
        self._existing = rating > 0
        self.setWindowTitle(self.tr("Rate “%1”").replace("%1", course_title))
        col = QVBoxLayout(self)
        self.prompt = QLabel(self.tr("How useful was this course to you? (keys 1–5)"))
        col.addWidget(self.prompt)
        row = QHBoxLayout()
        self.star_buttons: list[QPushButton] = []
        for n in range(1, 6):
            b = QPushButton()
            b.setObjectName(f"star{n}")
            b.setFlat(True)
            b.setStyleSheet("font-size: 22px; padding: 0 2px;")
            label = self.tr("%1 of 5 stars").replace("%1", str(n))
            b.setToolTip(label)
            b.setAccessibleName(label)
            b.clicked.connect(lambda _=False, n=n: self.set_rating(n))
            self.star_buttons.append(b)
            row.addWidget(b)
        self.rating_label = QLabel()
        self.rating_label.setObjectName("ratingLabel")
        row.addWidget(self.rating_label, 1)
        col.addLayout(row)
        self.text = QPlainTextEdit(text)
        self.text.setObjectName("reviewText")
        self.text.setPlaceholderText(self.tr("What did you like, what was missing? "
                                             "(optional; other learners will read it)"))
        self.text.textChanged.connect(self._update)
        col.addWidget(self.text, 1)
        self.note = QLabel()
        self.note.setObjectName("reviewNote")
        self.note.setWordWrap(True)
        col.addWidget(self.note)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("saveReview")
        self.delete_button = self.buttons.addButton(
            self.tr("Delete my review"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.delete_button.setObjectName("deleteReview")
        self.delete_button.setVisible(self._existing)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        self.delete_button.clicked.connect(self._delete)
        col.addWidget(self.buttons)
        self.resize(460, 300)
        self.star_buttons[max(rating, 1) - 1].setFocus()
        self._update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """1-5 set the stars (unless the text has the focus: there they are text)."""
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            self.set_rating(key - Qt.Key.Key_0)
            return
        super().keyPressEvent(event)

    def set_rating(self, n: int) -> None:
        self.rating = n
        self._update()

    def _update(self) -> None:
        for i, b in enumerate(self.star_buttons, start=1):
            b.setText(STAR if i <= self.rating else EMPTY)
        names = {1: self.tr("Poor"), 2: self.tr("Fair"), 3: self.tr("Good"),
                 4: self.tr("Very good"), 5: self.tr("Excellent")}
        self.rating_label.setText(names.get(self.rating, self.tr("Choose 1 to 5 stars")))
        length = len(self.text.toPlainText().strip())
        too_long = length > MAX_REVIEW
        if too_long:
            self.note.setText(self.tr("The review is %1 characters long; at most %2 are kept "
                                      "by the store.").replace("%1", str(length))
                              .replace("%2", str(MAX_REVIEW)))
        else:
            self.note.setText(self.tr("Saved on this computer at once, and sent to the store "
                                      "the next time Satchel syncs."))
        self.save_button.setEnabled(self.rating > 0 and not too_long)

    def _save(self) -> None:
        if self.rating <= 0:
            return
        self.saved.emit(self.rating, self.text.toPlainText().strip())
        self.accept()

    def _delete(self) -> None:
        self.deleted.emit()
        self.accept()
