"""The article's worked examples (section 4) reproduced exactly, plus input validation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.seed import behaviour_score, outcome_score, recommendation_score

unit = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


def test_article_example_4_1_gives_0_71() -> None:
    assert behaviour_score(0.8, 0.6, 0.7) == pytest.approx(0.71, abs=1e-12)


def test_article_example_4_2_gives_7_2() -> None:
    assert outcome_score(0.8, 0.9, 10) == pytest.approx(7.2, abs=1e-12)


def test_article_example_4_3_gives_1_43() -> None:
    assert recommendation_score(0.9, 0.7, 0.8) == pytest.approx(1.43, abs=1e-12)


def test_formulas_vectorise_over_items() -> None:
    scores = recommendation_score(np.array([0.9, 0.1]), np.array([0.7, 0.7]), np.array([0.8, 0.0]))
    assert isinstance(scores, np.ndarray)
    np.testing.assert_allclose(scores, [1.43, 0.07])


def test_custom_weights_change_the_ranking() -> None:
    history_heavy = behaviour_score(1.0, 0.0, 0.0, weights=(0.8, 0.1, 0.1))
    preference_heavy = behaviour_score(1.0, 0.0, 0.0, weights=(0.1, 0.8, 0.1))
    assert history_heavy > preference_heavy


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: behaviour_score(1.2, 0.5, 0.5), "history similarity must lie in"),
        (lambda: behaviour_score(0.5, 0.5, 0.5, weights=(0.5, 0.5, 0.5)), "summing to 1"),
        (lambda: outcome_score(0.5, 0.5, -1), "hours must be"),
        (lambda: outcome_score(float("nan"), 0.5, 1), "progress must be finite"),
        (lambda: recommendation_score(0.5, -0.1, 0.5), "interest must lie in"),
    ],
)
def test_bad_inputs_are_refused_with_a_clear_message(call, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match=message):
        call()


@given(unit, unit, unit, unit)
def test_4_3_is_monotone_in_relevance_and_bounded(r1: float, r2: float, i: float, p: float) -> None:
    lo, hi = sorted((r1, r2))
    assert recommendation_score(lo, i, p) <= recommendation_score(hi, i, p)
    assert 0.0 <= recommendation_score(hi, i, p) <= 2.0


@given(unit, unit, unit)
def test_4_1_stays_in_unit_range(h: float, p: float, b: float) -> None:
    assert -1e-12 <= behaviour_score(h, p, b) <= 1.0 + 1e-12
