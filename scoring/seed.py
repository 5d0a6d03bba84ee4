"""The three formulas of the original brief (section 4), exactly as the article states them.

They are kept as documented reference points: the learned models elsewhere in `scoring`
use 4.1 and 4.3 as their combining rule, and 4.2 is reported next to the calibrated
outcome score so a learner can see the article's figure too.

- 4.1 user behaviour analysis: ``score = w1*history + w2*preference + w3*behaviour``
  (article example: weights 0.4/0.3/0.3 on 0.8/0.6/0.7 gives 0.71).
- 4.2 learning outcome evaluation: ``f(progress, accuracy, hours) = progress*accuracy*hours``
  (article example: f(0.8, 0.9, 10) = 7.2).
- 4.3 personalised recommendation: ``score = relevance*interest + popularity``
  (article example: 0.9*0.7 + 0.8 = 1.43).

Each function accepts scalars or numpy arrays (vectorised over items) and validates its
inputs: similarities, relevance, interest, popularity, progress and accuracy must lie in
[0, 1]; hours must be >= 0; weights must be non-negative and sum to 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import overload

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
ArrayLike = float | Sequence[float] | FloatArray

ARTICLE_WEIGHTS_4_1: tuple[float, float, float] = (0.4, 0.3, 0.3)


def _unit(name: str, value: ArrayLike) -> FloatArray:
    arr = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite")
    if np.any(arr < 0.0) or np.any(arr > 1.0):
        raise ValueError(f"{name} must lie in [0, 1]")
    return arr


def _result(arr: FloatArray) -> float | FloatArray:
    return float(arr) if arr.ndim == 0 else arr


@overload
def behaviour_score(
    history: float, preference: float, behaviour: float,
    weights: tuple[float, float, float] = ...,
) -> float: ...
@overload
def behaviour_score(
    history: ArrayLike, preference: ArrayLike, behaviour: ArrayLike,
    weights: tuple[float, float, float] = ...,
) -> float | FloatArray: ...
def behaviour_score(
    history: ArrayLike,
    preference: ArrayLike,
    behaviour: ArrayLike,
    weights: tuple[float, float, float] = ARTICLE_WEIGHTS_4_1,
) -> float | FloatArray:
    """Formula 4.1: weighted sum of history, preference and behaviour similarity."""
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (3,) or np.any(w < 0) or not np.isclose(w.sum(), 1.0):
        raise ValueError("weights must be three non-negative numbers summing to 1")
    h = _unit("history similarity", history)
    p = _unit("preference similarity", preference)
    b = _unit("behaviour similarity", behaviour)
    return _result(w[0] * h + w[1] * p + w[2] * b)


@overload
def outcome_score(progress: float, accuracy: float, hours: float) -> float: ...
@overload
def outcome_score(
    progress: ArrayLike, accuracy: ArrayLike, hours: ArrayLike
) -> float | FloatArray: ...
def outcome_score(progress: ArrayLike, accuracy: ArrayLike, hours: ArrayLike) -> float | FloatArray:
    """Formula 4.2: progress (0..1) x accuracy (0..1) x hours studied."""
    pr = _unit("progress", progress)
    ac = _unit("accuracy", accuracy)
    hr = np.asarray(hours, dtype=np.float64)
    if not np.all(np.isfinite(hr)) or np.any(hr < 0):
        raise ValueError("hours must be a finite number >= 0")
    return _result(pr * ac * hr)


@overload
def recommendation_score(relevance: float, interest: float, popularity: float) -> float: ...
@overload
def recommendation_score(
    relevance: ArrayLike, interest: ArrayLike, popularity: ArrayLike
) -> float | FloatArray: ...
def recommendation_score(
    relevance: ArrayLike, interest: ArrayLike, popularity: ArrayLike
) -> float | FloatArray:
    """Formula 4.3: relevance x interest + popularity (range 0..2)."""
    r = _unit("relevance", relevance)
    i = _unit("interest", interest)
    p = _unit("popularity", popularity)
    return _result(r * i + p)
