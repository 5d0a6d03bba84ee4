"""The learner's own rating (1-5 stars) and review of a course they own: written or
deleted offline, sent by the next sync (`sync.reviews`), the same on their other devices.

A review the store refused (the course is no longer theirs, say) keeps the learner's text
and shows the store's reason; saving it again retries.

Threading: blocking database work; call from a worker.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from app.db import Database
from app.db.models import MyReview
from app.errors import UserError
from app.eventbus import EventBus
from app.services.events import DataChanged
from app.services.library import LibraryService

MAX_REVIEW = 5000  # characters; the store's limit (sync.protocol.ReviewIn)


@dataclass(frozen=True)
class ReviewView:
    course_id: str
    rating: int
    text: str
    state: str  # "pending" (waiting to sync), "synced", "refused"
    error: str | None = None
    hidden: bool = False  # an administrator hid it from the public list


class ReviewsService:
    def __init__(self, db: Database, bus: EventBus, library: LibraryService) -> None:
        self.db = db
        self.bus = bus
        self.library = library

    def mine(self, course_id: str) -> ReviewView | None:
        """The learner's review of the course, None when there is none (or it was deleted
        here and the deletion is waiting to sync)."""
        with self.db.read() as s:
            row = s.get(MyReview, course_id)
            if row is None or row.rating is None:
                return None
            return ReviewView(row.course_id, row.rating, row.text, row.state,
                              row.last_error, row.hidden)

    def save(self, course_id: str, rating: int, text: str = "") -> ReviewView:
        if not isinstance(rating, int) or not 1 <= rating <= 5:
            raise UserError("Choose between 1 and 5 stars.")
        text = text.strip()
        if len(text) > MAX_REVIEW:
            raise UserError(f"A review can be at most {MAX_REVIEW} characters long "
                            f"(this one has {len(text)}).")
        if course_id not in self.library.owned_ids():
            raise UserError("Only a course you own can be rated.")

        def run(s: Session) -> ReviewView:
            row = s.get(MyReview, course_id)
            if row is None:
                row = MyReview(course_id=course_id, revision=1)
                s.add(row)
            else:
                row.revision += 1
            row.rating, row.text, row.state, row.last_error = rating, text, "pending", None
            return ReviewView(course_id, rating, text, "pending")

        view = self.db.write_sync(run)
        self.bus.emit(DataChanged("reviews", course_id))
        return view

    def delete(self, course_id: str) -> None:
        """Delete the learner's review (here at once, on the store at the next sync)."""

        def run(s: Session) -> None:
            row = s.get(MyReview, course_id)
            if row is None or row.rating is None:
                raise UserError("You have not rated this course.")
            if row.state == "refused" and row.revision == 1:
                s.delete(row)  # never reached the store
                return
            row.revision += 1
            row.rating, row.state, row.last_error = None, "pending", None

        self.db.write_sync(run)
        self.bus.emit(DataChanged("reviews", course_id))

    def pending_count(self) -> int:
        with self.db.read() as s:
            return s.query(MyReview).filter(MyReview.state == "pending").count()
