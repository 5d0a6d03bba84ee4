"""Calibrated outcome score: range, monotonicity, components and the article's 4.2 alongside."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.outcome import outcome

unit = st.floats(0.0, 1.0)
minutes = st.floats(0.0, 10_000.0)


@given(unit, unit, unit, minutes, st.floats(1.0, 10_000.0))
def test_score_is_between_0_and_100(
    progress: float, p1: float, p2: float, spent: float, expected: float
) -> None:
    res = outcome(progress=progress, skill_p_correct={"a": p1, "b": p2},
                  minutes_spent=spent, expected_minutes_done=expected)
    assert 0.0 <= res.score <= 100.0
    assert 0.0 <= res.components.engagement <= 1.0


@given(unit, unit, unit, unit)
def test_score_rises_with_progress_and_accuracy_above_the_baseline(
    pr1: float, pr2: float, a1: float, a2: float
) -> None:
    lo_p, hi_p = sorted((pr1, pr2))
    lo_a, hi_a = sorted((max(a1, 0.25), max(a2, 0.25)))

    def score(pr: float, acc: float) -> float:
        return outcome(progress=pr, skill_p_correct={"s": acc}, minutes_spent=600,
                       expected_minutes_done=600).score

    assert score(hi_p, hi_a) >= score(lo_p, hi_a) - 1e-9
    assert score(hi_p, hi_a) >= score(hi_p, lo_a) - 1e-9


def test_skimming_is_discounted_and_slowness_is_not() -> None:
    normal = outcome(progress=0.8, skill_p_correct={"s": 0.9}, minutes_spent=300,
                     expected_minutes_done=300)
    skim = outcome(progress=0.8, skill_p_correct={"s": 0.9}, minutes_spent=60,
                   expected_minutes_done=300)
    slow = outcome(progress=0.8, skill_p_correct={"s": 0.9}, minutes_spent=900,
                   expected_minutes_done=300)
    assert skim.score < normal.score == slow.score
    assert skim.components.pace == pytest.approx(0.2)
    assert skim.components.engagement == pytest.approx(0.4)


def test_weights_put_more_emphasis_on_bigger_skills() -> None:
    res = outcome(progress=1.0, skill_p_correct={"big": 0.9, "small": 0.3},
                  skill_weights={"big": 3, "small": 1}, minutes_spent=100,
                  expected_minutes_done=100)
    assert res.components.accuracy == pytest.approx((3 * 0.9 + 0.3) / 4)
    assert res.score == pytest.approx(100 * res.components.accuracy)


def test_article_figure_4_2_is_reported_alongside() -> None:
    res = outcome(progress=0.8, skill_p_correct={"s": 0.7}, minutes_spent=600,
                  expected_minutes_done=500, answered=10, answered_correct=9)
    assert res.article_4_2 == pytest.approx(0.8 * 0.9 * 10)
    assert res.components.raw_accuracy == 0.9


def test_nothing_studied_scores_the_baseline() -> None:
    res = outcome(progress=0.0, skill_p_correct={}, minutes_spent=0, expected_minutes_done=0)
    assert res.score == pytest.approx(25.0)


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError, match="progress must lie"):
        outcome(progress=1.5, skill_p_correct={}, minutes_spent=0, expected_minutes_done=0)
    with pytest.raises(ValueError, match="answered_correct"):
        outcome(progress=0.5, skill_p_correct={}, minutes_spent=0, expected_minutes_done=0,
                answered=2, answered_correct=3)
