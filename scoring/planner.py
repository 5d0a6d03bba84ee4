"""SMART study goals -> dated study plans, and re-planning when the learner is behind or ahead.

A `Goal` is Specific (a named course or set of items, in outline order), Measurable (items and
minutes), Relevant (the skills it builds), Time-bound (a due date); `check_goal` says whether
it is Achievable with the learner's weekly `Availability` and, if not, by how much.

Scheduling rule (`make_plan`):

- Study time is spread evenly: by the end of each day the plan has scheduled at least the
  share ``ρ = min(1, needed * (1 + BUFFER) / capacity)`` of the minutes available so far,
  and more when needed so that what is left always fits in the days that remain before the
  due date (a feasible goal therefore always finishes by the due date). Items keep their
  outline order and are split across days when they do not fit; a session is rounded up to
  at least `MIN_CHUNK` minutes (running ahead of pace) rather than leaving a tiny fragment.
- Reviews fill the time left on a day (never more than the day's minutes): each item with
  questions is reviewed `REVIEW_MINUTES` at spaced offsets after it is finished, using the
  FSRS-5 intervals of a learner answering "good" (`scoring.reviews`).
- An infeasible goal is planned at full capacity past the due date, so the plan shows the
  projected finish date.

`replan(plan, progress, today)` compares minutes done with minutes planned before `today`,
then plans the remainder from `today`. Pure; thread-safe.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from scoring.reviews import Fsrs, Grade, interval_days

BUFFER = 0.10  # aim to finish ~10 % early, leaving room for reviews and slips
MIN_CHUNK = 15  # minutes; shorter study fragments are rounded up when the day has room
REVIEW_MINUTES = 5
ON_TRACK_TOLERANCE = 15  # minutes of difference still counted as on track
HORIZON_DAYS = 3 * 366  # how far past the due date an infeasible plan is projected


@dataclass(frozen=True)
class StudyItem:
    item_id: str
    minutes: int
    skills: tuple[str, ...] = ()
    reviewable: bool = False

    def __post_init__(self) -> None:
        if self.minutes < 0:
            raise ValueError("minutes must be >= 0")


@dataclass(frozen=True)
class Goal:
    title: str
    items: tuple[StudyItem, ...]
    due: date
    skills: tuple[str, ...] = ()

    @property
    def minutes(self) -> int:
        return sum(i.minutes for i in self.items)

    @property
    def relevant_skills(self) -> tuple[str, ...]:
        if self.skills:
            return self.skills
        return tuple(dict.fromkeys(s for i in self.items for s in i.skills))


@dataclass(frozen=True)
class Availability:
    """Minutes available on each weekday, Monday first."""

    minutes_by_weekday: tuple[int, int, int, int, int, int, int]

    def __post_init__(self) -> None:
        if len(self.minutes_by_weekday) != 7 or min(self.minutes_by_weekday) < 0:
            raise ValueError("give seven non-negative minute counts, Monday first")

    def minutes_on(self, day: date) -> int:
        return self.minutes_by_weekday[day.weekday()]

    def between(self, first: date, last: date) -> int:
        """Minutes available from `first` to `last`, both included."""
        days = (last - first).days + 1
        if days <= 0:
            return 0
        weeks, rest = divmod(days, 7)
        total = weeks * sum(self.minutes_by_weekday)
        for k in range(rest):
            total += self.minutes_on(first + timedelta(days=weeks * 7 + k))
        return total


@dataclass(frozen=True)
class GoalCheck:
    specific: bool  # names something to study
    measurable_items: int
    measurable_minutes: int  # still to study
    relevant_skills: tuple[str, ...]
    time_bound: bool  # due date not in the past
    achievable: bool
    minutes_available: int  # study minutes available from start to the due date
    shortfall_minutes: int  # 0 when achievable
    extra_minutes_per_study_day: int  # to close the shortfall with the current study days
    projected_finish: date | None  # None if it cannot finish within the horizon


class EntryKind(StrEnum):
    STUDY = "study"
    REVIEW = "review"


@dataclass(frozen=True)
class PlanEntry:
    item_id: str
    minutes: int
    kind: EntryKind
    completes_item: bool = False


@dataclass(frozen=True)
class PlanDay:
    day: date
    available: int
    entries: tuple[PlanEntry, ...]

    @property
    def minutes(self) -> int:
        return sum(e.minutes for e in self.entries)

    @property
    def study_minutes(self) -> int:
        return sum(e.minutes for e in self.entries if e.kind == EntryKind.STUDY)


@dataclass(frozen=True)
class Plan:
    goal: Goal
    availability: Availability
    start: date
    days: tuple[PlanDay, ...]
    check: GoalCheck
    done_at_start: Mapping[str, float] = field(default_factory=dict)

    @property
    def finish(self) -> date | None:
        last = [d.day for d in self.days if any(e.completes_item for e in d.entries)]
        return max(last) if last else (self.start if self.check.measurable_minutes == 0 else None)

    def study_minutes_before(self, day: date) -> int:
        return sum(d.study_minutes for d in self.days if d.day < day)


def _remaining(goal: Goal, done: Mapping[str, float]) -> list[tuple[StudyItem, int]]:
    out = []
    for item in goal.items:
        left = item.minutes - math.floor(min(done.get(item.item_id, 0.0), item.minutes))
        if left > 0:
            out.append((item, left))
    return out


def _review_offsets(until_days: int) -> list[int]:
    """Days after finishing an item at which a 'good' learner would review it (FSRS-5)."""
    fsrs = Fsrs()
    state = fsrs.first(Grade.GOOD)
    offsets: list[int] = []
    day = 0
    while True:
        gap = max(1, round(interval_days(state.stability)))
        day += gap
        if day > until_days or len(offsets) >= 6:
            return offsets
        offsets.append(day)
        state = fsrs.next(state, Grade.GOOD, gap)


def check_goal(
    goal: Goal, availability: Availability, start: date, done: Mapping[str, float] | None = None
) -> GoalCheck:
    remaining = _remaining(goal, done or {})
    needed = sum(m for _, m in remaining)
    available = availability.between(start, goal.due)
    shortfall = max(0, needed - available)
    study_days = sum(
        1 for k in range((goal.due - start).days + 1)
        if availability.minutes_on(start + timedelta(days=k)) > 0
    )
    extra = math.ceil(shortfall / study_days) if shortfall and study_days else 0
    finish = _projected_finish(availability, start, needed)
    return GoalCheck(
        specific=bool(goal.title.strip()) and bool(goal.items),
        measurable_items=len(remaining),
        measurable_minutes=needed,
        relevant_skills=goal.relevant_skills,
        time_bound=goal.due >= start,
        achievable=shortfall == 0 and goal.due >= start,
        minutes_available=available,
        shortfall_minutes=shortfall,
        extra_minutes_per_study_day=extra,
        projected_finish=finish,
    )


def _projected_finish(availability: Availability, start: date, needed: int) -> date | None:
    if needed <= 0:
        return start
    if sum(availability.minutes_by_weekday) == 0:
        return None
    total, day = 0, start
    for _ in range(HORIZON_DAYS + 400):
        total += availability.minutes_on(day)
        if total >= needed:
            return day
        day += timedelta(days=1)
    return None


def make_plan(
    goal: Goal,
    availability: Availability,
    start: date,
    *,
    done: Mapping[str, float] | None = None,
) -> Plan:
    """Dated plan from `start` (see the module docstring for the rule)."""
    done = dict(done or {})
    check = check_goal(goal, availability, start, done)
    queue = _remaining(goal, done)
    needed = sum(m for _, m in queue)
    last_day = goal.due
    if not check.achievable:
        last_day = check.projected_finish or goal.due + timedelta(days=HORIZON_DAYS)
    last_day = max(last_day, start)
    capacity = availability.between(start, last_day)
    share = min(1.0, needed * (1 + BUFFER) / capacity) if capacity else 1.0
    offsets = _review_offsets((max(goal.due, last_day) - start).days)
    reviews_by_day: dict[date, list[str]] = {}
    days: list[PlanDay] = []
    day, left_total, qi = start, needed, 0
    cum_capacity = 0
    item_left = [m for _, m in queue]
    end = max(goal.due, last_day)
    while day <= end:
        cap = availability.minutes_on(day)
        quota = 0
        if day <= last_day:
            cum_capacity += cap
            later = availability.between(day + timedelta(days=1), last_day)
            on_pace = math.ceil(share * cum_capacity - (needed - left_total) - 1e-9)
            quota = min(cap, max(on_pace, left_total - later, 0))
        entries: list[PlanEntry] = []
        used = 0
        while qi < len(queue) and used < quota:
            item, _ = queue[qi]
            take = min(quota - used, item_left[qi])
            if take < item_left[qi] and take < MIN_CHUNK:
                take = min(item_left[qi], MIN_CHUNK, cap - used)  # no tiny fragments: run ahead
            item_left[qi] -= take
            left_total -= take
            used += take
            finished = item_left[qi] == 0
            entries.append(PlanEntry(item.item_id, take, EntryKind.STUDY, finished))
            if finished:
                if item.reviewable:
                    for off in offsets:
                        when = day + timedelta(days=off)
                        if when <= end:
                            reviews_by_day.setdefault(when, []).append(item.item_id)
                qi += 1
        pending = reviews_by_day.pop(day, [])
        for n, item_id in enumerate(pending):
            if used + REVIEW_MINUTES > cap:
                nxt = day + timedelta(days=1)
                if nxt <= end:
                    reviews_by_day.setdefault(nxt, []).extend(pending[n:])
                break
            entries.append(PlanEntry(item_id, REVIEW_MINUTES, EntryKind.REVIEW))
            used += REVIEW_MINUTES
        if entries:
            days.append(PlanDay(day, cap, tuple(entries)))
        if left_total == 0 and not reviews_by_day:
            break
        day += timedelta(days=1)
    return Plan(goal, availability, start, tuple(days), check, done)


class PlanStatus(StrEnum):
    ON_TRACK = "on_track"
    AHEAD = "ahead"
    BEHIND = "behind"
    NOT_ACHIEVABLE = "not_achievable"
    DONE = "done"


@dataclass(frozen=True)
class Replan:
    plan: Plan
    status: PlanStatus
    minutes_behind: int  # negative when ahead of the old plan
    shortfall_minutes: int  # study minutes that no longer fit before the due date
    days_late: int  # projected finish minus due date, 0 when achievable


def replan(plan: Plan, progress: Mapping[str, float], today: date) -> Replan:
    """Re-plan the remainder from `today` given minutes done per item (cumulative)."""
    before = plan.done_at_start
    done_since = sum(
        min(progress.get(i.item_id, 0.0), i.minutes) - min(before.get(i.item_id, 0.0), i.minutes)
        for i in plan.goal.items
    )
    planned = plan.study_minutes_before(today)
    behind = round(planned - done_since)
    new = make_plan(plan.goal, plan.availability, today, done=progress)
    check = new.check
    late = 0
    if not check.achievable and check.projected_finish is not None:
        late = max(0, (check.projected_finish - plan.goal.due).days)
    if check.measurable_minutes == 0:
        status = PlanStatus.DONE
    elif not check.achievable:
        status = PlanStatus.NOT_ACHIEVABLE
    elif behind > ON_TRACK_TOLERANCE:
        status = PlanStatus.BEHIND
    elif behind < -ON_TRACK_TOLERANCE:
        status = PlanStatus.AHEAD
    else:
        status = PlanStatus.ON_TRACK
    return Replan(new, status, behind, check.shortfall_minutes, late)


def plan_items(plan: Plan) -> Sequence[str]:
    """Item ids in the order the plan finishes them."""
    return [e.item_id for d in plan.days for e in d.entries if e.completes_item]
