"""Table model of a dated study plan: day, lesson, minutes, done. GUI thread only."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.views import PlanEntry
from ui.format import day, minutes

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root (a default argument Qt models share)


class PlanModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[PlanEntry] = []

    def set_plan(self, entries: tuple[PlanEntry, ...] | list[PlanEntry]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> PlanEntry | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Day"), self.tr("Lesson"), self.tr("Time"), self.tr("Done"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        e = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return f"{day(e.day)} ({e.day.strftime('%a')})" if e.day != date.today() \
                    else day(e.day)
            if col == 1:
                return e.title
            if col == 2:
                return minutes(e.minutes)
            if col == 3:
                return "✓" if e.done else ""
        if role == Qt.ItemDataRole.FontRole and e.day == date.today():
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and e.done:
            return QBrush(QColor("#1a7f37"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
