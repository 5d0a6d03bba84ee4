"""Take the screenshots in this folder: the real app on the embedded demo store.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/take_screenshots.py

A fresh temporary data folder; an in-memory keyring (screenshots only); a demo learner
registers, gets "Python Foundations" for free and buys "Data analysis with NumPy" with the
sandbox card, downloads both, studies, takes a quiz and sets a goal; then every screen is
captured (light theme, English), plus a few in Simplified Chinese and the dark theme, and
the instructor preview of a demo bundle. Needs a CJK font for the Chinese shots
(Debian: fonts-wqy-microhei or fonts-noto-cjk).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
os.environ["SATCHEL_HOME"] = tempfile.mkdtemp(prefix="satchel-shots-")
os.environ.setdefault("SATCHEL_STORE_ARGON2_PROFILE", "test-fast")

import keyring  # noqa: E402
from keyring.backend import KeyringBackend  # noqa: E402

import ui  # noqa: E402,F401


class _MemoryKeyring(KeyringBackend):
    priority = 5  # type: ignore[assignment]
    secrets: dict[tuple[str, str], str] = {}  # noqa: RUF012

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


keyring.set_keyring(_MemoryKeyring())

from PySide6.QtCore import QCoreApplication, QEventLoop  # noqa: E402

from ui.main import create_application, setup_logging  # noqa: E402


def pump(seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 30)


def wait(cond, timeout: float = 60) -> None:  # type: ignore[no-untyped-def]
    end = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > end:
            raise SystemExit("timed out waiting for the app")
        pump(0.05)


def main() -> int:
    setup_logging()
    app = create_application()
    from app.paths import config_dir
    from app.settings import Settings
    from ui.controller import Controller
    from ui.i18n import set_language
    from ui.icons import clear_cache, icon
    from ui.main_window import MainWindow
    from ui.theme import apply_theme

    apply_theme(app, "light")
    set_language(app, "en")
    app.setWindowIcon(icon("satchel", color="#2f6fde"))
    settings = Settings(config_dir() / "settings.json")
    settings.set("auto_sync", False)
    settings.set("interests", ["statistics", "music"])
    controller = Controller(settings)
    win = MainWindow(controller)
    win.resize(1280, 800)
    win.show()
    win.firstPainted.connect(controller.start)
    wait(lambda: controller.is_ready, 120)

    def shot(name: str, widget=None, settle: float = 1.0) -> None:  # type: ignore[no-untyped-def]
        pump(settle)
        controller.worker.wait_idle(30_000)
        pump(0.3)
        (widget or win).grab().save(str(HERE / f"{name}.png"))
        print("saved", name)

    win.go("home")
    shot("01-home-new-user")
    svc = controller.services
    svc.account.register("mei@example.org", "password123", "Mei")
    controller.accountChanged.emit()
    svc.catalog.refresh()
    store = win.go("store")
    wait(lambda: store.model.rowCount() > 0)
    row = store.model.row_of("data-analysis-numpy")
    store.list.setCurrentIndex(store.model.index(row))
    shot("02-store", settle=1.5)
    svc.catalog.buy("python-foundations", expected_amount=0, expected_currency="USD")
    svc.catalog.buy("data-analysis-numpy", card="4242 4242 4242 4242", expected_amount=1999,
                    expected_currency="USD")
    for cid in ("python-foundations", "data-analysis-numpy"):
        svc.library.download(cid)
    svc.sync.sync_now()
    course = win.go("course", course_id="python-foundations", item_id="l-variables")
    wait(lambda: course.item is not None)
    pump(1)
    m = svc.library.manifest("python-foundations")
    for item_id in ("l-variables", "l-control-flow"):
        svc.progress.studied("python-foundations", m.item(item_id), 900)
        svc.progress.reached_end("python-foundations", m.item(item_id))
    quiz = svc.library.course("python-foundations").quiz("q-basics")
    for i, q in enumerate(quiz.questions):
        svc.quiz.record_answer("python-foundations", "q-basics", q, "x", i % 3 != 1, 1, 25)
    svc.notes.add_note("python-foundations", "l-variables", "Names point at values; "
                       "`=` binds, it does not compare.", {"scroll": 0.2})
    lib = win.go("library")
    shot("03-library")
    course = win.go("course", course_id="python-foundations", item_id="l-functions")
    wait(lambda: course.item is not None and course.item.id == "l-functions")
    course._load_notes()
    shot("04-course-lesson")
    course = win.go("course", course_id="data-analysis-numpy", item_id="l-worked-example")
    wait(lambda: course.item is not None and course.item.id == "l-worked-example")
    shot("05-course-pdf", settle=2)
    qs = win.go("quiz")
    wait(lambda: qs.list.count() > 0)
    qs._start("python-foundations", "q-functions-data", None)
    wait(lambda: qs.view.current_question() is not None)
    view = qs.view
    view.area.buttons[0].click() if view.area.buttons else view.area.line.setText("42")
    view.check_button.click()
    shot("06-quiz-feedback")
    goals = win.go("goals")
    wait(lambda: goals.course.count() > 0)
    goals.course.setCurrentIndex(goals.course.findData("data-analysis-numpy"))
    goals.goal_title.setText("Finish Data analysis with NumPy")
    goals.hours.setValue(2)
    goals.create_goal()
    wait(lambda: goals.goal_list.count() > 0)
    shot("07-goals-plan")
    win.go("progress")
    shot("08-progress", settle=1.5)
    win.go("settings")
    shot("09-settings")
    svc.sync.sync_now()
    win.go("home")
    shot("10-home")
    del lib
    # Chinese
    set_language(app, "zh_CN")
    settings.set("language", "zh_CN")
    win.go("home")
    shot("11-home-zh_CN")
    store = win.go("store")
    row = store.model.row_of("personal-finance-zh")
    if row >= 0:
        store.list.setCurrentIndex(store.model.index(row))
    shot("12-store-zh_CN", settle=1.5)
    set_language(app, "en")
    # dark theme
    clear_cache()
    apply_theme(app, "dark")
    win.go("course", course_id="python-foundations", item_id="l-variables")
    shot("13-course-dark", settle=1.5)
    win.go("progress")
    shot("14-progress-dark", settle=1.5)
    clear_cache()
    apply_theme(app, "light")
    # instructor preview with the validator's report
    from ui.preview import PreviewWindow

    preview = PreviewWindow(ROOT / "resources" / "demo" / "music-theory-ear", controller.worker)
    preview.resize(1280, 800)
    preview.show()
    preview.load()
    wait(lambda: preview.lesson.lesson is not None)
    shot("15-preview", preview, settle=1.5)
    preview.open_item("l-major-scale")
    wait(lambda: preview.lesson.lesson is not None
         and preview.lesson.lesson.item.id == "l-major-scale")
    shot("16-preview-audio", preview, settle=1.5)
    preview.close()
    win.close()
    controller.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
