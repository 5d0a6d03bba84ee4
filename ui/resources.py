"""Where the app's read-only resources are: styles, icons, translations, demo bundles.

In a source checkout or an installed wheel they sit in the `resources/` folder next to the
`ui/` package; in a PyInstaller build under ``sys._MEIPASS/resources``. Safe from any thread.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def demo_dir() -> Path:
    return resource("demo")
