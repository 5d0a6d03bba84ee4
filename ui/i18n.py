"""Interface language: English (source strings) and Simplified Chinese (`satchel_zh_CN.qm`).

`set_language(app, "system" | "en" | "zh_CN")` removes the previous translators and installs
the new ones (`satchel_en.qm` holds only English plural forms: "1 day" / "3 days"); Qt then
sends `QEvent.LanguageChange` to every widget, and each screen re-sets its texts in
`retranslate()`. So the language switches at runtime, without a restart.
Qt's own strings (standard dialog buttons) come from Qt's `qtbase_zh_CN.qm` when present.
GUI thread only.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from ui.resources import resource

log = logging.getLogger(__name__)

LANGUAGES = ("en", "zh_CN")
_installed: list[QTranslator] = []
_current = "en"


def resolve(language: str) -> str:
    """'system' → the system locale if we have it, else English."""
    if language in LANGUAGES:
        return language
    name = QLocale.system().name()
    return "zh_CN" if name.startswith("zh") else "en"


def current_language() -> str:
    return _current


def set_language(app: QApplication, language: str) -> str:
    """Install translators for ``language``; returns the language actually used."""
    global _current
    lang = resolve(language)
    for tr in _installed:
        app.removeTranslator(tr)
    _installed.clear()
    ours = QTranslator(app)
    qm = resource("i18n", f"satchel_{lang}.qm")  # English: plural forms only
    if ours.load(str(qm)):
        app.installTranslator(ours)
        _installed.append(ours)
    elif lang != "en":
        log.warning("translation file %s is missing; staying in English", qm)
        lang = "en"
    if lang != "en":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        qt_tr = QTranslator(app)
        if qt_tr.load(f"qtbase_{lang}", qt_dir):
            app.installTranslator(qt_tr)
            _installed.append(qt_tr)
    QLocale.setDefault(QLocale(lang if lang != "en" else "en_US"))
    _current = lang
    # deliver the LanguageChange events now, so every open widget is re-translated at once
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    return lang
