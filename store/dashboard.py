"""The instructor dashboard: for the caller's own published courses, money and enrolments per
month and, per course, the completion funnel per lesson, average study time, quiz item
analysis and ratings.

Money comes from the payout statements (`store.payouts.statement`, one per month), so a
month's net here is the statement's net to the cent. Enrolments are entitlements. Learner
figures come from what the learners' apps synced (`sync_events`), read with the coach
report's helpers (`store.coach`):

- funnel: per lesson in course order, the share of the learners who hold the course now
  (enrolled) with a `completed` event for it;
- average study time: the mean over active learners (enrolled learners who synced any
  activity in the course) of their `progressed` durations, in minutes;
- item analysis, first attempts only: share correct, and discrimination as the corrected
  point-biserial correlation (Pearson's r between the question's 0/1 score and the learner's
  share correct on the course's *other* questions), None when undefined;
- ratings: `store.reviews` (visible reviews only).

Privacy: no figure about fewer than `settings.dashboard_min_learners` learners. The funnel,
study time and item analysis are suppressed (`learners_suppressed`) below that many active
learners; a question below that many answerers is suppressed on its own; ratings and
reviews below that many reviews (`ratings_suppressed`). Money and enrolment counts are the
instructor's own figures and are never suppressed.

Reads only; one thread per session.
"""

from __future__ import annotations

import math
from collections import defaultdict
from datetime import UTC, datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store import payouts, reviews
from store.coach import (
    ANSWERED,
    COMPLETED,
    PROGRESSED,
    course_events,
    course_manifest,
    item_of,
    moment_of,
)
from store.context import StoreContext
from store.db.models import Course, Entitlement
from store.problems import not_found
from sync.protocol import (
    CourseDashboard,
    DashboardMonth,
    InstructorDashboard,
    LessonFunnelStep,
    MonthMoney,
    QuestionAnalysis,
)

MONTHS = 12
LATEST_REVIEWS = 5


def last_months(now: datetime, count: int = MONTHS) -> list[str]:
    """`count` months as YYYY-MM, oldest first, ending with the month of `now`."""
    index = now.year * 12 + now.month - 1
    return [f"{i // 12:04d}-{i % 12 + 1:02d}" for i in range(index - count + 1, index + 1)]


def dashboard(
    session: Session, ctx: StoreContext, author_id: str, course_id: str | None = None,
    *, now: datetime | None = None,
) -> InstructorDashboard:  # fmt: skip
    now = now or datetime.now(UTC)
    threshold = ctx.settings.dashboard_min_learners
    query = select(Course).where(Course.author_id == author_id)
    if course_id is not None:
        query = query.where(Course.id == course_id)
    own = list(session.scalars(query.order_by(Course.id)))
    if course_id is not None and not own:
        raise not_found(f"You have no course '{course_id}'.", code="no-course")
    ids = {c.id for c in own}
    months = [_month(session, ctx, author_id, m, ids) for m in last_months(now)]
    courses = [_course(session, c.id, threshold) for c in own if c.published_version_id is not None]
    return InstructorDashboard(
        instructor_id=author_id, generated_at=now, min_learners=threshold,
        months=months, courses=courses,
    )  # fmt: skip


def _month(
    session: Session, ctx: StoreContext, author_id: str, month: str, ids: set[str]
) -> DashboardMonth:
    doc = payouts.statement(session, ctx, author_id, month)
    sums: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for line in doc["lines"]:
        if line["course_id"] not in ids:
            continue
        acc = sums[line["currency"]]
        for key in ("sales_count", "sales", "refund_count", "refunds", "net", "payout"):
            acc[key] += int(line[key])
    start, end = payouts.month_range(month)
    enrolments = 0
    if ids:
        enrolments = session.scalar(
            select(func.count()).select_from(Entitlement).where(
                Entitlement.course_id.in_(list(ids)),
                Entitlement.granted_at >= start,
                Entitlement.granted_at < end,
            )
        ) or 0
    return DashboardMonth(
        month=month,
        enrolments=enrolments,
        money=[
            MonthMoney(
                currency=currency,
                sales_count=v["sales_count"],
                gross=v["sales"],
                refund_count=v["refund_count"],
                refunds=v["refunds"],
                net=v["net"],
                payout=v["payout"],
            )
            for currency, v in sorted(sums.items())
        ],
    )


def _course(session: Session, course_id: str, threshold: int) -> CourseDashboard:
    _course_row, manifest = course_manifest(session, course_id)
    order = [i.id for i in manifest.items()]
    titles = {i.id: i.title for i in manifest.items()}
    enrolled = set(
        session.scalars(
            select(Entitlement.user_id).where(
                Entitlement.course_id == course_id, Entitlement.revoked_at.is_(None)
            )
        )
    )
    events = course_events(session, enrolled, course_id)
    active = len(events)
    suppressed = active < threshold

    funnel: list[LessonFunnelStep] = []
    minutes: float | None = None
    questions: list[QuestionAnalysis] = []
    if not suppressed:
        done: dict[str, int] = defaultdict(int)
        spent: list[float] = []
        firsts: dict[str, dict[str, bool]] = {}
        for user_id, evs in events.items():
            evs.sort(key=moment_of)
            for item in {item_of(e) for e in evs if e["verb"] == COMPLETED} & set(order):
                done[item] += 1
            spent.append(
                sum(float((e.get("result") or {}).get("duration_s") or 0.0)
                    for e in evs if e["verb"] == PROGRESSED) / 60.0
            )  # fmt: skip
            first: dict[str, bool] = {}
            for e in evs:
                if e["verb"] != ANSWERED or item_of(e) not in titles:
                    continue
                qid = str((e.get("object") or {}).get("id", ""))
                first.setdefault(qid, bool((e.get("result") or {}).get("success")))
            firsts[user_id] = first
        funnel = [
            LessonFunnelStep(
                item_id=i,
                title=titles[i],
                completed=done[i],
                share=round(done[i] / len(enrolled), 4),
            )
            for i in order
        ]
        minutes = round(sum(spent) / len(spent), 1)
        questions = _item_analysis(firsts, titles, threshold)

    avg, count = reviews.ratings(session, [course_id]).get(course_id, (None, 0))
    ratings_suppressed = count < threshold
    latest = (
        [] if ratings_suppressed
        else reviews.list_reviews(session, course_id, limit=LATEST_REVIEWS, offset=0).items
    )  # fmt: skip
    return CourseDashboard(
        course_id=course_id,
        title=manifest.title,
        enrolments=len(enrolled),
        learners_suppressed=suppressed,
        active_learners=None if suppressed else active,
        funnel=funnel,
        average_study_minutes=minutes,
        questions=questions,
        ratings_suppressed=ratings_suppressed,
        rating_average=None if ratings_suppressed else avg,
        rating_count=None if ratings_suppressed else count,
        latest_reviews=latest,
    )


def _item_analysis(
    firsts: dict[str, dict[str, bool]], titles: dict[str, str], threshold: int
) -> list[QuestionAnalysis]:
    qids = sorted({q for first in firsts.values() for q in first})
    out = []
    for qid in qids:
        quiz = qid.split("/", 1)[0]
        answered = [first for first in firsts.values() if qid in first]
        if len(answered) < threshold:
            out.append(QuestionAnalysis(question_id=qid, quiz_title=titles.get(quiz, quiz),
                                        suppressed=True))  # fmt: skip
            continue
        correct = sum(first[qid] for first in answered)
        pairs = [
            (float(first[qid]), sum(v for q, v in first.items() if q != qid) / (len(first) - 1))
            for first in answered
            if len(first) > 1
        ]
        out.append(
            QuestionAnalysis(
                question_id=qid,
                quiz_title=titles.get(quiz, quiz),
                suppressed=False,
                learners=len(answered),
                share_correct=round(correct / len(answered), 4),
                discrimination=_pearson(pairs),
            )
        )
    return out


def _pearson(pairs: list[tuple[float, float]]) -> float | None:
    """Pearson's r of the pairs (the point-biserial when x is 0/1); None when undefined."""
    n = len(pairs)
    if n < 2:
        return None
    mx = sum(x for x, _ in pairs) / n
    my = sum(y for _, y in pairs) / n
    sxy = sum((x - mx) * (y - my) for x, y in pairs)
    sxx = sum((x - mx) ** 2 for x, _ in pairs)
    syy = sum((y - my) ** 2 for _, y in pairs)
    if sxx <= 0 or syy <= 0:
        return None
    return round(sxy / math.sqrt(sxx * syy), 4)
