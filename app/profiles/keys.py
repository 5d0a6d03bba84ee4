"""A profile's database key: random, remembered in the keyring, wrapped by the password.

Each profile database is encrypted under its own random 256-bit key (`app.db.cipher`). That
key is kept in two places, either of which unlocks the profile:

* the system keyring, when there is a secure one and the learner chose to stay signed in on
  this computer (`remember` / `recall` / `forget`) — the profile then opens without a
  password;
* ``profile.json``, wrapped (AES-256-GCM) under a key derived from the account password with
  Argon2id (`wrap` / `unwrap`) — so a learner who signed in once can unlock the profile
  **offline**, with no keyring, by typing the password. The profile id is the AEAD's
  associated data, so a wrap copied into another profile does not open it.

Signing out forgets the keyring copy: from then on only the password opens the profile.

Argon2id cost: 64 MiB, 3 passes, 2 lanes (about a quarter of a second here). Env
``SATCHEL_ARGON2_PROFILE=test-fast`` makes new wraps cheap for tests; a wrap records its own
parameters, so it always unwraps with the ones it was made with.

Threading: pure functions, plus keyring calls that may block on D-Bus: call from a worker.
"""

from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from app import credentials
from app.db.cipher import KEY_BYTES
from app.errors import AuthError
from app.profiles.info import ProfileInfo

KDF = "argon2id"
PRODUCTION_COST = {"time_cost": 3, "memory_kib": 64 * 1024, "parallelism": 2}
TEST_FAST_COST = {"time_cost": 1, "memory_kib": 64, "parallelism": 1}
PROFILE_ENV = "SATCHEL_ARGON2_PROFILE"


class WrongPassword(AuthError):
    """The password does not unwrap this profile's key."""


def new_key() -> bytes:
    """A fresh random database key."""
    return secrets.token_bytes(KEY_BYTES)


def _cost() -> dict[str, int]:
    return dict(TEST_FAST_COST if os.environ.get(PROFILE_ENV) == "test-fast"
                else PRODUCTION_COST)


@dataclass(frozen=True)
class PasswordWrap:
    """The database key sealed under Argon2id(password, salt)."""

    salt: bytes
    time_cost: int
    memory_kib: int
    parallelism: int
    nonce: bytes
    ciphertext: bytes

    def to_dict(self) -> dict[str, Any]:
        b64 = base64.b64encode
        return {
            "kdf": KDF, "salt": b64(self.salt).decode(), "time_cost": self.time_cost,
            "memory_kib": self.memory_kib, "parallelism": self.parallelism,
            "nonce": b64(self.nonce).decode(), "ciphertext": b64(self.ciphertext).decode(),
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PasswordWrap:
        if data.get("kdf") != KDF:
            raise ValueError(f"unknown key derivation {data.get('kdf')!r}")
        d = base64.b64decode
        return cls(d(data["salt"]), int(data["time_cost"]), int(data["memory_kib"]),
                   int(data["parallelism"]), d(data["nonce"]), d(data["ciphertext"]))


def _kek(password: str, salt: bytes, time_cost: int, memory_kib: int, parallelism: int) -> bytes:
    return hash_secret_raw(password.encode("utf-8"), salt, time_cost=time_cost,
                           memory_cost=memory_kib, parallelism=parallelism,
                           hash_len=32, type=Type.ID)


def wrap(key: bytes, password: str, profile: str) -> dict[str, Any]:
    """``key`` sealed under ``password`` for profile id ``profile`` (for profile.json)."""
    cost = _cost()
    salt = secrets.token_bytes(16)
    nonce = secrets.token_bytes(12)
    kek = _kek(password, salt, cost["time_cost"], cost["memory_kib"], cost["parallelism"])
    sealed = AESGCM(kek).encrypt(nonce, key, profile.encode())
    return PasswordWrap(salt, cost["time_cost"], cost["memory_kib"], cost["parallelism"],
                        nonce, sealed).to_dict()


def unwrap(data: dict[str, Any], password: str, profile: str) -> bytes:
    """The database key; `WrongPassword` when ``password`` is not the one it was sealed with."""
    try:
        w = PasswordWrap.from_dict(data)
    except (KeyError, ValueError, TypeError) as exc:
        raise WrongPassword("This profile's key record is damaged; sign in online to "
                            "restore it.") from exc
    kek = _kek(password, w.salt, w.time_cost, w.memory_kib, w.parallelism)
    try:
        return AESGCM(kek).decrypt(w.nonce, w.ciphertext, profile.encode())
    except InvalidTag as exc:
        raise WrongPassword("That password does not unlock this profile. Type the "
                            "password of this account (the one you last used to sign in "
                            "on this computer).") from exc


def _entry(info: ProfileInfo) -> str:
    return f"profile-key:{info.id}"


def remember(info: ProfileInfo, key: bytes) -> bool:
    """Keep ``key`` in the keyring; False (and nothing kept) when there is no secure one."""
    try:
        credentials.save_secret(info.store_url, _entry(info), key.hex())
    except credentials.NoKeyringError:
        return False
    return True


def recall(info: ProfileInfo) -> bytes | None:
    """The key kept in the keyring, or None."""
    raw = credentials.load_secret(info.store_url, _entry(info))
    if not raw:
        return None
    try:
        key = bytes.fromhex(raw)
    except ValueError:
        return None
    return key if len(key) == KEY_BYTES else None


def forget(info: ProfileInfo) -> None:
    """Remove the keyring copy (sign-out): the password is needed from now on."""
    credentials.delete_secret(info.store_url, _entry(info))
