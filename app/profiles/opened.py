"""An unlocked profile (`OpenedProfile`), how the switcher lists one (`ProfileSummary`), and
the listener that keeps a profile's rotated refresh token (`TokenSink`).

Threading: `TokenSink` is called from whatever thread the `StoreClient` refreshes on; its
lock makes attach/detach/forward safe. `OpenedProfile.close` is called once, by its owner.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.db import Database
from app.errors import UserError
from app.profiles.info import ProfileInfo
from app.profiles.values import ProfileValues
from sync.client import Session, StoreClient

log = logging.getLogger(__name__)


class TokenSink:
    """The `StoreClient`'s token listener: forwards rotated refresh tokens to the profile's
    database once it is open (tokens that arrive before are kept and written then)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._values: ProfileValues | None = None
        self._pending: tuple[Session | None] | None = None

    def attach(self, values: ProfileValues) -> None:
        with self._lock:
            self._values = values
            pending, self._pending = self._pending, None
        if pending is not None:
            self._store(values, pending[0])

    def detach(self) -> None:
        with self._lock:
            self._values = None

    def __call__(self, session: Session | None) -> None:
        with self._lock:
            values = self._values
            if values is None:
                self._pending = (session,)
                return
        self._store(values, session)

    @staticmethod
    def _store(values: ProfileValues, session: Session | None) -> None:
        try:
            values.set_refresh_token(session.refresh_token if session is not None else None)
        except UserError as exc:  # the disk refused: the session still works for this run
            log.warning("could not keep the refreshed sign-in: %s", exc)


@dataclass
class OpenedProfile:
    """An unlocked profile: close it (`close`) to lock it again."""

    info: ProfileInfo
    db: Database
    key: bytes | None
    values: ProfileValues
    client: StoreClient
    device_key: X25519PrivateKey
    remembered: bool
    _sink: TokenSink = field(repr=False, default_factory=TokenSink)
    _closed: bool = field(default=False, repr=False)

    def close(self) -> None:
        """Close the database and the store connections (idempotent)."""
        if self._closed:
            return
        self._closed = True
        self._sink.detach()
        try:
            self.client.close()
        finally:
            self.db.close()


@dataclass(frozen=True)
class ProfileSummary:
    """A profile as the switcher lists it."""

    info: ProfileInfo
    remembered: bool  # opens without a password (its key is in the keyring)
