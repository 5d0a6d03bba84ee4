"""Abuse limits: counters and locks keyed by who attempts what, in this process or in Redis.

Every limit is a fixed-window counter (`Rule`: so many events per so many seconds). Two kinds
of use:

- *rates* (`attempt`): each request counts; past the limit the request is refused with 429
  and `Retry-After` until the window ends (registrations per IP, refreshes per account);
- *failures* (`failure` / `check`): only failed attempts count; reaching the limit sets a
  lock, escalating (each further lock of the same key doubles, up to a day) or not, and
  every attempt on a locked key is refused with 429 until the lock ends.

Sign-in locks the *attempt source* (IP + account) first, so someone who knows only an email
cannot lock its owner out from elsewhere; a per-IP lock stops a password spray over many
accounts, and a non-escalating per-account cap, which devices already signed in to the
account bypass, bounds a distributed guess.

Backends: `MemoryCounters` (the default; one process only) or `RedisCounters` (redis-py,
`redis_url` setting), which N workers share. Both are thread-safe; Redis operations are
atomic Lua scripts.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass
from typing import Any, Protocol

from store.problems import ProblemError

MAX_LOCK_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Rule:
    """At most `limit` events per `window` seconds (0 or less: no limit)."""

    limit: int
    window: int

    @property
    def off(self) -> bool:
        return self.limit <= 0 or self.window <= 0


class Counters(Protocol):
    """Expiring integer counters (the storage under `Limits`)."""

    def incr(self, key: str, ttl: int) -> tuple[int, float]:
        """Add one; the key expires `ttl` seconds after its first increment. Returns the new
        value and the seconds until it expires."""
        ...

    def get(self, key: str) -> tuple[int, float]:
        """(value, seconds left); (0, 0.0) when absent or expired."""
        ...

    def put(self, key: str, value: int, ttl: float) -> None: ...

    def delete(self, *keys: str) -> None: ...

    def close(self) -> None: ...


class MemoryCounters:
    """Counters in a dict of this process (expired entries swept as it grows)."""

    SWEEP_AT = 50_000

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._data: dict[str, tuple[int, float]] = {}

    def _live(self, key: str, now: float) -> tuple[int, float] | None:
        item = self._data.get(key)
        if item is None or item[1] <= now:
            return None
        return item

    def incr(self, key: str, ttl: int) -> tuple[int, float]:
        now = time.monotonic()
        with self._lock:
            item = self._live(key, now)
            value, expires = (item[0] + 1, item[1]) if item else (1, now + ttl)
            self._data[key] = (value, expires)
            if len(self._data) > self.SWEEP_AT:
                self._data = {k: v for k, v in self._data.items() if v[1] > now}
            return value, expires - now

    def get(self, key: str) -> tuple[int, float]:
        now = time.monotonic()
        with self._lock:
            item = self._live(key, now)
            return (item[0], item[1] - now) if item else (0, 0.0)

    def put(self, key: str, value: int, ttl: float) -> None:
        with self._lock:
            self._data[key] = (value, time.monotonic() + ttl)

    def delete(self, *keys: str) -> None:
        with self._lock:
            for key in keys:
                self._data.pop(key, None)

    def close(self) -> None:
        pass


_INCR = """
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return {n, redis.call('PTTL', KEYS[1])}
"""
_GET = """
local v = redis.call('GET', KEYS[1])
if not v then return {0, 0} end
return {tonumber(v), redis.call('PTTL', KEYS[1])}
"""


class RedisCounters:
    """Counters in Redis, shared by every worker that uses the same URL and namespace."""

    def __init__(self, url: str, namespace: str) -> None:
        import redis  # only needed when configured

        self._redis: Any = redis.Redis.from_url(
            url, socket_timeout=2.0, socket_connect_timeout=2.0, health_check_interval=30
        )
        self._prefix = namespace + ":"
        self._incr = self._redis.register_script(_INCR)
        self._get = self._redis.register_script(_GET)

    def incr(self, key: str, ttl: int) -> tuple[int, float]:
        n, pttl = self._incr(keys=[self._prefix + key], args=[max(1, int(ttl * 1000))])
        return int(n), max(0.0, int(pttl) / 1000)

    def get(self, key: str) -> tuple[int, float]:
        n, pttl = self._get(keys=[self._prefix + key])
        return int(n), max(0.0, int(pttl) / 1000)

    def put(self, key: str, value: int, ttl: float) -> None:
        self._redis.set(self._prefix + key, value, px=max(1, int(ttl * 1000)))

    def delete(self, *keys: str) -> None:
        if keys:
            self._redis.delete(*(self._prefix + k for k in keys))

    def ping(self) -> bool:
        return bool(self._redis.ping())

    def close(self) -> None:
        self._redis.close()


def too_many(detail: str, seconds: float, code: str) -> ProblemError:
    wait = max(1, math.ceil(seconds))
    return ProblemError(
        429,
        f"{detail}; try again in {wait} seconds.",
        code=code,
        headers={"Retry-After": str(wait)},
        retry_after=wait,
    )


class Limits:
    """The limit operations the routes use, over one `Counters` backend."""

    def __init__(self, counters: Counters) -> None:
        self.counters = counters

    def attempt(self, key: str, rule: Rule, detail: str, code: str = "rate-limited") -> None:
        """Count one attempt; refuse (429) when it is past the rule's limit."""
        if rule.off:
            return
        n, left = self.counters.incr("rate:" + key, rule.window)
        if n > rule.limit:
            raise too_many(detail, left, code)

    def check(self, keys: list[str], detail: str, code: str) -> None:
        """Refuse (429) while any of `keys` is locked, with the longest wait."""
        wait = max((self.counters.get("lock:" + k)[1] for k in keys), default=0.0)
        if wait > 0:
            raise too_many(detail, wait, code)

    def failure(self, key: str, rule: Rule, lock_seconds: int, *, escalate: bool) -> None:
        """Count a failed attempt; the `rule.limit`-th within the window locks `key`, for
        `lock_seconds` doubled per earlier lock (escalate) or until the window ends."""
        if rule.off:
            return
        n, left = self.counters.incr("fail:" + key, rule.window)
        if n < rule.limit:
            return
        self.counters.delete("fail:" + key)
        if escalate:
            locks, _ = self.counters.incr("locks:" + key, MAX_LOCK_SECONDS)
            seconds = float(min(lock_seconds * 2 ** (locks - 1), MAX_LOCK_SECONDS))
        else:
            seconds = max(left, 1.0)
        self.counters.put("lock:" + key, 1, seconds)

    def forget(self, *keys: str) -> None:
        """A success: the failures, locks and lock history of `keys` start over."""
        self.counters.delete(*(p + k for k in keys for p in ("fail:", "lock:", "locks:")))

    def close(self) -> None:
        self.counters.close()


def build_limits(redis_url: str, namespace: str) -> Limits:
    counters: Counters = RedisCounters(redis_url, namespace) if redis_url else MemoryCounters()
    return Limits(counters)
