"""Load the installer scripts (plain files in installer/, not a package) for the tests."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]
INSTALLER = ROOT / "installer"

# the marks of the installer smoke tests: slow, and run only in CI's smoke step
SMOKE_MARKS = [
    pytest.mark.slow,
    pytest.mark.opt_in,
    pytest.mark.skipif(os.environ.get("SATCHEL_BUILD_TESTS") != "1",
                       reason="build smoke tests run only with SATCHEL_BUILD_TESTS=1"),
]


def load(name: str) -> ModuleType:
    """Import installer/<name>.py once, as module ``satchel_installer_<name>``."""
    key = f"satchel_installer_{name}"
    if key in sys.modules:
        return sys.modules[key]
    if str(INSTALLER) not in sys.path:
        sys.path.insert(0, str(INSTALLER))
    spec = importlib.util.spec_from_file_location(key, INSTALLER / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    spec.loader.exec_module(module)
    return module
