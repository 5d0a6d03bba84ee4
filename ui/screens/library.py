"""Library: owned courses, downloads with progress, pause/resume/cancel, remove download.

Each course downloads in the background (`LibraryService.start_download`); the row shows
bytes, rate and time left while it runs and the bytes kept while paused. Pause, Resume and
Cancel act on the selected course; a failed download (damaged file, full disk, store out of
reach) shows its plain reason under the table with a Retry button. `DownloadProgressed` and
`DownloadFinished` events reach the table through the event bridge (queued to the GUI
thread). GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Slot
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QTableView

from app.errors import is_user_error
from app.services.events import DownloadFinished, DownloadProgressed
from app.services.views import DownloadState, LibraryEntry
from ui.messages import error_text
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
        header.resizeSection(COL_STATE, 360)
        header.resizeSection(COL_PROGRESS, 150)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._selection_changed)
        self.layout_.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.open_button = QPushButton()
        self.open_button.setObjectName("primary")
        self.download_button = QPushButton()
        self.download_button.setObjectName("downloadButton")
        self.pause_button = QPushButton()
        self.pause_button.setObjectName("pauseDownload")
        self.resume_button = QPushButton()
        self.resume_button.setObjectName("resumeDownload")
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelDownload")
        self.remove_button = QPushButton()
        self.remove_button.setObjectName("removeDownload")
        self.store_button = QPushButton()
        self.open_button.clicked.connect(self.open_selected)
        self.download_button.clicked.connect(self.download_selected)
        self.pause_button.clicked.connect(self.pause_selected)
        self.resume_button.clicked.connect(self.resume_selected)
        self.cancel_button.clicked.connect(self.cancel_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.store_button.clicked.connect(lambda: self.go("store"))
        for b in (self.open_button, self.download_button, self.pause_button,
                  self.resume_button, self.cancel_button, self.remove_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.store_button)
        self.layout_.addLayout(row)
        self.message = muted()
        self.message.setObjectName("libraryMessage")
        self.layout_.addWidget(self.message)
        controller.bridge.on(DownloadProgressed, self._progress, owner=self)
        controller.bridge.on(DownloadFinished, self._finished, owner=self)
        self.listen(controller.dataChanged, self._data_changed)
        self.listen(controller.accountChanged, self.refresh)
        self.retranslate()
        self._update_buttons()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Library"))
        self.hint.setText(self.tr("Your courses. Download a course once and study it "
                                  "anywhere, even without a connection."))
        self.open_button.setText(self.tr("Study"))
        self.download_button.setText(self.tr("Download"))
        self.pause_button.setText(self.tr("Pause"))
        self.resume_button.setText(self.tr("Resume"))
        self.cancel_button.setText(self.tr("Cancel download"))
        self.remove_button.setText(self.tr("Remove download"))
        self.store_button.setText(self.tr("Find more courses"))
        self.model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)
        self._update_buttons()

    def activated(self) -> None:
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        if self.controller.services is not None:
            library = self.services.library
            self.call(lambda: (library.entries(), library.download_states()),
                      on_done=self._show)

    def _data_changed(self, topic: str) -> None:
        if topic in ("library", "sync", "progress") and self.isVisible():
            self.refresh()

    @Slot(object)
    def _show(self, data: tuple[list[LibraryEntry], dict[str, DownloadState]]) -> None:
        entries, states = data
        current = self.selected()
        self.model.set_entries(entries)
        self.model.set_states(states)
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
        self._show_selected_error()

    def selected(self) -> LibraryEntry | None:
        idx = self.table.currentIndex()
        return self.model.entry(idx.row()) if idx.isValid() else None

    def _update_buttons(self) -> None:
        e = self.selected()
        d = self.model.transfer(e.course_id) if e is not None else None
        running = d is not None and d.state == "running"
        paused = (d is not None and d.state == "paused") or (
            d is None and e is not None and e.state == "downloading")
        failed = (d is not None and d.state == "failed") or (
            d is None and e is not None and e.state == "corrupt")
        available = e is not None and e.state in ("available", "update_available")
        self.open_button.setEnabled(available and not running)
        self.download_button.setVisible(not (running or paused))
        self.download_button.setEnabled(e is not None and (failed or e.state != "available"))
        if failed:
            self.download_button.setText(self.tr("Retry"))
        elif e is not None and e.state == "update_available":
            self.download_button.setText(self.tr("Update"))
        else:
            self.download_button.setText(self.tr("Download"))
        self.pause_button.setVisible(running)
        self.resume_button.setVisible(paused)
        self.cancel_button.setVisible(running or paused or (d is not None and failed))
        self.remove_button.setEnabled(available and not running)

    def _selection_changed(self, *_: Any) -> None:
        self._update_buttons()
        self._show_selected_error()

    def _show_selected_error(self) -> None:
        e = self.selected()
        if e is None:
            return
        error = self.model.error_text(e.course_id)
        if error:
            self.message.setText(error_text(error))
        elif self.message.property("downloadError"):
            self.message.setText("")
        self.message.setProperty("downloadError", bool(error))

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
        """Start (or retry, or resume) the download; the bar shows at once."""
        d = self.model.transfer(course_id)
        self.model.set_states({**self.model.states(), course_id: DownloadState(
            course_id, "running", d.done_bytes if d is not None else 0,
            d.total_bytes if d is not None else 0)})
        self._update_buttons()
        self.message.setText("")
        self.call(self.services.library.start_download, course_id,
                  on_error=lambda exc: self._download_failed(course_id, exc))

    def _download_failed(self, course_id: str, exc: BaseException) -> None:
        self.model.set_download(None, course_id)
        self.refresh()
        if is_user_error(exc):
            self.message.setText(error_text(exc))
        else:
            from ui.errors import report_exception

            report_exception(exc, self)

    @Slot()
    def pause_selected(self) -> None:
        e = self.selected()
        if e is not None:
            self.pause_button.setEnabled(False)
            self.call(self.services.library.pause_download, e.course_id)

    @Slot()
    def resume_selected(self) -> None:
        e = self.selected()
        if e is not None:
            self.start_download(e.course_id)

    @Slot()
    def cancel_selected(self) -> None:
        e = self.selected()
        if e is not None:
            self.call(self.services.library.cancel_download, e.course_id,
                      on_done=lambda _r: self.refresh())

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
        e = self.selected()
        if e is not None and e.course_id == event.progress.course_id:
            self._update_buttons()

    def _finished(self, event: DownloadFinished) -> None:
        self.model.finish(event.course_id, event.outcome or ("completed" if event.ok else
                                                             "failed"),
                          event.message, event.kind)
        self.pause_button.setEnabled(True)
        self._update_buttons()
        self._show_selected_error()
