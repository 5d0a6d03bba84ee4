"""Retry delays: exponential backoff with *full jitter* and a cap.

``delay(n) = uniform(0, min(cap, base * 2**n))`` (the AWS "full jitter" scheme): retries from
many clients spread out instead of arriving together when a store comes back. `Backoff` keeps
the attempt counter; `reset()` after a success.

Threading: a `Backoff` is owned by one thread (the auto-sync worker); the pure `full_jitter`
function is safe anywhere.
"""

from __future__ import annotations

import random
from collections.abc import Callable


def full_jitter(
    attempt: int, *, base: float, cap: float, rand: Callable[[], float] = random.random
) -> float:
    """A delay in ``[0, min(cap, base * 2**attempt))`` seconds; ``attempt`` counts from 0."""
    if attempt < 0:
        raise ValueError("attempt must be >= 0")
    if base <= 0 or cap <= 0:
        raise ValueError("base and cap must be positive")
    # 2**attempt grows without bound; stop doubling once past the cap.
    ceiling = cap if attempt >= 63 else min(cap, base * (2**attempt))
    return ceiling * rand()


class Backoff:
    """Successive retry delays; `next_delay()` grows the ceiling, `reset()` starts over."""

    def __init__(
        self,
        *,
        base: float = 1.0,
        cap: float = 300.0,
        rand: Callable[[], float] = random.random,
    ) -> None:
        if base <= 0 or cap <= 0 or base > cap:
            raise ValueError("need 0 < base <= cap")
        self.base = base
        self.cap = cap
        self._rand = rand
        self._attempt = 0

    @property
    def attempt(self) -> int:
        """How many delays were handed out since the last reset."""
        return self._attempt

    def next_delay(self) -> float:
        delay = full_jitter(self._attempt, base=self.base, cap=self.cap, rand=self._rand)
        self._attempt += 1
        return delay

    def reset(self) -> None:
        self._attempt = 0
