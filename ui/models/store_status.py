"""The recent server errors of the Store status screen (when, status, method and route,
request id, error). GUI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from sync.protocol import ErrorEntry

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class ErrorsModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ErrorEntry] = []

    def set_errors(self, errors: list[ErrorEntry]) -> None:
        self.beginResetModel()
        self._rows = list(errors)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 4

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("When (UTC)"), self.tr("Request"), self.tr("Request id"),
                    self.tr("Error"))[section]  # fmt: skip
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        e, col = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return (e.at.strftime("%Y-%m-%d %H:%M:%S"), f"{e.status} {e.method} {e.route}",
                    e.request_id, e.error)[col]  # fmt: skip
        return None
