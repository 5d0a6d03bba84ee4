"""Tree model of a course outline: modules → lessons/quizzes, with completion ticks.

Rows come from `app.services.views.OutlineModule` values (already loaded; no I/O here).
Column 0 is the title (icon: a tick when done, else the kind's icon), column 1 the expected
duration. `ItemIdRole` gives the item id (None for a module row); `set_done(id, bool)`
updates one tick. With `store_mode` (the Store's outline of a course not bought yet)
free-preview rows are bold and locked rows stay selectable but greyed, so that opening one
can say why it does not open. GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt

from app.services.views import OutlineItem, OutlineModule
from ui.format import kind_name, minutes
from ui.icons import icon

ItemIdRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2
DoneRole = Qt.ItemDataRole.UserRole + 3
LockedRole = Qt.ItemDataRole.UserRole + 4
PreviewRole = Qt.ItemDataRole.UserRole + 5

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root (a default argument Qt models share)
_NO_PARENT = 0xFFFFFFFF  # internalId of module rows


class OutlineModel(QAbstractItemModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._modules: list[OutlineModule] = []
        self._done: set[str] = set()
        self.store_mode = False

    # -- loading ------------------------------------------------------------------------
    def set_outline(self, modules: list[OutlineModule] | tuple[OutlineModule, ...]) -> None:
        self.beginResetModel()
        self._modules = list(modules)
        self._done = {i.id for m in self._modules for i in m.items if i.done}
        self.endResetModel()

    def set_done(self, item_id: str, done: bool = True) -> None:
        if (item_id in self._done) == done:
            return
        (self._done.add if done else self._done.discard)(item_id)
        idx = self.index_of(item_id)
        if idx.isValid():
            self.dataChanged.emit(idx, idx.siblingAtColumn(1))

    def index_of(self, item_id: str) -> QModelIndex:
        for m, module in enumerate(self._modules):
            for i, item in enumerate(module.items):
                if item.id == item_id:
                    return self.index(i, 0, self.index(m, 0))
        return QModelIndex()

    def item_at(self, index: Index) -> OutlineItem | None:
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return None
        module = self._modules[index.internalId()]
        return module.items[index.row()]

    def items(self) -> list[OutlineItem]:
        return [i for m in self._modules for i in m.items]

    def is_done(self, item_id: str) -> bool:
        return item_id in self._done

    # -- QAbstractItemModel -------------------------------------------------------------
    def index(self, row: int, column: int, parent: Index = _ROOT) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _NO_PARENT)
        if parent.internalId() != _NO_PARENT:
            return QModelIndex()
        return self.createIndex(row, column, parent.row())

    def parent(self, index: Index = _ROOT) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _NO_PARENT:
            return QModelIndex()
        return self.createIndex(int(index.internalId()), 0, _NO_PARENT)

    def rowCount(self, parent: Index = _ROOT) -> int:
        if not parent.isValid():
            return len(self._modules)
        if parent.column() != 0 or parent.internalId() != _NO_PARENT:
            return 0
        return len(self._modules[parent.row()].items)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 2

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        item = self.item_at(index)
        if item is None:
            return Qt.ItemFlag.ItemIsEnabled
        flags = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        if not item.locked or self.store_mode:
            flags |= Qt.ItemFlag.ItemIsEnabled
        return flags

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr("Lesson") if section == 0 else self.tr("Time")
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.item_at(index)
        col = index.column()
        if item is None:
            module = self._modules[index.row()]
            if role == Qt.ItemDataRole.DisplayRole:
                if col == 0:
                    return module.title
                total = sum(i.duration_min for i in module.items)
                return minutes(total)
            if role == Qt.ItemDataRole.FontRole and col == 0:
                from PySide6.QtGui import QFont

                font = QFont()
                font.setBold(True)
                return font
            return None
        done = item.id in self._done
        if role == Qt.ItemDataRole.DisplayRole:
            return item.title if col == 0 else minutes(item.duration_min)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return icon("check") if done else icon(item.kind)
        if role == Qt.ItemDataRole.ToolTipRole:
            parts = [kind_name(item.kind), minutes(item.duration_min)]
            if done:
                parts.append(self.tr("completed"))
            if item.locked:
                parts.append(self.tr("buy the course to open this lesson"))
            elif self.store_mode and item.free_preview:
                parts.append(self.tr("free preview: opens without buying"))
            return " · ".join(parts)
        if self.store_mode and role == Qt.ItemDataRole.FontRole and col == 0 \
                and item.free_preview:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        if self.store_mode and role == Qt.ItemDataRole.ForegroundRole and item.locked:
            from PySide6.QtGui import QGuiApplication, QPalette

            return QGuiApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        if role == Qt.ItemDataRole.AccessibleTextRole and col == 0:
            return f"{item.title} ({self.tr('completed')})" if done else item.title
        if role == ItemIdRole:
            return item.id
        if role == KindRole:
            return item.kind
        if role == DoneRole:
            return done
        if role == LockedRole:
            return item.locked
        if role == PreviewRole:
            return item.free_preview
        return None
