"""Table model of per-skill mastery: skill, course, mastery (bar), answers. GUI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from app.services.views import SkillMastery
from ui.models.library import ProgressRole

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root (a default argument Qt models share)


class SkillModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[SkillMastery] = []
        self._courses: dict[str, str] = {}

    def set_skills(self, skills: tuple[SkillMastery, ...] | list[SkillMastery],
                   course_titles: dict[str, str] | None = None) -> None:
        self.beginResetModel()
        self._rows = list(skills)
        self._courses = dict(course_titles or {})
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Skill"), self.tr("Course"), self.tr("Mastery"),
                    self.tr("Answers"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        s = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return s.name
            if col == 1:
                return self._courses.get(s.course_id, s.course_id)
            if col == 2:
                return f"{round(s.mastery * 100)}%"
            if col == 3:
                return str(s.attempts)
        if role == ProgressRole and col == 2:
            return s.mastery
        if role == Qt.ItemDataRole.ToolTipRole and col == 2:
            return self.tr("Estimated chance you have mastered this skill")
        return None
