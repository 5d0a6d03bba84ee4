"""SMART goal planning: capacity respected, due dates met when feasible, re-planning."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.planner import (
    Availability,
    EntryKind,
    Goal,
    Plan,
    PlanStatus,
    StudyItem,
    check_goal,
    make_plan,
    plan_items,
    replan,
)

START = date(2025, 3, 3)  # a Monday
WEEKDAYS_60 = Availability((60, 60, 60, 60, 60, 0, 0))


def _goal(minutes: list[int], due_in: int, reviewable: bool = True) -> Goal:
    items = tuple(
        StudyItem(f"i{k}", m, (f"skill{k % 3}",), reviewable) for k, m in enumerate(minutes)
    )
    return Goal("Python basics", items, START + timedelta(days=due_in))


def _assert_respects_capacity(plan: Plan) -> None:
    for day in plan.days:
        assert day.minutes <= plan.availability.minutes_on(day.day)
        assert day.day >= plan.start


def _study_by_item(plan: Plan) -> dict[str, int]:
    out: dict[str, int] = defaultdict(int)
    for day in plan.days:
        for e in day.entries:
            if e.kind == EntryKind.STUDY:
                out[e.item_id] += e.minutes
    return out


goals = st.tuples(
    st.lists(st.integers(1, 200), min_size=1, max_size=8),
    st.integers(0, 45),
    st.tuples(*[st.integers(0, 150)] * 7),
    st.booleans(),
)


@given(goals)
@settings(max_examples=120, deadline=None)
def test_plan_never_overbooks_a_day_and_finishes_by_the_due_date_when_feasible(g: tuple) -> None:  # type: ignore[type-arg]
    minutes, due_in, week, reviewable = g
    goal, avail = _goal(minutes, due_in, reviewable), Availability(week)
    plan = make_plan(goal, avail, START)
    _assert_respects_capacity(plan)
    check = plan.check
    assert check.achievable == (sum(minutes) <= avail.between(START, goal.due))
    if sum(week) == 0:
        return
    if check.projected_finish is None:
        # Too little time to finish within the planner's horizon (3 years past the due date):
        # the plan shows what fits, in outline order, and the goal is reported not achievable.
        assert not check.achievable
        studied = _study_by_item(plan)
        assert sum(studied.values()) < sum(minutes)
        assert list(studied) == [f"i{k}" for k in range(len(studied))]
        return
    assert _study_by_item(plan) == {f"i{k}": m for k, m in enumerate(minutes)}
    assert list(plan_items(plan)) == [f"i{k}" for k in range(len(minutes))]  # outline order
    if check.achievable:
        assert plan.finish is not None and plan.finish <= goal.due
        assert check.shortfall_minutes == 0
    else:
        assert check.shortfall_minutes == sum(minutes) - check.minutes_available > 0
        assert plan.finish == check.projected_finish


@given(goals, st.integers(1, 30), st.floats(0.0, 1.0))
@settings(max_examples=120, deadline=None)
def test_replan_after_falling_behind_still_covers_every_remaining_item(
    g: tuple, days_later: int, done_share: float  # type: ignore[type-arg]
) -> None:
    minutes, due_in, week, reviewable = g
    goal, avail = _goal(minutes, due_in, reviewable), Availability(week)
    plan = make_plan(goal, avail, START)
    today = START + timedelta(days=days_later)
    # the learner did only part of what was planned before today
    planned = _study_by_item(
        make_plan(goal, avail, START).__class__(
            plan.goal, plan.availability, plan.start,
            tuple(d for d in plan.days if d.day < today), plan.check,
        )
    )
    progress = {item: m * done_share for item, m in planned.items()}
    result = replan(plan, progress, today)
    new = result.plan
    _assert_respects_capacity(new)
    assert new.start == today
    if sum(week) == 0:
        return
    remaining = {
        i.item_id: i.minutes - int(min(progress.get(i.item_id, 0.0), i.minutes))
        for i in goal.items
    }
    assert _study_by_item(new) == {k: v for k, v in remaining.items() if v > 0}
    if result.status == PlanStatus.NOT_ACHIEVABLE:
        assert result.shortfall_minutes > 0 or today > goal.due
    elif result.status != PlanStatus.DONE:
        assert new.finish is not None and new.finish <= goal.due


def test_reviews_are_scheduled_after_study_within_free_time() -> None:
    goal = _goal([30, 30, 30], due_in=27)
    plan = make_plan(goal, WEEKDAYS_60, START)
    reviews = [(d.day, e.item_id) for d in plan.days for e in d.entries
               if e.kind == EntryKind.REVIEW]
    finished = {e.item_id: d.day for d in plan.days for e in d.entries if e.completes_item}
    assert reviews, "items with questions get spaced reviews"
    assert all(day > finished[item] for day, item in reviews)
    assert len({day for day, item in reviews if item == "i0"}) >= 2  # spaced, not one-off


def test_study_is_spread_rather_than_crammed() -> None:
    goal = _goal([60] * 5, due_in=27)  # 300 minutes over four weeks of 60-minute weekdays
    plan = make_plan(goal, WEEKDAYS_60, START)
    study_days = [d for d in plan.days if d.study_minutes]
    assert len(study_days) > 5
    assert max(d.study_minutes for d in study_days) < 60


def test_unachievable_goal_says_by_how_much() -> None:
    goal = _goal([120] * 10, due_in=6)  # 1200 minutes, 300 available Mon-Fri
    check = check_goal(goal, WEEKDAYS_60, START)
    assert not check.achievable
    assert check.minutes_available == 300
    assert check.shortfall_minutes == 900
    assert check.extra_minutes_per_study_day == 180
    assert check.projected_finish == START + timedelta(days=25)  # Friday of week 4


def test_replan_reports_behind_ahead_and_no_longer_achievable() -> None:
    goal = _goal([60] * 10, due_in=20)
    plan = make_plan(goal, WEEKDAYS_60, START)
    wednesday = START + timedelta(days=2)
    assert replan(plan, {}, wednesday).status == PlanStatus.BEHIND
    ahead = {f"i{k}": 60.0 for k in range(4)}
    assert replan(plan, ahead, wednesday).status == PlanStatus.AHEAD
    late = replan(plan, {}, START + timedelta(days=14))
    assert late.status == PlanStatus.NOT_ACHIEVABLE
    assert late.shortfall_minutes == 600 - 5 * 60
    assert late.days_late > 0
    everything = {f"i{k}": 60.0 for k in range(10)}
    assert replan(plan, everything, wednesday).status == PlanStatus.DONE


def test_smart_check_flags_missing_parts() -> None:
    empty = Goal(" ", (), START - timedelta(days=1))
    check = check_goal(empty, WEEKDAYS_60, START)
    assert not check.specific and not check.time_bound and not check.achievable
    assert check_goal(_goal([30], 7), WEEKDAYS_60, START).relevant_skills == ("skill0",)
