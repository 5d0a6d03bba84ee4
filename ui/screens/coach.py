"""Coach screen: for accounts that coach a class (group). Pick a group and one of its
courses; a table of each learner's progress (`ui.models.coach.CoachReportModel`), the lessons
where learners stop and the questions most missed; "Export CSV…" writes the table's rows.

Thin: the store calls and the CSV are `app.services.institutions`; they run on the worker.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
)

from app.errors import is_user_error
from app.services.institutions import write_csv
from sync.institutions import CoachGroupOut, CourseReport
from ui.messages import error_text
from ui.models.coach import CoachReportModel
from ui.screens.base import Screen, card, muted, section


class CoachScreen(Screen):
    def __init__(self, controller: Any, window: Any = None) -> None:
        super().__init__(controller, window)
        self.groups: list[CoachGroupOut] = []
        self.report: CourseReport | None = None

        row = QHBoxLayout()
        self.l_group = QLabel()
        self.group_box = QComboBox()
        self.group_box.setObjectName("coachGroup")
        self.l_course = QLabel()
        self.course_box = QComboBox()
        self.course_box.setObjectName("coachCourse")
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("coachRefresh")
        self.export_button = QPushButton()
        self.export_button.setObjectName("coachExport")
        self.export_button.setEnabled(False)
        for w in (self.l_group, self.group_box, self.l_course, self.course_box):
            row.addWidget(w)
        row.addStretch(1)
        row.addWidget(self.refresh_button)
        row.addWidget(self.export_button)
        self.layout_.addLayout(row)

        self.message = muted()
        self.message.setObjectName("coachMessage")
        self.layout_.addWidget(self.message)

        self.model = CoachReportModel(self)
        self.table = QTableView()
        self.table.setObjectName("coachTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.layout_.addWidget(self.table, 3)

        lower = QHBoxLayout()
        stops, sl = card()
        self.stops_title = section()
        self.stops_label = muted()
        self.stops_label.setObjectName("coachStops")
        sl.addWidget(self.stops_title)
        sl.addWidget(self.stops_label)
        sl.addStretch(1)
        missed, ml = card()
        self.missed_title = section()
        self.missed_label = muted()
        self.missed_label.setObjectName("coachMissed")
        ml.addWidget(self.missed_title)
        ml.addWidget(self.missed_label)
        ml.addStretch(1)
        lower.addWidget(stops, 1)
        lower.addWidget(missed, 1)
        self.layout_.addLayout(lower, 1)

        self.group_box.currentIndexChanged.connect(self._group_changed)
        self.course_box.currentIndexChanged.connect(lambda _i: self.load_report())
        self.refresh_button.clicked.connect(self.reload)
        self.export_button.clicked.connect(self.choose_csv)
        self.retranslate()
        self.reload()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Coaching"))
        self.l_group.setText(self.tr("Class"))
        self.l_course.setText(self.tr("Course"))
        self.refresh_button.setText(self.tr("Refresh"))
        self.export_button.setText(self.tr("Export CSV…"))
        self.stops_title.setText(self.tr("Where learners stop"))
        self.missed_title.setText(self.tr("Questions most missed"))
        self._show_details()

    def activated(self) -> None:
        if self.report is not None:
            self.load_report()

    # -- loading --------------------------------------------------------------------------
    def reload(self) -> None:
        self.message.setText(self.tr("Loading…"))
        self.call(
            self.services.institutions.coach_groups,
            on_done=self._groups_loaded,
            on_error=self._failed,
        )

    def _groups_loaded(self, groups: list[CoachGroupOut]) -> None:
        current = self.group_box.currentData()
        self.groups = groups
        self.group_box.blockSignals(True)
        self.group_box.clear()
        for g in groups:
            self.group_box.addItem(f"{g.name} — {g.organisation_name}", g.id)
        index = max(0, self.group_box.findData(current))
        self.group_box.blockSignals(False)
        if not groups:
            self.message.setText(self.tr("You coach no class right now."))
            self.course_box.clear()
            self._set_report(None)
            return
        self.group_box.setCurrentIndex(index)
        self._group_changed(index)

    def _group_changed(self, index: int) -> None:
        if not 0 <= index < len(self.groups):
            return
        group = self.groups[index]
        self.course_box.blockSignals(True)
        self.course_box.clear()
        for course_id in group.course_ids:
            self.course_box.addItem(course_id, course_id)
        self.course_box.blockSignals(False)
        if not group.course_ids:
            self.message.setText(self.tr("This class has no courses yet."))
            self._set_report(None)
            return
        self.load_report()

    def load_report(self) -> None:
        group_id = self.group_box.currentData()
        course_id = self.course_box.currentData()
        if not group_id or not course_id:
            return
        self.message.setText(self.tr("Loading…"))
        self.call(
            self.services.institutions.report,
            group_id,
            course_id,
            on_done=self._set_report,
            on_error=self._failed,
        )

    def _set_report(self, report: CourseReport | None) -> None:
        self.report = report
        self.model.set_report(report)
        self.export_button.setEnabled(report is not None and bool(report.learners))
        if report is not None:
            i = self.course_box.findData(report.course_id)
            if i >= 0 and report.course_title:
                self.course_box.setItemText(i, report.course_title)
        self._show_details()

    def _show_details(self) -> None:
        report = self.report
        if report is not None:
            self.message.setText(
                self.tr("%1 learners; figures from what their apps synced.").replace(
                    "%1", str(len(report.learners))
                )
                if report.learners
                else self.tr("No learner has joined this class yet.")
            )
        if report is None:
            self.stops_label.setText("")
            self.missed_label.setText("")
            return
        self.stops_label.setText(
            "\n".join(
                self.tr("%1 — %2 learners")
                .replace("%1", s.title or s.item_id)
                .replace("%2", str(s.learners))
                for s in report.stop_points
            )
            or self.tr("No learner is stuck.")
        )
        self.missed_label.setText(
            "\n".join(
                self.tr("%1 (%2) — missed %3 of %4")
                .replace("%1", q.question_id)
                .replace("%2", q.quiz_title)
                .replace("%3", str(q.missed))
                .replace("%4", str(q.answered))
                for q in report.missed_questions[:10]
            )
            or self.tr("No quiz answers yet.")
        )

    def _failed(self, exc: BaseException) -> None:
        if not is_user_error(exc):
            from ui.errors import report_exception

            report_exception(exc)
            return
        self.message.setText(error_text(exc))

    # -- export ---------------------------------------------------------------------------
    def choose_csv(self) -> None:
        if self.report is None:
            return
        name = f"{self.report.group_name}-{self.report.course_id}.csv".replace(" ", "_")
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export CSV"), str(Path.home() / name), self.tr("CSV files (*.csv)")
        )
        if path:
            self.export_csv_to(Path(path))

    def export_csv_to(self, path: Path) -> None:
        report = self.report
        if report is None:
            return
        self.call(
            write_csv,
            report,
            path,
            on_done=lambda n: self.message.setText(
                self.tr("Exported %1 learners to %2.")
                .replace("%1", str(n))
                .replace("%2", str(path))
            ),
            on_error=self._failed,
        )
