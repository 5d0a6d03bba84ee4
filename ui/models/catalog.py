"""List model of the store's catalog with lazy loading (`canFetchMore`/`fetchMore`), and the
delegate that paints each row as a small card (title, price, topic, language, duration, tags).

Rows arrive in pages of `PAGE` from ``loader(query, offset, limit) -> CoursePage``; the
view asks for more as the learner scrolls, so a 10,000-course catalog costs one page at a
time. Loading runs through ``runner(fn, *args, on_done=...)`` — the UI's background worker
(results arrive on the GUI thread), or a direct call in tests. A new query resets the model;
pages of an old query that arrive late are dropped. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from app.services.views import CatalogQuery, CourseCard, CoursePage
from ui.format import language_name, minutes, money, topic_name

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root (a default argument Qt models share)
CourseIdRole = Qt.ItemDataRole.UserRole + 1
CardRole = Qt.ItemDataRole.UserRole + 2
PAGE = 100

Loader = Callable[[CatalogQuery, int, int], CoursePage]


def direct_runner(fn: Callable[..., Any], *args: Any,
                  on_done: Callable[[Any], None] | None = None, **_: Any) -> None:
    result = fn(*args)
    if on_done is not None:
        on_done(result)


class CatalogModel(QAbstractListModel):
    loaded = Signal()  # a page arrived
    totalChanged = Signal(int)

    def __init__(self, loader: Loader, runner: Callable[..., Any] = direct_runner,
                 parent: Any = None, page_size: int = PAGE) -> None:
        super().__init__(parent)
        self._loader = loader
        self._runner = runner
        self.page_size = page_size
        self.query = CatalogQuery()
        self._rows: list[CourseCard] = []
        self.total = 0
        self.suggestion = ""  # no results: the "did you mean" query of the last page
        self._known_total = False
        self._loading = False
        self._generation = 0

    # -- queries ----------------------------------------------------------------------------
    def set_query(self, query: CatalogQuery) -> None:
        self.beginResetModel()
        self.query = query
        self._rows = []
        self.total = 0
        self._known_total = False
        self._loading = False
        self._generation += 1
        self.endResetModel()
        self._load()

    def reload(self) -> None:
        self.set_query(self.query)

    def _load(self) -> None:
        if self._loading:
            return
        self._loading = True
        generation = self._generation
        offset = len(self._rows)
        self._runner(self._loader, self.query, offset, self.page_size,
                     on_done=lambda page: self._arrived(generation, page),
                     on_error=lambda exc: self._failed(generation, exc))

    def _failed(self, generation: int, exc: BaseException) -> None:
        if generation == self._generation:
            self._loading = False
        from ui.errors import report_exception

        report_exception(exc)

    def _arrived(self, generation: int, page: CoursePage) -> None:
        if generation != self._generation:
            return
        self.suggestion = page.suggestion
        # still "loading" while rows are inserted: views ask canFetchMore() meanwhile
        if page.total != self.total or not self._known_total:
            self.total = page.total
            self._known_total = True
            self.totalChanged.emit(self.total)
        skip = len(self._rows) - page.offset
        fresh = list(page.items[skip:]) if skip >= 0 else []
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._rows.extend(fresh)
            self.endInsertRows()
        else:  # nothing new although more was expected: stop asking
            self.total = len(self._rows)
        self._loading = False
        self.loaded.emit()

    def card(self, row: int) -> CourseCard | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, course_id: str) -> int:
        for i, c in enumerate(self._rows):
            if c.id == course_id:
                return i
        return -1

    def update_owned(self, owned: set[str]) -> None:
        from dataclasses import replace

        for i, c in enumerate(self._rows):
            if c.owned != (c.id in owned):
                self._rows[i] = replace(c, owned=c.id in owned)
                idx = self.index(i)
                self.dataChanged.emit(idx, idx)

    # -- row texts (the delegate paints the same parts) -------------------------------
    def price_text(self, c: CourseCard) -> str:
        return self.tr("Owned") if c.owned else money(c.price_amount, c.price_currency)

    def meta_text(self, c: CourseCard) -> str:
        """'Arts & music · English · 1 h 30 min · 6 lessons' (parts the card lacks left out)."""
        parts = [topic_name(c.topic), language_name(c.language)]
        if c.duration_min:
            parts.append(minutes(c.duration_min))
        if c.item_count:
            parts.append(self.tr("%n lesson(s)", None, c.item_count))
        return " · ".join(p for p in parts if p)

    @staticmethod
    def tags_text(c: CourseCard) -> str:
        return "  ".join(f"#{t}" for t in c.tags)

    # -- QAbstractListModel ---------------------------------------------------------------
    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def canFetchMore(self, parent: Index = _ROOT) -> bool:
        if parent.isValid():
            return False
        return not self._loading and self._known_total and len(self._rows) < self.total

    def fetchMore(self, parent: Index = _ROOT) -> None:
        if not parent.isValid() and self.canFetchMore(parent):
            self._load()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        c = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            lines = [f"{self.meta_text(c)} · {self.price_text(c)}"]
            if c.tags:
                lines.append(self.tags_text(c))
            return "\n".join([c.title, *lines])
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.description[:400]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return c.title
        if role == CourseIdRole:
            return c.id
        if role == CardRole:
            return c
        return None


class CourseRowDelegate(QStyledItemDelegate):
    """Paints a store row as a small card: the title and price on the first line, topic,
    language, total duration and lesson count below, then the course's tags as chips."""

    PAD = 8

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont, QFont]:
        title = QFont(option.font)
        title.setBold(True)
        title.setPointSizeF(option.font.pointSizeF() * 1.08)
        small = QFont(option.font)
        small.setPointSizeF(option.font.pointSizeF() * 0.9)
        return title, QFont(option.font), small

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        title, body, small = self._fonts(option)
        height = (QFontMetrics(title).height() + QFontMetrics(body).height()
                  + QFontMetrics(small).height() + 8 + 2 * self.PAD)
        return QSize(320, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        card = index.data(CardRole)
        model = index.model()
        if not isinstance(card, CourseCard) or not isinstance(model, CatalogModel):
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        pal = option.palette
        text = pal.color(QPalette.ColorRole.HighlightedText if selected
                         else QPalette.ColorRole.Text)
        muted = text if selected else pal.color(QPalette.ColorRole.PlaceholderText)
        title_font, body_font, small_font = self._fonts(option)
        r = option.rect.adjusted(self.PAD + 2, self.PAD, -self.PAD - 2, -self.PAD)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        # line 1: title … price
        price = model.price_text(card)
        painter.setFont(title_font)
        fm = QFontMetrics(title_font)
        price_w = fm.horizontalAdvance(price)
        painter.setPen(text)
        line = QRect(r.left(), r.top(), r.width(), fm.height())
        painter.drawText(line, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, price)
        title = fm.elidedText(card.title, Qt.TextElideMode.ElideRight, r.width() - price_w - 12)
        painter.drawText(line, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        y = line.bottom() + 2
        # line 2: topic · language · duration · lessons
        painter.setFont(body_font)
        fm = QFontMetrics(body_font)
        painter.setPen(muted)
        meta = fm.elidedText(model.meta_text(card), Qt.TextElideMode.ElideRight, r.width())
        painter.drawText(QRect(r.left(), y, r.width(), fm.height()),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, meta)
        y += fm.height() + 4
        # line 3: tags as chips
        painter.setFont(small_font)
        fm = QFontMetrics(small_font)
        x = r.left()
        chip_bg = QColor(text if selected else pal.color(QPalette.ColorRole.Highlight))
        chip_bg.setAlpha(40 if not selected else 60)
        for tag in card.tags:
            w = fm.horizontalAdvance(tag) + 12
            if x + w > r.right():
                break
            chip = QRect(x, y, w, fm.height() + 2)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(chip_bg)
            painter.drawRoundedRect(chip, 4, 4)
            painter.setPen(text)
            painter.drawText(chip, Qt.AlignmentFlag.AlignCenter, tag)
            x += w + 6
        painter.restore()
