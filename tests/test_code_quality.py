"""Static checks run as part of the test suite, so the README's one test command covers them:
ruff (lint), mypy (types; strict for the core packages) and import-linter (layer contracts).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def _tool(name: str) -> str:
    exe = BIN / name
    if exe.exists():
        return str(exe)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; install the test extra: pip install -e '.[test]'")
    return found


def _run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_ruff_is_clean() -> None:
    res = _run(_tool("ruff"), "check", ".")
    assert res.returncode == 0, res.stdout + res.stderr


@pytest.mark.slow
def test_mypy_is_clean() -> None:
    res = _run(_tool("mypy"))
    assert res.returncode == 0, res.stdout + res.stderr


def test_import_contracts_hold() -> None:
    res = _run(_tool("lint-imports"))
    assert res.returncode == 0, res.stdout + res.stderr


def test_the_version_is_written_once() -> None:
    """The distribution's version (what `satchel-bundle` and the bundle validator report) is
    `app.__version__` (what the About box and the update check show)."""
    import importlib.metadata

    import app

    assert importlib.metadata.version("satchel") == app.__version__
