"""Spaced review of quiz items with FSRS-6, scheduled by the maintained `fsrs` library (py-fsrs).

The memory model is the library's (open-spaced-repetition/py-fsrs, MIT): this module adapts it
to the app's per-day API and keeps no copy of its formulas. What it adds:

- A quiz question is not a flash card with minute-long learning steps: the scheduler runs with
  no learning or relearning steps and no fuzz, so every answer updates the memory state
  (stability S in days, difficulty D in 1..10) and the next review is a whole number of days.
- Retrievability ``R(t, S) = (1 + FACTOR t / S) ** -w20`` with ``FACTOR = 0.9 ** (-1/w20) - 1``
  (FSRS-6: the decay is the 21st parameter), so ``R(S, S) = 0.9``; the next interval for a
  target retention r is the t with ``R(t, S) = r``.
- `parameters` are the library's published FSRS-6 defaults until the learner's own are fitted
  (`scoring.review_fit`, with fsrs-rs-python); both libraries use the same 21 parameters.
- The grade is derived from correctness and response time (`grade_from_attempt`). The daily
  queue takes due items, most forgotten (lowest R) first, capped per day; `daily_load` is the
  expected number of reviews a day a target retention implies.

Pure (no I/O); thread-safe (a `Fsrs` is immutable; the library's scheduler copies cards).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import IntEnum
from typing import overload

import numpy as np
import numpy.typing as npt
from fsrs import Card, Rating, Scheduler, State
from fsrs.scheduler import DEFAULT_PARAMETERS as _LIBRARY_DEFAULTS

FloatArray = npt.NDArray[np.float64]

DEFAULT_PARAMETERS: tuple[float, ...] = tuple(float(w) for w in _LIBRARY_DEFAULTS)
N_PARAMETERS = len(DEFAULT_PARAMETERS)  # 21 (FSRS-6)
DEFAULT_RETENTION = 0.9
MIN_RETENTION, MAX_RETENTION = 0.7, 0.97  # what the app lets a learner choose
MAX_INTERVAL_DAYS = 36500
FAST_SHARE = 0.5  # correct in at most half the expected time -> easy
SLOW_SHARE = 1.5  # correct but slower than 1.5x the expected time -> hard
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # replays run on a clock of their own


def decay_of(parameters: Sequence[float]) -> float:
    return -float(parameters[20])


def factor_of(parameters: Sequence[float]) -> float:
    return float(0.9 ** (1.0 / decay_of(parameters)) - 1.0)


DECAY = decay_of(DEFAULT_PARAMETERS)
FACTOR = factor_of(DEFAULT_PARAMETERS)


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
def retrievability(elapsed_days: float, stability: float, decay: float = DECAY) -> float: ...
@overload
def retrievability(
    elapsed_days: float | FloatArray, stability: float | FloatArray, decay: float = DECAY
) -> float | FloatArray: ...
def retrievability(
    elapsed_days: float | FloatArray, stability: float | FloatArray, decay: float = DECAY
) -> float | FloatArray:
    """Probability of recall `elapsed_days` after a review that left stability `stability`
    (FSRS-6 forgetting curve with decay `decay`, the default parameters' unless given)."""
    t = np.maximum(np.asarray(elapsed_days, dtype=np.float64), 0.0)
    s = np.asarray(stability, dtype=np.float64)
    if np.any(s <= 0):
        raise ValueError("stability must be > 0")
    factor = 0.9 ** (1.0 / decay) - 1.0
    r = (1.0 + factor * t / s) ** decay
    return float(r) if r.ndim == 0 else r


def interval_days(stability: float, target_retention: float = DEFAULT_RETENTION,
                  decay: float = DECAY) -> float:
    """Days until R falls to `target_retention` (unrounded, at least 0)."""
    if not 0.0 < target_retention < 1.0:
        raise ValueError("target retention must lie strictly between 0 and 1")
    factor = 0.9 ** (1.0 / decay) - 1.0
    return float(stability / factor * (target_retention ** (1.0 / decay) - 1.0))


@dataclass(frozen=True)
class MemoryState:
    stability: float  # days
    difficulty: float  # 1..10


@dataclass(frozen=True)
class Fsrs:
    """FSRS-6 with one learner's `parameters` (the defaults until fitted)."""

    parameters: tuple[float, ...] = DEFAULT_PARAMETERS
    _scheduler: Scheduler = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.parameters) != N_PARAMETERS:
            raise ValueError(f"FSRS-6 needs {N_PARAMETERS} parameters")
        # the library checks each parameter against its bounds (ValueError otherwise)
        scheduler = Scheduler(parameters=tuple(float(w) for w in self.parameters),
                              learning_steps=(), relearning_steps=(),
                              maximum_interval=MAX_INTERVAL_DAYS, enable_fuzzing=False)
        object.__setattr__(self, "_scheduler", scheduler)

    @property
    def decay(self) -> float:
        return decay_of(self.parameters)

    def retrievability(self, elapsed_days: float, stability: float) -> float:
        return retrievability(elapsed_days, stability, self.decay)

    def interval_days(self, stability: float,
                      target_retention: float = DEFAULT_RETENTION) -> float:
        return interval_days(stability, target_retention, self.decay)

    def _review(self, card: Card, grade: Grade, at: datetime) -> Card:
        reviewed, _log = self._scheduler.review_card(card, Rating(int(grade)), at)
        return reviewed

    def first(self, grade: Grade) -> MemoryState:
        return _state(self._review(Card(card_id=0), grade, _EPOCH))

    def next(self, state: MemoryState, grade: Grade, elapsed_days: float) -> MemoryState:
        """State after reviewing with `grade`, `elapsed_days` after the previous review
        (the library counts whole days: under one day is a same-day review)."""
        card = Card(card_id=0, state=State.Review, stability=state.stability,
                    difficulty=state.difficulty, due=_EPOCH, last_review=_EPOCH)
        return _state(self._review(card, grade, _EPOCH + timedelta(days=max(elapsed_days, 0))))

    def replay(self, reviews: Sequence[tuple[float, Grade]]) -> tuple[FloatArray, MemoryState]:
        """Predicted recall before each review of one item, given (days since previous, grade).

        The first review has no prediction (NaN): the item was new.
        """
        preds = np.full(len(reviews), np.nan)
        card: Card | None = None
        at = _EPOCH
        for i, (elapsed, grade) in enumerate(reviews):
            if card is None:
                card = self._review(Card(card_id=0), grade, at)
                continue
            at = at + timedelta(days=max(float(elapsed), 0.0))
            preds[i] = self._scheduler.get_card_retrievability(card, at)
            card = self._review(card, grade, at)
        if card is None:
            raise ValueError("no reviews to replay")
        return preds, _state(card)


def _state(card: Card) -> MemoryState:
    assert card.stability is not None and card.difficulty is not None
    return MemoryState(float(card.stability), float(card.difficulty))


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


def due_date(item: ReviewItem, target_retention: float = DEFAULT_RETENTION,
             fsrs: Fsrs | None = None) -> date:
    model = fsrs or DEFAULT_FSRS
    days = min(max(round(model.interval_days(item.state.stability, target_retention)), 1),
               MAX_INTERVAL_DAYS)
    return item.last_review + timedelta(days=days)


def daily_queue(
    items: Sequence[ReviewItem],
    today: date,
    *,
    max_reviews: int = 50,
    target_retention: float = DEFAULT_RETENTION,
    fsrs: Fsrs | None = None,
) -> list[QueueEntry]:
    """Items due by `today`, lowest retrievability (most overdue) first, at most `max_reviews`."""
    if max_reviews < 0:
        raise ValueError("max_reviews must be >= 0")
    model = fsrs or DEFAULT_FSRS
    entries = []
    for item in items:
        due = due_date(item, target_retention, model)
        if due <= today:
            r = model.retrievability(float((today - item.last_review).days),
                                     item.state.stability)
            entries.append(QueueEntry(item.item_id, r, due, (today - due).days))
    entries.sort(key=lambda e: (e.retrievability, e.due, e.item_id))
    return entries[:max_reviews]


def daily_load(items: Sequence[ReviewItem], today: date, target_retention: float,
               fsrs: Fsrs | None = None, horizon_days: int = 30) -> float:
    """Expected reviews a day over the `horizon_days` from `today` at `target_retention`.

    Each item is followed from its last review through the reviews it would get if every one
    were answered "good" on its due day (an overdue one counts today); a higher retention
    means shorter intervals, so more reviews. The count over the horizon is divided by its
    length. A forecast, not a promise: wrong answers add reviews.
    """
    if not 0.0 < target_retention < 1.0:
        raise ValueError("target retention must lie strictly between 0 and 1")
    if horizon_days < 1:
        raise ValueError("the horizon must be at least one day")
    model = fsrs or DEFAULT_FSRS
    end = today + timedelta(days=horizon_days)
    total = 0
    for item in items:
        state, last = item.state, item.last_review
        while True:
            gap = min(max(round(model.interval_days(state.stability, target_retention)), 1),
                      MAX_INTERVAL_DAYS)
            due = max(last + timedelta(days=gap), today)
            if due >= end:
                break
            total += 1
            state = model.next(state, Grade.GOOD, float((due - last).days))
            last = due
    return total / horizon_days


DEFAULT_FSRS = Fsrs()
