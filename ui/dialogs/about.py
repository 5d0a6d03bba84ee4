"""About Satchel: the version, who manages this copy, and the update check.

"Check for updates" asks the store (`app.update_check`) on the controller's worker, never on
the GUI thread; a newer version is shown with its size and notes and can be downloaded into
the cache folder (``updates/``). The download is kept only when its size and SHA-256 match
what the store announced; then the dialog says plainly how to install it. Satchel never
installs anything itself. GUI thread only.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

import app
from app.errors import is_user_error
from ui.format import size

if TYPE_CHECKING:
    from app.update_check import Release
    from ui.controller import Controller


def update_store_url(controller: Controller) -> str:
    """The store the update check asks: the running one, else the configured one."""
    services = controller.services
    if services is not None:
        return services.store_url
    return str(controller.settings["store_url"] or "")


class AboutDialog(QDialog):
    progressed = Signal(int, int)  # emitted from the worker during a download

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.controller = controller
        self.release: Release | None = None
        self.downloaded: Path | None = None
        self._cancel = threading.Event()
        self.setMinimumWidth(480)
        layout = QVBoxLayout(self)
        self.version_label = QLabel()
        self.version_label.setObjectName("aboutVersion")
        font = self.version_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.version_label.setFont(font)
        self.blurb = QLabel()
        self.blurb.setWordWrap(True)
        self.managed = QLabel()
        self.managed.setObjectName("aboutManaged")
        self.managed.setWordWrap(True)
        self.managed.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = QLabel()
        self.status.setObjectName("updateStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.notes = QTextBrowser()
        self.notes.setObjectName("updateNotes")
        self.notes.setMaximumHeight(140)
        self.notes.hide()
        self.progress = QProgressBar()
        self.progress.hide()
        row = QHBoxLayout()
        self.check_button = QPushButton()
        self.check_button.setObjectName("checkUpdates")
        self.check_button.clicked.connect(self.check)
        self.download_button = QPushButton()
        self.download_button.setObjectName("downloadUpdate")
        self.download_button.clicked.connect(self.download)
        self.download_button.hide()
        self.cancel_button = QPushButton()
        self.cancel_button.clicked.connect(self._cancel.set)
        self.cancel_button.hide()
        self.folder_button = QPushButton()
        self.folder_button.setObjectName("showUpdateFolder")
        self.folder_button.clicked.connect(self.show_folder)
        self.folder_button.hide()
        for b in (self.check_button, self.download_button, self.cancel_button,
                  self.folder_button):
            row.addWidget(b)
        row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        for w in (self.version_label, self.blurb, self.managed, self.status, self.notes,
                  self.progress):
            layout.addWidget(w)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.progressed.connect(self._progress)
        self.finished.connect(lambda _r: self._cancel.set())
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("About Satchel"))
        self.version_label.setText(self.tr("Satchel %1").replace("%1", app.__version__))
        self.blurb.setText(self.tr("Study your courses offline; your progress syncs with the "
                                   "store when you are online."))
        inst = self.controller.institution
        if inst.is_managed:
            text = self.tr("Managed by %1.").replace(
                "%1", inst.organisation or self.tr("your organisation"))
            if inst.support:
                text += " " + self.tr("Help: %1").replace("%1", inst.support)
            self.managed.setText(text)
        self.managed.setVisible(inst.is_managed)
        self.check_button.setText(self.tr("Check for updates"))
        self.download_button.setText(self.tr("Download"))
        self.cancel_button.setText(self.tr("Cancel"))
        self.folder_button.setText(self.tr("Show in folder"))

    # -- checking -----------------------------------------------------------------------
    @Slot()
    def check(self) -> None:
        url = update_store_url(self.controller)
        if not url:
            self.status.setText(self.tr("No store is set up yet, so Satchel cannot check for "
                                        "updates. Try again once Satchel has started."))
            return
        from app.update_check import check_for_update

        self.check_button.setEnabled(False)
        self.download_button.hide()
        self.notes.hide()
        self.status.setText(self.tr("Asking the store for a newer version…"))
        self.controller.worker.run(check_for_update, url, on_done=self._checked,
                                   on_error=self._failed, owner=self)

    def _checked(self, release: Release | None) -> None:
        self.check_button.setEnabled(True)
        self.release = release
        if release is None:
            self.status.setText(self.tr("Satchel %1 is the newest version.")
                                .replace("%1", app.__version__))
            return
        self.status.setText(
            self.tr("Satchel %1 is available (you have %2). The download is %3.")
            .replace("%1", release.version).replace("%2", app.__version__)
            .replace("%3", size(release.size)))
        if release.notes:
            self.notes.setPlainText(release.notes)
            self.notes.show()
        self.download_button.show()

    # -- downloading --------------------------------------------------------------------
    @Slot()
    def download(self) -> None:
        release = self.release
        if release is None:
            return
        from app import paths
        from app.update_check import download

        folder = paths.cache_dir() / "updates"
        self._cancel.clear()
        self.download_button.setEnabled(False)
        self.check_button.setEnabled(False)
        self.cancel_button.show()
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        self.progress.show()
        self.status.setText(self.tr("Downloading Satchel %1…").replace("%1", release.version))
        total = max(1, release.size)

        def report(done: int, _size: int) -> None:  # on the worker thread
            self.progressed.emit(min(1000, done * 1000 // total), 1000)

        self.controller.worker.run(
            lambda: download(release, folder, progress=report, cancelled=self._cancel.is_set),
            on_done=self._downloaded, on_error=self._failed, owner=self)

    @Slot(int, int)
    def _progress(self, value: int, maximum: int) -> None:
        self.progress.setMaximum(maximum)
        self.progress.setValue(value)

    def _downloaded(self, path: Path) -> None:
        from app.update_check import how_to_install

        self.downloaded = path
        self._idle()
        self.status.setText(
            self.tr("Downloaded and checked: the file matches the SHA-256 checksum the store "
                    "announced. It is saved as %1.").replace("%1", str(path))
            + "\n\n" + how_to_install(path))
        self.download_button.hide()
        self.folder_button.show()

    def _failed(self, exc: BaseException) -> None:
        self._idle()
        if is_user_error(exc):
            self.status.setText(str(exc))
            return
        from ui.errors import report_exception

        report_exception(exc, self)

    def _idle(self) -> None:
        self.check_button.setEnabled(True)
        self.download_button.setEnabled(True)
        self.cancel_button.hide()
        self.progress.hide()

    @Slot()
    def show_folder(self) -> None:
        if self.downloaded is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.downloaded.parent)))


def open_about(controller: Controller, parent: QWidget | None = None, *,
               check: bool = False) -> AboutDialog:
    """Open a new About dialog (non-blocking); ``check`` starts the update check at once."""
    dialog = AboutDialog(controller, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    if check:
        dialog.check()
    return dialog
