"""Signing in, registering, unlocking and signing out: what opens and closes a profile.

`ProfileManager` knows the profiles of one store (``store_ref``: the configured store URL, or
`DEMO_STORE_REF` for the embedded demo store, whose address changes at every start) and
opens them as `OpenedProfile` (the unlocked database, its values, a `StoreClient` holding
the profile's own session, the device key). It never keeps one open itself: the caller owns
the `OpenedProfile` and closes it.

* `sign_in(email, password)`: an existing profile is unlocked with the password first (so it
  opens even when the store cannot be reached), then the store checks the password and gives
  a fresh session for the profile's own device key. A new account on this computer gets a
  new profile: a fresh database key, a fresh device key pair.
* `register(...)`: a new account and its new profile.
* `unlock(profile, password)`: offline; the password unwraps the database key.
* `open_remembered(profile)`: with the key the keyring keeps for a learner who chose to stay
  signed in.
* `sign_out(opened)`: ends the store session, deletes the refresh token and forgets the
  keyring copy of the key: afterwards only the password opens the profile, so nothing of it
  is readable by the next person at this computer.

Threading: every method blocks (network, Argon2id, keyring, database): call from a worker.
One lock serialises them, so two sign-ins cannot race for one profile.
"""

from __future__ import annotations

import base64
import logging
import platform
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app import credentials
from app.db import Database
from app.errors import AuthError, NetworkError, UserError, store_error
from app.profiles import keys
from app.profiles.info import ProfileInfo, normalise_url, profile_id
from app.profiles.opened import OpenedProfile, ProfileSummary, TokenSink
from app.profiles.registry import ProfileRegistry
from app.profiles.values import ProfileValues
from bundle.crypto import device_public_key, generate_device_key
from sync.client import StoreClient
from sync.errors import Offline, ServerError, SyncError
from sync.protocol import DeviceInfo, TokenResponse

log = logging.getLogger(__name__)

DEMO_STORE_REF = "satchel-demo:embedded"


def _login_error(exc: ServerError, how: str) -> UserError:
    if exc.status == 401 and how == "login":
        return AuthError("Wrong email or password.")
    if exc.status == 429:
        return AuthError(str(exc) or "Too many attempts; wait a minute and try again.")
    if exc.status in (400, 403, 409, 422):
        return AuthError(str(exc))
    return store_error(exc, " to sign in")


@dataclass(frozen=True)
class _Login:
    client: StoreClient
    sink: TokenSink
    tokens: TokenResponse


class ProfileManager:
    """The profiles of one store on this computer (see the module docstring)."""

    def __init__(
        self,
        registry: ProfileRegistry,
        store_ref: str,
        store_url: Callable[[], str] | str,
        *,
        on_created: Callable[[OpenedProfile], None] | None = None,
        store_key: bytes | None = None,
    ) -> None:
        self.registry = registry
        self.store_key = store_key  # pinned by the institution: trusted from the start
        self.store_ref = normalise_url(store_ref)
        self._url = store_url if callable(store_url) else (lambda: str(store_url))
        self._on_created = on_created
        self._lock = threading.Lock()

    @property
    def store_url(self) -> str:
        """Where the store answers now (the demo store's address changes at every start)."""
        return self._url()

    # -- listing ------------------------------------------------------------------------
    def profiles(self) -> list[ProfileSummary]:
        """This store's profiles, most recently used first (reads the keyring: blocks)."""
        return [ProfileSummary(i, keys.recall(i) is not None) for i in self.registry.list()
                if normalise_url(i.store_url) == self.store_ref]

    @staticmethod
    def keyring_available() -> bool:
        return credentials.backend_is_secure()

    # -- opening ------------------------------------------------------------------------
    def open_remembered(self, profile: str) -> OpenedProfile | None:
        """Open a profile with the key kept in the keyring; None when none is kept."""
        with self._lock:
            info = self._get(profile)
            key = keys.recall(info) if info.encrypted else None
            if info.encrypted and key is None:
                return None
            return self._open(info, key, remembered=True)

    def unlock(self, profile: str, password: str, *, remember: bool = False) -> OpenedProfile:
        """Open a profile offline with its password (`keys.WrongPassword` if wrong)."""
        if not password:
            raise AuthError("Please enter your password.")
        with self._lock:
            info = self._get(profile)
            if info.password_wrap is None:
                raise AuthError(
                    f"{info.label} has not been unlocked with a password on this computer "
                    "yet: sign in while the store can be reached.")
            key = keys.unwrap(info.password_wrap, password, info.id)
            remembered = remember and keys.remember(info, key)
            return self._open(info, key, remembered=remembered)

    def sign_in(self, email: str, password: str, *, remember: bool = True) -> OpenedProfile:
        email = _check_email(email)
        if not password:
            raise AuthError("Please enter your password.")
        with self._lock:
            existing = self.registry.find(self.store_ref, email=email)
            if existing is not None:
                return self._sign_in_existing(existing, email, password, remember)
            device_key = generate_device_key()
            login = self._login("login", email, password, device_key, None)
            return self._adopt(login, password, device_key, remember)

    def register(self, email: str, password: str, display_name: str = "", *,
                 remember: bool = True) -> OpenedProfile:
        email = _check_email(email)
        if len(password) < 8:
            raise AuthError("Choose a password with at least 8 characters.")
        with self._lock:
            device_key = generate_device_key()
            login = self._login("register", email, password, device_key, None,
                                display_name.strip())
            return self._adopt(login, password, device_key, remember)

    def reauthenticate(self, opened: OpenedProfile, password: str) -> None:
        """Sign in again to the profile that is open (its session expired)."""
        with self._lock:
            client = opened.client
            info = opened.info
            try:
                tokens = client.login(info.email, password,
                                      self._device_info(opened.device_key, info.device_id))
            except ServerError as exc:
                raise _login_error(exc, "login") from exc
            except SyncError as exc:
                raise store_error(exc, " to sign in") from exc
            self._check_same_user(tokens, info)
            opened.info = self.registry.save(info.with_(
                display_name=tokens.user.display_name, device_id=tokens.device_id,
                password_wrap=keys.wrap(opened.key, password, info.id)
                if opened.key is not None else info.password_wrap))

    def sign_out(self, opened: OpenedProfile) -> None:
        """End the session (best effort when offline), delete the refresh token, forget the
        keyring copy of the key. The caller then closes the profile."""
        with self._lock:
            opened.client.logout()  # clears the token through the sink
            opened.values.set_refresh_token(None)
            keys.forget(opened.info)
            opened.remembered = False

    def remove(self, profile: str) -> None:
        """Delete a (closed) profile from this computer: its data here, its keyring entry."""
        with self._lock:
            info = self.registry.get(profile)
            if info is not None:
                keys.forget(info)
            self.registry.remove(profile)

    # -- internals ----------------------------------------------------------------------
    def _get(self, profile: str) -> ProfileInfo:
        info = self.registry.get(profile)
        if info is None:
            raise UserError("That profile no longer exists on this computer.")
        return info

    def _pin_store_key(self, db: Database) -> None:
        """A profile with no trusted store key yet trusts the institution's (if any)."""
        if self.store_key is None:
            return
        from app.db.sync_ports.access import AccessAdapter
        from sync.leases import key_id_of

        access = AccessAdapter(db)
        if not access.trusted_keys():
            access.save_trusted_keys({key_id_of(self.store_key): self.store_key})

    @staticmethod
    def _device_info(key: X25519PrivateKey, device_id: str | None) -> DeviceInfo:
        return DeviceInfo(
            name=socket.gethostname()[:100] or "Satchel device",
            platform=f"{platform.system()} {platform.release()}"[:50],
            public_key=base64.b64encode(device_public_key(key)).decode(),
            device_id=device_id or None,
        )

    def _login(self, how: str, email: str, password: str, device_key: X25519PrivateKey,
               device_id: str | None, display_name: str = "") -> _Login:
        sink = TokenSink()
        client = StoreClient(self.store_url, on_tokens_changed=sink)
        device = self._device_info(device_key, device_id)
        try:
            if how == "register":
                tokens = client.register(email, password, device, display_name)
            else:
                tokens = client.login(email, password, device)
        except ServerError as exc:
            client.close()
            raise _login_error(exc, how) from exc
        except SyncError as exc:
            client.close()
            raise store_error(exc, " to sign in") from exc
        except BaseException:
            client.close()
            raise
        return _Login(client, sink, tokens)

    @staticmethod
    def _check_same_user(tokens: TokenResponse, info: ProfileInfo) -> None:
        if tokens.user.id != info.user_id:
            raise AuthError(
                f"The store says this email now belongs to another account than the one "
                f"kept on this computer for {info.label}. Nothing was changed.")

    def _sign_in_existing(self, info: ProfileInfo, email: str, password: str,
                          remember: bool) -> OpenedProfile:
        key: bytes | None = None
        wrong_locally: keys.WrongPassword | None = None
        if info.encrypted and info.password_wrap is not None:
            try:
                key = keys.unwrap(info.password_wrap, password, info.id)
            except keys.WrongPassword as exc:
                wrong_locally = exc
        if info.encrypted and key is None:
            key = keys.recall(info)  # the password changed on the store since, but the
            # keyring still has the key: the store will tell whether the password is right
        if not info.encrypted or key is not None:
            opened = self._open(info, key, remembered=False)
            try:
                self._refresh_session(opened, email, password, remember)
            except BaseException:
                opened.close()
                raise
            return opened
        if wrong_locally is not None:
            # No keyring copy and the password does not unwrap the key: the store decides
            # whether the password is right, but the data here stays locked either way.
            login = self._login("login", email, password, generate_device_key(),
                                info.device_id)
            login.client.logout()
            login.client.close()
            raise AuthError(
                "The store accepted this password, but the data kept on this computer for "
                f"{info.label} was locked with the password you used before. Unlock it once "
                "with the previous password (Switch profile → Unlock).") from wrong_locally
        raise AuthError(f"{info.label} cannot be unlocked on this computer.")

    def _refresh_session(self, opened: OpenedProfile, email: str, password: str,
                         remember: bool) -> None:
        """Online half of signing in to an unlocked profile; offline is fine."""
        info = opened.info
        try:
            tokens = opened.client.login(email, password,
                                         self._device_info(opened.device_key, info.device_id))
        except ServerError as exc:
            raise _login_error(exc, "login") from exc
        except Offline:
            if not info.encrypted:
                raise NetworkError(
                    "Satchel cannot reach the store to check your password. Sign in again "
                    "when you are online.") from None
            log.info("store unreachable: %s opened offline", info.label)
            self._finish(opened, password, remember, None)
            return
        except SyncError as exc:
            raise store_error(exc, " to sign in") from exc
        self._check_same_user(tokens, info)
        self._finish(opened, password, remember, tokens)

    def _adopt(self, login: _Login, password: str, device_key: X25519PrivateKey,
               remember: bool) -> OpenedProfile:
        """After a successful login with no local profile found by email: the account's
        profile (by user id, e.g. one split from an old database), or a new one."""
        client, tokens = login.client, login.tokens
        pid = profile_id(self.store_ref, tokens.user.id)
        info = self.registry.get(pid)
        try:
            if info is None:
                info = self.registry.create(ProfileInfo(
                    id=pid, store_url=self.store_ref, user_id=tokens.user.id,
                    email=tokens.user.email, display_name=tokens.user.display_name,
                    device_id=tokens.device_id, encrypted=True))
                key: bytes | None = keys.new_key()
                created = True
            elif info.encrypted:
                key = keys.recall(info)
                if key is None and info.password_wrap is not None:
                    key = keys.unwrap(info.password_wrap, password, info.id)
                if key is None:
                    raise AuthError(f"{info.label} cannot be unlocked on this computer.")
                created = False
            else:
                key = None
                created = False
            opened = self._open(info, key, remembered=False, login=login,
                                device_key=device_key if created else None)
        except BaseException:
            client.close()
            raise
        try:
            if opened.values.device_key() is None or created:
                opened.values.set_device_key(device_key)
                opened.device_key = device_key
            self._finish(opened, password, remember, tokens)
            if created and self._on_created is not None:
                self._on_created(opened)
        except BaseException:
            opened.close()
            raise
        return opened

    def _finish(self, opened: OpenedProfile, password: str, remember: bool,
                tokens: TokenResponse | None) -> None:
        """Keep the fresh session, the profile's facts and its password wrap; encrypt a
        profile split from an old plain database; remember the key if asked."""
        info = opened.info
        if tokens is not None:
            info = info.with_(email=tokens.user.email, display_name=tokens.user.display_name,
                              device_id=tokens.device_id)
            opened.values.set_refresh_token(tokens.refresh_token)
        if not info.encrypted:  # split from an old plain database: encrypt it now
            key = keys.new_key()
            info = info.with_(encrypted=True, password_wrap=keys.wrap(key, password, info.id))
            self.registry.save(info)  # first: a crash below is finished at the next open
            opened._sink.detach()
            opened.db.close()
            opened.key = key
            opened.db = self.registry.open_database(info, key)
            opened.values = ProfileValues(opened.db)
            opened._sink.attach(opened.values)
        if opened.key is not None:
            info = info.with_(password_wrap=keys.wrap(opened.key, password, info.id))
            opened.remembered = remember and keys.remember(info, opened.key)
            if not remember:
                keys.forget(info)
        opened.info = self.registry.touch(info)

    def _open(self, info: ProfileInfo, key: bytes | None, *, remembered: bool,
              login: _Login | None = None,
              device_key: X25519PrivateKey | None = None) -> OpenedProfile:
        db = self.registry.open_database(info, key)
        try:
            values = ProfileValues(db)
            stored_key = device_key or values.device_key()
            if stored_key is None:  # a profile split from an old database: a new device
                stored_key = generate_device_key()
                values.set_device_key(stored_key)
            if login is None:
                sink = TokenSink()
                client = StoreClient(self.store_url, refresh_token=values.refresh_token(),
                                     on_tokens_changed=sink)
            else:
                client, sink = login.client, login.sink
            opened = OpenedProfile(info=info, db=db, key=key, values=values, client=client,
                                   device_key=stored_key, remembered=remembered, _sink=sink)
            sink.attach(values)
            self._pin_store_key(db)
        except BaseException:
            db.close()
            raise
        if remembered:
            opened.info = self.registry.touch(info)
        return opened


def _check_email(email: str) -> str:
    email = email.strip()
    if "@" not in email or "." not in email.split("@")[-1]:
        raise AuthError("Please enter a valid email address, such as name@example.org.")
    return email
