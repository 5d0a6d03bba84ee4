"""Learner ratings and reviews: one per learner and course (only a learner who owns the
course; a second PUT edits it), deleted by its author, hidden by an administrator. The
catalog's `rating_average` / `rating_count` are computed here from the visible reviews at
read time, so an edit, delete or hide shows at once; each of those also appends a catalog
change, so clients that pull `/v1/catalog/changes` refresh the course's figures.

Functions take the request's `Session`; writers commit. One thread per session.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.accounts import Auth
from store.catalog import record_change
from store.db.models import Course, Review, SyncRecordField, User
from store.db.types import utcnow
from store.orders import owns_course
from store.problems import forbidden, not_found
from sync.protocol import (
    DELETED_FIELD,
    CourseSummary,
    GoalRating,
    GoalRatings,
    MyReviews,
    ReviewIn,
    ReviewOut,
    ReviewPage,
)

S = TypeVar("S", bound=CourseSummary)


def _course(session: Session, course_id: str) -> Course:
    course = session.get(Course, course_id)
    if course is None or course.published_version_id is None:
        raise not_found(f"There is no published course '{course_id}'.")
    return course


def _out(review: Review, author: str) -> ReviewOut:
    return ReviewOut(
        id=review.id,
        course_id=review.course_id,
        rating=review.rating,
        text=review.text,
        author=author,
        created_at=review.created_at,
        updated_at=review.updated_at,
        hidden=review.hidden_at is not None,
    )


def _display_name(session: Session, user_id: str) -> str:
    name = session.scalar(select(User.display_name).where(User.id == user_id)) or ""
    return name or "A learner"


def ratings(session: Session, course_ids: Iterable[str]) -> dict[str, tuple[float, int]]:
    """{course id: (average rounded to 2 decimals, count)} of the visible reviews; courses
    without one are absent."""
    ids = list(dict.fromkeys(course_ids))
    if not ids:
        return {}
    rows = session.execute(
        select(Review.course_id, func.avg(Review.rating), func.count())
        .where(Review.course_id.in_(ids), Review.hidden_at.is_(None))
        .group_by(Review.course_id)
    ).all()
    return {cid: (round(float(avg), 2), int(n)) for cid, avg, n in rows if n}


def with_ratings(session: Session, summaries: list[S]) -> list[S]:
    """Copies of `summaries` carrying their courses' current rating figures."""
    figures = ratings(session, (s.id for s in summaries))
    out = []
    for s in summaries:
        avg, count = figures.get(s.id, (None, 0))
        out.append(s.model_copy(update={"rating_average": avg, "rating_count": count}))
    return out


def put_review(session: Session, auth: Auth, course_id: str, req: ReviewIn) -> ReviewOut:
    """Create or replace the caller's review; the caller must own the course (403)."""
    course = _course(session, course_id)
    if not owns_course(session, auth.user_id, course.id):
        raise forbidden("Only learners who own this course can rate it.", code="not-entitled")
    now = utcnow()
    review = session.scalar(
        select(Review).where(Review.user_id == auth.user_id, Review.course_id == course.id)
    )
    if review is None:
        review = Review(
            user_id=auth.user_id,
            course_id=course.id,
            rating=req.rating,
            text=req.text.strip(),
            created_at=now,
            updated_at=now,
        )
        session.add(review)
        try:
            session.flush()
        except IntegrityError:  # the same learner's other device raced in: edit that one
            session.rollback()
            return put_review(session, auth, course_id, req)
    else:
        review.rating = req.rating
        review.text = req.text.strip()
        review.updated_at = now
    record_change(session, course, "upsert")
    session.commit()
    return _out(review, _display_name(session, auth.user_id))


def my_review(session: Session, auth: Auth, course_id: str) -> ReviewOut:
    review = session.scalar(
        select(Review).where(Review.user_id == auth.user_id, Review.course_id == course_id)
    )
    if review is None:
        raise not_found("You have not reviewed this course.", code="no-review")
    return _out(review, _display_name(session, auth.user_id))


def my_reviews(session: Session, auth: Auth) -> MyReviews:
    """Every review the caller wrote (hidden ones too, flagged), so another of their
    devices shows the same stars."""
    rows = session.scalars(
        select(Review).where(Review.user_id == auth.user_id).order_by(Review.course_id)
    ).all()
    name = _display_name(session, auth.user_id)
    return MyReviews(items=[_out(r, name) for r in rows])


def delete_review(session: Session, auth: Auth, course_id: str) -> None:
    review = session.scalar(
        select(Review).where(Review.user_id == auth.user_id, Review.course_id == course_id)
    )
    if review is None:
        raise not_found("You have not reviewed this course.", code="no-review")
    course = session.get(Course, course_id)
    session.delete(review)
    if course is not None:
        record_change(session, course, "upsert")
    session.commit()


def hide_review(session: Session, auth: Auth, review_id: int) -> ReviewOut:
    """Hide a review from the list and the average (an administrator's decision)."""
    review = session.get(Review, review_id)
    if review is None:
        raise not_found("There is no such review.")
    if review.hidden_at is None:
        review.hidden_at = utcnow()
        review.hidden_by = auth.user_id
        course = session.get(Course, review.course_id)
        if course is not None:
            record_change(session, course, "upsert")
    session.commit()
    return _out(review, _display_name(session, review.user_id))


def list_reviews(session: Session, course_id: str, *, limit: int, offset: int) -> ReviewPage:
    """The visible reviews of a course, newest edit first (public)."""
    course = _course(session, course_id)
    visible = (Review.course_id == course.id, Review.hidden_at.is_(None))
    total = session.scalar(select(func.count()).select_from(Review).where(*visible)) or 0
    rows = session.execute(
        select(Review, User.display_name)
        .join(User, User.id == Review.user_id)
        .where(*visible)
        .order_by(Review.updated_at.desc(), Review.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    avg, count = ratings(session, [course.id]).get(course.id, (None, 0))
    return ReviewPage(
        items=[_out(r, name or "A learner") for r, name in rows],
        total=total,
        limit=limit,
        offset=offset,
        rating_average=avg,
        rating_count=count,
    )


def _live_goal_courses(session: Session) -> set[tuple[str, str]]:
    """(user id, course id) of every live goal (not deleted, not abandoned) in the synced
    goal records."""
    rows = session.execute(
        select(SyncRecordField.user_id, SyncRecordField.record_id, SyncRecordField.field,
               SyncRecordField.value)
        .where(SyncRecordField.collection == "goals",
               SyncRecordField.field.in_(("course_id", "status", DELETED_FIELD)))
    ).all()  # fmt: skip
    goals: dict[tuple[str, str], dict[str, object]] = defaultdict(dict)
    for user_id, record_id, name, value in rows:
        goals[(user_id, record_id)][name] = value
    return {
        (user_id, str(g["course_id"]))
        for (user_id, _rid), g in goals.items()
        if g.get("course_id") and g.get(DELETED_FIELD) is not True
        and g.get("status", "active") != "abandoned"
    }


def goal_ratings(session: Session, auth: Auth, min_learners: int) -> GoalRatings:
    """For each course the caller has a live goal on, how the *other* learners with a goal
    on that course rated other courses (visible reviews); a figure only when at least
    `min_learners` of them rated the course (no figure about fewer learners)."""
    live = _live_goal_courses(session)
    mine = sorted({c for u, c in live if u == auth.user_id})
    items: list[GoalRating] = []
    for goal_course in mine:
        peers = {u for u, c in live if c == goal_course and u != auth.user_id}
        if len(peers) < min_learners:
            continue
        for course_id, avg, n in session.execute(
            select(Review.course_id, func.avg(Review.rating), func.count())
            .where(Review.user_id.in_(peers), Review.hidden_at.is_(None),
                   Review.course_id != goal_course)
            .group_by(Review.course_id)
        ):  # fmt: skip
            if int(n) >= min_learners:
                items.append(GoalRating(goal_course_id=goal_course, course_id=course_id,
                                        average=round(float(avg), 2), count=int(n)))
    return GoalRatings(items=items, min_learners=min_learners)
