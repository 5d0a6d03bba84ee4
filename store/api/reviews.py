"""Learner feedback: a learner's own review (`PUT`/`GET`/`DELETE /v1/courses/{id}/review`),
the public list of a course's visible reviews, and an administrator hiding a review."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query, Response

from store import reviews
from store.api.deps import Admin, Ctx, CurrentAuth, Db
from sync.protocol import (
    COURSE_ID_PATTERN,
    GoalRatings,
    MyReviews,
    ReviewIn,
    ReviewOut,
    ReviewPage,
)

router = APIRouter(tags=["reviews"])

CourseIdPath = Annotated[str, Path(pattern=COURSE_ID_PATTERN)]


@router.put("/courses/{course_id}/review")
def put_review(course_id: CourseIdPath, req: ReviewIn, auth: CurrentAuth, session: Db) -> ReviewOut:
    """Rate (1-5) and review a course the caller owns; putting again edits the review."""
    return reviews.put_review(session, auth, course_id, req)


@router.get("/courses/{course_id}/review")
def get_review(course_id: CourseIdPath, auth: CurrentAuth, session: Db) -> ReviewOut:
    """The caller's own review of the course (404 when there is none)."""
    return reviews.my_review(session, auth, course_id)


@router.get("/me/reviews")
def get_my_reviews(auth: CurrentAuth, session: Db) -> MyReviews:
    """All of the caller's own reviews (for their other devices)."""
    return reviews.my_reviews(session, auth)


@router.get("/me/goal-ratings")
def get_goal_ratings(auth: CurrentAuth, session: Db, ctx: Ctx) -> GoalRatings:
    """How learners who share the caller's goals rated courses (the recommender's "rated 4.6
    by learners with your goal"); nothing about fewer than the privacy threshold."""
    return reviews.goal_ratings(session, auth, ctx.settings.dashboard_min_learners)


@router.delete("/courses/{course_id}/review", status_code=204)
def delete_review(course_id: CourseIdPath, auth: CurrentAuth, session: Db) -> Response:
    reviews.delete_review(session, auth, course_id)
    return Response(status_code=204)


@router.get("/catalog/courses/{course_id}/reviews")
def list_reviews(
    course_id: CourseIdPath,
    session: Db,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> ReviewPage:
    """The course's visible reviews, most recently edited first, with the average."""
    return reviews.list_reviews(session, course_id, limit=limit, offset=offset)


@router.post("/admin/reviews/{review_id}/hide")
def hide_review(
    review_id: Annotated[int, Path(ge=1, le=2**62)], auth: Admin, session: Db
) -> ReviewOut:
    """Hide a review: it leaves the public list and the course's average."""
    return reviews.hide_review(session, auth, review_id)
