"""`ProfileInfo`: what is known about a profile without unlocking it (``profile.json``).

Nothing here is secret: the profile switcher shows the name, email and store before the
learner types a password. The database key appears only wrapped (AES-GCM under a key derived
from the password with Argon2id, see `app.profiles.keys`); without the password or the
keyring it is useless.

The profile id is derived from the store URL and the user id, so one account has one profile
on a computer whatever email it signs in with. A profile split from a pre-profile database
whose owner never signed in again has an empty email until they do (``claimed`` is False).

Threading: the functions read or write one small file (atomically); safe from any thread,
but two writers of the same profile must not race (the manager serialises them).
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app.errors import StorageError

INFO_FILE = "profile.json"
DATABASE_FILE = "satchel.db"
FORMAT = 1


def profile_id(store_url: str, user_id: str) -> str:
    """The stable folder name of the profile of ``user_id`` on ``store_url``."""
    digest = hashlib.sha256(f"{normalise_url(store_url)}\n{user_id}".encode()).hexdigest()
    return digest[:20]


def normalise_url(url: str) -> str:
    return url.strip().rstrip("/")


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class ProfileInfo:
    """One profile as ``profile.json`` records it."""

    id: str
    store_url: str
    user_id: str
    email: str = ""
    display_name: str = ""
    device_id: str = ""
    encrypted: bool = True
    # the database key wrapped by the account password (`keys.PasswordWrap.to_dict`), or
    # None until the learner first signs in with a password on this computer
    password_wrap: dict[str, Any] | None = None
    created_at: str = field(default_factory=now_iso)
    last_used_at: str = field(default_factory=now_iso)

    @property
    def claimed(self) -> bool:
        """False for a profile split from an old database whose owner has not signed in."""
        return bool(self.email)

    @property
    def label(self) -> str:
        """How the profile switcher names it."""
        if self.display_name and self.email:
            return f"{self.display_name} ({self.email})"
        return self.email or self.display_name or f"Account {self.user_id[:8]}"

    def with_(self, **changes: Any) -> ProfileInfo:
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, **asdict(self)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProfileInfo:
        known = {f for f in cls.__dataclass_fields__}
        values = {k: v for k, v in data.items() if k in known}
        return cls(**values)


def read_info(folder: Path) -> ProfileInfo | None:
    """The profile in ``folder``, or None when it has no readable profile.json."""
    try:
        data = json.loads((folder / INFO_FILE).read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError):
        return None
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return None
    try:
        info = ProfileInfo.from_dict(data)
    except TypeError:
        return None
    return info if info.id == folder.name else None


def write_info(folder: Path, info: ProfileInfo) -> None:
    """Write ``profile.json`` atomically (temp file, fsync, rename)."""
    path = folder / INFO_FILE
    tmp = path.with_name(path.name + ".tmp")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tmp.open("w", encoding="utf-8") as fh:
            json.dump(info.to_dict(), fh, indent=2, ensure_ascii=False)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageError(
            f"Satchel could not save the profile {info.label} in {folder}: "
            f"{exc.strerror or exc}. Free some disk space or check the folder's permissions."
        ) from exc
