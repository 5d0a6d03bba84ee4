"""Fixtures for the desktop app's tests (offscreen Qt); the shared ones live in `support`.

Everything the app writes goes to the per-test SATCHEL_HOME (root conftest). The store is
the real `store/` server (`EmbeddedStore`) seeded with bundles made by `bundles.py`: one
free course and one paid course (paid content encrypted, as in the demo store).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

import ui  # noqa: F401  (applies the PySide6 reference-count work-around first)

sys.path.insert(0, str(Path(__file__).parent))

from support import (  # noqa: F401  (fixtures used by the tests in this folder)
    PAID_PRICE,
    _window,
    app_services,
    bare_window,
    buy_and_download,
    fresh_store,
    memory_keyring,
    new_email,
    services,
    signed_in,
    test_store,
    wait_idle,
    window,
)


@pytest.fixture(autouse=True)
def _english(qapp: Any) -> Iterator[None]:
    """Every test starts in English with the light theme, whatever the last one did."""
    from ui.i18n import set_language
    from ui.theme import apply_theme

    set_language(qapp, "en")
    apply_theme(qapp, "light")
    yield
    set_language(qapp, "en")


#: Qt messages of the headless test machine, not of the app: the "offscreen" platform, and
#: QtMultimedia finding no sound server, no audio device or no GPU to convert video frames.
OFFSCREEN_NOISE = (r"This plugin does not support propagateSizeHints\(\)",
                   r"PulseAudioService: pa_context_connect\(\) failed",
                   r"No audio device detected",
                   r"No RHI backend\. Using CPU conversion")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if Path(str(item.fspath)).is_relative_to(here):
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))
