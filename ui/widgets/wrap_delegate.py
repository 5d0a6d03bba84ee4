"""An item delegate whose rows grow to fit word-wrapped text in the column's width.

Qt's own tree view sizes rows without knowing the column's width, so a long title is cut
off; this delegate measures it in the width the column really has (less the indentation of
its level). GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QTreeView


class WrapDelegate(QStyledItemDelegate):
    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self.view = view

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        width = self.view.columnWidth(index.column())
        if index.column() == 0:
            depth, parent = 1, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= self.view.indentation() * (depth if self.view.rootIsDecorated()
                                                else depth - 1)
        if width <= 0:
            return super().sizeHint(option, index)
        opt.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
        opt.rect = QRect(0, 0, width, 100_000)
        style = self.view.style()
        hint = style.sizeFromContents(QStyle.ContentsType.CT_ItemViewItem, opt, QSize(),
                                      self.view)
        return QSize(min(hint.width(), width), hint.height())
