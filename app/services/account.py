"""Account: register, sign in and out, restore the session, this device's key, devices.

The refresh token and this device's X25519 private key (which unwraps the content keys of
paid courses) live only in the system keyring (`app.credentials`). Where there is no
usable keyring, signing in still works for this run (`session_only`), and the message
`NO_KEYRING_MESSAGE` says so plainly; nothing secret is ever written to a file.

Who is signed in (user id, email, name, device id) is not secret and is kept in
``account.json`` in the data folder, so studying offline keeps working (and events keep
their actor) even when the token is gone.

Threading: every method that talks to the store or the keyring blocks: call it from a
worker. `current_user`, `signed_in` and `session_only` are cheap in-memory reads, safe
from the GUI thread. State changes are guarded by a lock and announced with
`AccountChanged`.
"""

from __future__ import annotations

import base64
import json
import logging
import os
import platform
import socket
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from app import credentials
from app.errors import AuthError, NetworkError, StorageError, UserError
from app.eventbus import EventBus
from app.services.events import AccountChanged
from bundle.crypto import device_public_key, generate_device_key
from sync.client import Session, StoreClient
from sync.errors import AuthExpired, Offline, ServerError, SyncError
from sync.protocol import DeviceInfo, DeviceOut

log = logging.getLogger(__name__)

PROFILE_FILE = "account.json"


@dataclass(frozen=True)
class Profile:
    """The signed-in learner as last seen (not secret)."""

    user_id: str
    email: str
    display_name: str
    device_id: str
    store_url: str


def user_error(exc: SyncError, doing: str = "") -> UserError:
    """A plain `UserError` for a sync-layer error (sync/ cannot import app's error types)."""
    if isinstance(exc, Offline):
        return NetworkError(
            f"Satchel cannot reach the store right now{doing}. Check your connection; "
            "everything you do offline is kept and sent later."
        )
    if isinstance(exc, AuthExpired):
        return AuthError("Your sign-in has expired. Please sign in again.")
    if isinstance(exc, ServerError):
        return NetworkError(str(exc))
    return NetworkError(str(exc) or f"The store could not complete the request{doing}.")


class AccountService:
    def __init__(self, store_url: str, data_dir: Path, bus: EventBus) -> None:
        self.client: StoreClient  # set by `app.services.context` right after construction
        self.store_url = store_url
        self.data_dir = data_dir
        self.bus = bus
        self._lock = threading.Lock()
        self._profile: Profile | None = None
        self._device_key: X25519PrivateKey | None = None
        self.session_only = False
        self.keyring_message: str | None = None
        self._load_profile()

    # -- cheap reads ----------------------------------------------------------------------
    @property
    def current_user(self) -> Profile | None:
        with self._lock:
            return self._profile

    @property
    def signed_in(self) -> bool:
        return self.current_user is not None and self.client.signed_in

    @property
    def actor(self) -> tuple[str, str] | None:
        """(user id, device id) to record learning events with, or None."""
        p = self.current_user
        return (p.user_id, p.device_id) if p else None

    # -- profile file ---------------------------------------------------------------------
    def _profile_path(self) -> Path:
        return self.data_dir / PROFILE_FILE

    def _load_profile(self) -> None:
        try:
            data = json.loads(self._profile_path().read_text(encoding="utf-8"))
            profile = Profile(**data)
        except FileNotFoundError:
            return
        except (ValueError, TypeError) as exc:
            log.warning("ignoring unreadable %s: %s", self._profile_path(), exc)
            return
        if profile.store_url == self.store_url:
            self._profile = profile

    def _save_profile(self, profile: Profile | None) -> None:
        path = self._profile_path()
        try:
            if profile is None:
                path.unlink(missing_ok=True)
                return
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps(asdict(profile), indent=2), encoding="utf-8")
            os.replace(tmp, path)
        except OSError as exc:
            raise StorageError(f"Could not save your account details in {path}: "
                               f"{exc.strerror}") from exc

    # -- keyring ----------------------------------------------------------------------------
    def _secret_name(self, email: str, what: str) -> str:
        return email if what == "refresh" else f"{email}#{what}"

    def _keep_secret(self, email: str, what: str, value: str) -> None:
        try:
            credentials.save_secret(self.store_url, self._secret_name(email, what), value)
        except credentials.NoKeyringError as exc:
            self.session_only = True
            self.keyring_message = str(exc)
            log.warning("no keyring: the %s is kept for this session only", what)

    def on_tokens_changed(self, session: Session | None) -> None:
        """StoreClient callback (worker thread): keep each rotated refresh token."""
        profile = self.current_user
        if session is None or profile is None:
            return
        self._keep_secret(profile.email, "refresh", session.refresh_token)

    def device_key(self) -> X25519PrivateKey:
        """This device's X25519 key (made once, kept in the keyring when there is one)."""
        with self._lock:
            if self._device_key is not None:
                return self._device_key
        profile = self.current_user
        key: X25519PrivateKey | None = None
        if profile is not None:
            raw = credentials.load_secret(self.store_url, self._secret_name(profile.email,
                                                                            "device-key"))
            if raw:
                try:
                    key = X25519PrivateKey.from_private_bytes(base64.b64decode(raw))
                except ValueError:
                    key = None
        if key is None:
            key = generate_device_key()
        with self._lock:
            self._device_key = key
        return key

    def _device_info(self, profile_device: str | None) -> DeviceInfo:
        key = self.device_key()
        public = base64.b64encode(device_public_key(key)).decode()
        return DeviceInfo(
            name=socket.gethostname()[:100] or "Satchel device",
            platform=f"{platform.system()} {platform.release()}"[:50],
            public_key=public,
            device_id=profile_device,
        )

    # -- sign in / out --------------------------------------------------------------------
    def stored_refresh_token(self) -> str | None:
        """The refresh token kept in the keyring for the remembered account (no network).

        Read once at start-up, before the `StoreClient` is made (it takes the token)."""
        profile = self.current_user
        if profile is None:
            return None
        return credentials.load_secret(self.store_url, self._secret_name(profile.email,
                                                                         "refresh"))

    def register(self, email: str, password: str, display_name: str = "") -> Profile:
        return self._sign_in("register", email.strip(), password, display_name.strip())

    def login(self, email: str, password: str) -> Profile:
        return self._sign_in("login", email.strip(), password, "")

    def _sign_in(self, how: str, email: str, password: str, display_name: str) -> Profile:
        if "@" not in email or "." not in email.split("@")[-1]:
            raise AuthError("Please enter a valid email address, such as name@example.org.")
        if how == "register" and len(password) < 8:
            raise AuthError("Choose a password with at least 8 characters.")
        if not password:
            raise AuthError("Please enter your password.")
        old = self.current_user
        same_device = old.device_id if old is not None and old.email == email else None
        if old is not None and old.email != email:
            with self._lock:
                self._device_key = None
        device = self._device_info(same_device)
        try:
            if how == "register":
                tokens = self.client.register(email, password, device, display_name)
            else:
                tokens = self.client.login(email, password, device)
        except ServerError as exc:
            if how == "login" and exc.status in (400, 401, 403, 422):
                if exc.status == 401:
                    raise AuthError("Wrong email or password.") from exc
                raise AuthError(str(exc)) from exc
            if exc.status == 429:
                raise AuthError(str(exc) or "Too many attempts; wait a minute and try again.") \
                    from exc
            if how == "register" and exc.status in (400, 409, 422):
                raise AuthError(str(exc)) from exc
            raise user_error(exc, " to sign in") from exc
        except SyncError as exc:
            raise user_error(exc, " to sign in") from exc
        user = tokens.user
        profile = Profile(user.id, user.email, user.display_name, tokens.device_id,
                          self.store_url)
        with self._lock:
            self._profile = profile
        self._save_profile(profile)
        self.session_only = False
        self.keyring_message = None
        self._keep_secret(user.email, "refresh", tokens.refresh_token)
        key = self.device_key()
        raw = base64.b64encode(
            key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())).decode()
        self._keep_secret(user.email, "device-key", raw)
        self.bus.emit(AccountChanged(True, user.email))
        return profile

    def logout(self) -> None:
        """Sign out: end the store session (best effort) and forget the token locally.

        Learning records stay on this device and are sent after the next sign-in."""
        profile = self.current_user
        self.client.logout()
        if profile is not None:
            credentials.delete_secret(self.store_url, self._secret_name(profile.email, "refresh"))
        self.session_only = False
        self.bus.emit(AccountChanged(False, None))

    # -- devices ----------------------------------------------------------------------------
    def devices(self) -> list[DeviceOut]:
        from pydantic import TypeAdapter

        from sync.protocol import API_PREFIX

        try:
            response = self.client.request("GET", f"{API_PREFIX}/devices")
            try:
                return TypeAdapter(list[DeviceOut]).validate_json(response.content)
            finally:
                response.close()
        except SyncError as exc:
            raise user_error(exc, " to list your devices") from exc

    def revoke_device(self, device_id: str) -> None:
        from sync.protocol import API_PREFIX

        try:
            self.client.request("DELETE", f"{API_PREFIX}/devices/{device_id}").close()
        except SyncError as exc:
            raise user_error(exc, " to sign that device out") from exc

    def forget(self) -> None:
        """Remove the profile file and keyring entries (used by 'delete my data')."""
        profile = self.current_user
        if profile is not None:
            for what in ("refresh", "device-key"):
                credentials.delete_secret(self.store_url, self._secret_name(profile.email, what))
        with self._lock:
            self._profile = None
            self._device_key = None
        self._save_profile(None)
        self.bus.emit(AccountChanged(False, None))

    def as_dict(self) -> dict[str, Any]:
        p = self.current_user
        return asdict(p) if p else {}
