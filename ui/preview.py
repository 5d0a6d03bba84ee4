"""`satchel preview PATH`: a bundle exactly as a learner sees it, plus the validator's report.

The outline and lesson player are the same widgets the Course screen uses; quizzes are fully
answerable with feedback and retry, but nothing is recorded (there is no database here).
The right-hand panel lists every problem the validator found (file, field, message); a
"Reload" button (F5) re-reads the bundle after the author edits it; with `watch=True`
(`satchel preview DIR --watch`) a `QFileSystemWatcher` on the folder and its files reloads
it by itself about 0.2 s after a save, keeping the open lesson and its scroll position. A
manifest broken by hand only changes the report. Opening and reading happen on the worker;
the GUI thread only shows prepared values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QFileSystemWatcher, Qt, QTimer, Slot
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMainWindow,
    QPushButton,
    QSplitter,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.errors import is_user_error
from app.services.completion import Standing, reading_seconds, rule_for
from app.services.lessons import PreparedLesson, prepare_lesson
from app.services.preview import PreviewBundle, open_preview
from ui.format import minutes
from ui.messages import error_text
from ui.models.outline import OutlineModel
from ui.models.report import ReportModel
from ui.widgets.completion_label import CompletionLabel
from ui.widgets.lesson_view import LessonView
from ui.worker import Worker


class PreviewWindow(QMainWindow):
    """Outline | lesson | validation report, for one bundle path."""

    RELOAD_DELAY_MS = 200  # a save often writes several times: wait for it to settle

    def __init__(
        self, path: str | Path, worker: Worker | None = None, *, watch: bool = False
    ) -> None:
        super().__init__()
        self.setObjectName("previewWindow")
        self.path = Path(path)
        self.worker = worker or Worker(self)
        self.bundle: PreviewBundle | None = None
        self._wanted: str | None = None
        self._restore: tuple[str, dict[str, Any]] | None = None
        self._seek_to: dict[str, Any] | None = None
        self.reloads = 0  # finished loads, for tests and the status line
        self.watcher: QFileSystemWatcher | None = None
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(self.RELOAD_DELAY_MS)
        self._debounce.timeout.connect(self.load)
        if watch:
            self.watcher = QFileSystemWatcher(self)
            self.watcher.directoryChanged.connect(self._changed)
            self.watcher.fileChanged.connect(self._changed)
        self.resize(1240, 780)

        central = QWidget()
        col = QVBoxLayout(central)
        col.setContentsMargins(10, 8, 10, 8)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("screenTitle")
        self.banner = QLabel()
        self.banner.setObjectName("offlineBanner")
        self.reload_button = QPushButton()
        self.reload_button.setObjectName("reload")
        self.reload_button.clicked.connect(self.load)
        head.addWidget(self.title, 1)
        head.addWidget(self.banner)
        head.addWidget(self.reload_button)
        col.addLayout(head)
        self.meta = QLabel()
        self.meta.setObjectName("muted")
        self.meta.setWordWrap(True)
        col.addWidget(self.meta)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.outline_model = OutlineModel(self)
        self.outline = QTreeView()
        self.outline.setObjectName("outline")
        self.outline.setModel(self.outline_model)
        self.outline.setHeaderHidden(True)
        self.outline.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.outline.header().setStretchLastSection(False)
        self.outline.clicked.connect(self._item_clicked)
        self.outline.activated.connect(self._item_clicked)
        splitter.addWidget(self.outline)

        lesson_box = QWidget()
        lcol = QVBoxLayout(lesson_box)
        lcol.setContentsMargins(0, 0, 0, 0)
        self.rule_label = CompletionLabel()  # the same rule the learner's player shows
        self.lesson = LessonView()
        lcol.addWidget(self.rule_label)
        lcol.addWidget(self.lesson, 1)
        splitter.addWidget(lesson_box)

        report_box = QWidget()
        rcol = QVBoxLayout(report_box)
        rcol.setContentsMargins(0, 0, 0, 0)
        self.report_title = QLabel()
        self.report_title.setObjectName("sectionTitle")
        self.report_summary = QLabel()
        self.report_summary.setObjectName("reportSummary")
        self.report_summary.setWordWrap(True)
        self.report_model = ReportModel(self)
        self.report_view = QTableView()
        self.report_view.setObjectName("reportView")
        self.report_view.setModel(self.report_model)
        self.report_view.setWordWrap(True)
        self.report_view.verticalHeader().hide()
        self.report_view.horizontalHeader().setStretchLastSection(True)
        self.report_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        rcol.addWidget(self.report_title)
        rcol.addWidget(self.report_summary)
        rcol.addWidget(self.report_view, 1)
        splitter.addWidget(report_box)
        splitter.setSizes([260, 640, 340])
        col.addWidget(splitter, 1)
        self.setCentralWidget(central)
        QShortcut(QKeySequence("F5"), self, self.load)
        QShortcut(QKeySequence("Ctrl+Q"), self, self.close)
        QShortcut(QKeySequence("Ctrl+W"), self, self.close)
        self.retranslate()
        self.lesson.show_message(self.tr("Opening %1…").replace("%1", str(self.path)))

    def retranslate(self) -> None:
        name = self.bundle.title if self.bundle else self.path.name
        self.setWindowTitle(self.tr("Preview — %1").replace("%1", name))
        self.banner.setText(self.tr("Preview: answers are not recorded"))
        self.reload_button.setText(self.tr("Reload"))
        self.report_title.setText(self.tr("Validation report"))
        self._show_summary()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- loading ------------------------------------------------------------------------
    @Slot(str)
    def _changed(self, _path: str) -> None:
        self._debounce.start()

    def _watch_paths(self) -> None:
        """Watch the bundle (a folder: every folder and file in it). Editors that save by
        renaming drop a file from the watch list, so this runs after every load."""
        watcher = self.watcher
        if watcher is None:
            return
        wanted = [str(self.path)]
        if self.path.is_dir():
            for sub in self.path.rglob("*"):
                if not any(part.startswith(".") for part in sub.relative_to(self.path).parts):
                    wanted.append(str(sub))
        elif self.path.parent.is_dir():
            wanted.append(str(self.path.parent))
        have = set(watcher.files()) | set(watcher.directories())
        new = [p for p in wanted if p not in have]
        if new:
            watcher.addPaths(new)

    @Slot()
    def load(self) -> None:
        path = self.path
        lesson = self.lesson.lesson
        if lesson is not None and self._restore is None:
            position = dict(self.lesson.position())
            if lesson.kind == "text":
                position["pixels"] = self.lesson.text_page.browser.verticalScrollBar().value()
            self._restore = (lesson.item.id, position)
        self.worker.run(open_preview, path, on_done=self._loaded, on_error=self._failed,
                        owner=self)

    @Slot(object)
    def _loaded(self, bundle: PreviewBundle) -> None:
        if self.bundle is not None:
            old = self.bundle
            self.worker.run(old.close)
        self.bundle = bundle
        self.title.setText(bundle.title)
        m = bundle.manifest
        if m is not None:
            authors = ", ".join(a.name for a in m.authors)
            lessons = sum(1 for _ in m.items())
            self.meta.setText(" · ".join(filter(None, [
                authors, m.language, f"v{m.version}",
                self.tr("%n item(s)", None, lessons), minutes(m.total_duration_min),
                self.tr("price %1").replace("%1", m.price_hint.format()),
            ])))
        else:
            self.meta.setText("")
        self.outline_model.set_outline(bundle.outline())
        self.outline.expandAll()
        self.outline.resizeColumnToContents(1)
        self.report_model.set_report(bundle.report)
        self.report_view.resizeColumnsToContents()
        self.report_view.horizontalHeader().setStretchLastSection(True)
        self.retranslate()
        self.reloads += 1
        self._watch_paths()
        items = self.outline_model.items()
        restore = self._restore
        if items:  # a broken manifest keeps the place for when it is fixed
            self._restore = None
        if restore is not None and any(i.id == restore[0] for i in items):
            self._seek_to = restore[1]
            self.open_item(restore[0])
        elif items:
            self.open_item(items[0].id)
        else:
            self.lesson.show_message(
                self.tr("This bundle cannot be shown: see the problems on the right.")
            )

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        self._restore = None
        self._watch_paths()
        if is_user_error(exc):
            self.lesson.show_message(error_text(exc))
        else:
            from ui.errors import report_exception

            report_exception(exc, self)

    def _show_summary(self) -> None:
        if self.bundle is None:
            self.report_summary.setText("")
            return
        report = self.bundle.report
        errors, warnings = len(report.errors), len(report.warnings)
        if not report.problems:
            text = "✓ " + self.tr("Valid: no problems found.")
        elif report.ok:
            text = "✓ " + self.tr("Valid, with %n warning(s).", None, warnings)
        else:
            text = "✗ " + self.tr("Not valid: %n error(s)", None, errors)
            if warnings:
                text += ", " + self.tr("%n warning(s)", None, warnings)
            text += ". " + self.tr("Learners could not install this bundle.")
        self.report_summary.setText(text)

    # -- lessons ------------------------------------------------------------------------
    @Slot(object)
    def _item_clicked(self, index: object) -> None:
        item = self.outline_model.item_at(index)  # type: ignore[arg-type]
        if item is not None:
            self.open_item(item.id)

    def open_item(self, item_id: str) -> None:
        bundle = self.bundle
        if bundle is None:
            return
        idx = self.outline_model.index_of(item_id)
        if idx.isValid():
            self.outline.setCurrentIndex(idx)
        item = bundle.item(item_id)
        self._wanted = item_id  # a slower, earlier request must not replace this one
        self.lesson.show_message(self.tr("Opening %1…").replace("%1", item.title))
        self.rule_label.set_standing(None)
        self.worker.run(
            prepare_lesson,
            bundle,
            item,
            on_done=self._show_lesson,
            on_error=self._lesson_failed,
            owner=self,
        )

    @Slot(object)
    def _show_lesson(self, lesson: PreparedLesson) -> None:
        if lesson.item.id == self._wanted:
            self.lesson.show_lesson(lesson)
            text_s = reading_seconds(lesson.html) if lesson.kind == "text" else None
            self.rule_label.set_standing(Standing(rule_for(lesson.item, text_s)), progress=False)
            seek, self._seek_to = self._seek_to, None
            if seek:
                # The text layout is finished on the next event-loop turn.
                QTimer.singleShot(0, lambda: self._seek(seek))

    def _seek(self, position: dict[str, Any]) -> None:
        lesson = self.lesson.lesson
        if lesson is not None and lesson.kind == "text" and "pixels" in position:
            bar = self.lesson.text_page.browser.verticalScrollBar()
            bar.setValue(min(int(position["pixels"]), bar.maximum()))
        else:
            self.lesson.seek(position)

    @Slot(object)
    def _lesson_failed(self, exc: BaseException) -> None:
        if is_user_error(exc):
            self.lesson.show_message(
                self.tr("This lesson cannot be opened:") + "\n" + str(exc)
            )
        else:
            from ui.errors import report_exception

            report_exception(exc, self)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._debounce.stop()
        if self.watcher is not None:
            self.watcher.deleteLater()
            self.watcher = None
        self.lesson.stop()
        if self.bundle is not None:
            self.bundle.close()
            self.bundle = None
        super().closeEvent(event)
