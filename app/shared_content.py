"""Course files shared between the profiles of one computer, with a reference per profile.

A downloaded ``.satchel`` file is named by course, version and sha256 and kept once in the
downloads folder, whichever profile downloaded it (paid ones are encrypted: each profile
unlocks them only with the content key wrapped for its own device). Each profile that has a
file available leaves an empty marker ``<downloads>/.refs/<file name>/<profile id>``, so
removing a download in one profile deletes the file only when no other profile still uses
it. The markers say which profile has which course file on this computer, nothing more.

Threading: plain file operations; safe from any thread.
"""

from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

REFS_FOLDER = ".refs"


def _refs(downloads: Path, file: Path) -> Path:
    return downloads / REFS_FOLDER / file.name


def add_ref(downloads: Path, file: Path, profile: str) -> None:
    """Record that ``profile`` uses ``file`` (a file outside ``downloads`` is not counted)."""
    if not file.is_relative_to(downloads):
        return
    folder = _refs(downloads, file)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / profile).touch()


def drop_ref(downloads: Path, file: Path, profile: str) -> bool:
    """Forget ``profile``'s use of ``file``; True when no other profile uses it any more."""
    if not file.is_relative_to(downloads):
        return True
    folder = _refs(downloads, file)
    (folder / profile).unlink(missing_ok=True)
    others = [p for p in folder.iterdir()] if folder.is_dir() else []
    if not others:
        with contextlib.suppress(OSError):
            shutil.rmtree(folder)
        return True
    return False
