"""Light and dark themes: the Fusion style, a palette, and the shared style sheet.

``apply_theme(app, "system" | "light" | "dark")``; "system" follows the desktop's colour
scheme when Qt can tell (`QStyleHints.colorScheme`), else light. ``set_text_size(app, pct)``
zooms all text (the application font and every point size of the style sheet) to ``pct`` %
of the normal size (the `text_size` setting; View → Zoom). GUI thread only.
"""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from ui.resources import resource

_LIGHT = {
    "window": "#f6f7f9", "text": "#1f2328", "base": "#ffffff", "alt": "#eef1f4",
    "button": "#f3f4f6", "highlight": "#2f6fde", "htext": "#ffffff", "mid": "#c9ced6",
    "midlight": "#e3e7ec", "placeholder": "#6e7781", "link": "#1f5fc4", "tooltip": "#ffffe1",
}
_DARK = {
    "window": "#1e2227", "text": "#e6e8eb", "base": "#16191d", "alt": "#262b31",
    "button": "#2b3037", "highlight": "#4c8df6", "htext": "#ffffff", "mid": "#454c56",
    "midlight": "#343a42", "placeholder": "#8b949e", "link": "#79b0ff", "tooltip": "#2b3037",
}


def is_dark(theme: str) -> bool:
    if theme == "dark":
        return True
    if theme == "light":
        return False
    hints = QGuiApplication.styleHints()
    return hints.colorScheme() == Qt.ColorScheme.Dark


def palette_for(dark: bool) -> QPalette:
    c = {k: QColor(v) for k, v in (_DARK if dark else _LIGHT).items()}
    p = QPalette()
    role = QPalette.ColorRole
    p.setColor(role.Window, c["window"])
    p.setColor(role.WindowText, c["text"])
    p.setColor(role.Base, c["base"])
    p.setColor(role.AlternateBase, c["alt"])
    p.setColor(role.ToolTipBase, c["tooltip"])
    p.setColor(role.ToolTipText, c["text"])
    p.setColor(role.PlaceholderText, c["placeholder"])
    p.setColor(role.Text, c["text"])
    p.setColor(role.Button, c["button"])
    p.setColor(role.ButtonText, c["text"])
    p.setColor(role.BrightText, QColor("#ff5555"))
    p.setColor(role.Highlight, c["highlight"])
    p.setColor(role.HighlightedText, c["htext"])
    p.setColor(role.Link, c["link"])
    p.setColor(role.Mid, c["mid"])
    p.setColor(role.Midlight, c["midlight"])
    p.setColor(role.Light, c["base"])
    p.setColor(role.Dark, c["mid"])
    disabled = QPalette.ColorGroup.Disabled
    for r in (role.Text, role.ButtonText, role.WindowText):
        p.setColor(disabled, r, c["placeholder"])
    return p


_POINTS = re.compile(r"(\d+(?:\.\d+)?)pt\b")
ZOOM_STEPS = (50, 67, 80, 90, 100, 110, 125, 150, 175, 200, 250)


#: Dark only: Fusion draws the frame of text fields in a shade barely apart from the dark
#: window, so the fields seemed to lose their borders; give them a visible one.
DARK_FIELDS = """
QLineEdit, QTextEdit, QPlainTextEdit, QSpinBox, QDoubleSpinBox, QComboBox {
    border: 1px solid #6b7480;
    border-radius: 4px;
    padding: 2px 4px;
    background: palette(base);
}
QLineEdit:focus, QTextEdit:focus, QPlainTextEdit:focus, QSpinBox:focus,
QDoubleSpinBox:focus, QComboBox:focus {
    border: 1px solid palette(highlight);
}
QLineEdit:disabled, QTextEdit:disabled, QPlainTextEdit:disabled, QSpinBox:disabled,
QDoubleSpinBox:disabled, QComboBox:disabled {
    border: 1px solid MID;
}
""".replace("MID", _DARK["mid"])


def style_sheet(scale: float = 1.0, dark: bool = False) -> str:
    """The shared style sheet (plus the dark theme's field borders when ``dark``) with
    every point size multiplied by ``scale``."""
    try:
        text = resource("styles", "satchel.qss").read_text(encoding="utf-8")
    except OSError:
        return ""
    if dark:
        text += DARK_FIELDS
    if scale == 1.0:
        return text
    return _POINTS.sub(lambda m: f"{float(m.group(1)) * scale:.2f}pt", text)


def text_scale(app: QApplication) -> float:
    value = app.property("satchelTextSize")
    return (int(value) if value else 100) / 100


def _base_point_size(app: QApplication) -> float:
    base = app.property("satchelBasePointSize")
    if not base:
        base = app.font().pointSizeF()
        if base <= 0:
            base = 10.0
        app.setProperty("satchelBasePointSize", base)
    return float(base)


def apply_theme(app: QApplication, theme: str) -> bool:
    """Apply the theme; returns True when dark."""
    dark = is_dark(theme)
    _base_point_size(app)
    app.setStyle("Fusion")
    app.setPalette(palette_for(dark))
    app.setProperty("satchelDark", dark)
    app.setStyleSheet(style_sheet(text_scale(app), dark))
    return dark


def set_text_size(app: QApplication, percent: int) -> None:
    """Zoom all text to ``percent`` % of the normal size (fonts and the style sheet)."""
    base = _base_point_size(app)
    app.setProperty("satchelTextSize", int(percent))
    font = app.font()
    font.setPointSizeF(base * percent / 100)
    app.setFont(font)
    app.setStyleSheet(style_sheet(percent / 100, bool(app.property("satchelDark"))))


def zoom_step(percent: int, direction: int) -> int:
    """The next zoom step up (``direction`` 1) or down (-1) from ``percent``; 0 resets."""
    if direction == 0:
        return 100
    if direction > 0:
        return next((s for s in ZOOM_STEPS if s > percent), ZOOM_STEPS[-1])
    return next((s for s in reversed(ZOOM_STEPS) if s < percent), ZOOM_STEPS[0])
