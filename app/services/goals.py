"""Goals and plans: a SMART goal (what, by when, hours a week) → a dated study plan.

The plan comes from `scoring.planner.make_plan` over the course's outline (lesson minutes
from the manifest, what is already done from the event log) and is stored as plan items
(mutable records, synced). Status (on track / ahead / behind / not achievable / done) comes
from `scoring.planner.replan` against the stored plan; "Re-plan" replaces the plan from
today on. Feedback text (strengths, weak skills, what next) comes from `scoring.feedback`,
in the interface language.

Availability: the goal's hours per week spread evenly over the seven days of the week.

Threading: blocking database work; call from a worker.
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.db import Database
from app.db.events import touch_record
from app.db.models import Course, Goal, PlanItem
from app.errors import USER_ERRORS, UserError
from app.eventbus import EventBus
from app.services import derive
from app.services.account import AccountService
from app.services.events import DataChanged
from app.services.views import GoalView, PlanEntry
from scoring import planner

if TYPE_CHECKING:
    from app.services.library import LibraryService
    from app.services.progress import ProgressService
    from app.services.sync_service import SyncService

REVIEW_PREFIX = "review:"


def today() -> date:
    return datetime.now().astimezone().date()


def availability(hours_per_week: float) -> planner.Availability:
    per_day = round(hours_per_week * 60 / 7)
    return planner.Availability((per_day,) * 7)


class GoalsService:
    def __init__(self, db: Database, bus: EventBus, account: AccountService, sync: SyncService,
                 library: LibraryService, progress: ProgressService,
                 settings: Mapping[str, Any]) -> None:
        self.db = db
        self.bus = bus
        self.account = account
        self.sync = sync
        self.library = library
        self.progress = progress
        self.settings = dict(settings)

    # -- the planner's view of a course ---------------------------------------------------
    def _planner_goal(self, title: str, course_id: str, due: date) -> planner.Goal:
        manifest = self.library.manifest(course_id)
        if manifest is None:
            raise UserError("Download the course first: the plan is made from its lessons.")
        items = tuple(
            planner.StudyItem(i.id, max(1, math.ceil(i.duration_min)), i.skills,
                              reviewable=i.kind == "quiz")
            for i in manifest.items()
        )
        return planner.Goal(title, items, due)

    def _done_minutes(self, course_id: str, goal: planner.Goal) -> dict[str, float]:
        user = self.account.current_user
        uid = user.user_id if user else None
        with self.db.read() as s:
            done = derive.completed_items(s, uid, [course_id]).get(course_id, set())
            secs = derive.seconds_by_item(s, uid, course_id)
        out = {}
        for item in goal.items:
            if item.item_id in done:
                out[item.item_id] = float(item.minutes)
            elif secs.get(item.item_id):
                out[item.item_id] = min(float(item.minutes), secs[item.item_id] / 60.0)
        return out

    # -- create / change --------------------------------------------------------------------
    def create_goal(self, title: str, course_id: str, target_date: date,
                    hours_per_week: float) -> GoalView:
        title = title.strip()
        if not title:
            raise UserError("Give your goal a name, for example “Finish Python Foundations”.")
        if target_date <= today():
            raise UserError("Pick a target date after today.")
        if not 0.5 <= hours_per_week <= 80:
            raise UserError("Choose between 0.5 and 80 hours a week.")
        goal = self._planner_goal(title, course_id, target_date)
        plan = planner.make_plan(goal, availability(hours_per_week), today(),
                                 done=self._done_minutes(course_id, goal))
        clock = self.sync.clock()

        def run(s: Any) -> str:
            row = Goal()
            touch_record(s, row, {"title": title, "course_id": course_id,
                                  "target_date": target_date, "hours_per_week": hours_per_week,
                                  "status": "active"}, clock.now())
            s.flush()
            self._store_plan(s, row.id, course_id, plan, clock)
            return str(row.id)

        goal_id = self.db.write_sync(run)
        self.bus.emit(DataChanged("goals"))
        return self.goal(goal_id)

    @staticmethod
    def _store_plan(s: Any, goal_id: str, course_id: str, plan: planner.Plan, clock: Any) -> None:
        for d in plan.days:
            for e in d.entries:
                key = e.item_id if e.kind == planner.EntryKind.STUDY else REVIEW_PREFIX + e.item_id
                touch_record(s, PlanItem(), {"goal_id": goal_id, "course_id": course_id,
                                             "item_key": key, "scheduled_on": d.day,
                                             "minutes": e.minutes, "done": False}, clock.now())

    def replan(self, goal_id: str) -> GoalView:
        """Replace the plan from today on with a fresh one that fits what is left."""
        view = self.goal(goal_id)
        if view.course_id is None or view.target_date is None:
            raise UserError("This goal has no course or date to plan for.")
        goal = self._planner_goal(view.title, view.course_id, view.target_date)
        plan = planner.make_plan(goal, availability(view.hours_per_week), today(),
                                 done=self._done_minutes(view.course_id, goal))
        clock = self.sync.clock()
        course_id = view.course_id

        def run(s: Any) -> None:
            for item in s.scalars(select(PlanItem).where(
                    PlanItem.goal_id == goal_id, PlanItem.deleted.is_(False),
                    PlanItem.scheduled_on >= today())):
                touch_record(s, item, {"deleted": True}, clock.now())
            self._store_plan(s, goal_id, course_id, plan, clock)

        self.db.write_sync(run)
        self.bus.emit(DataChanged("goals"))
        return self.goal(goal_id)

    def set_status(self, goal_id: str, status: str) -> None:
        clock = self.sync.clock()

        def run(s: Any) -> None:
            row = s.get(Goal, goal_id)
            if row is None:
                raise UserError("That goal no longer exists.")
            touch_record(s, row, {"status": status}, clock.now())

        self.db.write_sync(run)
        self.bus.emit(DataChanged("goals"))

    def set_plan_done(self, plan_item_id: str, done: bool) -> None:
        """Tick (or untick) one session of a plan by hand; a session whose lesson is
        completed stays ticked (the learning record says so)."""
        clock = self.sync.clock()

        def run(s: Any) -> None:
            row = s.get(PlanItem, plan_item_id)
            if row is None or row.deleted:
                raise UserError("That study session is no longer in the plan.")
            if bool(row.done) != done:
                touch_record(s, row, {"done": done}, clock.now())

        self.db.write_sync(run)
        self.bus.emit(DataChanged("goals"))

    def delete_goal(self, goal_id: str) -> None:
        clock = self.sync.clock()

        def run(s: Any) -> None:
            row = s.get(Goal, goal_id)
            if row is not None:
                touch_record(s, row, {"deleted": True}, clock.now())
            for item in s.scalars(select(PlanItem).where(PlanItem.goal_id == goal_id,
                                                         PlanItem.deleted.is_(False))):
                touch_record(s, item, {"deleted": True}, clock.now())

        self.db.write_sync(run)
        self.bus.emit(DataChanged("goals"))

    # -- reading ----------------------------------------------------------------------------
    def goals(self) -> list[GoalView]:
        with self.db.read() as s:
            ids = [g for (g,) in s.execute(select(Goal.id).where(Goal.deleted.is_(False))
                                           .order_by(Goal.created_at.desc()))]
        return [self.goal(i) for i in ids]

    def goal(self, goal_id: str) -> GoalView:
        with self.db.read() as s:
            g = s.get(Goal, goal_id)
            if g is None or g.deleted:
                raise UserError("That goal no longer exists.")
            items = s.scalars(select(PlanItem).where(
                PlanItem.goal_id == goal_id, PlanItem.deleted.is_(False)
            ).order_by(PlanItem.scheduled_on, PlanItem.created_at)).all()
            course = s.get(Course, g.course_id) if g.course_id else None
            course_title = course.title if course else (g.course_id or "")
            created = g.created_at
            snapshot = (g.id, g.title, g.course_id, g.target_date, g.hours_per_week, g.status)
            rows = [(p.id, p.scheduled_on, p.minutes, p.course_id, p.item_key, p.done)
                    for p in items]
        gid, title, course_id, target, hours, status = snapshot
        titles = self._titles(course_id)
        done_items = self.progress.completed(course_id) if course_id else set()
        entries = tuple(
            PlanEntry(pid, gid, day, minutes, cid, key,
                      self._entry_title(key, titles), bool(done or self._entry_done(key,
                                                                                   done_items)))
            for pid, day, minutes, cid, key, done in rows
        )
        on_track, behind, feedback = True, 0, ""
        if course_id and target and status == "active":
            with contextlib.suppress(*USER_ERRORS):  # course removed: no status, plan still shown
                on_track, behind, feedback = self._status(title, course_id, target, hours,
                                                          entries, created.date())
        return GoalView(gid, title, course_id, course_title, target, hours, status, entries,
                        on_track, behind, feedback)

    def _titles(self, course_id: str | None) -> dict[str, str]:
        if not course_id:
            return {}
        manifest = self.library.manifest(course_id)
        return {i.id: i.title for i in manifest.items()} if manifest else {}

    @staticmethod
    def _entry_title(key: str | None, titles: Mapping[str, str]) -> str:
        if not key:
            return ""
        if key.startswith(REVIEW_PREFIX):
            base = key[len(REVIEW_PREFIX):]
            return "↻ " + titles.get(base, base)
        return titles.get(key, key)

    @staticmethod
    def _entry_done(key: str | None, done: set[str]) -> bool:
        return bool(key) and not str(key).startswith(REVIEW_PREFIX) and key in done

    def _status(self, title: str, course_id: str, target: date, hours: float,
                entries: tuple[PlanEntry, ...], start: date) -> tuple[bool, int, str]:
        goal = self._planner_goal(title, course_id, target)
        avail = availability(hours)
        by_day: dict[date, list[planner.PlanEntry]] = {}
        for e in entries:
            if not e.item_key:
                continue
            review = e.item_key.startswith(REVIEW_PREFIX)
            item = e.item_key[len(REVIEW_PREFIX):] if review else e.item_key
            kind = planner.EntryKind.REVIEW if review else planner.EntryKind.STUDY
            by_day.setdefault(e.day, []).append(planner.PlanEntry(item, e.minutes, kind))
        start = min([start, *by_day]) if by_day else start
        days = tuple(planner.PlanDay(d, avail.minutes_on(d), tuple(v))
                     for d, v in sorted(by_day.items()))
        plan = planner.Plan(goal, avail, start, days, planner.check_goal(goal, avail, start))
        result = planner.replan(plan, self._done_minutes(course_id, goal), today())
        on_track = result.status in (planner.PlanStatus.ON_TRACK, planner.PlanStatus.AHEAD,
                                     planner.PlanStatus.DONE)
        from scoring.feedback import feedback

        lang = "zh-CN" if self.settings.get("language") == "zh_CN" else "en"
        text = feedback({}, language=lang, goal_title=title, replan=result,
                        titles=self._titles(course_id)).text
        relevant = [t for t in text if t]
        return on_track, max(0, result.minutes_behind), "\n".join(relevant[-2:])
