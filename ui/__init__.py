"""Satchel's desktop app (PySide6): main window, screens, Qt models, dialogs, translations.

Importing the package applies `ui.qt_compat.make_singletons_immortal` (a PySide6 6.12 bug
on Python < 3.12; see that module).
"""

from ui.qt_compat import make_singletons_immortal

make_singletons_immortal()
