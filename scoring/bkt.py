"""Bayesian Knowledge Tracing (Corbett & Anderson 1995) for one skill, fitted by EM with numpy.

Two hidden states (not mastered / mastered), no forgetting. Parameters: ``p_init`` (mastered
before the first attempt), ``p_learn`` (unmastered -> mastered after each attempt), ``p_guess``
(correct while unmastered) and ``p_slip`` (wrong while mastered). Guess and slip are kept
<= `MAX_GUESS_SLIP` (0.45) so that a correct answer is always evidence *for* mastery
(``p_guess < 1 - p_slip``); with that, P(mastered) never decreases when a response is added
as correct or flipped from wrong to correct.

`fit_bkt` runs Baum-Welch over all learners' sequences at once (padded matrices), from a few
starting points, and keeps the best log-likelihood. Pure; thread-safe.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]

MAX_GUESS_SLIP = 0.45
_EPS = 1e-6


@dataclass(frozen=True)
class BktParams:
    p_init: float
    p_learn: float
    p_guess: float
    p_slip: float

    def __post_init__(self) -> None:
        for name in ("p_init", "p_learn", "p_guess", "p_slip"):
            v = getattr(self, name)
            if not 0.0 <= v <= 1.0:
                raise ValueError(f"{name} must lie in [0, 1]")
        if self.p_guess >= 1.0 - self.p_slip:
            raise ValueError("p_guess must be below 1 - p_slip (a correct answer must count for)")


DEFAULT_BKT = BktParams(p_init=0.3, p_learn=0.1, p_guess=0.2, p_slip=0.1)


@dataclass(frozen=True)
class BktTrace:
    p_correct: FloatArray  # predicted P(correct) before each response
    p_mastered: FloatArray  # P(mastered) after each response (learning step included)


def bkt_trace(params: BktParams, responses: Sequence[int] | npt.NDArray[np.int64]) -> BktTrace:
    """Predictions and mastery along one learner's responses (0/1) on one skill."""
    obs = np.asarray(responses, dtype=np.float64)
    pc, pm = _forward(params, obs[None, :], np.ones((1, obs.size), bool))
    return BktTrace(pc[0], pm[0])


def bkt_mastery(params: BktParams, responses: Sequence[int] | npt.NDArray[np.int64]) -> float:
    """P(mastered) after the responses (the prior `p_init` when there are none)."""
    if len(responses) == 0:
        return params.p_init
    return float(bkt_trace(params, responses).p_mastered[-1])


def bkt_predict_batch(
    params: BktParams, obs: FloatArray, mask: npt.NDArray[np.bool_]
) -> FloatArray:
    """P(correct) before each observed response, for padded sequences (rows = learners)."""
    return _forward(params, obs, mask)[0]


def _forward(
    params: BktParams, obs: FloatArray, mask: npt.NDArray[np.bool_]
) -> tuple[FloatArray, FloatArray]:
    n, t_max = obs.shape
    p = np.full(n, params.p_init)
    pc = np.zeros((n, t_max))
    pm = np.zeros((n, t_max))
    g, s, lr = params.p_guess, params.p_slip, params.p_learn
    for t in range(t_max):
        m = mask[:, t]
        correct = np.clip(p * (1 - s) + (1 - p) * g, 0.0, 1.0)
        pc[:, t] = correct
        y = obs[:, t]
        post_c = p * (1 - s) / np.maximum(correct, _EPS)
        post_w = p * s / np.maximum(1 - correct, _EPS)
        post = np.where(y > 0.5, post_c, post_w)
        nxt = np.clip(post + (1 - post) * lr, 0.0, 1.0)
        p = np.where(m, nxt, p)
        pm[:, t] = p
    return pc, pm


def _pad(sequences: Sequence[Sequence[int]]) -> tuple[FloatArray, npt.NDArray[np.bool_]]:
    seqs = [np.asarray(s, dtype=np.float64) for s in sequences if len(s) > 0]
    t_max = max((s.size for s in seqs), default=0)
    obs = np.zeros((len(seqs), t_max))
    mask = np.zeros((len(seqs), t_max), bool)
    for i, s in enumerate(seqs):
        obs[i, : s.size] = s
        mask[i, : s.size] = True
    return obs, mask


def _em_step(
    params: BktParams, obs: FloatArray, mask: npt.NDArray[np.bool_]
) -> tuple[BktParams, float]:
    n, t_max = obs.shape
    g, s, lr = params.p_guess, params.p_slip, params.p_learn
    # emission[n, t, k]: P(obs | state k); 1 where there is no observation
    e1 = np.where(obs > 0.5, 1 - s, s)
    e0 = np.where(obs > 0.5, g, 1 - g)
    e = np.stack([np.where(mask, e0, 1.0), np.where(mask, e1, 1.0)], axis=2)
    trans = np.array([[1 - lr, lr], [0.0, 1.0]])
    alpha = np.zeros((n, t_max, 2))
    scale = np.zeros((n, t_max))
    a = np.stack([np.full(n, 1 - params.p_init), np.full(n, params.p_init)], axis=1) * e[:, 0]
    scale[:, 0] = a.sum(1)
    alpha[:, 0] = a / scale[:, 0:1]
    for t in range(1, t_max):
        a = (alpha[:, t - 1] @ trans) * e[:, t]
        scale[:, t] = a.sum(1)
        alpha[:, t] = a / scale[:, t : t + 1]
    beta = np.ones((n, t_max, 2))
    for t in range(t_max - 2, -1, -1):
        b = (beta[:, t + 1] * e[:, t + 1]) @ trans.T
        beta[:, t] = b / scale[:, t + 1 : t + 2]
    gamma = alpha * beta
    gamma /= gamma.sum(2, keepdims=True)
    loglik = float(np.log(np.maximum(scale, 1e-300))[mask].sum())
    # expected transitions 0 -> 1 between consecutive observed steps
    valid = mask[:, 1:]
    xi01 = alpha[:, :-1, 0] * lr * e[:, 1:, 1] * beta[:, 1:, 1] / scale[:, 1:]
    from0 = gamma[:, :-1, 0]
    learn_den = float((from0 * valid).sum())
    p_learn = float((xi01 * valid).sum()) / learn_den if learn_den > 0 else lr
    g0 = gamma[:, :, 0] * mask
    g1 = gamma[:, :, 1] * mask
    p_guess = float((g0 * obs).sum() / max(g0.sum(), _EPS))
    p_slip = float((g1 * (1 - obs)).sum() / max(g1.sum(), _EPS))
    p_init = float(gamma[:, 0, 1].mean()) if n else params.p_init
    new = BktParams(
        p_init=float(np.clip(p_init, _EPS, 1 - _EPS)),
        p_learn=float(np.clip(p_learn, _EPS, 1 - _EPS)),
        p_guess=float(np.clip(p_guess, _EPS, MAX_GUESS_SLIP)),
        p_slip=float(np.clip(p_slip, _EPS, MAX_GUESS_SLIP)),
    )
    return new, loglik


def _loglik(params: BktParams, obs: FloatArray, mask: npt.NDArray[np.bool_]) -> float:
    pc = np.clip(bkt_predict_batch(params, obs, mask), _EPS, 1 - _EPS)
    ll = np.where(obs > 0.5, np.log(pc), np.log(1 - pc))
    return float(ll[mask].sum())


_STARTS = (
    BktParams(0.3, 0.1, 0.2, 0.1),
    BktParams(0.5, 0.2, 0.3, 0.2),
    BktParams(0.1, 0.05, 0.1, 0.05),
    BktParams(0.7, 0.3, 0.25, 0.3),
)


def fit_bkt(
    sequences: Sequence[Sequence[int]], *, max_iter: int = 100, tol: float = 1e-5
) -> BktParams:
    """Maximum-likelihood BKT parameters for one skill from learners' 0/1 response sequences."""
    obs, mask = _pad(sequences)
    if obs.size == 0:
        return DEFAULT_BKT
    best, best_ll = DEFAULT_BKT, -np.inf
    for start in _STARTS:
        params, prev = start, -np.inf
        for _ in range(max_iter):
            params, _ll = _em_step(params, obs, mask)
            ll = _loglik(params, obs, mask)
            if abs(ll - prev) < tol * max(1.0, abs(ll)):
                break
            prev = ll
        ll = _loglik(params, obs, mask)
        if ll > best_ll:
            best, best_ll = params, ll
    return best
