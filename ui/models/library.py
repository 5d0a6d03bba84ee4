"""Table model of the learner's library: course, state, progress, size, offline access.

`set_entries(list[LibraryEntry])` replaces the rows; `set_states({course_id: DownloadState})`
the downloads under way (running, paused, failed); `set_download(progress)` updates one
running download from a progress event and `finish(...)` records how a run ended. The status
cell shows bytes, rate and time left while downloading, the bytes kept while paused, and a
short reason when it failed (the full message is its tooltip); a `ProgressRole` value 0..1
is the bar the delegate draws. GUI thread.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QStyle, QStyledItemDelegate

from app.services.views import DownloadProgress, DownloadState, LibraryEntry
from ui.format import rate, size, time_left

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()  # the invisible root (a default argument Qt models share)
CourseIdRole = Qt.ItemDataRole.UserRole + 1
ProgressRole = Qt.ItemDataRole.UserRole + 2  # 0..1 or None (column 1: download, 2: course)
EntryRole = Qt.ItemDataRole.UserRole + 3

COL_TITLE, COL_STATE, COL_PROGRESS, COL_SIZE, COL_ACCESS = range(5)


class LibraryModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[LibraryEntry] = []
        self._downloads: dict[str, DownloadState] = {}

    def set_entries(self, entries: list[LibraryEntry]) -> None:
        self.beginResetModel()
        self._rows = list(entries)
        self.endResetModel()

    def entry(self, row: int) -> LibraryEntry | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, course_id: str) -> int:
        return next((i for i, e in enumerate(self._rows) if e.course_id == course_id), -1)

    def set_states(self, states: dict[str, DownloadState]) -> None:
        self._downloads = dict(states)
        if self._rows:
            self.dataChanged.emit(self.index(0, COL_STATE),
                                  self.index(len(self._rows) - 1, COL_STATE))

    def set_download(self, progress: DownloadProgress | None, course_id: str = "") -> None:
        """A progress report of a running download (None: the row has no download)."""
        cid = progress.course_id if progress is not None else course_id
        if progress is None:
            self._downloads.pop(cid, None)
        else:
            self._downloads[cid] = DownloadState(cid, "running", progress.done_bytes,
                                                 progress.total_bytes, progress.rate_bps,
                                                 progress.eta_s)
        self._changed(cid)

    def finish(self, course_id: str, outcome: str, message: str = "",
               kind: str | None = None) -> None:
        """A run ended: paused keeps the bytes, failed keeps them with the reason."""
        d = self._downloads.get(course_id)
        if outcome in ("paused", "failed"):
            done, total = (d.done_bytes, d.total_bytes) if d is not None else (0, 0)
            if kind == "corrupt":
                done = 0  # the damaged file was deleted
            self._downloads[course_id] = DownloadState(
                course_id, outcome, done, total, error=message or None, error_kind=kind)
        else:
            self._downloads.pop(course_id, None)
        self._changed(course_id)

    def _changed(self, course_id: str) -> None:
        row = self.row_of(course_id)
        if row >= 0:
            self.dataChanged.emit(self.index(row, COL_STATE), self.index(row, COL_STATE))

    def states(self) -> dict[str, DownloadState]:
        return dict(self._downloads)

    def transfer(self, course_id: str) -> DownloadState | None:
        return self._downloads.get(course_id)

    def downloading(self, course_id: str) -> bool:
        d = self._downloads.get(course_id)
        return d is not None and d.state == "running"

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return (self.tr("Course"), self.tr("Status"), self.tr("Progress"), self.tr("Size"),
                self.tr("Offline access"))[section]

    def _bytes(self, d: DownloadState) -> str:
        if not d.total_bytes:
            return ""
        return self.tr("%1 of %2").replace("%1", size(d.done_bytes)).replace(
            "%2", size(d.total_bytes))

    def transfer_text(self, d: DownloadState) -> str:
        percent = str(round(d.fraction * 100))
        if d.state == "running":
            parts = [self.tr("Downloading… %1%").replace("%1", percent), self._bytes(d)]
            if d.rate_bps > 0:
                parts.append(rate(d.rate_bps))
            if d.eta_s is not None and d.rate_bps > 0 and d.done_bytes < d.total_bytes:
                parts.append(time_left(d.eta_s))
            return " · ".join(p for p in parts if p)
        if d.state == "paused":
            return " · ".join(p for p in (self.tr("Paused at %1%").replace("%1", percent),
                                          self._bytes(d)) if p)
        return {
            "corrupt": self.tr("Download damaged — retry"),
            "disk_full": self.tr("Disk full — download stopped"),
            "offline": self.tr("Store unreachable — download stopped"),
        }.get(d.error_kind or "", self.tr("Download failed — retry"))

    def state_text(self, e: LibraryEntry) -> str:
        d = self._downloads.get(e.course_id)
        if d is not None:
            return self.transfer_text(d)
        return {
            "available": self.tr("Available offline"),
            "update_available": self.tr("Available offline (update available)"),
            "downloading": self.tr("Download paused"),
            "corrupt": self.tr("Download damaged — retry"),
            "not_downloaded": self.tr("Not downloaded"),
        }.get(e.state, e.state)

    def error_text(self, course_id: str) -> str | None:
        """The plain message of a failed download of the course, if any."""
        d = self._downloads.get(course_id)
        return d.error if d is not None and d.state == "failed" else None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        e = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == COL_TITLE:
                return e.title
            if col == COL_STATE:
                return self.state_text(e)
            if col == COL_PROGRESS:
                return self.tr("%1 of %2 done").replace("%1", str(e.lessons_done)).replace(
                    "%2", str(e.lessons_total)) if e.lessons_total else "—"
            if col == COL_SIZE:
                return size(e.size_bytes) if e.size_bytes else "—"
            if col == COL_ACCESS:
                if e.lease_days_left is None:
                    return "—"
                return self.tr("%n day(s) left", None, e.lease_days_left)
        if role == ProgressRole:
            if col == COL_STATE:
                d = self._downloads.get(e.course_id)
                return d.fraction if d is not None and d.state != "failed" else None
            if col == COL_PROGRESS:
                return e.progress if e.lessons_total else None
        if role == CourseIdRole:
            return e.course_id
        if role == EntryRole:
            return e
        if role == Qt.ItemDataRole.ToolTipRole and col == COL_STATE:
            return self.error_text(e.course_id) or e.error
        return None


class ProgressDelegate(QStyledItemDelegate):
    """Cells with a `ProgressRole` value get their text plus a slim progress bar below it."""

    def paint(self, painter: Any, option: Any, index: QModelIndex) -> None:
        super().paint(painter, option, index)
        value = index.data(ProgressRole)
        if value is None:
            return
        from PySide6.QtCore import QRectF
        from PySide6.QtGui import QPalette

        rect = QRectF(option.rect.adjusted(4, 0, -4, -4))
        track = QRectF(rect.left(), rect.bottom() - 4, rect.width(), 4)
        palette = option.palette
        painter.save()
        painter.setRenderHint(painter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Mid))
        painter.drawRoundedRect(track, 2, 2)
        done = QRectF(track)
        done.setWidth(track.width() * max(0.0, min(1.0, float(value))))
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight)
                         if not option.state & QStyle.StateFlag.State_Selected
                         else palette.color(QPalette.ColorRole.HighlightedText))
        if done.width() > 0:
            painter.drawRoundedRect(done, 2, 2)
        painter.restore()
