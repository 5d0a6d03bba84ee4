"""Work-around for a PySide6 6.12.0 reference-count bug on Python 3.10 and 3.11.

Measured here (PySide6 6.12.0 abi3 wheel, CPython 3.11.7): every void-returning Qt call made
from Python (``setText``, ``processEvents``, ``click``...) drops one reference to ``None``,
and ``SignalInstance.emit()`` drops one to ``True``, without having taken it. On Python 3.12+
those objects are immortal and nothing happens; on 3.11 the app aborts with "Fatal Python
error: none_dealloc" (or bool_dealloc) after a few thousand calls.

`make_singletons_immortal()` does what CPython 3.12 does: it raises the reference counts of
``None``, ``True`` and ``False`` by 2**40, so the missing references can never bring them to
zero. These objects are never freed anyway; nothing else changes. It is a no-op on 3.12+.
Call it before the first Qt call (``ui/__init__.py`` does).
"""

from __future__ import annotations

import ctypes
import sys

_BUMP = 1 << 40
_done = False


def make_singletons_immortal() -> None:
    global _done
    if _done or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return
    import PySide6  # cheap: the package's __init__ only, no Qt library is loaded here

    if not PySide6.__version__.startswith("6.12."):
        return  # pyproject keeps 3.11 on 6.11; this guards a hand-installed 6.12
    for obj in (None, True, False):
        ctypes.c_ssize_t.from_address(id(obj)).value += _BUMP
    _done = True


#: Qt log categories that only report optional libraries (VA-API, PipeWire) being absent.
QUIET_LOG_RULES = "qt.multimedia.symbolsresolver.warning=false\nqt.multimedia.ffmpeg.info=false"


def quiet_optional_library_logs() -> None:
    """Silence Qt's notes about optional hardware-acceleration libraries (GUI thread)."""
    from PySide6.QtCore import QLoggingCategory

    QLoggingCategory.setFilterRules(QUIET_LOG_RULES)
