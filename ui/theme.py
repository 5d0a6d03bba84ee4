"""Light and dark themes: the Fusion style, a palette, and the shared style sheet.

``apply_theme(app, "system" | "light" | "dark")``; "system" follows the desktop's colour
scheme when Qt can tell (`QStyleHints.colorScheme`), else light. GUI thread only.
"""

from __future__ import annotations

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


def style_sheet() -> str:
    try:
        return resource("styles", "satchel.qss").read_text(encoding="utf-8")
    except OSError:
        return ""


def apply_theme(app: QApplication, theme: str) -> bool:
    """Apply the theme; returns True when dark."""
    dark = is_dark(theme)
    app.setStyle("Fusion")
    app.setPalette(palette_for(dark))
    app.setStyleSheet(style_sheet())
    app.setProperty("satchelDark", dark)
    return dark
