"""Fitting one learner's FSRS-6 parameters from their own review history, with fsrs-rs-python.

The optimiser is the field's maintained one (open-spaced-repetition/fsrs-rs, the engine Anki
uses, through its Python binding); nothing of it is re-implemented here. This module turns
the app's histories into its training items and checks what comes back:

- A history is one item's reviews in order, each ``(days since the previous review, grade)``
  with whole days (the first review's days are ignored). Every review after the first that
  comes at least a day after the previous one is a training example, with the history that
  led to it (fsrs-rs learns same-day reviews from those histories too).
- Fewer than `MIN_REVIEWS` such long-term reviews: the defaults stay (`enough_to_fit`). The
  bound follows Anki's advice of a few hundred reviews before optimising.
- The result is clamped to the bounds py-fsrs accepts (`scoring.reviews.Fsrs` checks them),
  so the scheduler can use it.

Fitting takes seconds for thousands of reviews: run it off the GUI thread. Pure; thread-safe.
"""

from __future__ import annotations

from collections.abc import Sequence

from fsrs.scheduler import LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS

from scoring.reviews import DEFAULT_PARAMETERS, N_PARAMETERS, Grade

MIN_REVIEWS = 400
History = Sequence[tuple[int, Grade]]


def long_term_reviews(histories: Sequence[History]) -> int:
    """Reviews at least a day after the previous review of the same item."""
    return sum(1 for h in histories for i, (days, _g) in enumerate(h) if i > 0 and days >= 1)


def enough_to_fit(histories: Sequence[History]) -> bool:
    return long_term_reviews(histories) >= MIN_REVIEWS


def training_items(histories: Sequence[History]) -> list[object]:
    """fsrs-rs `FSRSItem`s: one per long-term review, holding the history up to it."""
    from fsrs_rs_python import FSRSItem, FSRSReview

    items: list[object] = []
    for history in histories:
        reviews = [FSRSReview(int(g), 0 if i == 0 else max(int(d), 0))
                   for i, (d, g) in enumerate(history)]
        for i in range(1, len(reviews)):
            if history[i][0] >= 1:
                items.append(FSRSItem(reviews[: i + 1]))
    return items


def fit_parameters(histories: Sequence[History]) -> tuple[float, ...]:
    """The learner's FSRS-6 parameters; the defaults when there are too few reviews."""
    if not enough_to_fit(histories):
        return DEFAULT_PARAMETERS
    from fsrs_rs_python import FSRS

    items = training_items(histories)
    fitted = FSRS(list(DEFAULT_PARAMETERS)).compute_parameters(items)  # type: ignore[arg-type]
    if len(fitted) != N_PARAMETERS:
        raise ValueError(f"fsrs-rs returned {len(fitted)} parameters, not {N_PARAMETERS}")
    return tuple(
        min(max(float(w), lo), hi)
        for w, lo, hi in zip(fitted, LOWER_BOUNDS_PARAMETERS, UPPER_BOUNDS_PARAMETERS,
                             strict=True)
    )
