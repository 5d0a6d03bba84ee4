"""Where Satchel keeps its files on disk.

One rule picks the root for everything the app writes:

1. env ``SATCHEL_HOME`` (non-empty) → that folder holds everything (tests and power users);
2. a file ``portable.ini`` next to the running program (the executable's folder when frozen by
   PyInstaller, the source checkout otherwise) → ``<that folder>/data`` holds everything, so
   the app runs from a USB stick without touching the user profile;
3. otherwise the platform's per-user folders (platformdirs, app name ``Satchel``).

With a root (1 or 2) the layout is ``<root>/`` (data), ``config/``, ``cache/``, ``logs/`` and
``downloads/``. Every function creates its folder on demand and raises
:class:`app.errors.StorageError` with a plain message when it cannot be created or written.
The functions read the environment on each call (cheap) and are safe from any thread.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from app.errors import StorageError

APP_NAME = "Satchel"
HOME_ENV = "SATCHEL_HOME"
PORTABLE_MARKER = "portable.ini"
DATABASE_NAME = "satchel.db"


def program_dir() -> Path:
    """The folder of the running program: the executable's when frozen, else the checkout."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def _root() -> Path | None:
    """The single folder that holds everything, or None for the platform's per-user folders."""
    home = os.environ.get(HOME_ENV, "").strip()
    if home:
        return Path(home).expanduser().resolve()
    program = program_dir()
    if (program / PORTABLE_MARKER).is_file():
        return program / "data"
    return None


def is_portable() -> bool:
    """True when a ``portable.ini`` next to the program (and no SATCHEL_HOME) decides the root."""
    return not os.environ.get(HOME_ENV, "").strip() and (program_dir() / PORTABLE_MARKER).is_file()


def _ensure(path: Path, what: str) -> Path:
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise StorageError(
            f"Satchel cannot create its {what} folder {path}: {reason}. "
            "Check that the disk is connected and that you may write there."
        ) from exc
    if not os.access(path, os.W_OK | os.X_OK):
        raise StorageError(
            f"Satchel cannot write to its {what} folder {path}. "
            "Check the folder's permissions or free the disk from read-only mode."
        )
    return path


def data_dir() -> Path:
    """The database, course contents and other durable data."""
    root = _root()
    path = root if root is not None else Path(platformdirs.user_data_dir(APP_NAME, APP_NAME))
    return _ensure(path, "data")


def config_dir() -> Path:
    """The settings file (no secrets: those go to the keyring)."""
    root = _root()
    path = (
        root / "config"
        if root is not None
        else Path(platformdirs.user_config_dir(APP_NAME, APP_NAME))
    )
    return _ensure(path, "settings")


def cache_dir() -> Path:
    """Files that can be rebuilt (thumbnails, catalog images); safe to delete."""
    root = _root()
    path = (
        root / "cache"
        if root is not None
        else Path(platformdirs.user_cache_dir(APP_NAME, APP_NAME))
    )
    return _ensure(path, "cache")


def log_dir() -> Path:
    """Log files."""
    root = _root()
    path = (
        root / "logs" if root is not None else Path(platformdirs.user_log_dir(APP_NAME, APP_NAME))
    )
    return _ensure(path, "log")


def downloads_dir() -> Path:
    """Downloaded course bundles and their partial downloads (durable, not a cache)."""
    return _ensure(data_dir() / "downloads", "downloads")


def database_path() -> Path:
    """The local SQLite database file (its folder is created; the file is not)."""
    return data_dir() / DATABASE_NAME
