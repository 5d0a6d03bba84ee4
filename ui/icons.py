"""Icons from `resources/icons/*.svg`, tinted with the palette's text colour.

SVGs draw with ``currentColor``; `icon(name)` substitutes the current palette's window-text
colour, so one file serves light and dark themes. Cached per (name, colour). GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from ui.resources import resource

_cache: dict[tuple[str, str, int], QIcon] = {}


def icon(name: str, color: str | None = None, size: int = 64) -> QIcon:
    if color is None:
        color = QGuiApplication.palette().color(QPalette.ColorRole.WindowText).name()
    key = (name, color, size)
    if key not in _cache:
        try:
            svg = resource("icons", f"{name}.svg").read_text(encoding="utf-8")
        except OSError:
            return QIcon()
        renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", color).encode()))
        pixmap = QPixmap(QSize(size, size))
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        renderer.render(painter)
        painter.end()
        _cache[key] = QIcon(pixmap)
    return _cache[key]


def clear_cache() -> None:
    _cache.clear()
