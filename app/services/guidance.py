"""Guidance: what Home and Progress show, computed locally by the `scoring` models.

* `home()` — the next lesson in each course (`scoring.next_lesson`: weak skills first, then
  outline order, with the reason), reviews due today (`scoring.reviews`), today's plan and
  the goal's status, and course recommendations with their reason (`scoring.recommender`;
  its collaborative part runs on the store's anonymised co-enrolment counts, kept at each
  sync by `SyncService.coenrolment`, so it works offline too).
* `progress()` — study minutes per day, completions, per-skill mastery
  (`scoring.mastery`: BKT + IRT), time spent, and the outcome score (`scoring.outcome`).

Everything is derived from the local event log, so it works offline.

Threading: blocking (database, numpy); call from a worker.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import select

from app.db import Database
from app.db.models import Course, Goal
from app.services import derive
from app.services.account import AccountService
from app.services.goals import today
from app.services.views import (
    HomeSummary,
    NextLesson,
    ProgressSummary,
    Recommendation,
    SkillMastery,
)
from scoring import next_lesson as nl
from scoring.collaborative import CoEnrolment
from scoring.mastery import Attempt, MasteryModel
from scoring.outcome import outcome
from scoring.recommender import Course as RecCourse
from scoring.recommender import Reason as RecReason
from scoring.recommender import ReasonKind, RecommenderIndex, recommend

if TYPE_CHECKING:
    from app.services.catalog import CatalogService
    from app.services.goals import GoalsService
    from app.services.library import LibraryService
    from app.services.progress import ProgressService
    from app.services.quiz import QuizService

log = logging.getLogger(__name__)


def co_enrolment_of(ids: tuple[str, ...], counts: Mapping[str, Any]) -> CoEnrolment | None:
    """The store's co-enrolment counts (`sync.protocol.Coenrolment`, as a dict) on the
    catalog's course order, for `RecommenderIndex.build`; courses or pairs the catalog does
    not list are dropped. None when the store gave no course count."""
    position = {cid: i for i, cid in enumerate(ids)}
    enrolments = np.zeros(len(ids), np.float64)
    for c in counts.get("courses", []) or []:
        i = position.get(str(c.get("course_id")))
        if i is not None and float(c.get("count", 0)) > 0:
            enrolments[i] = float(c["count"])
    if not enrolments.any():
        return None
    rows, cols, values = [], [], []
    for p in counts.get("pairs", []) or []:
        a, b = position.get(str(p.get("a"))), position.get(str(p.get("b")))
        n = float(p.get("count", 0))
        if a is None or b is None or a == b or n <= 0 or not (enrolments[a] and enrolments[b]):
            continue
        rows += [a, b]
        cols += [b, a]
        values += [n, n]
    return CoEnrolment(len(ids), np.array(rows, np.int64), np.array(cols, np.int64),
                       np.array(values, np.float64), enrolments)


def _reason_text(reason: RecReason, titles: dict[str, str]) -> str:
    """A reason as "kind|ref" for the UI (a course id becomes its title; "rated highly"
    carries "average|count")."""
    if reason.kind == ReasonKind.RATED_HIGHLY:
        return f"{reason.kind}|{reason.value:.1f}|{reason.count}"
    if reason.kind == ReasonKind.RATED_HIGHLY_BY_YOUR_GOAL:
        goal = titles.get(reason.ref, reason.ref) if reason.ref else ""
        return f"{reason.kind}|{reason.value:.1f}|{reason.count}|{goal}"
    ref = titles.get(reason.ref, reason.ref) if reason.ref else ""
    return f"{reason.kind}|{ref}"


class GuidanceService:
    def __init__(self, db: Database, account: AccountService, library: LibraryService,
                 progress: ProgressService, quiz: QuizService, goals: GoalsService,
                 catalog: CatalogService, settings: Mapping[str, Any]) -> None:
        self.db = db
        self.account = account
        self.library = library
        self.progress = progress
        self.quiz = quiz
        self.goals = goals
        self.catalog = catalog
        self.settings = dict(settings)
        self.model = MasteryModel()
        # by course ids and the store's co-enrolment counts
        self._index: tuple[tuple[str, ...], dict[str, Any], RecommenderIndex] | None = None
        self._rated: tuple[tuple[Any, ...], RecommenderIndex] | None = None  # + the ratings

    def _uid(self) -> str | None:
        p = self.account.current_user
        return p.user_id if p else None

    # -- mastery ----------------------------------------------------------------------------
    def mastery(self, course_id: str | None = None) -> dict[str, Any]:
        """{skill id: scoring SkillMastery} from first tries at each question."""
        with self.db.read() as s:
            facts = derive.answers(s, self._uid(), course_id)
        attempts = [Attempt("me", skill, f"{f.quiz_id}/{f.question_id}", f.correct)
                    for f in facts if f.attempt == 1 for skill in f.skills]
        return self.model.assess(attempts)

    # -- home -------------------------------------------------------------------------------
    def home(self) -> HomeSummary:
        profile = self.account.current_user
        lessons: list[NextLesson] = []
        for entry in self.library.entries():
            manifest = self.library.manifest(entry.course_id)
            if manifest is None:
                continue
            done = self.progress.completed(entry.course_id)
            mastery = {k: v.p_mastered for k, v in self.mastery(entry.course_id).items()}
            outline = [nl.OutlineItem(i.id, i.skills, (), i.duration_min)
                       for i in manifest.items()]
            pick = nl.next_lesson(outline, done, mastery)
            if pick is None:
                continue
            item = manifest.item(pick.item_id)
            lessons.append(NextLesson(entry.course_id, entry.title, item.id, item.title,
                                      item.kind, item.duration_min))
        limit = int(self.settings.get("daily_review_limit", 50))
        queue = self.quiz.review_queue(limit)
        plan_today, status = [], ""
        for g in self.goals.goals():
            if g.status != "active":
                continue
            plan_today += [e for e in g.plan if e.day == today() and not e.done]
            if not status:
                status = ("on_track" if g.on_track else f"behind:{g.behind_minutes}") + \
                    f"|{g.title}"
        week = sum(m for _d, m in self._daily(7))
        return HomeSummary(self.account.signed_in, profile.display_name or profile.email,
                           tuple(lessons),
                           queue.due, tuple(plan_today), status,
                           tuple(self.recommendations()), week, queue.locked)

    def _daily(self, days: int) -> list[tuple[Any, float]]:
        with self.db.read() as s:
            return derive.daily_minutes(s, self._uid(), days)

    # -- recommendations ------------------------------------------------------------------
    def recommendations(self, k: int = 4) -> list[Recommendation]:
        with self.db.read() as s:
            rows = s.execute(select(
                Course.id, Course.title, Course.description, Course.tags, Course.topic,
                Course.rating_average, Course.rating_count,
            ).where(Course.catalog_version.is_not(None)).order_by(Course.id)).all()
            done = derive.completed_items(s, self._uid())
        if not rows:
            return []
        by_goal = self._goal_ratings()
        courses = [RecCourse(r[0], r[1], r[2] or "",
                             tuple(str(t) for t in (r[3] or [])) + ((r[4],) if r[4] else ()),
                             rating_average=r[5], rating_count=int(r[6] or 0),
                             goal_rating=by_goal.get(r[0]))
                   for r in rows]
        ids = tuple(r[0] for r in rows)
        counts = self.catalog.sync.coenrolment()
        if self._index is None or self._index[:2] != (ids, counts):
            # a new catalog or new co-enrolment counts: fit the text and collaborative parts
            self._index = (ids, counts,
                           RecommenderIndex.build(courses, co_enrolment_of(ids, counts)))
            self._rated = None
        ratings = tuple((c.rating_average, c.rating_count, c.goal_rating) for c in courses)
        if self._rated is None or self._rated[0] != ratings:  # new ratings: no refit
            self._rated = (ratings, self._index[2].with_ratings(courses))
        index = self._rated[1]
        owned = self.library.owned_ids()
        finished = set()
        for cid in owned:
            manifest = self.library.manifest(cid)
            if manifest is not None:
                all_items = {i.id for i in manifest.items()}
                if all_items and all_items <= done.get(cid, set()):
                    finished.add(cid)
        interests = [str(i) for i in self.settings.get("interests", []) or []]
        titles = {r[0]: r[1] for r in rows}
        recs = recommend(index, owned=owned - finished, finished=finished,
                         interests=interests, k=k)
        out = []
        for r in recs:
            texts = tuple(_reason_text(reason, titles) for reason in r.reasons) or ("explore|",)
            out.append(Recommendation(r.course_id, titles.get(r.course_id, r.course_id),
                                      texts[0], r.score, reasons=texts))
        return out

    def _goal_ratings(self) -> dict[str, tuple[str, float, int]]:
        """{course: (goal course, average, count)} from learners who share one of this
        learner's active goals (the store's last answer, kept at sync); the largest group."""
        with self.db.read() as s:
            active = set(s.scalars(select(Goal.course_id).where(
                Goal.status == "active", Goal.deleted.is_(False), Goal.course_id.is_not(None))))
        best: dict[str, tuple[str, float, int]] = {}
        for item in self.catalog.sync.goal_ratings():
            goal, course = str(item.get("goal_course_id")), str(item.get("course_id"))
            if goal not in active:
                continue  # a goal abandoned since the last sync
            entry = (goal, float(item.get("average", 0.0)), int(item.get("count", 0)))
            if course not in best or entry[2] > best[course][2]:
                best[course] = entry
        return best

    # -- progress ---------------------------------------------------------------------------
    def progress_summary(self, days: int = 14) -> ProgressSummary:
        uid = self._uid()
        with self.db.read() as s:
            minutes = derive.daily_minutes(s, uid, days)
            completions = derive.daily_completions(s, uid, days)
            facts = derive.answers(s, uid)
            total_min = derive.total_minutes(s, uid)
            done = derive.completed_items(s, uid)
        skill_names: dict[str, tuple[str, str]] = {}
        per_course = []
        outcomes = []
        entries = self.library.entries()
        for entry in entries:
            manifest = self.library.manifest(entry.course_id)
            if manifest is None:
                continue
            for sk in manifest.skills:
                skill_names[sk.id] = (sk.name, entry.course_id)
            course_done = done.get(entry.course_id, set())
            total = sum(i.duration_min for i in manifest.items())
            done_min = sum(i.duration_min for i in manifest.items() if i.id in course_done)
            with self.db.read() as s:
                spent = derive.total_minutes(s, uid, entry.course_id)
            course_facts = [f for f in facts if f.course_id == entry.course_id and f.attempt == 1]
            m = self.mastery(entry.course_id)
            progress = done_min / total if total else 0.0
            per_course.append((entry.course_id, entry.title, round(progress * 100, 1)))
            if course_done or course_facts:
                o = outcome(progress=min(1.0, progress),
                            skill_p_correct={k: v.p_correct_next for k, v in m.items()},
                            minutes_spent=spent, expected_minutes_done=done_min,
                            answered=len(course_facts),
                            answered_correct=sum(1 for f in course_facts if f.correct))
                outcomes.append((o, total))
        mastery = self.mastery()
        skills = tuple(sorted(
            (SkillMastery(k, skill_names.get(k, (k, ""))[0], skill_names.get(k, ("", ""))[1],
                          v.p_mastered, v.attempts) for k, v in mastery.items()),
            key=lambda x: (x.course_id, x.name)))
        first = [f for f in facts if f.attempt == 1]
        accuracy = sum(f.correct for f in first) / len(first) if first else None
        score, explanation = None, ""
        if outcomes:
            weight = sum(w for _o, w in outcomes) or 1.0
            score = sum(o.score * w for o, w in outcomes) / weight
            best = max(outcomes, key=lambda ow: ow[1])[0]
            c = best.components
            explanation = (f"progress={c.progress:.2f};accuracy={c.accuracy:.2f};"
                           f"engagement={c.engagement:.2f}")
        return ProgressSummary(
            daily_minutes=tuple(minutes), daily_completions=tuple(completions), skills=skills,
            outcome_score=score, outcome_explanation=explanation, total_minutes=total_min,
            lessons_done=sum(len(v) for v in done.values()), quizzes_taken=len(
                {(f.course_id, f.quiz_id, f.at.date()) for f in first}),
            accuracy=accuracy, per_course=tuple(per_course),
        )
