"""Library: owned courses, downloads with progress bars, available offline, remove download.

Downloads run on the worker; `DownloadProgressed` events from the library service reach
the table through the event bridge (queued to the GUI thread). GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QTableView

from app.errors import UserError
from app.services.events import DownloadFinished, DownloadProgressed
from app.services.views import LibraryEntry
from ui.models.library import COL_PROGRESS, COL_STATE, COL_TITLE, LibraryModel, ProgressDelegate
from ui.screens.base import Screen, muted


class LibraryScreen(Screen):
    def __init__(self, controller: Any, window: Any = None) -> None:
        super().__init__(controller, window)
        self.hint = muted()
        self.layout_.addWidget(self.hint)
        self.model = LibraryModel(self)
        self.table = QTableView()
        self.table.setObjectName("libraryTable")
        self.table.setModel(self.model)
        self.table.setItemDelegate(ProgressDelegate(self.table))
        self.table.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(34)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_STATE, 230)
        header.resizeSection(COL_PROGRESS, 150)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.layout_.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.open_button = QPushButton()
        self.open_button.setObjectName("primary")
        self.download_button = QPushButton()
        self.download_button.setObjectName("downloadButton")
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelDownload")
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("removeDownload")
        self.store_button = QPushButton()
        self.open_button.clicked.connect(self.open_selected)
        self.download_button.clicked.connect(self.download_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.store_button.clicked.connect(lambda: self.go("store"))
        for b in (self.open_button, self.download_button, self.cancel_button,
                  self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.store_button)
        self.layout_.addLayout(row)
        self.message = muted()
        self.message.setObjectName("libraryMessage")
        self.layout_.addWidget(self.message)
        controller.bridge.on(DownloadProgressed, self._progress, owner=self)
        controller.bridge.on(DownloadFinished, self._finished, owner=self)
        controller.dataChanged.connect(self._data_changed)
        controller.accountChanged.connect(self.refresh)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Library"))
        self.hint.setText(self.tr("Your courses. Download a course once and study it "
                                  "anywhere, even without a connection."))
        self.open_button.setText(self.tr("Study"))
        self.download_button.setText(self.tr("Download"))
        self.cancel_button.setText(self.tr("Cancel download"))
        self.remove_button.setText(self.tr("Remove download"))
        self.store_button.setText(self.tr("Find more courses"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)

    def activated(self) -> None:
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        if self.controller.services is not None:
            self.call(self.services.library.entries, on_done=self._show)

    def _data_changed(self, topic: str) -> None:
        if topic in ("library", "sync", "progress") and self.isVisible():
            self.refresh()

    @Slot(object)
    def _show(self, entries: list[LibraryEntry]) -> None:
        current = self.selected()
        self.model.set_entries(entries)
        row = self.model.row_of(current.course_id) if current else (0 if entries else -1)
        if row >= 0:
            self.table.selectRow(row)
        if not entries:
            signed = self.services.account.signed_in
            self.message.setText(self.tr("No courses yet. Get one in the Store.") if signed
                                 else self.tr("Sign in to see the courses you bought."))
        else:
            self.message.setText("")
        self._update_buttons()

    def selected(self) -> LibraryEntry | None:
        idx = self.table.currentIndex()
        return self.model.entry(idx.row()) if idx.isValid() else None

    def _update_buttons(self) -> None:
        e = self.selected()
        downloading = e is not None and self.model.downloading(e.course_id)
        available = e is not None and e.state in ("available", "update_available")
        self.open_button.setEnabled(available and not downloading)
        self.download_button.setEnabled(e is not None and not downloading
                                        and e.state != "available")
        self.download_button.setText(self.tr("Update") if e is not None and
                                     e.state == "update_available" else self.tr("Download"))
        self.cancel_button.setVisible(downloading)
        self.remove_button.setEnabled(available and not downloading)

    # -- actions ----------------------------------------------------------------------------
    @Slot(QModelIndex)
    def _double_clicked(self, index: QModelIndex) -> None:
        e = self.model.entry(index.row())
        if e is None:
            return
        if e.state in ("available", "update_available"):
            self.open_selected()
        else:
            self.download_selected()

    @Slot()
    def open_selected(self) -> None:
        e = self.selected()
        if e is not None:
            self.go("course", course_id=e.course_id)

    @Slot()
    def download_selected(self) -> None:
        e = self.selected()
        if e is None:
            return
        self.start_download(e.course_id)

    def start_download(self, course_id: str) -> None:
        from app.services.views import DownloadProgress

        self.model.set_download(DownloadProgress(course_id, 0, 1))
        self._update_buttons()
        self.message.setText("")
        self.call(self.services.library.download, course_id,
                  on_done=lambda _o: self._download_done(course_id),
                  on_error=lambda exc: self._download_failed(course_id, exc))

    def _download_done(self, course_id: str) -> None:
        self.model.set_download(None, course_id)
        self.refresh()

    def _download_failed(self, course_id: str, exc: BaseException) -> None:
        self.model.set_download(None, course_id)
        self.refresh()
        if isinstance(exc, UserError):
            self.message.setText(str(exc))
        else:
            from ui.errors import report_exception

            report_exception(exc, self)

    @Slot()
    def cancel_selected(self) -> None:
        e = self.selected()
        if e is not None:
            self.call(self.services.library.cancel_download, e.course_id)

    @Slot()
    def remove_selected(self) -> None:
        e = self.selected()
        if e is None:
            return
        from ui.dialogs.confirm import confirm

        confirm(self, self.tr("Remove download"),
                self.tr("Remove the downloaded copy of “%1”? Your progress and notes stay, "
                        "and you can download it again any time.").replace("%1", e.title),
                lambda: self.call(self.services.library.remove_download, e.course_id,
                                  on_done=lambda _r: self.refresh()),
                name="confirmRemove")

    # -- events -----------------------------------------------------------------------------
    def _progress(self, event: DownloadProgressed) -> None:
        self.model.set_download(event.progress)

    def _finished(self, event: DownloadFinished) -> None:
        self.model.set_download(None, event.course_id)
        self._update_buttons()
