"""Table model of a dated study plan: day, lesson, minutes, done.

The "Done" column is a check box: ticking it emits `doneToggled(entry, done)` (the screen
records it); the model shows the new state at once. GUI thread only."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from app.services.views import PlanEntry
from ui.format import day, minutes, weekday

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root (a default argument Qt models share)


class PlanModel(QAbstractTableModel):
    doneToggled = Signal(object, bool)  # PlanEntry, ticked

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

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and index.column() == 3:
            flags |= Qt.ItemFlag.ItemIsUserCheckable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != 3 or \
                role != Qt.ItemDataRole.CheckStateRole:
            return False
        e = self._rows[index.row()]
        done = Qt.CheckState(value) == Qt.CheckState.Checked
        self._rows[index.row()] = replace(e, done=done)
        self.dataChanged.emit(index.siblingAtColumn(0), index)
        self.doneToggled.emit(e, done)
        return True

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
                return f"{day(e.day)} ({weekday(e.day)})" if e.day != date.today() \
                    else day(e.day)
            if col == 1:
                return e.title
            if col == 2:
                return minutes(e.minutes)
        if role == Qt.ItemDataRole.CheckStateRole and col == 3:
            return Qt.CheckState.Checked if e.done else Qt.CheckState.Unchecked
        if role == Qt.ItemDataRole.ToolTipRole and col == 1 and e.course_id and e.item_key:
            return self.tr("Double-click or press Enter to open this lesson")
        if role == Qt.ItemDataRole.FontRole and e.day == date.today():
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and e.done:
            return QBrush(QColor("#1a7f37"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (2, 3):
            return int(Qt.AlignmentFlag.AlignCenter)
        return None
