"""The profiles on this computer: ``<data>/profiles/<id>/`` folders with a ``profile.json``.

`ProfileRegistry` lists, finds, creates, saves and removes profiles and opens a profile's
database with its key. Folders without a readable ``profile.json`` (a half-made profile from
an interrupted sign-in) are ignored by `list` and removed by `create` when it needs the name.

Threading: methods touch small files and may be called from any worker thread; callers
serialise changes to one profile (the `ProfileManager` holds a lock).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from app.db import Database, open_database
from app.db.cipher import encrypt_in_place
from app.errors import StorageError
from app.profiles.info import (
    DATABASE_FILE,
    ProfileInfo,
    normalise_url,
    now_iso,
    read_info,
    write_info,
)

log = logging.getLogger(__name__)

PROFILES_FOLDER = "profiles"


class ProfileRegistry:
    """The profiles under ``root`` (normally ``<data>/profiles``)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def folder(self, profile: str) -> Path:
        return self.root / profile

    def database_path(self, profile: str) -> Path:
        return self.folder(profile) / DATABASE_FILE

    def list(self) -> list[ProfileInfo]:
        """Every profile, most recently used first."""
        if not self.root.is_dir():
            return []
        found = []
        for folder in sorted(self.root.iterdir()):
            if folder.is_dir() and not folder.name.startswith("."):
                info = read_info(folder)
                if info is not None:
                    found.append(info)
        return sorted(found, key=lambda i: i.last_used_at, reverse=True)

    def get(self, profile: str) -> ProfileInfo | None:
        return read_info(self.folder(profile))

    def find(self, store_url: str, *, user_id: str | None = None,
             email: str | None = None) -> ProfileInfo | None:
        """The profile of this account on this store (by user id, else by email)."""
        url = normalise_url(store_url)
        for info in self.list():
            if normalise_url(info.store_url) != url:
                continue
            if user_id is not None and info.user_id == user_id:
                return info
            if email is not None and info.email and info.email.lower() == email.lower():
                return info
        return None

    def save(self, info: ProfileInfo) -> ProfileInfo:
        write_info(self.folder(info.id), info)
        return info

    def touch(self, info: ProfileInfo) -> ProfileInfo:
        """Record that the profile was just opened (the switcher lists it first)."""
        return self.save(info.with_(last_used_at=now_iso()))

    def create(self, info: ProfileInfo) -> ProfileInfo:
        """A new profile folder for ``info`` (a leftover folder without profile.json, from an
        interrupted sign-in, is cleared first; an existing profile is never overwritten)."""
        folder = self.folder(info.id)
        if read_info(folder) is not None:
            raise StorageError(f"a profile for {info.label} already exists in {folder}")
        if folder.exists():
            shutil.rmtree(folder, ignore_errors=True)
        return self.save(info)

    def open_database(self, info: ProfileInfo, key: bytes | None) -> Database:
        """The profile's database (created or migrated as needed), unlocked with ``key``.

        A profile recorded as encrypted whose file is still plain (the encryption of a split
        profile was interrupted after profile.json said so) is encrypted now, with ``key``."""
        path = self.database_path(info.id)
        if info.encrypted:
            if key is None:
                raise ValueError("an encrypted profile opens only with its key")
            encrypt_in_place(path, key)  # a no-op unless the file is still plain
            return open_database(path, key=key)
        return open_database(path)

    def remove(self, profile: str) -> None:
        """Delete a profile and everything of it on this computer (not on the store)."""
        folder = self.folder(profile)
        try:
            shutil.rmtree(folder)
        except FileNotFoundError:
            return
        except OSError as exc:
            raise StorageError(f"Satchel could not delete {folder}: {exc.strerror or exc}."
                               ) from exc
