"""Entry point of the desktop app (`satchel`).

    satchel                    the app (starts the embedded demo store when no store is set)
    satchel preview PATH [--watch]  a bundle folder or .satchel file as a learner sees it
    satchel --self-test        main window on a temporary data dir, open a demo bundle, exit 0
    satchel --data-dir DIR     keep everything (data, settings, logs) in DIR

An institution's ``institution.toml`` (see `app.provisioning`) is read first: its defaults
and locked settings apply to everything below; a file with a mistake is shown and ignored.

Cold start matters: only the shell is built before the first paint; the services (database,
embedded store, keyring) start right after it, in the background (see `ui.controller`).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from collections.abc import Sequence
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from app.provisioning import ProvisionedSettings, ProvisioningError

log = logging.getLogger("satchel")



def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="satchel", description="Satchel: study your courses offline."
    )
    parser.add_argument("--data-dir", metavar="DIR",
                        help="keep data, settings, cache and logs in DIR")
    parser.add_argument("--self-test", action="store_true",
                        help="open the main window on a temporary data dir and a demo bundle, "
                             "then exit (0 = everything works)")
    parser.add_argument("--language", choices=("en", "zh_CN"),
                        help="interface language for this run")
    parser.add_argument("--theme", choices=("light", "dark"), help="colour theme for this run")
    sub = parser.add_subparsers(dest="command")
    preview = sub.add_parser("preview", help="preview a course bundle as a learner sees it")
    preview.add_argument("path", help="bundle folder or .satchel file")
    preview.add_argument("--watch", action="store_true",
                         help="reload by itself whenever a file of the bundle is saved")
    return parser.parse_args(list(argv))


def setup_logging(level: int = logging.INFO) -> Path | None:
    """Log to a rotating file in the log folder (and warnings to stderr)."""
    from app.paths import log_dir

    root = logging.getLogger()
    root.setLevel(level)
    path: Path | None = None
    try:
        path = log_dir() / "satchel.log"
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=5, encoding="utf-8")
        handler.setFormatter(logging.Formatter(
            "%(asctime)s %(levelname)s %(threadName)s %(name)s: %(message)s"))
        root.addHandler(handler)
    except Exception as exc:  # a read-only disk must not stop the app from starting
        print(f"satchel: not logging to a file: {exc}", file=sys.stderr)
        path = None
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)
    root.addHandler(console)
    return path


def create_application(argv: Sequence[str] | None = None):  # type: ignore[no-untyped-def]
    """The QApplication with name, high-DPI policy and quiet optional-library logs."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    import app as app_pkg

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    QCoreApplication.setApplicationName("Satchel")
    QCoreApplication.setOrganizationName("Satchel")
    QCoreApplication.setApplicationVersion(app_pkg.__version__)
    QGuiApplication.setDesktopFileName("satchel")
    from ui.qt_compat import quiet_optional_library_logs

    quiet_optional_library_logs()
    return QApplication(list(argv or [sys.argv[0]]))


def report_first_paint(widget: Any) -> None:
    """Print "first-paint" on stdout right after ``widget`` is first painted (benchmarks)."""
    from PySide6.QtCore import QEvent, QObject

    class Watcher(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and obj is widget:
                widget.removeEventFilter(self)
                print("first-paint", flush=True)
            return False

    watcher = Watcher(widget)
    widget.installEventFilter(watcher)


def load_settings() -> tuple[ProvisionedSettings, ProvisioningError | None]:
    """The learner's settings through the institution's config (`app.provisioning`).

    A config with a mistake does not stop the app: it runs unmanaged, with the learner's own
    settings, and the error (logged) is returned for the UI to show."""
    from app.paths import config_dir
    from app.provisioning import ProvisionedSettings, load_or_unmanaged
    from app.settings import Settings

    config, problem = load_or_unmanaged()
    return ProvisionedSettings(Settings(config_dir() / "settings.json"), config), problem


def institution_problem_text(problem: ProvisioningError) -> str:
    from PySide6.QtCore import QCoreApplication

    return QCoreApplication.translate(
        "Institution", "Satchel could not use your organisation's settings file, so it starts "
        "with its own settings.\n\n%1\n\nPlease tell your IT department.").replace(
            "%1", str(problem))


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    tmp: tempfile.TemporaryDirectory[str] | None = None
    if args.self_test and not args.data_dir:
        tmp = tempfile.TemporaryDirectory(prefix="satchel-self-test-")
        args.data_dir = tmp.name
    if args.data_dir:
        os.environ["SATCHEL_HOME"] = str(Path(args.data_dir).expanduser().resolve())
    try:
        return _run(args)
    finally:
        logging.shutdown()
        if tmp is not None:
            tmp.cleanup()


def _run(args: argparse.Namespace) -> int:
    setup_logging()
    qapp = create_application()

    from ui.errors import install_excepthook
    from ui.i18n import set_language
    from ui.icons import icon
    from ui.theme import apply_theme, set_text_size

    settings, problem = load_settings()
    apply_theme(qapp, args.theme or settings["theme"])
    if settings["text_size"] != 100:
        set_text_size(qapp, int(settings["text_size"]))
    set_language(qapp, args.language or settings["language"])
    qapp.setWindowIcon(icon("satchel", color="#2f6fde"))
    install_excepthook()

    if args.command == "preview":
        from ui.preview import PreviewWindow

        preview = PreviewWindow(args.path, watch=args.watch)
        preview.show()
        preview.load()
        return qapp.exec()

    from PySide6.QtCore import QTimer

    from ui.controller import Controller
    from ui.main_window import MainWindow

    controller = Controller(settings, institution_problem=problem)
    window = MainWindow(controller)
    if os.environ.get("SATCHEL_REPORT_FIRST_PAINT") == "1":  # bench/cold_start.py
        report_first_paint(window)
    # the services (database, embedded store) start once the window has been painted
    window.firstPainted.connect(controller.start)
    window.show()
    if problem is not None:
        from app.errors import UserError
        from ui.errors import show_user_error

        QTimer.singleShot(0, lambda: show_user_error(
            UserError(institution_problem_text(problem)), window))
    if os.environ.get("SATCHEL_WATCHDOG") == "1":
        from ui.watchdog import GuiWatchdog

        window._watchdog = GuiWatchdog(parent=window).start()  # type: ignore[attr-defined]

    if args.self_test:
        from ui.self_test import SelfTest

        test = SelfTest(controller, window)
        QTimer.singleShot(0, test.run)
        qapp.exec()
        controller.shutdown()
        return test.exit_code

    code = qapp.exec()
    controller.shutdown()
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
