"""`satchel --self-test`: the installer's smoke test, run inside the real app.

Steps (each must pass, within a time limit): the main window is shown (and the institution
that manages this copy is printed: ``institution: <name>`` or ``institution: none``); the
app's services start (the embedded store when no store is configured); with the embedded
store, a throw-away account is created, whose encrypted profile (SQLCipher) opens in the
temporary data dir; a demo bundle from `resources/demo` validates and its first lesson is
prepared and shown in a preview window. Prints one line per step and sets `exit_code`
(0 = all passed).
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, QTimer, Slot
from PySide6.QtWidgets import QApplication

from ui.controller import Controller
from ui.main_window import MainWindow
from ui.resources import demo_dir

TIMEOUT_MS = 120_000


def institution_name(controller: Controller) -> str:
    """Who manages this copy: the organisation (or the config's path), or ``none``."""
    inst = controller.institution
    if inst.is_managed:
        return inst.organisation or f"(unnamed, {inst.source})"
    problem = controller.institution_problem
    return f"none (the institution config was not used: {problem})" if problem else "none"


class SelfTest(QObject):
    def __init__(self, controller: Controller, window: MainWindow) -> None:
        super().__init__(window)
        self.controller = controller
        self.window = window
        self.exit_code = 1
        self.preview: object = None

    def say(self, text: str) -> None:
        print(f"self-test: {text}", flush=True)

    @Slot()
    def run(self) -> None:
        QTimer.singleShot(TIMEOUT_MS, self._timeout)
        if not self.window.isVisible():
            return self._fail("the main window is not visible")
        self.say("main window shown")
        self.say(f"institution: {institution_name(self.controller)}")
        self.controller.startupFailed.connect(
            lambda exc: self._fail(f"services did not start: {exc}"))
        if self.controller.app is not None:
            self._app_ready()
        else:
            self.controller.appReady.connect(self._app_ready)

    @Slot()
    def _app_ready(self) -> None:
        self.say("services started")
        app = self.controller.app
        if app is None or app.embedded_store is None:  # a real store: no account made there
            self.say(f"profiles on this computer: {len(self.controller.profiles)}")
            return self._open_demo_bundle()
        self.controller.ready.connect(self._profile_ready)
        self.controller.register("self-test@example.org", "self-test-password", "Self test",
                                 remember=False,
                                 on_error=lambda exc: self._fail(f"no profile opened: {exc}"))

    @Slot()
    def _profile_ready(self) -> None:
        services = self.controller.services
        encrypted = services is not None and services.opened.info.encrypted
        self.say(f"profile opened ({'encrypted' if encrypted else 'NOT encrypted'})")
        if not encrypted:
            return self._fail("the profile database is not encrypted")
        self._open_demo_bundle()

    def _open_demo_bundle(self) -> None:
        bundles = sorted(p for p in demo_dir().iterdir() if (p / "manifest.json").is_file()) \
            if demo_dir().is_dir() else []
        if not bundles:
            return self._fail(f"no demo bundle in {demo_dir()}")
        from ui.preview import PreviewWindow

        preview = PreviewWindow(bundles[0], self.controller.worker)
        self.preview = preview
        preview.lesson.stack.currentChanged.connect(lambda _i: self._check_preview())
        preview.show()
        preview.load()

    def _check_preview(self) -> None:
        from ui.preview import PreviewWindow

        preview = self.preview
        if not isinstance(preview, PreviewWindow) or preview.bundle is None:
            return
        if not preview.bundle.report.ok:
            return self._fail(f"demo bundle is not valid:\n{preview.bundle.report.format()}")
        if preview.lesson.lesson is not None:
            self.say(f"demo bundle opened: {preview.bundle.title} "
                     f"({preview.lesson.lesson.item.title})")
            self.exit_code = 0
            preview.close()
            QApplication.quit()

    def _fail(self, why: str) -> None:
        print(f"self-test: FAILED: {why}", file=sys.stderr, flush=True)
        self.exit_code = 1
        QApplication.quit()

    @Slot()
    def _timeout(self) -> None:
        if self.exit_code != 0:
            self._fail(f"did not finish within {TIMEOUT_MS // 1000} s")
