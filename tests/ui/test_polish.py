"""Polish seen in screenshots, through the real window: the device list follows the
language, chart axis titles are whole in Chinese, dark text fields have borders, the
bookmark icon draws (no emoji box)."""

from __future__ import annotations

from typing import Any

from PySide6.QtGui import QColor, QFontMetrics, QImage
from PySide6.QtWidgets import QApplication
from support import buy_and_download, wait_idle  # type: ignore[import-not-found]

from ui.i18n import set_language


def show(window: Any, key: str, **kw: Any) -> Any:
    window.go(key, **kw)
    wait_idle(window)
    return window.screens[key]


def opaque_pixels(image: QImage) -> int:
    return sum(1 for x in range(image.width()) for y in range(image.height())
               if image.pixelColor(x, y).alpha() > 0)


# -- devices ------------------------------------------------------------------------------
def test_the_device_list_follows_the_language_back_to_english(signed_in: Any,
                                                               qtbot: Any) -> None:
    app = QApplication.instance()
    settings = show(signed_in, "settings")
    settings.devices_button.click()
    qtbot.waitUntil(lambda: settings.devices.count() == 1, timeout=10_000)
    assert " — this device — last seen just now" in settings.devices.item(0).text()
    device = settings.devices.item(0).data(0x0100)
    try:
        set_language(app, "zh_CN")
        assert " — 本设备 — 最近活动：刚刚" in settings.devices.item(0).text()
        set_language(app, "en")
        text = settings.devices.item(0).text()
        assert " — this device — last seen just now" in text and "本设备" not in text
        assert settings.devices.item(0).data(0x0100) == device  # still the same device
    finally:
        set_language(app, "en")


# -- charts -------------------------------------------------------------------------------
def axis_title_items(progress: Any) -> dict[str, Any]:
    """The text items QtCharts draws for the vertical axis titles (turned 270°)."""
    items = {}
    for item in progress.chart_view.scene().items():
        obj = item.toGraphicsObject()
        if obj is not None and obj.metaObject().className() == "QGraphicsTextItem" \
                and obj.rotation() != 0:
            items[obj.toPlainText()] = obj
    return items


def test_chart_axis_titles_are_whole_in_chinese(signed_in: Any, qtbot: Any) -> None:
    app = QApplication.instance()
    buy_and_download(signed_in)
    services = signed_in.controller.services
    lesson = services.library.manifest("paid-course").item("l-add")
    services.progress.studied("paid-course", lesson, 600)
    signed_in.resize(1000, 700)
    progress = show(signed_in, "progress")
    try:
        set_language(app, "zh_CN")
        wait_idle(signed_in)
        for height in (700, 420):  # the default size and a short window
            signed_in.resize(1000, height)
            qtbot.wait(50)
            titles = axis_title_items(progress)
            assert set(titles) == {"分钟", "课时"}  # the translated titles, not "…" or ""
            for axis in progress.chart.axes()[1:]:
                assert "Noto Sans CJK SC" in axis.titleFont().families()
    finally:
        set_language(app, "en")
    qtbot.waitUntil(lambda: set(axis_title_items(progress)) == {"minutes", "lessons"},
                    timeout=5_000)


# -- dark theme ---------------------------------------------------------------------------
def test_dark_text_fields_have_a_visible_border(signed_in: Any, qtbot: Any) -> None:
    from ui.theme import apply_theme

    app = QApplication.instance()
    sheet = app.styleSheet()
    assert "QSpinBox" not in sheet  # light: Fusion's own frames
    settings = show(signed_in, "settings")
    settings.theme.setCurrentIndex(settings.theme.findData("dark"))
    try:
        sheet = app.styleSheet()
        rule = sheet[sheet.index("QLineEdit, QTextEdit"):]
        head, body = rule.split("{", 1)
        for kind in ("QLineEdit", "QTextEdit", "QPlainTextEdit", "QSpinBox", "QComboBox"):
            assert kind in head
        assert "border: 1px solid #6b7480" in body.split("}", 1)[0]
        qtbot.wait(50)
        field = settings.store_url
        image = field.grab().toImage()
        middle = image.height() // 2
        edge = image.pixelColor(0, middle)
        inside = image.pixelColor(image.width() // 2, 2)
        window = field.palette().color(field.backgroundRole())
        # the frame stands out from both the field and the dark window around it
        assert abs(edge.lightness() - inside.lightness()) > 40
        assert abs(edge.lightness() - QColor(window).lightness()) > 40
    finally:
        apply_theme(app, "light")


# -- bookmark icon ------------------------------------------------------------------------
def test_the_bookmark_icon_draws_and_bookmarks_carry_it(signed_in: Any, qtbot: Any) -> None:
    from ui.icons import icon

    image = icon("bookmark").pixmap(32, 32).toImage()
    drawn = opaque_pixels(image)
    assert 60 < drawn < 32 * 32 // 2  # an outline, not empty and not a filled box
    buy_and_download(signed_in)
    course = show(signed_in, "course", course_id="paid-course")
    qtbot.waitUntil(lambda: course.item is not None, timeout=10_000)
    assert opaque_pixels(course.bookmark_button.icon().pixmap(32, 32).toImage()) == drawn
    course.bookmark_button.click()
    qtbot.waitUntil(lambda: course.bookmarks_list.count() == 1, timeout=10_000)
    item = course.bookmarks_list.item(0)
    assert item.text() == "Adding numbers"
    assert opaque_pixels(item.icon().pixmap(32, 32).toImage()) == drawn
    metrics = QFontMetrics(course.bookmarks_list.font())
    assert all(metrics.inFontUcs4(ord(ch)) for ch in item.text())  # no glyph drawn as a box
