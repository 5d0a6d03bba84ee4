"""Coach reports: per group and course, each learner's completion, weekly study time, quiz
results per skill, outcome score, goal status and last sync; per course, where learners stop
and which questions they miss most. CSV export of the same tables.

Everything is computed from what the learners' apps synced to this store (learning events in
`sync_events`, goal records in `sync_record_fields`), with the same rules the app uses
(`scoring.outcome`, `scoring.mastery`, `scoring.planner`); nothing else about a learner is
read. Functions take a read session; one thread per session.
"""

from __future__ import annotations

import csv
import io
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from bundle.errors import BundleError
from bundle.model import Manifest
from bundle.parsing import load_manifest
from scoring import planner
from scoring.mastery import Attempt, MasteryModel
from scoring.outcome import outcome
from store.db.models import Course, CourseVersion, LearnerGroup, SyncEvent, SyncRecordField, User
from store.orgs import last_sync, learners
from store.problems import not_found
from sync.institutions import (
    CourseReport,
    GoalStatus,
    LearnerReport,
    MissedQuestion,
    SkillResult,
    StopPoint,
)
from sync.protocol import DELETED_FIELD

XAPI = "http://adlnet.gov/expapi/verbs/"
LAUNCHED, PROGRESSED, COMPLETED = XAPI + "launched", XAPI + "progressed", XAPI + "completed"
ANSWERED, ATTEMPTED = XAPI + "answered", XAPI + "attempted"
WEEKS = 8
MISSED_SHOWN = 10


def iso_week(moment: date) -> str:
    year, week, _ = moment.isocalendar()
    return f"{year}-W{week:02d}"


def report_weeks(today: date, count: int = WEEKS) -> list[str]:
    """The last `count` ISO weeks, oldest first, ending with the week of `today`."""
    return [iso_week(today - timedelta(weeks=k)) for k in range(count - 1, -1, -1)]


def course_manifest(session: Session, course_id: str) -> tuple[Course, Manifest]:
    course = session.get(Course, course_id)
    version = (
        session.get(CourseVersion, course.published_version_id)
        if course and course.published_version_id
        else None
    )
    if course is None or version is None:
        raise not_found("There is no published course with this id.")
    try:
        return course, load_manifest(version.manifest)
    except BundleError as exc:  # pragma: no cover - published manifests were validated
        raise not_found(f"The course's manifest cannot be read: {exc}") from exc


@dataclass
class _Learner:
    user: User
    events: list[dict[str, Any]] = field(default_factory=list)


def item_of(event: dict[str, Any]) -> str:
    obj = event.get("object") or {}
    context = event.get("context") or {}
    object_id = str(obj.get("id", ""))
    if obj.get("kind") == "question":
        return str(context.get("quiz_id") or object_id.split("/", 1)[0])
    return object_id


def moment_of(event: dict[str, Any]) -> datetime:
    return datetime.fromisoformat(str(event["timestamp"]).replace("Z", "+00:00"))


def course_events(
    session: Session, user_ids: Iterable[str], course_id: str
) -> dict[str, list[dict[str, Any]]]:
    """The synced learning events of these learners in one course, per learner, in the
    order the store received them (learners with none are absent)."""
    ids = list(user_ids)
    events: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if ids:
        for user_id, payload in session.execute(
            select(SyncEvent.user_id, SyncEvent.payload)
            .where(SyncEvent.user_id.in_(ids))
            .order_by(SyncEvent.id)
        ):
            if (payload.get("object") or {}).get("course_id") == course_id:
                events[user_id].append(payload)
    return events


def _goal(session: Session, user_id: str, course_id: str) -> dict[str, Any] | None:
    """The learner's newest live goal record for this course (fields by name)."""
    rows = session.execute(
        select(SyncRecordField.record_id, SyncRecordField.field, SyncRecordField.value,
               SyncRecordField.seq)
        .where(SyncRecordField.user_id == user_id, SyncRecordField.collection == "goals")
    ).all()
    goals: dict[str, dict[str, Any]] = defaultdict(dict)
    newest: dict[str, int] = defaultdict(int)
    for record_id, name, value, seq in rows:
        goals[record_id][name] = value
        newest[record_id] = max(newest[record_id], int(seq))
    live = [
        (newest[rid], g) for rid, g in goals.items()
        if g.get("course_id") == course_id and g.get(DELETED_FIELD) is not True
    ]
    return max(live, key=lambda pair: pair[0])[1] if live else None


def goal_status(
    goal: dict[str, Any] | None, manifest: Manifest, done: set[str],
    seconds: dict[str, float], today: date,
) -> tuple[GoalStatus, date | None]:
    """On track when what is left of the course fits in the study time the goal plans
    (hours per week) before its target date — the app's `planner.check_goal` rule."""
    if goal is None:
        return "no_goal", None
    try:
        target = date.fromisoformat(str(goal.get("target_date"))[:10])
    except ValueError:
        target = None
    status = goal.get("status", "active")
    if status == "achieved" or all(i.id in done for i in manifest.items()):
        return "done", target
    if status != "active" or target is None:
        return "no_goal", target
    items = tuple(
        planner.StudyItem(i.id, max(1, math.ceil(i.duration_min)), i.skills)
        for i in manifest.items()
    )
    done_minutes = {
        i.item_id: float(i.minutes) if i.item_id in done
        else min(float(i.minutes), seconds.get(i.item_id, 0.0) / 60.0)
        for i in items
    }
    hours = float(goal.get("hours_per_week") or 0.0)
    per_day = round(hours * 60 / 7)
    check = planner.check_goal(
        planner.Goal(str(goal.get("title", "")), items, target),
        planner.Availability((per_day,) * 7), today, done_minutes,
    )
    return ("on_track" if check.achievable else "behind"), target


def build_report(
    session: Session, group: LearnerGroup, course_id: str, *, now: datetime | None = None
) -> CourseReport:
    if group.course_ids and course_id not in group.course_ids:
        raise not_found("This group does not study this course.")
    course, manifest = course_manifest(session, course_id)
    now = now or datetime.now(UTC)
    weeks = report_weeks(now.date())
    order = [i.id for i in manifest.items()]
    titles = {i.id: i.title for i in manifest.items()}
    minutes_of = {i.id: i.duration_min for i in manifest.items()}
    skill_names = {s.id: s.name for s in manifest.skills}
    total_minutes = sum(minutes_of.values())

    members = {u.id: _Learner(u) for u in learners(session, group.id)}
    for user_id, payloads in course_events(session, members, course_id).items():
        members[user_id].events.extend(payloads)

    rows: list[LearnerReport] = []
    stops: dict[str, int] = defaultdict(int)
    question_stats: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # answered, missed
    for learner in members.values():
        events = sorted(learner.events, key=moment_of)
        done = {item_of(e) for e in events if e["verb"] == COMPLETED} & set(order)
        seconds: dict[str, float] = defaultdict(float)
        per_week: dict[str, float] = dict.fromkeys(weeks, 0.0)
        first_answer: dict[str, bool] = {}
        attempts: list[Attempt] = []
        first_skills: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for e in events:
            result = e.get("result") or {}
            if e["verb"] == PROGRESSED:
                secs = float(result.get("duration_s") or 0.0)
                seconds[item_of(e)] += secs
                week = iso_week(moment_of(e).date())
                if week in per_week:
                    per_week[week] += secs / 60.0
            elif e["verb"] == ANSWERED:
                qid = str((e.get("object") or {}).get("id", ""))
                correct = bool(result.get("success"))
                skills = [str(s) for s in (e.get("context") or {}).get("skills") or []]
                for skill in skills:
                    attempts.append(Attempt(learner.user.id, skill, qid, correct))
                if qid not in first_answer:
                    first_answer[qid] = correct
                    for skill in skills:
                        first_skills[skill][0] += 1
                        first_skills[skill][1] += int(correct)
        for qid, correct in first_answer.items():
            question_stats[qid][0] += 1
            question_stats[qid][1] += int(not correct)
        mastery = MasteryModel().assess(attempts, skills=list(skill_names))
        done_min = sum(minutes_of[i] for i in done)
        spent = sum(seconds.values()) / 60.0
        score = None
        if done or first_answer:
            score = outcome(
                progress=min(1.0, done_min / total_minutes) if total_minutes else 0.0,
                skill_p_correct={k: v.p_correct_next for k, v in mastery.items()},
                minutes_spent=spent,
                expected_minutes_done=done_min,
                answered=len(first_answer),
                answered_correct=sum(first_answer.values()),
            ).score
        status, target = goal_status(
            _goal(session, learner.user.id, course_id), manifest, done, seconds, now.date()
        )
        synced = last_sync(session, learner.user.id)
        rows.append(
            LearnerReport(
                user_id=learner.user.id,
                display_name=learner.user.display_name,
                email=learner.user.email,
                items_completed=len(done),
                items_total=len(order),
                completion=round(len(done) / len(order), 4) if order else 0.0,
                minutes_per_week={w: round(m, 1) for w, m in per_week.items()},
                total_minutes=round(spent, 1),
                skills=[
                    SkillResult(
                        skill_id=skill,
                        name=skill_names.get(skill, skill),
                        answered=first_skills[skill][0],
                        correct=first_skills[skill][1],
                        p_mastered=round(mastery[skill].p_mastered, 4),
                    )
                    for skill in sorted(mastery, key=lambda s: (s not in skill_names, s))
                ],
                outcome_score=round(score, 1) if score is not None else None,
                goal_status=status,
                goal_target=target,
                last_sync=synced,
            )
        )
        stop = _stop_point(events, done, order)
        if stop is not None:
            stops[stop] += 1
    rows.sort(key=lambda r: ((r.display_name or r.email).lower(), r.email))
    missed = sorted(
        (
            MissedQuestion(
                question_id=qid,
                quiz_title=titles.get(qid.split("/", 1)[0], qid.split("/", 1)[0]),
                answered=answered,
                missed=miss,
                miss_rate=round(miss / answered, 4),
            )
            for qid, (answered, miss) in question_stats.items()
            if miss
        ),
        key=lambda m: (-m.missed, -m.miss_rate, m.question_id),
    )[:MISSED_SHOWN]
    return CourseReport(
        group_id=group.id,
        group_name=group.name,
        course_id=course.id,
        course_title=manifest.title,
        generated_at=now,
        weeks=weeks,
        learners=rows,
        stop_points=sorted(
            (StopPoint(item_id=i, title=titles[i], learners=n) for i, n in stops.items()),
            key=lambda s: (-s.learners, order.index(s.item_id)),
        ),
        missed_questions=missed,
    )


def _stop_point(events: list[dict[str, Any]], done: set[str], order: list[str]) -> str | None:
    """The lesson a learner who has started but not finished is stuck at: the item of their
    latest activity if they did not complete it, else the next item not completed."""
    if not events or all(i in done for i in order):
        return None
    last = item_of(events[-1])
    if last in order and last not in done:
        return last
    start = order.index(last) + 1 if last in order else 0
    for item in order[start:] + order[:start]:
        if item not in done:
            return item
    return None  # pragma: no cover - some item is not done (checked above)


# --------------------------------------------------------------------------- CSV

CSV_TABLES = ("learners", "stops", "questions")


def report_csv(report: CourseReport, table: str = "learners") -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    if table == "stops":
        writer.writerow(["item_id", "lesson", "learners_stopped_here"])
        for s in report.stop_points:
            writer.writerow([s.item_id, s.title, s.learners])
        return out.getvalue()
    if table == "questions":
        writer.writerow(["question_id", "quiz", "answered", "missed", "miss_rate"])
        for q in report.missed_questions:
            writer.writerow([q.question_id, q.quiz_title, q.answered, q.missed, q.miss_rate])
        return out.getvalue()
    skills = sorted({(s.skill_id, s.name) for r in report.learners for s in r.skills})
    writer.writerow(
        ["name", "email", "completion_percent", "items_completed", "items_total",
         "total_minutes", *(f"minutes_{w}" for w in report.weeks), "outcome_score",
         "goal_status", "goal_target", "last_sync",
         *(f"skill_{sid}_correct_of_answered" for sid, _name in skills)]
    )
    for r in report.learners:
        by_skill = {s.skill_id: s for s in r.skills}
        writer.writerow(
            [r.display_name, r.email, round(r.completion * 100, 1), r.items_completed,
             r.items_total, r.total_minutes,
             *(r.minutes_per_week.get(w, 0.0) for w in report.weeks),
             "" if r.outcome_score is None else r.outcome_score, r.goal_status,
             r.goal_target.isoformat() if r.goal_target else "",
             r.last_sync.isoformat() if r.last_sync else "",
             *(
                 f"{by_skill[sid].correct}/{by_skill[sid].answered}" if sid in by_skill else ""
                 for sid, _name in skills
             )]
        )
    return out.getvalue()
