"""FSRS-6 memory model (py-fsrs underneath), the daily review queue and the review load."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scoring.reviews import (
    DECAY,
    DEFAULT_PARAMETERS,
    FACTOR,
    Fsrs,
    Grade,
    MemoryState,
    ReviewItem,
    daily_load,
    daily_queue,
    due_date,
    grade_from_attempt,
    interval_days,
    retrievability,
)

days = st.floats(0.0, 3650.0)
stability = st.floats(0.05, 3650.0)
difficulty = st.floats(1.0, 10.0)
grades = st.sampled_from(list(Grade))
FSRS = Fsrs()


def test_fsrs6_defaults_give_ninety_percent_recall_after_s_days() -> None:
    assert pytest.approx(0.9 ** (1 / DECAY) - 1) == FACTOR
    assert len(DEFAULT_PARAMETERS) == 21 and pytest.approx(-DEFAULT_PARAMETERS[20]) == DECAY
    assert retrievability(7.0, 7.0) == pytest.approx(0.9)
    assert interval_days(7.0, 0.9) == pytest.approx(7.0)
    assert retrievability(0.0, 3.0) == 1.0


@given(days, days, stability)
def test_retrievability_decreases_with_time(t1: float, t2: float, s: float) -> None:
    lo, hi = sorted((t1, t2))
    assert retrievability(hi, s) <= retrievability(lo, s)
    assert 0.0 < retrievability(hi, s) <= 1.0


@given(days, stability, stability)
def test_retrievability_increases_with_stability(t: float, s1: float, s2: float) -> None:
    lo, hi = sorted((s1, s2))
    assert retrievability(t, lo) <= retrievability(t, hi)


@given(stability, difficulty, st.floats(1.0, 3650.0), st.sampled_from([Grade.HARD, Grade.GOOD,
                                                                        Grade.EASY]))
def test_a_successful_review_increases_stability(
    s: float, d: float, elapsed: float, grade: Grade
) -> None:
    after = FSRS.next(MemoryState(s, d), grade, elapsed)
    assert after.stability > s
    assert 1.0 <= after.difficulty <= 10.0


@given(stability, difficulty, st.floats(1.0, 3650.0))
def test_forgetting_never_raises_stability(s: float, d: float, elapsed: float) -> None:
    assert FSRS.next(MemoryState(s, d), Grade.AGAIN, elapsed).stability <= s


@given(stability, difficulty, st.floats(1.0, 365.0))
def test_better_grades_give_longer_memories_and_lower_difficulty(
    s: float, d: float, elapsed: float
) -> None:
    states = [FSRS.next(MemoryState(s, d), g, elapsed) for g in Grade]
    stab = [x.stability for x in states]
    diff = [x.difficulty for x in states]
    assert stab == sorted(stab)
    assert diff == sorted(diff, reverse=True)


def test_same_day_reviews_never_lower_stability_after_good_but_do_after_again() -> None:
    first = FSRS.first(Grade.GOOD)
    assert FSRS.next(first, Grade.GOOD, 0.01).stability >= first.stability
    assert FSRS.next(first, Grade.AGAIN, 0.01).stability < first.stability


def test_parameters_out_of_the_libraries_bounds_are_refused() -> None:
    with pytest.raises(ValueError):
        Fsrs(DEFAULT_PARAMETERS[:19])
    with pytest.raises(ValueError):
        Fsrs((-5.0, *DEFAULT_PARAMETERS[1:]))


def test_higher_retention_means_more_reviews_a_day() -> None:
    today = date(2025, 3, 10)
    items = [ReviewItem(str(i), MemoryState(1.0 + i, 5.0), today - timedelta(days=i % 5))
             for i in range(40)]
    loads = [daily_load(items, today, r) for r in (0.7, 0.8, 0.9, 0.95)]
    assert loads == sorted(loads) and loads[-1] > 2 * loads[1] > 0
    assert daily_load([], today, 0.9) == 0.0


def test_grade_comes_from_correctness_and_speed() -> None:
    assert grade_from_attempt(False, 5, 20) == Grade.AGAIN
    assert grade_from_attempt(True, 5, 20) == Grade.EASY
    assert grade_from_attempt(True, 20, 20) == Grade.GOOD
    assert grade_from_attempt(True, 45, 20) == Grade.HARD
    with pytest.raises(ValueError):
        grade_from_attempt(True, 5, 0)


def test_replay_predicts_recall_before_each_review_after_the_first() -> None:
    preds, state = FSRS.replay([(0, Grade.GOOD), (3, Grade.GOOD), (10, Grade.AGAIN)])
    assert preds[0] != preds[0]  # NaN: a new item has no prediction
    first = FSRS.first(Grade.GOOD)
    assert preds[1] == pytest.approx(retrievability(3, first.stability))
    second = FSRS.next(first, Grade.GOOD, 3)
    assert preds[2] == pytest.approx(retrievability(10, second.stability))
    assert state.stability < second.stability


def test_daily_queue_takes_due_items_most_forgotten_first_and_caps_them() -> None:
    today = date(2025, 3, 10)
    items = [
        ReviewItem("fresh", MemoryState(30.0, 5.0), today - timedelta(days=1)),
        ReviewItem("due", MemoryState(2.0, 5.0), today - timedelta(days=2)),
        ReviewItem("overdue", MemoryState(2.0, 5.0), today - timedelta(days=9)),
        ReviewItem("very-overdue", MemoryState(1.0, 5.0), today - timedelta(days=30)),
    ]
    queue = daily_queue(items, today, max_reviews=10)
    assert [e.item_id for e in queue] == ["very-overdue", "overdue", "due"]
    assert queue[0].overdue_days > queue[1].overdue_days >= queue[2].overdue_days
    assert [e.item_id for e in daily_queue(items, today, max_reviews=2)] == [
        "very-overdue", "overdue",
    ]
    assert due_date(items[0]) > today


def test_higher_target_retention_means_earlier_reviews() -> None:
    assert interval_days(10.0, 0.95) < interval_days(10.0, 0.9) < interval_days(10.0, 0.8)
