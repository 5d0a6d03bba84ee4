"""Profile keys kept in the system keyring, never in files (see `app.profiles.keys`; every
other secret lives inside the encrypted profile).

On a machine without a usable keyring backend (headless Linux without Secret Service),
`keyring` falls back to `fail.Keyring`; we refuse to store secrets elsewhere and raise
`NoKeyringError` with a message that tells the user what to install. Plaintext or
base64 "keyrings" (keyrings.alt) are treated as unusable for the same reason.

Threading: keyring backends may block on D-Bus; call from a background worker.
"""

from __future__ import annotations

import keyring
import keyring.backend
import keyring.errors

from app.errors import AuthError

SERVICE = "Satchel"

_INSECURE_BACKENDS = ("fail.Keyring", "keyrings.alt.file.PlaintextKeyring", "null.Keyring")


class NoKeyringError(AuthError):
    """No secure place to keep the sign-in token on this machine."""


NO_KEYRING_MESSAGE = (
    "Satchel could not find a secure password store (keyring) on this computer, so it "
    "cannot open your profile without your password. On Linux, install and unlock GNOME "
    "Keyring or KWallet (for example: sudo apt install gnome-keyring)."
)


def _backend_name(backend: keyring.backend.KeyringBackend) -> str:
    cls = type(backend)
    module = cls.__module__.removeprefix("keyring.backends.")
    return f"{module}.{cls.__name__}"


def backend_is_secure() -> bool:
    """True when the active keyring backend keeps secrets encrypted by the OS."""
    backend = keyring.get_keyring()
    name = _backend_name(backend)
    if any(name.endswith(bad) for bad in _INSECURE_BACKENDS):
        return False
    return getattr(backend, "priority", 1) > 0


def _key(store_url: str, account: str) -> str:
    return f"{store_url}|{account}"


def save_secret(store_url: str, account: str, secret: str) -> None:
    """Store a secret for (store, account); raises NoKeyringError when no secure backend."""
    if not backend_is_secure():
        raise NoKeyringError(NO_KEYRING_MESSAGE)
    try:
        keyring.set_password(SERVICE, _key(store_url, account), secret)
    except keyring.errors.KeyringError as exc:
        raise NoKeyringError(f"{NO_KEYRING_MESSAGE} ({exc})") from exc


def load_secret(store_url: str, account: str) -> str | None:
    """The stored secret, or None when absent or no keyring is usable."""
    if not backend_is_secure():
        return None
    try:
        return keyring.get_password(SERVICE, _key(store_url, account))
    except keyring.errors.KeyringError:
        return None


def delete_secret(store_url: str, account: str) -> None:
    """Forget a secret (sign-out); absent secrets are fine."""
    if not backend_is_secure():
        return
    try:
        keyring.delete_password(SERVICE, _key(store_url, account))
    except keyring.errors.PasswordDeleteError:
        pass
    except keyring.errors.KeyringError:
        pass
