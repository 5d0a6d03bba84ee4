"""Password hashing (Argon2id) and opaque bearer tokens.

Access and refresh tokens are 256-bit values stored only as their SHA-256, so a database leak
does not leak usable tokens. A login's pair is random; the pair a refresh rotation issues is
derived from the presented refresh token (`successor_tokens`). Stateless and thread-safe;
`PasswordHasher` objects from argon2-cffi are thread-safe too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from store.config import Argon2Profile

ACCESS_PREFIX = "sat_at_"
REFRESH_PREFIX = "sat_rt_"


def password_hasher(profile: Argon2Profile) -> PasswordHasher:
    """RFC 9106 low-memory Argon2id (t=3, m=64 MiB, p=4) in production; a cheap Argon2id
    profile for test suites that register many accounts."""
    if profile == "test-fast":
        return PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
    return PasswordHasher()  # argon2-cffi's default is RFC 9106's low-memory profile


class Passwords:
    """Hash and verify passwords; verifying an unknown account costs the same as a real one."""

    def __init__(self, profile: Argon2Profile) -> None:
        self._hasher = password_hasher(profile)
        self._dummy = self._hasher.hash(secrets.token_hex(16))

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, stored_hash: str | None, password: str) -> bool:
        try:
            return self._hasher.verify(stored_hash or self._dummy, password) and (
                stored_hash is not None
            )
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored_hash: str) -> bool:
        return self._hasher.check_needs_rehash(stored_hash)


def new_token(prefix: str) -> str:
    return prefix + secrets.token_urlsafe(32)


def successor_tokens(token_key: bytes, refresh_token: str) -> tuple[str, str]:
    """The (refresh, access) pair that rotating ``refresh_token`` issues.

    Each half is HMAC-SHA256 under the store's secret token key of a label and the presented
    token, so the same token always rotates to the same pair. That lets the store answer a
    retried refresh whose answer was lost with the very same pair while it keeps only token
    hashes: nothing needs storing in plain or encrypted form. Only a caller holding the
    plaintext refresh token *and* the server's key can compute the successor; the hashes in
    the database reveal neither. Login tokens stay random, so every chain starts unpredictable.
    """

    def derive(label: bytes, prefix: str) -> str:
        mac = hmac.new(token_key, label + b"\x00" + refresh_token.encode("utf-8"), "sha256")
        return prefix + base64.urlsafe_b64encode(mac.digest()).rstrip(b"=").decode("ascii")

    return derive(b"refresh", REFRESH_PREFIX), derive(b"access", ACCESS_PREFIX)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def normalise_email(email: str) -> str:
    return email.strip().lower()
