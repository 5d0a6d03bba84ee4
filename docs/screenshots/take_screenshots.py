"""Take the screenshots in this folder: the real app on the embedded demo store.

    xvfb-run -a -s "-screen 0 1280x800x24" .venv/bin/python docs/screenshots/take_screenshots.py

A fresh temporary data folder; an in-memory keyring (screenshots only); a demo learner
registers, gets "Python Foundations" for free and buys "Data analysis with NumPy" with the
sandbox card, downloads both, studies, takes a quiz and sets a goal; then every screen is
captured (light theme, English), plus a few in Simplified Chinese and the dark theme, and
the instructor preview of a demo bundle (with its video lesson); and two moments: a paused
download in the Library, and confirming the new price of a course bought while offline; the
first start (no profile yet) and the profile switcher with two accounts on this computer.
Needs a CJK font for the Chinese shots (Debian: fonts-wqy-microhei or fonts-noto-cjk).
"""

from __future__ import annotations

import contextlib
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


def library_paused_download(svc, win, shot) -> None:  # type: ignore[no-untyped-def]
    """17: a course whose download the learner paused half-way (bytes kept, Resume)."""
    import sync.downloads as downloads

    real_read = downloads._read

    def slow_read(response, dest):  # type: ignore[no-untyped-def]
        time.sleep(0.01)  # a slow connection, so there is something to pause
        return response.raw.read1(16 * 1024)

    svc.catalog.buy("music-theory-ear", card="4242 4242 4242 4242", expected_amount=1499,
                    expected_currency="USD")
    downloads._read = slow_read
    try:
        lib = win.go("library")
        wait(lambda: lib.model.row_of("music-theory-ear") >= 0)
        lib.table.selectRow(lib.model.row_of("music-theory-ear"))
        lib.download_selected()
        wait(lambda: (t := lib.model.transfer("music-theory-ear")) is not None
             and t.state == "running" and t.fraction > 0.45)
        lib.pause_selected()
        wait(lambda: lib.model.transfer("music-theory-ear").state == "paused")
    finally:
        downloads._read = real_read
    lib.table.selectRow(lib.model.row_of("music-theory-ear"))
    shot("17-library-paused-download")


def purchase_confirmation(app, svc, controller, win) -> None:  # type: ignore[no-untyped-def]
    """18: a course bought while offline; back online, the learner confirms the new price."""
    from PySide6.QtWidgets import QApplication

    from app.services.catalog import PurchaseQueued
    from ui.dialogs.purchase import ConfirmPurchaseDialog

    store = win.go("store", course_id="strength-training-basics")
    wait(lambda: store.detail is not None and store.detail.card.id == "strength-training-basics")
    svc.stop_embedded_store()
    with contextlib.suppress(PurchaseQueued):  # offline: the purchase is only saved
        svc.catalog.buy("strength-training-basics", card="4242 4242 4242 4242",
                        expected_amount=1499, expected_currency="EUR")
    svc.restart_embedded_store()
    from store.db.models import Course, CourseVersion

    with svc.embedded_store.ctx.db.write() as s:  # the author lowered the price meanwhile
        course = s.get(Course, "strength-training-basics")
        course.price_amount = 1199
        version = s.get(CourseVersion, course.published_version_id)
        version.manifest = {**version.manifest,
                            "price_hint": {"amount": 1199, "currency": "EUR"}}
    controller.sync_now()

    def dialog():  # type: ignore[no-untyped-def]
        for w in QApplication.topLevelWidgets():
            if isinstance(w, ConfirmPurchaseDialog) and w.isVisible():
                return w
        return None

    wait(lambda: dialog() is not None)
    d = dialog()
    d.card.setText("4242 4242 4242 4242")
    pump(1.0)
    save_with_dialog(win, d, "18-purchase-confirmation")
    d.reject()  # decide later


def save_with_dialog(win, dialog, name: str) -> None:  # type: ignore[no-untyped-def]
    """The window with its modal dialog on top. Xvfb runs no window manager, so the dialog
    has no frame of its own: the window is dimmed and the dialog gets a border and a shadow
    here, as a desktop would draw them."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtGui import QColor, QPainter, QPen

    image = win.grab().toImage()
    top_left = dialog.mapToGlobal(QPoint(0, 0)) - win.mapToGlobal(QPoint(0, 0))
    pane = dialog.grab()
    rect = QRect(top_left, pane.size())
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(image.rect(), QColor(0, 0, 0, 60))
    for i in range(12, 0, -1):
        painter.setPen(QPen(QColor(0, 0, 0, 6), 2))
        painter.drawRoundedRect(rect.adjusted(-i, -i + 3, i, i + 3), 6 + i, 6 + i)
    painter.drawPixmap(rect.topLeft(), pane)
    painter.setPen(QPen(QColor("#8a94a3"), 1))
    painter.drawRect(rect.adjusted(0, 0, -1, -1))
    painter.end()
    image.save(str(HERE / f"{name}.png"))
    print("saved", name)


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
    controller = Controller(settings)
    win = MainWindow(controller)
    win.resize(1280, 800)
    win.show()
    win.firstPainted.connect(controller.start)
    wait(lambda: controller.app is not None, 120)

    def shot(name: str, widget=None, settle: float = 1.0) -> None:  # type: ignore[no-untyped-def]
        pump(settle)
        controller.worker.wait_idle(30_000)
        pump(0.3)
        (widget or win).grab().save(str(HERE / f"{name}.png"))
        print("saved", name)

    shot("00-first-start-profiles")  # no account on this computer yet: sign in or create one
    controller.register("mei@example.org", "password123", "Mei", remember=True)
    wait(lambda: controller.services is not None, 60)
    controller.apply_setting("interests", ["statistics", "music"])
    win.go("home")
    shot("01-home-new-user")
    svc = controller.services
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
    course = win.go("course", course_id="python-foundations", item_id="l-variables")
    wait(lambda: course.rate_button.isVisible())
    course.rate_course()
    dialog = course.review_dialog
    dialog.set_rating(4)
    dialog.text.setPlainText("Short lessons and good examples; I would like more exercises.")
    pump(0.5)
    save_with_dialog(win, dialog, "21-course-rating")
    dialog.saved.emit(dialog.rating, dialog.text.toPlainText())
    dialog.accept()
    wait(lambda: "★★★★☆" in course.review_label.text())
    # the store's administrator (the demo store's roles, set on its database)
    from store import accounts

    with controller.app.embedded_store.ctx.db.session(write=True) as session:
        accounts.set_role(session, "mei@example.org", instructor=None, admin=True)
    win.check_roles()
    wait(lambda: "store_status" in [s.key for s in win.specs])
    status = win.go("store_status")
    wait(lambda: status.status is not None)
    shot("22-store-status")
    library_paused_download(svc, win, shot)
    purchase_confirmation(app, svc, controller, win)
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
    preview.open_item("l-scale-keyboard")
    wait(lambda: preview.lesson.lesson is not None
         and preview.lesson.lesson.item.id == "l-scale-keyboard")
    media = preview.lesson.media_page
    media.play_button.click()
    wait(lambda: media.player.position() > 6_500)  # the scale has gone up: W W H W W W H
    media.play_button.click()
    pump(1.0)
    geo = preview.frameGeometry()  # from the screen: the video surface is not a plain widget
    app.primaryScreen().grabWindow(0, geo.x(), geo.y(), geo.width(), geo.height()).save(
        str(HERE / "19-preview-video.png"))
    print("saved 19-preview-video")
    preview.close()
    # a second account on this computer: File → Switch profile lists both
    controller.switch_profile()
    wait(lambda: controller.services is None and controller.app is not None)
    controller.register("lei@example.org", "password456", "Lei", remember=False)
    wait(lambda: controller.services is not None, 60)
    controller.switch_profile()
    wait(lambda: controller.services is None)
    shot("20-profile-switcher", settle=1.5)
    preview.close()
    win.close()
    controller.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
