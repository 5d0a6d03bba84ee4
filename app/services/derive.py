"""Facts derived from the append-only learning-event log (the single source of truth).

Progress, completion, time spent and quiz attempts are computed from `learning_events`, so
events pulled from the learner's other devices count exactly like local ones (a union, no
conflicts). Plain functions over a read session; the caller picks the thread (a worker).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import LearningEvent
from app.services import verbs


def _actor(query: Any, actor_id: str | None) -> Any:
    return query.where(LearningEvent.actor_id == actor_id) if actor_id else query


def completed_items(
    session: Session, actor_id: str | None, course_ids: Collection[str] | None = None
) -> dict[str, set[str]]:
    """{course id: {item ids completed}}: completed and not reopened since ("Mark as not
    done" appends a reopened event; the later of the two wins)."""
    q = select(LearningEvent.course_id, LearningEvent.object_id, LearningEvent.verb).where(
        LearningEvent.verb.in_([verbs.COMPLETED, verbs.REOPENED])
    )
    q = _actor(q, actor_id)
    if course_ids is not None:
        q = q.where(LearningEvent.course_id.in_(list(course_ids)))
    q = q.order_by(LearningEvent.timestamp, LearningEvent.id)
    out: dict[str, set[str]] = defaultdict(set)
    for course_id, item_id, verb in session.execute(q):
        if not course_id:
            continue
        if verb == verbs.COMPLETED:
            out[course_id].add(item_id)
        else:
            out[course_id].discard(item_id)
    return out


def seconds_by_item(session: Session, actor_id: str | None, course_id: str) -> dict[str, float]:
    q = select(LearningEvent.object_id, LearningEvent.result).where(
        LearningEvent.verb == verbs.PROGRESSED, LearningEvent.course_id == course_id
    )
    out: dict[str, float] = defaultdict(float)
    for item_id, result in session.execute(_actor(q, actor_id)):
        out[item_id] += float((result or {}).get("duration_s", 0) or 0)
    return out


@dataclass(frozen=True)
class AnswerFact:
    course_id: str
    quiz_id: str
    question_id: str
    correct: bool
    seconds: float
    skills: tuple[str, ...]
    difficulty: float
    at: datetime
    attempt: int


def answers(
    session: Session, actor_id: str | None, course_id: str | None = None
) -> list[AnswerFact]:
    """Every answered question, oldest first."""
    q = select(LearningEvent).where(LearningEvent.verb == verbs.ANSWERED)
    if course_id is not None:
        q = q.where(LearningEvent.course_id == course_id)
    q = _actor(q, actor_id).order_by(LearningEvent.timestamp, LearningEvent.id)
    out = []
    for ev in session.scalars(q):
        ctx = ev.context or {}
        res = ev.result or {}
        out.append(AnswerFact(
            course_id=ev.course_id or "",
            quiz_id=str(ctx.get("quiz_id", "")),
            question_id=str(ctx.get("question_id", ev.object_id)),
            correct=bool(res.get("success", False)),
            seconds=float(res.get("duration_s", 0) or 0),
            skills=tuple(str(s) for s in ctx.get("skills", []) or []),
            difficulty=float(ctx.get("difficulty", 0.5) or 0.5),
            at=ev.timestamp,
            attempt=int(ctx.get("attempt", 1) or 1),
        ))
    return out


def daily_minutes(
    session: Session, actor_id: str | None, days: int = 14, today: date | None = None
) -> list[tuple[date, float]]:
    """Study minutes per local day for the last ``days`` days (oldest first)."""
    today = today or datetime.now().astimezone().date()
    start = today - timedelta(days=days - 1)
    since = datetime.combine(start, datetime.min.time()).astimezone().astimezone(UTC)
    q = select(LearningEvent.timestamp, LearningEvent.result).where(
        LearningEvent.verb == verbs.PROGRESSED, LearningEvent.timestamp >= since
    )
    totals: dict[date, float] = defaultdict(float)
    for ts, result in session.execute(_actor(q, actor_id)):
        day = ts.astimezone().date()
        totals[day] += float((result or {}).get("duration_s", 0) or 0) / 60.0
    return [(start + timedelta(days=i), round(totals[start + timedelta(days=i)], 2))
            for i in range(days)]


def daily_completions(
    session: Session, actor_id: str | None, days: int = 14, today: date | None = None
) -> list[tuple[date, int]]:
    today = today or datetime.now().astimezone().date()
    start = today - timedelta(days=days - 1)
    since = datetime.combine(start, datetime.min.time()).astimezone().astimezone(UTC)
    q = select(LearningEvent.timestamp).where(
        LearningEvent.verb == verbs.COMPLETED, LearningEvent.timestamp >= since
    )
    counts: dict[date, int] = defaultdict(int)
    for (ts,) in session.execute(_actor(q, actor_id)):
        counts[ts.astimezone().date()] += 1
    return [(start + timedelta(days=i), counts[start + timedelta(days=i)]) for i in range(days)]


def total_minutes(session: Session, actor_id: str | None, course_id: str | None = None) -> float:
    q = select(LearningEvent.result).where(LearningEvent.verb == verbs.PROGRESSED)
    if course_id is not None:
        q = q.where(LearningEvent.course_id == course_id)
    return sum(float((r or {}).get("duration_s", 0) or 0)
               for (r,) in session.execute(_actor(q, actor_id))) / 60.0
