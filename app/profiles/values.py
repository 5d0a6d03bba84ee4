"""A profile's own values inside its (encrypted) database: secrets and personal settings.

Secrets: the store refresh token and the device's X25519 private key. They live here, not in
the keyring, because the whole database is encrypted under a key the learner unlocks (the
keyring keeps only that key, see `app.profiles.keys`); so a learner without a keyring who
unlocks the profile with the password offline has the device key and can study every
downloaded paid course. Personal settings (interests, daily limits, …) are the values of
settings declared ``personal`` in `app.settings`.

Threading: reads use ``db.read()`` from any thread; writes go through the writer lane.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Mapping
from concurrent.futures import Future
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.db.models import ProfileValue

REFRESH_TOKEN = "secret.refresh_token"
DEVICE_KEY = "secret.device_key"
SETTING_PREFIX = "setting."

log = logging.getLogger(__name__)


def _log_failure(future: Future[None]) -> None:
    exc = future.exception()
    if exc is not None:
        log.warning("a personal setting could not be saved: %s", exc)


def _put(session: Session, name: str, value: Any) -> None:
    row = session.get(ProfileValue, name)
    if value is None:
        if row is not None:
            session.delete(row)
        return
    if row is None:
        session.add(ProfileValue(name=name, value=value))
    else:
        row.value = value


class ProfileValues:
    """Named values of one open profile database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def get(self, name: str) -> Any:
        with self.db.read() as s:
            row = s.get(ProfileValue, name)
            return row.value if row is not None else None

    def put(self, name: str, value: Any) -> None:
        """Set (None: delete) a value, waiting for the write."""
        self.db.write_sync(lambda s: _put(s, name, value))

    # -- secrets ------------------------------------------------------------------------
    def refresh_token(self) -> str | None:
        value = self.get(REFRESH_TOKEN)
        return value if isinstance(value, str) and value else None

    def set_refresh_token(self, token: str | None) -> None:
        self.put(REFRESH_TOKEN, token)

    def device_key(self) -> X25519PrivateKey | None:
        value = self.get(DEVICE_KEY)
        if not isinstance(value, str):
            return None
        try:
            return X25519PrivateKey.from_private_bytes(base64.b64decode(value))
        except ValueError:
            return None

    def set_device_key(self, key: X25519PrivateKey) -> None:
        raw = key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        self.put(DEVICE_KEY, base64.b64encode(raw).decode())

    # -- personal settings --------------------------------------------------------------
    def settings(self) -> dict[str, Any]:
        with self.db.read() as s:
            rows = s.scalars(select(ProfileValue).where(
                ProfileValue.name.startswith(SETTING_PREFIX))).all()
            return {r.name.removeprefix(SETTING_PREFIX): r.value for r in rows}

    def save_settings(self, values: Mapping[str, Any]) -> None:
        """Write personal settings (waits for the write)."""
        self.queue_settings(values).result()

    def queue_settings(self, values: Mapping[str, Any]) -> Future[None]:
        """Write personal settings on the writer lane without waiting (safe from the GUI
        thread); a failed write is logged (the value stays set for this run)."""
        changes = dict(values)

        def run(s: Session) -> None:
            for name, value in changes.items():
                _put(s, SETTING_PREFIX + name, value)

        future = self.db.write(run)
        future.add_done_callback(_log_failure)
        return future
