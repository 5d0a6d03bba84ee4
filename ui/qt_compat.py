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


def _no_op(*_: object) -> None:
    pass


def settle_virtual_overrides(*objects: object) -> None:
    """Work-around for a GIL deadlock of QtMultimedia objects created from Python.

    The first time Qt calls a virtual method (``connectNotify``/``disconnectNotify``) of a
    Python-created QObject, the shiboken wrapper takes the GIL to look for a Python override,
    then remembers that there is none. QtMultimedia's FFmpeg renderers live on their own
    threads and, when the player stops, their destructors call ``disconnectNotify`` on the
    player and its audio output while holding a Qt signal/slot mutex. If the GUI thread (which
    holds the GIL) meanwhile connects anything guarded by the same mutex, both wait forever
    (measured: a hang within ~10-25 play/stop cycles). Calling both virtuals once here, on the
    GUI thread, fills the wrapper's cache, so the renderer threads never need the GIL.
    Call it right after creating the player, its audio output and video widget (GUI thread).
    """
    for obj in objects:
        signal = obj.destroyed  # type: ignore[attr-defined]
        signal.connect(_no_op)
        signal.disconnect(_no_op)
