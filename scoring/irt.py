"""Rasch (1PL IRT) model per skill with Bayesian ability tracking on a grid (Elo-like updates).

``P(correct | ability θ, item difficulty b) = σ(θ - b)``. Per skill, item difficulties and the
spread of learner ability (θ ~ N(0, sd²)) are fitted by marginal maximum likelihood: EM over
a fixed grid of abilities (`GRID`), with Newton steps for the difficulties and a weak N(0, 3²)
prior on each difficulty so that items everyone solved stay finite.

A learner's ability is then tracked exactly on the grid: each response multiplies the
posterior by σ(θ-b) or 1-σ(θ-b); between responses the posterior can be blurred by a
Gaussian `drift` (learning/forgetting, as an Elo rating's K-factor lets recent games count
more). A correct answer multiplies by a likelihood increasing in θ, so it never lowers the
ability estimate or the predicted P(correct) of any item. Pure; thread-safe.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

GRID = np.linspace(-5.0, 5.0, 61)
DIFFICULTY_PRIOR_SD = 3.0


def _sigmoid(x: FloatArray) -> FloatArray:
    out: FloatArray = 0.5 * (1.0 + np.tanh(0.5 * x))
    return out


@dataclass(frozen=True)
class IrtSkill:
    """Fitted Rasch parameters of one skill."""

    difficulty: Mapping[str, float]
    ability_sd: float = 1.0
    drift: float = 0.0

    @property
    def mean_difficulty(self) -> float:
        return float(np.mean(list(self.difficulty.values()))) if self.difficulty else 0.0

    def item_difficulty(self, item: str | None) -> float:
        if item is not None and item in self.difficulty:
            return float(self.difficulty[item])
        return self.mean_difficulty

    def prior(self) -> FloatArray:
        w = np.exp(-0.5 * (GRID / max(self.ability_sd, 1e-3)) ** 2)
        out: FloatArray = w / w.sum()
        return out


DEFAULT_IRT = IrtSkill({}, 1.0, 0.0)


def _blur(post: FloatArray, drift: float) -> FloatArray:
    if drift <= 0:
        return post
    k = np.exp(-0.5 * ((GRID[:, None] - GRID[None, :]) / drift) ** 2)
    k /= k.sum(axis=1, keepdims=True)
    out = post @ k
    out_n: FloatArray = out / out.sum(axis=-1, keepdims=True)
    return out_n


@dataclass(frozen=True)
class AbilityTrace:
    p_correct: FloatArray  # predicted P(correct) before each response
    posterior: FloatArray  # posterior over GRID after all responses


def track_ability(
    skill: IrtSkill, items: Sequence[str | None], correct: Sequence[int]
) -> AbilityTrace:
    """Walk one learner's responses on one skill, predicting each before seeing it."""
    if len(items) != len(correct):
        raise ValueError("items and correct must have the same length")
    post = skill.prior()
    preds = np.zeros(len(items))
    for t, (item, y) in enumerate(zip(items, correct, strict=True)):
        if t > 0:
            post = _blur(post, skill.drift)
        p_item = _sigmoid(GRID - skill.item_difficulty(item))
        preds[t] = float(post @ p_item)
        post = post * (p_item if y else 1.0 - p_item)
        post = post / post.sum()
    if items:
        post = _blur(post, skill.drift)
    return AbilityTrace(preds, post)


def predict_correct(skill: IrtSkill, posterior: FloatArray, item: str | None = None) -> float:
    """P(correct) on `item` (an average item of the skill if unknown) given a posterior."""
    return float(posterior @ _sigmoid(GRID - skill.item_difficulty(item)))


def ability_mean(posterior: FloatArray) -> float:
    return float(posterior @ GRID)


def fit_irt_skill(
    learner: Sequence[int] | IntArray,
    item: Sequence[str],
    correct: Sequence[int] | IntArray,
    *,
    iterations: int = 40,
    drift: float = 0.0,
) -> IrtSkill:
    """Marginal-ML Rasch fit of one skill from (learner index, item id, 0/1) responses."""
    lrn = np.asarray(learner, dtype=np.int64)
    y = np.asarray(correct, dtype=np.float64)
    if not (lrn.size == y.size == len(item)):
        raise ValueError("learner, item and correct must have the same length")
    if lrn.size == 0:
        return IrtSkill({}, 1.0, drift)
    item_ids, itm = np.unique(np.asarray(item, dtype=object), return_inverse=True)
    _, grp = np.unique(lrn, return_inverse=True)
    n_items, n_groups = item_ids.size, int(grp.max()) + 1
    # learner x item counts of right and of all answers: the likelihood depends on nothing else
    right = np.zeros((n_groups, n_items))
    total = np.zeros((n_groups, n_items))
    np.add.at(right, (grp, itm), y)
    np.add.at(total, (grp, itm), 1.0)
    wrong = total - right
    b = np.zeros(n_items)
    sd = 1.0
    for _ in range(iterations):
        p = np.clip(_sigmoid(GRID[None, :] - b[:, None]), 1e-12, 1 - 1e-12)  # items x grid
        log_post = right @ np.log(p) + wrong @ np.log(1 - p)
        log_post += np.log(IrtSkill({}, sd).prior())[None, :]
        log_post -= log_post.max(axis=1, keepdims=True)
        post = np.exp(log_post)
        post /= post.sum(axis=1, keepdims=True)  # learners x grid
        seen = post.T @ total  # grid x items: expected answers at each ability
        hits = post.T @ right
        for _newton in range(2):
            p = _sigmoid(GRID[None, :] - b[:, None])
            grad = (seen.T * p - hits.T).sum(axis=1) - b / DIFFICULTY_PRIOR_SD**2
            hess = (seen.T * p * (1 - p)).sum(axis=1) + 1.0 / DIFFICULTY_PRIOR_SD**2
            b = b + grad / hess
        sd = float(np.sqrt(max((post * GRID[None, :] ** 2).sum(1).mean(), 0.05)))
    difficulty = {str(i): float(v) for i, v in zip(item_ids, b, strict=True)}
    return IrtSkill(difficulty, sd, drift)
