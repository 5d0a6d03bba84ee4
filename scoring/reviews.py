"""Spaced review of quiz items with the FSRS-5 memory model (Ye et al., open-spaced-repetition).

Form used: **FSRS-5** (the FSRS-4.5 power forgetting curve plus FSRS-5's same-day reviews and
mean-reverting difficulty). Not the FSRS-4 curve ``(1 + t/(9S))^-1``: FSRS-4.5/5 flattened it.

- Retrievability ``R(t, S) = (1 + FACTOR * t / S) ** DECAY`` with ``DECAY = -0.5`` and
  ``FACTOR = 0.9 ** (1/DECAY) - 1 = 19/81``, so ``R(S, S) = 0.9``: stability S is the number
  of days after which recall drops to 90 %. R decreases in t and increases in S.
- First review: ``S0 = w[grade-1]``, ``D0 = w4 - exp(w5 (grade-1)) + 1`` (clamped to [1, 10]).
- Later reviews (``t`` days after the previous one):
  * difficulty ``D' = w7 D0(easy) + (1-w7) (D + (10-D)/9 * -w6 (grade-3))``, clamped;
  * recall (hard/good/easy): ``S' = S (1 + e^w8 (11-D) S^-w9 (e^(w10 (1-R)) - 1) h e)``
    with ``h = w15`` for hard, ``e = w16`` for easy (else 1) — always > S;
  * lapse (again): ``S' = min(w11 D^-w12 ((S+1)^w13 - 1) e^(w14 (1-R)), S / e^(w17 w18))``;
  * same day (t < 1): ``S' = S e^(w17 (grade - 3 + w18))``.
- Next interval for a target retention r: ``I = S / FACTOR * (r ** (1/DECAY) - 1)`` days.

`FSRS5_DEFAULT_PARAMETERS` are the published FSRS-5 defaults (as shipped by py-fsrs 5.x,
MIT). The grade is derived from correctness and response time (`grade_from_attempt`). The
daily queue takes due items, most forgotten (lowest R) first, capped per day. Pure;
thread-safe.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import IntEnum
from typing import overload

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

DECAY = -0.5
FACTOR = 0.9 ** (1.0 / DECAY) - 1.0  # = 19/81
DEFAULT_RETENTION = 0.9
MAX_INTERVAL_DAYS = 36500
FAST_SHARE = 0.5  # correct in at most half the expected time -> easy
SLOW_SHARE = 1.5  # correct but slower than 1.5x the expected time -> hard

FSRS5_DEFAULT_PARAMETERS: tuple[float, ...] = (
    0.40255, 1.18385, 3.173, 15.69105, 7.1949, 0.5345, 1.4604, 0.0046, 1.54575, 0.1192,
    1.01925, 1.9395, 0.11, 0.29605, 2.2698, 0.2315, 2.9898, 0.51655, 0.6621,
)


class Grade(IntEnum):
    AGAIN = 1
    HARD = 2
    GOOD = 3
    EASY = 4


def grade_from_attempt(correct: bool, response_seconds: float, expected_seconds: float) -> Grade:
    """Wrong -> again; right and fast -> easy; right but slow -> hard; otherwise good."""
    if response_seconds < 0 or expected_seconds <= 0:
        raise ValueError("response time must be >= 0 and the expected time > 0")
    if not correct:
        return Grade.AGAIN
    ratio = response_seconds / expected_seconds
    if ratio <= FAST_SHARE:
        return Grade.EASY
    if ratio > SLOW_SHARE:
        return Grade.HARD
    return Grade.GOOD


@overload
def retrievability(elapsed_days: float, stability: float) -> float: ...
@overload
def retrievability(
    elapsed_days: float | FloatArray, stability: float | FloatArray
) -> float | FloatArray: ...
def retrievability(
    elapsed_days: float | FloatArray, stability: float | FloatArray
) -> float | FloatArray:
    """Probability of recall `elapsed_days` after a review that left stability `stability`."""
    t = np.maximum(np.asarray(elapsed_days, dtype=np.float64), 0.0)
    s = np.asarray(stability, dtype=np.float64)
    if np.any(s <= 0):
        raise ValueError("stability must be > 0")
    r = (1.0 + FACTOR * t / s) ** DECAY
    return float(r) if r.ndim == 0 else r


def interval_days(stability: float, target_retention: float = DEFAULT_RETENTION) -> float:
    """Days until R falls to `target_retention` (unrounded, at least 0)."""
    if not 0.0 < target_retention < 1.0:
        raise ValueError("target retention must lie strictly between 0 and 1")
    return float(stability / FACTOR * (target_retention ** (1.0 / DECAY) - 1.0))


@dataclass(frozen=True)
class MemoryState:
    stability: float  # days
    difficulty: float  # 1..10


@dataclass(frozen=True)
class Fsrs:
    parameters: tuple[float, ...] = FSRS5_DEFAULT_PARAMETERS

    def __post_init__(self) -> None:
        if len(self.parameters) != 19:
            raise ValueError("FSRS-5 needs 19 parameters")

    def _d0(self, grade: int) -> float:
        w = self.parameters
        return w[4] - math.exp(w[5] * (grade - 1)) + 1.0

    def first(self, grade: Grade) -> MemoryState:
        w = self.parameters
        return MemoryState(max(w[grade - 1], 0.1), _clamp_d(self._d0(grade)))

    def next(self, state: MemoryState, grade: Grade, elapsed_days: float) -> MemoryState:
        """State after reviewing with `grade`, `elapsed_days` after the previous review."""
        w = self.parameters
        d, s = state.difficulty, state.stability
        if elapsed_days < 1.0:
            new_s = s * math.exp(w[17] * (grade - 3 + w[18]))
        else:
            r = retrievability(elapsed_days, s)
            if grade == Grade.AGAIN:
                long_term = (
                    w[11] * d ** (-w[12]) * ((s + 1.0) ** w[13] - 1.0) * math.exp(w[14] * (1 - r))
                )
                new_s = min(long_term, s / math.exp(w[17] * w[18]))
            else:
                hard = w[15] if grade == Grade.HARD else 1.0
                easy = w[16] if grade == Grade.EASY else 1.0
                new_s = s * (
                    1.0
                    + math.exp(w[8]) * (11.0 - d) * s ** (-w[9])
                    * (math.exp(w[10] * (1.0 - r)) - 1.0) * hard * easy
                )
        delta = -w[6] * (grade - 3)
        damped = d + delta * (10.0 - d) / 9.0
        new_d = w[7] * self._d0(Grade.EASY) + (1.0 - w[7]) * damped
        return MemoryState(max(new_s, 0.01), _clamp_d(new_d))

    def replay(self, reviews: Sequence[tuple[float, Grade]]) -> tuple[FloatArray, MemoryState]:
        """Predicted recall before each review of one item, given (days since previous, grade).

        The first review has no prediction (NaN): the item was new.
        """
        preds = np.full(len(reviews), np.nan)
        state: MemoryState | None = None
        for i, (elapsed, grade) in enumerate(reviews):
            if state is None:
                state = self.first(grade)
                continue
            preds[i] = retrievability(elapsed, state.stability)
            state = self.next(state, grade, elapsed)
        if state is None:
            raise ValueError("no reviews to replay")
        return preds, state


def _clamp_d(d: float) -> float:
    return min(max(d, 1.0), 10.0)


@dataclass(frozen=True)
class ReviewItem:
    item_id: str
    state: MemoryState
    last_review: date


@dataclass(frozen=True)
class QueueEntry:
    item_id: str
    retrievability: float
    due: date
    overdue_days: int


def due_date(item: ReviewItem, target_retention: float = DEFAULT_RETENTION) -> date:
    days = min(max(round(interval_days(item.state.stability, target_retention)), 1),
               MAX_INTERVAL_DAYS)
    return item.last_review + timedelta(days=days)


def daily_queue(
    items: Sequence[ReviewItem],
    today: date,
    *,
    max_reviews: int = 50,
    target_retention: float = DEFAULT_RETENTION,
) -> list[QueueEntry]:
    """Items due by `today`, lowest retrievability (most overdue) first, at most `max_reviews`."""
    if max_reviews < 0:
        raise ValueError("max_reviews must be >= 0")
    entries = []
    for item in items:
        due = due_date(item, target_retention)
        if due <= today:
            r = retrievability(float((today - item.last_review).days), item.state.stability)
            entries.append(QueueEntry(item.item_id, r, due, (today - due).days))
    entries.sort(key=lambda e: (e.retrievability, e.due, e.item_id))
    return entries[:max_reviews]
