"""Evaluation metrics used to tune and report the models (numpy only; pure; thread-safe).

- `ndcg_at_k`, `recall_at_k`: binary relevance; recall is hits / number of held-out items.
- `roc_auc`: Mann-Whitney rank statistic with tied scores given their average rank.
- `log_loss`: mean binary cross-entropy, predictions clipped to [1e-7, 1 - 1e-7].
- `expected_calibration_error`: |mean prediction - observed rate| averaged over 10 equal-width
  bins, weighted by bin size.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]


def ndcg_at_k(ranked: Sequence[object], relevant: Collection[object], k: int = 10) -> float:
    if not relevant:
        return 0.0
    gains = [1.0 / np.log2(i + 2) for i, item in enumerate(ranked[:k]) if item in relevant]
    ideal = sum(1.0 / np.log2(i + 2) for i in range(min(k, len(relevant))))
    return float(sum(gains) / ideal)


def recall_at_k(ranked: Sequence[object], relevant: Collection[object], k: int = 10) -> float:
    if not relevant:
        return 0.0
    return sum(1 for item in ranked[:k] if item in relevant) / len(relevant)


def roc_auc(y: Sequence[int] | FloatArray, p: Sequence[float] | FloatArray) -> float:
    yy = np.asarray(y, dtype=np.float64)
    pp = np.asarray(p, dtype=np.float64)
    n_pos = float(yy.sum())
    n_neg = float(yy.size - n_pos)
    if n_pos == 0 or n_neg == 0:
        raise ValueError("AUC needs both classes")
    _, inverse, counts = np.unique(pp, return_inverse=True, return_counts=True)
    average_rank = np.cumsum(counts) - (counts - 1) / 2.0  # 1-based, ties averaged
    ranks = average_rank[inverse]
    return float((ranks[yy > 0.5].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def log_loss(y: Sequence[int] | FloatArray, p: Sequence[float] | FloatArray) -> float:
    yy = np.asarray(y, dtype=np.float64)
    pp = np.clip(np.asarray(p, dtype=np.float64), 1e-7, 1 - 1e-7)
    return float(-np.mean(yy * np.log(pp) + (1 - yy) * np.log(1 - pp)))


def expected_calibration_error(
    y: Sequence[int] | FloatArray, p: Sequence[float] | FloatArray, bins: int = 10
) -> float:
    yy = np.asarray(y, dtype=np.float64)
    pp = np.asarray(p, dtype=np.float64)
    which = np.minimum((pp * bins).astype(int), bins - 1)
    total = 0.0
    for b in range(bins):
        m = which == b
        if m.any():
            total += m.sum() * abs(pp[m].mean() - yy[m].mean())
    return float(total / max(yy.size, 1))
