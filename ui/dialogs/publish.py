"""File → Publish a course… (accounts with the instructor role): choose a course folder or a
`.satchel` file, see the local validation problems (file:line), upload it with a progress
bar, read the store's preview report, accept the creator agreement at the first publish,
write a changelog for a new version, and see the result (published, held for copyright
review, or refused with the store's reason).

The work is `app.services.publishing` run on the worker (`controller.worker.run`); upload
progress comes from the worker thread through the `progressed` signal. GUI thread only.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import is_user_error
from app.services.publishing import Outcome, Upload, local_problems
from ui.messages import error_text

if TYPE_CHECKING:
    from ui.controller import Controller


class PublishDialog(QDialog):
    progressed = Signal(object, object)  # bytes sent, bytes in all (from the worker thread)

    def __init__(self, controller: Controller, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publishDialog")
        self.setMinimumWidth(560)
        self.controller = controller
        self.upload: Upload | None = None
        self.outcome: Outcome | None = None
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("publishPath")
        self.folder_button = QPushButton()
        self.folder_button.clicked.connect(self._choose_folder)
        self.file_button = QPushButton()
        self.file_button.clicked.connect(self._choose_file)
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.folder_button)
        row.addWidget(self.file_button)
        layout.addLayout(row)
        self.changelog_label = QLabel()
        layout.addWidget(self.changelog_label)
        self.changelog = QLineEdit()
        self.changelog.setObjectName("publishChangelog")
        layout.addWidget(self.changelog)
        self.encrypt_box = QCheckBox()
        self.encrypt_box.setObjectName("publishEncrypt")
        self.encrypt_box.setChecked(True)
        layout.addWidget(self.encrypt_box)
        self.upload_button = QPushButton()
        self.upload_button.setObjectName("publishUpload")
        self.upload_button.clicked.connect(self.start_upload)
        layout.addWidget(self.upload_button)
        self.progress = QProgressBar()
        self.progress.setObjectName("publishProgress")
        self.progress.setRange(0, 1000)
        self.progress.setValue(0)
        layout.addWidget(self.progress)
        self.report = QPlainTextEdit()
        self.report.setObjectName("publishReport")
        self.report.setReadOnly(True)
        layout.addWidget(self.report, 1)
        self.agreement = QPlainTextEdit()
        self.agreement.setObjectName("publishAgreement")
        self.agreement.setReadOnly(True)
        self.agreement.hide()
        layout.addWidget(self.agreement)
        self.accept_box = QCheckBox()
        self.accept_box.setObjectName("publishAcceptAgreement")
        self.accept_box.hide()
        self.accept_box.toggled.connect(self._update_buttons)
        layout.addWidget(self.accept_box)
        self.status = QLabel()
        self.status.setObjectName("publishStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QHBoxLayout()
        self.publish_button = QPushButton()
        self.publish_button.setObjectName("publishNow")
        self.publish_button.setEnabled(False)
        self.publish_button.clicked.connect(self.publish)
        self.close_button = QPushButton()
        self.close_button.clicked.connect(self.reject)
        buttons.addStretch(1)
        buttons.addWidget(self.publish_button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.progressed.connect(self._show_progress)
        self.retranslate()

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Publish a course"))
        self.path_edit.setPlaceholderText(self.tr("Course folder or .satchel file"))
        self.folder_button.setText(self.tr("Folder…"))
        self.file_button.setText(self.tr("File…"))
        self.changelog_label.setText(self.tr("What changed (for a new version of a course):"))
        self.upload_button.setText(self.tr("Check and upload"))
        self.encrypt_box.setText(self.tr("Encrypt the course files (only buyers' devices can "
                                         "open them; needs the course folder)"))
        self.accept_box.setText(self.tr("I accept the creator agreement"))
        self.publish_button.setText(self.tr("Publish"))
        self.close_button.setText(self.tr("Close"))

    # -- choosing -----------------------------------------------------------------------
    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Course folder"))
        if folder:
            self.path_edit.setText(folder)

    def _choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, self.tr("Course bundle"), "", self.tr("Satchel courses (*.satchel)")
        )
        if name:
            self.path_edit.setText(name)

    # -- uploading ----------------------------------------------------------------------
    def start_upload(self) -> None:
        text = self.path_edit.text().strip()
        if not text:
            self.status.setText(self.tr("Choose a course folder or a .satchel file first."))
            return
        path = Path(text)
        self.upload = None
        self.outcome = None
        self.report.clear()
        self.agreement.hide()
        self.accept_box.hide()
        self.accept_box.setChecked(False)
        self.progress.setValue(0)
        self.upload_button.setEnabled(False)
        self._update_buttons()
        self.status.setText(self.tr("Checking the course…"))
        self.controller.worker.run(local_problems, path, on_done=lambda problems:
                                   self._checked(path, problems), on_error=self._failed,
                                   owner=self)  # fmt: skip

    def _checked(self, path: Path, problems: list[Any]) -> None:
        if problems:
            self.report.setPlainText("\n".join(str(p) for p in problems))
            self.status.setText(
                self.tr(
                    "The course has %n problem(s); fix them and check again.", "", len(problems)
                )
            )
            self.upload_button.setEnabled(True)
            return
        self.status.setText(self.tr("Uploading…"))
        services = self.controller.services
        if services is None:
            return
        publishing = services.publishing
        changelog = self.changelog.text().strip()
        encrypt = self.encrypt_box.isChecked() and path.is_dir()
        self.controller.worker.run(
            lambda: publishing.upload(path, changelog, on_progress=self.progressed.emit,
                                      encrypt=encrypt),
            on_done=self._uploaded, on_error=self._failed, owner=self,
        )  # fmt: skip

    def _show_progress(self, sent: int, total: int) -> None:
        self.progress.setValue(1000 if total <= 0 else int(sent * 1000 // total))

    def _uploaded(self, upload: Upload) -> None:
        self.upload = upload
        self.upload_button.setEnabled(True)
        self.report.setPlainText(self._report_text(upload))
        agreement = upload.agreement
        if agreement is not None:
            self.agreement.setPlainText(str(agreement.get("text", "")))
            self.agreement.show()
            self.accept_box.show()
        self.status.setText(self.tr("Uploaded. Read the store's report, then publish."))
        self._update_buttons()

    def _report_text(self, upload: Upload) -> str:
        course, draft = upload.report["course"], upload.draft
        lines = [
            self.tr("%1 (%2 %3)").replace("%1", str(course.get("title", "")))
            .replace("%2", str(draft["course_id"])).replace("%3", str(draft["version"])),
        ]  # fmt: skip
        if draft.get("changelog"):
            lines.append(self.tr("Changelog: %1").replace("%1", str(draft["changelog"])))
        if draft.get("encrypted"):
            lines.append(self.tr("Encrypted: the store gives the key only to buyers' devices."))
        for w in upload.report.get("warnings", []):
            where = str(w.get("file", "")) + (f":{w['line']}" if w.get("line") else "")
            lines.append(self.tr("Warning: %1: %2").replace("%1", where)
                         .replace("%2", str(w.get("message", ""))))  # fmt: skip
        if upload.similar:
            lines.append(self.tr("Copyright check: resembles courses of other authors; an "
                                 "administrator reviews it before it is listed."))  # fmt: skip
            lines += [f"  - {s.get('title', '')} ({s.get('course_id', '')})"
                      for s in upload.similar]  # fmt: skip
        else:
            lines.append(self.tr("Copyright check: no resemblance to other authors' courses."))
        return "\n".join(lines)

    def _update_buttons(self) -> None:
        ready = self.upload is not None and self.outcome is None
        if ready and self.upload is not None and self.upload.agreement is not None:
            ready = self.accept_box.isChecked()
        self.publish_button.setEnabled(ready)

    # -- publishing ---------------------------------------------------------------------
    def publish(self) -> None:
        services = self.controller.services
        if self.upload is None or services is None:
            return
        upload, accept = self.upload, self.accept_box.isChecked()
        self.publish_button.setEnabled(False)
        self.status.setText(self.tr("Publishing…"))
        self.controller.worker.run(services.publishing.publish, upload, accept,
                                   on_done=self._published, on_error=self._failed,
                                   owner=self)  # fmt: skip

    def _published(self, outcome: Outcome) -> None:
        self.outcome = outcome
        if outcome.status == "held":
            text = self.tr("%1 %2 is held: an administrator reviews its resemblance to other "
                           "courses before it is listed.")  # fmt: skip
        else:
            text = self.tr("Published %1 %2: it is in the store's catalog.")
        self.status.setText(text.replace("%1", outcome.course_id).replace("%2", outcome.version))
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.upload_button.setEnabled(True)
        if not is_user_error(exc):
            from ui.errors import report_exception

            report_exception(exc, self)
            return
        self.status.setText(self.tr("Refused: %1").replace("%1", error_text(exc)))
        self._update_buttons()
