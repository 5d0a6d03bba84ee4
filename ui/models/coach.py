"""Table model of a coach's course report: one row per learner (completion, study time per
week, quiz results per skill, outcome score, goal status, last sync), the same rows the
"Export CSV…" file holds (`app.services.institutions.learner_rows`). GUI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from app.services.institutions import LearnerRow, learner_rows, skill_names
from sync.institutions import CourseReport

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()

FIXED_BEFORE = 3  # learner, completion, lessons done
FIXED_AFTER = 3  # outcome, goal, last sync


class CoachReportModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[LearnerRow] = []
        self._weeks: list[str] = []
        self._skills: list[str] = []

    def set_report(self, report: CourseReport | None) -> None:
        self.beginResetModel()
        if report is None:
            self._rows, self._weeks, self._skills = [], [], []
        else:
            self._rows = learner_rows(report)
            self._weeks = list(report.weeks)
            self._skills = skill_names(report)
        self.endResetModel()

    def learner(self, row: int) -> LearnerRow:
        return self._rows[row]

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        if parent.isValid():
            return 0
        return FIXED_BEFORE + len(self._weeks) + len(self._skills) + FIXED_AFTER

    def _kind(self, col: int) -> tuple[str, int]:
        if col < FIXED_BEFORE:
            return ("fixed", col)
        col -= FIXED_BEFORE
        if col < len(self._weeks):
            return ("week", col)
        col -= len(self._weeks)
        if col < len(self._skills):
            return ("skill", col)
        return ("after", col - len(self._skills))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        if not 0 <= section < self.columnCount():
            return None
        kind, i = self._kind(section)
        if kind == "fixed":
            return (self.tr("Learner"), self.tr("Completion"), self.tr("Lessons done"))[i]
        if kind == "week":
            return self.tr("Minutes %1").replace("%1", self._weeks[i])
        if kind == "skill":
            return self.tr("Quiz: %1").replace("%1", self._skills[i])
        return (self.tr("Outcome"), self.tr("Goal"), self.tr("Last sync"))[i]

    def goal_text(self, status: str) -> str:
        return {
            "on_track": self.tr("on track"),
            "behind": self.tr("behind"),
            "done": self.tr("done"),
            "no_goal": self.tr("no goal"),
        }.get(status, status)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        if not 0 <= index.column() < self.columnCount():
            return None
        r = self._rows[index.row()]
        kind, i = self._kind(index.column())
        if role == Qt.ItemDataRole.ToolTipRole and kind == "fixed" and i == 0:
            return r.email
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if kind == "fixed" and i == 0:
                return None
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if kind == "fixed":
            return (r.name, f"{r.completion:g} %", r.items)[i]
        if kind == "week":
            return f"{r.minutes_per_week[i]:g}"
        if kind == "skill":
            return r.skills[i]
        if i == 0:
            return "" if r.outcome is None else f"{r.outcome:g}"
        if i == 1:
            return self.goal_text(r.goal_status)
        if r.last_sync is None:
            return self.tr("never")
        day = r.last_sync.astimezone().date()
        return QLocale().toString(QDate(day.year, day.month, day.day),
                                  QLocale.FormatType.ShortFormat)
