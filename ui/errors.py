"""How errors reach the user.

* `app.errors.UserError` (bad bundle, wrong password, full disk, server down): a plain message
  box with the error's own message — nothing technical.
* Anything else is a bug: logged with its traceback, then the crash dialog shows what happened
  and the tail of the rotating log file, with a button that copies both for a bug report.

Dialogs are opened window-modal with `open()`, never `exec()`, so background callbacks and
tests are not stuck in a nested event loop. Everything here runs on the GUI thread;
`install_excepthook` routes exceptions raised on other threads there through a queued signal.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import is_user_error

log = logging.getLogger("satchel.crash")

LOG_TAIL_LINES = 200


def log_file() -> Path | None:
    """The rotating log file the app writes to (None when logging to a file is off)."""
    from logging.handlers import RotatingFileHandler

    for handler in logging.getLogger().handlers:
        if isinstance(handler, RotatingFileHandler):
            return Path(handler.baseFilename)
    return None


def log_tail(path: Path | None, lines: int = LOG_TAIL_LINES) -> str:
    """Last ``lines`` lines of the log file (flushed first), or a note why there are none."""
    if path is None:
        return "(no log file)"
    for handler in logging.getLogger().handlers:
        handler.flush()
    try:
        with path.open("rb") as fh:
            fh.seek(0, 2)
            size = fh.tell()
            fh.seek(max(0, size - 256 * 1024))
            text = fh.read().decode("utf-8", "replace")
    except OSError as exc:
        return f"(could not read {path}: {exc.strerror})"
    return "\n".join(text.splitlines()[-lines:])


class CrashDialog(QDialog):
    """Shown for unexpected exceptions: what happened, the log tail, and a copy button."""

    def __init__(self, summary: str, details: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("crashDialog")
        self.setWindowTitle(self.tr("Satchel ran into a problem"))
        self.resize(720, 480)
        self.details = details
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Something went wrong inside Satchel. Your study data is safe. "
                "You can keep working; if it happens again, copy the details below "
                "into a bug report."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.summary = QLabel(summary)
        self.summary.setObjectName("crashSummary")
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.summary)
        self.text = QPlainTextEdit(details)
        self.text.setReadOnly(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        layout.addWidget(self.text, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.copy_button = QPushButton(self.tr("Copy details"))
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy_details)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @Slot()
    def copy_details(self) -> None:
        QGuiApplication.clipboard().setText(self.summary.text() + "\n\n" + self.details)
        self.copy_button.setText(self.tr("Copied"))


def _parent_window(parent: QWidget | None) -> QWidget | None:
    if parent is not None and shiboken6.isValid(parent):
        return parent.window()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        return app.activeWindow()
    return None


_support = ""


def set_support_contact(text: str) -> None:
    """Where learners get help (the institution's `[organisation] support`); "" for none."""
    global _support
    _support = text


def show_user_error(exc: BaseException, parent: QWidget | None = None) -> QMessageBox:
    """A plain message box with the UserError's message (and the institution's support
    contact, when it gave one)."""
    box = QMessageBox(_parent_window(parent))
    box.setObjectName("userErrorBox")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(QApplication.translate("Errors", "Satchel"))
    from ui.messages import error_text

    box.setText(error_text(exc))  # in the interface language when the message is known
    if _support:
        box.setInformativeText(QApplication.translate("Errors", "Help: %1").replace("%1", _support))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def show_crash(
    exc: BaseException, tb: TracebackType | None = None, parent: QWidget | None = None
) -> CrashDialog:
    """Log the exception with its traceback and open the crash dialog."""
    tb = tb or exc.__traceback__
    log.error("unexpected error", exc_info=(type(exc), exc, tb))
    trace = "".join(traceback.format_exception(type(exc), exc, tb))
    path = log_file()
    where = str(path) if path else "-"
    details = f"{trace}\n--- log tail ({where}) ---\n{log_tail(path)}"
    dialog = CrashDialog(f"{type(exc).__name__}: {exc}", details, _parent_window(parent))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog


def report_exception(exc: BaseException, parent: QWidget | None = None) -> QDialog:
    """UserError → plain message; anything else → crash dialog."""
    if is_user_error(exc):
        log.info("user error shown: %s", exc)
        return show_user_error(exc, parent)
    return show_crash(exc, parent=parent)


class _ThreadRelay(QObject):
    raised = Signal(object)


_relay: _ThreadRelay | None = None


def install_excepthook() -> None:
    """Route uncaught exceptions (GUI thread and other threads) to `report_exception`."""
    global _relay
    _relay = _ThreadRelay()
    _relay.raised.connect(report_exception)

    def hook(
        etype: type[BaseException], value: BaseException, tb: TracebackType | None
    ) -> None:
        if issubclass(etype, KeyboardInterrupt):
            sys.__excepthook__(etype, value, tb)
            return
        if value.__traceback__ is None and tb is not None:
            value = value.with_traceback(tb)
        if threading.current_thread() is threading.main_thread():
            report_exception(value)
        elif _relay is not None:
            _relay.raised.emit(value)

    def thread_hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            hook(args.exc_type, args.exc_value, args.exc_traceback)

    sys.excepthook = hook
    threading.excepthook = thread_hook
