"""List model of the store's catalog with lazy loading (`canFetchMore`/`fetchMore`).

Rows arrive in pages of `PAGE` from ``loader(query, offset, limit) -> CoursePage``; the
view asks for more as the learner scrolls, so a 10,000-course catalog costs one page at a
time. Loading runs through ``runner(fn, *args, on_done=...)`` — the UI's background worker
(results arrive on the GUI thread), or a direct call in tests. A new query resets the model;
pages of an old query that arrive late are dropped. GUI thread only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

from app.services.views import CatalogQuery, CourseCard, CoursePage
from ui.format import language_name, money, topic_name

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
            price = self.tr("Owned") if c.owned else money(c.price_amount, c.price_currency)
            return f"{c.title}\n{topic_name(c.topic)} · {language_name(c.language)} · {price}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return c.description[:400]
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return c.title
        if role == CourseIdRole:
            return c.id
        if role == CardRole:
            return c
        return None
