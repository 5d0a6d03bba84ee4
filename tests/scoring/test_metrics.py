"""Evaluation metrics against brute-force definitions."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.metrics import expected_calibration_error, log_loss, ndcg_at_k, recall_at_k, roc_auc


@given(st.lists(st.tuples(st.integers(0, 1), st.sampled_from([0.1, 0.3, 0.5, 0.9])), min_size=2,
                max_size=30).filter(lambda r: 0 < sum(y for y, _ in r) < len(r)))
def test_auc_equals_the_pairwise_probability(rows: list[tuple[int, float]]) -> None:
    pos = [p for y, p in rows if y]
    neg = [p for y, p in rows if not y]
    pairs = list(itertools.product(pos, neg))
    expected = sum(1.0 if a > b else 0.5 if a == b else 0.0 for a, b in pairs) / len(pairs)
    assert roc_auc([y for y, _ in rows], [p for _, p in rows]) == pytest.approx(expected)


def test_ranking_metrics() -> None:
    assert ndcg_at_k([1, 2, 3], {1, 2}) == pytest.approx(1.0)
    assert ndcg_at_k([3, 1], {1}) == pytest.approx(1 / 1.5849625, rel=1e-6)
    assert recall_at_k([1, 2, 3], {3, 4}) == 0.5
    assert ndcg_at_k([1], set()) == 0.0


def test_log_loss_and_calibration() -> None:
    assert log_loss([1, 0], [0.5, 0.5]) == pytest.approx(0.693147, rel=1e-5)
    assert expected_calibration_error([1, 0, 1, 0], [0.5, 0.5, 0.5, 0.5]) == pytest.approx(0.0)
    assert expected_calibration_error([1, 1], [0.05, 0.05]) == pytest.approx(0.95)
