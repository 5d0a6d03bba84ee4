"""`sync.ports.ReviewsPort` on the local database: the learner's own ratings, edited
offline and sent by the next sync (one row per course, with a revision per local edit)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db.models import MyReview
from app.db.sync_ports.base import DatabaseAdapter
from sync.ports import LocalReview, ReviewState
from sync.protocol import ReviewOut


def local_review(row: MyReview) -> LocalReview:
    return LocalReview(
        course_id=row.course_id, rating=row.rating, text=row.text,
        state=cast(ReviewState, row.state), revision=row.revision,
        last_error=row.last_error, hidden=row.hidden,
    )


class ReviewsAdapter(DatabaseAdapter):
    """The reviews port (threading: see `app.db.sync_ports.base`)."""

    def pending_reviews(self) -> list[LocalReview]:
        with self.db.read() as session:
            rows = session.scalars(
                select(MyReview).where(MyReview.state == "pending").order_by(MyReview.updated_at)
            ).all()
            return [local_review(r) for r in rows]

    def review_sent(self, course_id: str, revision: int, hidden: bool = False) -> None:
        def run(session: Session) -> None:
            row = session.get(MyReview, course_id)
            if row is None or row.revision != revision:
                return  # edited again meanwhile: that edit is still pending
            if row.rating is None:
                session.delete(row)
            else:
                row.state, row.last_error, row.hidden = "synced", None, hidden

        self._write(run)

    def review_refused(self, course_id: str, revision: int, error: str) -> None:
        def run(session: Session) -> None:
            row = session.get(MyReview, course_id)
            if row is not None and row.revision == revision:
                row.state, row.last_error = "refused", error

        self._write(run)

    def apply_remote_reviews(self, reviews: Sequence[ReviewOut]) -> int:
        def run(session: Session) -> int:
            remote = {r.course_id: r for r in reviews}
            changed = 0
            rows = {r.course_id: r for r in session.scalars(select(MyReview)).all()}
            for course_id, row in rows.items():
                if row.state == "pending":
                    continue  # a local edit wins until it is sent
                theirs = remote.get(course_id)
                if theirs is None:
                    if row.state == "synced":  # deleted on another device
                        session.delete(row)
                        changed += 1
                elif (row.rating, row.text, row.hidden, row.state) != (
                    theirs.rating, theirs.text, theirs.hidden, "synced"
                ):
                    row.rating, row.text, row.hidden = theirs.rating, theirs.text, theirs.hidden
                    row.state, row.last_error = "synced", None
                    changed += 1
            for course_id, theirs in remote.items():
                if course_id not in rows:
                    session.add(MyReview(
                        course_id=course_id, rating=theirs.rating, text=theirs.text,
                        hidden=theirs.hidden, state="synced", revision=1,
                    ))
                    changed += 1
            return changed

        return self._write(run)
