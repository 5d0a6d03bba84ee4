"""Password hashing (Argon2id) and opaque bearer tokens.

Access and refresh tokens are 256-bit values stored only as their SHA-256, so a database leak
does not leak usable tokens. A login's pair is random; the pair a refresh rotation issues is
derived from the presented refresh token (`successor_tokens`). Thread-safe;
`PasswordHasher` objects from argon2-cffi are thread-safe too. `HashPool` runs hashes on a
few dedicated threads at lowered CPU priority (Linux), so a flood of sign-ins queues there,
bounded, instead of taking the request threads and the CPU from everything else.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import hashlib
import hmac
import os
import secrets
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from store.config import Argon2Profile
from store.problems import ProblemError

T = TypeVar("T")

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

    def verify_and_rehash(self, stored_hash: str | None, password: str) -> tuple[bool, str | None]:
        """(matches, a new hash when the stored one uses outdated parameters)."""
        if not self.verify(stored_hash, password):
            return False, None
        assert stored_hash is not None
        return True, self.hash(password) if self.needs_rehash(stored_hash) else None


def _background_priority() -> None:
    """Lower this thread's CPU priority (Linux: nice is per thread, and libargon2's own
    threads inherit it), so hashing yields the CPU to request handling."""
    if hasattr(os, "setpriority"):
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)


class HashPool:
    """A bounded pool for password hashing: `workers` threads and at most `queue` more
    waiting jobs; past that `run` refuses at once with 503 and `Retry-After`."""

    def __init__(self, workers: int, queue: int) -> None:
        self.workers = workers or max(1, (os.cpu_count() or 2) // 2)
        self._pool = ThreadPoolExecutor(
            self.workers, thread_name_prefix="satchel-argon2", initializer=_background_priority
        )
        self._slots = threading.BoundedSemaphore(self.workers + max(0, queue))
        self._busy = 0
        self._lock = threading.Lock()

    @property
    def in_use(self) -> int:
        """Jobs running or waiting now."""
        return self._busy

    def submit(self, fn: Callable[..., T], *args: object) -> Future[T]:
        if not self._slots.acquire(blocking=False):
            raise ProblemError(
                503,
                "The store is busy checking other sign-ins; try again in a moment.",
                code="busy",
                headers={"Retry-After": "1"},
            )
        with self._lock:
            self._busy += 1
        try:
            future = self._pool.submit(fn, *args)
        except BaseException:
            self._release(None)
            raise
        future.add_done_callback(self._release)
        return future

    def _release(self, _future: object) -> None:
        with self._lock:
            self._busy -= 1
        self._slots.release()

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        """Run ``fn(*args)`` on the pool; the event loop is free meanwhile."""
        return await asyncio.wrap_future(self.submit(fn, *args))

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


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
