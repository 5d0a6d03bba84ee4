"""A free-preview lesson of a store course, opened before buying.

The same `LessonView` the Course screen and `satchel preview` use, in a window of its own
with a banner saying that this is a free preview (nothing is recorded). The lesson is
prepared on the controller's worker (`CatalogService.open_preview`); this dialog only
shows the prepared value. GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, Qt, Slot
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from app.errors import is_user_error
from app.services.lessons import PreparedLesson
from ui.messages import error_text
from ui.widgets.lesson_view import LessonView


class LessonPreviewDialog(QDialog):
    def __init__(self, course_title: str, item_title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lessonPreview")
        self.resize(820, 640)
        self.item_title = item_title
        self.course_title = course_title
        col = QVBoxLayout(self)
        self.banner = QLabel()
        self.banner.setObjectName("previewBanner")
        self.banner.setWordWrap(True)
        self.lesson = LessonView()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.buttons.rejected.connect(self.reject)
        col.addWidget(self.banner)
        col.addWidget(self.lesson, 1)
        col.addWidget(self.buttons)
        self.retranslate()
        self.lesson.show_message(self.tr("Opening %1…").replace("%1", item_title))

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Free preview — %1").replace("%1", self.item_title))
        self.banner.setText(
            self.tr("Free preview of “%1”. Nothing is recorded; buy the course to study "
                    "all of it.").replace("%1", self.course_title))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @Slot(object)
    def show_lesson(self, lesson: PreparedLesson) -> None:
        self.lesson.show_lesson(lesson)

    @Slot(object)
    def failed(self, exc: BaseException) -> None:
        if is_user_error(exc):
            self.lesson.show_message(
                self.tr("This lesson cannot be opened:") + "\n" + error_text(exc))
        else:
            from ui.errors import report_exception

            report_exception(exc, self)

    def done(self, result: int) -> None:
        self.lesson.stop()
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.lesson.stop()
        super().closeEvent(event)


def open_preview_dialog(screen: Any, course_id: str, course_title: str, item_id: str,
                        item_title: str) -> LessonPreviewDialog:
    """Open the dialog and start preparing the lesson on the screen's worker."""
    dialog = LessonPreviewDialog(course_title, item_title, screen)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    screen.controller.worker.run(  # owned by the dialog: a closed one gets no result
        screen.services.catalog.open_preview, course_id, item_id,
        on_done=dialog.show_lesson, on_error=dialog.failed, owner=dialog)
    dialog.open()
    return dialog
