"""Quizzes: answers recorded as learning events, scores, completion, and the review queue.

Each checked answer becomes an ``answered`` event (result: success, the response, seconds;
context: quiz, question, attempt number, skills, difficulty); finishing a quiz run records
``attempted`` with the first-try score and completes the quiz item when the score reaches
its ``score.min``. Reviews are scheduled per question with the FSRS memory model
(`scoring.reviews`), replayed from the answers, so they follow the learner across devices.
`review_queue` is the one answer to "what is due and can be studied now": Home's count and
the review session both come from it; reviews of a locked course (lease expired, not
downloaded) are set apart with the reason.

Threading: blocking database work; call from a worker.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from app.db import Database
from app.db.events import record_event
from app.errors import AuthError, UserError, is_user_error
from app.eventbus import EventBus
from app.services import derive, verbs
from app.services.account import AccountService
from app.services.events import DataChanged
from app.services.views import LockedReviews, ReviewItem
from bundle.model import Item, Question, Quiz
from scoring.reviews import Fsrs, Grade, MemoryState, daily_queue, grade_from_attempt
from scoring.reviews import ReviewItem as FsrsItem

if TYPE_CHECKING:
    from app.services.library import LibraryService
    from app.services.progress import ProgressService

EXPECTED_SECONDS = 45.0


@dataclass(frozen=True)
class ReviewQueue:
    """Today's reviews: the questions that can be studied now, and those waiting in
    locked courses."""

    questions: tuple[tuple[str, Quiz, Question], ...] = ()
    locked: tuple[LockedReviews, ...] = ()

    @property
    def due(self) -> int:
        return len(self.questions)


@dataclass(frozen=True)
class QuizRef:
    course_id: str
    course_title: str
    item: Item


class QuizService:
    def __init__(self, db: Database, bus: EventBus, account: AccountService,
                 library: LibraryService, progress: ProgressService) -> None:
        self.db = db
        self.bus = bus
        self.account = account
        self.library = library
        self.progress = progress
        self.fsrs = Fsrs()

    def _actor(self) -> tuple[str, str]:
        actor = self.account.actor
        if actor is None:
            raise AuthError("Sign in first: Satchel keeps your answers under your account.")
        return actor

    # -- what can be taken ------------------------------------------------------------------
    def available_quizzes(self) -> list[QuizRef]:
        out = []
        for entry in self.library.entries():
            if entry.state not in ("available", "update_available"):
                continue
            manifest = self.library.manifest(entry.course_id)
            if manifest is None:
                continue
            out += [QuizRef(entry.course_id, entry.title, i) for i in manifest.items()
                    if i.kind == "quiz"]
        return out

    def load(self, course_id: str, quiz_id: str) -> Quiz:
        return self.library.course(course_id).quiz(quiz_id)

    # -- recording --------------------------------------------------------------------------
    def record_answer(self, course_id: str, quiz_id: str, question: Question, response: Any,
                      correct: bool, attempt: int, seconds: float) -> None:
        user, device = self._actor()
        if isinstance(response, tuple | set):
            response = sorted(response)

        def run(s: Session) -> None:
            record_event(
                s, actor_id=user, device_id=device, verb=verbs.ANSWERED,
                object_type=verbs.OBJECT_QUESTION, object_id=f"{quiz_id}/{question.id}",
                course_id=course_id,
                result={"success": bool(correct), "response": response,
                        "duration_s": round(max(0.0, seconds), 1)},
                context={"quiz_id": quiz_id, "question_id": question.id, "attempt": attempt,
                         "skills": list(question.skills), "difficulty": question.difficulty},
            )

        self.db.write_sync(run)
        self.bus.emit(DataChanged("progress", course_id))

    def record_result(self, course_id: str, item: Item, correct: int, total: int) -> bool:
        """A finished run: records the score; completes the quiz when it passes. Returns
        whether the quiz passed."""
        user, device = self._actor()
        score = correct / total if total else 0.0
        minimum = item.completion.min_score or 0.0
        passed = score >= minimum

        def run(s: Session) -> None:
            record_event(s, actor_id=user, device_id=device, verb=verbs.ATTEMPTED,
                         object_type=verbs.OBJECT_QUIZ, object_id=item.id, course_id=course_id,
                         result={"score": round(score, 4), "success": passed})

        self.db.write_sync(run)
        if passed:
            self.progress.complete(course_id, item, {"score": round(score, 4), "success": True})
        self.bus.emit(DataChanged("progress", course_id))
        return passed

    # -- reviews ----------------------------------------------------------------------------
    def review_states(self) -> dict[tuple[str, str, str], tuple[MemoryState, date]]:
        """FSRS memory state and last review day of every answered question."""
        user = self.account.current_user
        with self.db.read() as s:
            facts = derive.answers(s, user.user_id if user else None)
        by_q: dict[tuple[str, str, str], list[derive.AnswerFact]] = defaultdict(list)
        for f in facts:
            by_q[(f.course_id, f.quiz_id, f.question_id)].append(f)
        out = {}
        for key, seq in by_q.items():
            reviews: list[tuple[float, Grade]] = []
            prev: datetime | None = None
            for f in seq:
                if f.attempt > 1:
                    continue  # retries right after feedback are not memory evidence
                grade = grade_from_attempt(f.correct, f.seconds, EXPECTED_SECONDS)
                elapsed = (f.at - prev).total_seconds() / 86400 if prev else 0.0
                reviews.append((elapsed, grade))
                prev = f.at
            if not reviews or prev is None:
                continue
            _preds, state = self.fsrs.replay(reviews)
            out[key] = (state, prev.astimezone().date())
        return out

    def reviews_due(self, limit: int = 50, today: date | None = None) -> list[ReviewItem]:
        today = today or datetime.now().astimezone().date()
        states = self.review_states()
        items = [FsrsItem("\x1f".join(k), st, last) for k, (st, last) in states.items()]
        queue = daily_queue(items, today, max_reviews=limit)
        out = []
        for entry in queue:
            course_id, quiz_id, question_id = entry.item_id.split("\x1f")
            due = datetime.combine(entry.due, datetime.min.time(), tzinfo=UTC)
            out.append(ReviewItem(course_id, quiz_id, question_id, due))
        return out

    def review_queue(self, limit: int = 50, today: date | None = None) -> ReviewQueue:
        """Today's reviews split into what can be studied now (at most ``limit``) and what
        waits in a locked course. Questions of a removed course or quiz are dropped."""
        titles = {e.course_id: e.title for e in self.library.entries()}
        blocked: dict[str, str] = {}  # course id: reason
        counts: dict[str, int] = defaultdict(int)
        open_: set[str] = set()
        questions: list[tuple[str, Quiz, Question]] = []
        for r in self.reviews_due(limit=10_000, today=today):
            cid = r.course_id
            if cid not in open_ and cid not in blocked:
                reason = self._locked_reason(cid)
                if reason:
                    blocked[cid] = reason
                else:
                    open_.add(cid)
            if cid in blocked:
                counts[cid] += 1
                continue
            if len(questions) >= limit:
                continue
            try:
                quiz = self.load(cid, r.quiz_id)
                questions.append((cid, quiz, quiz.question(r.question_id)))
            except (KeyError, UserError):  # the quiz or question is gone from the course
                continue
        locked = tuple(LockedReviews(cid, titles.get(cid, cid), counts[cid], reason)
                       for cid, reason in blocked.items() if counts[cid])
        return ReviewQueue(tuple(questions), locked)

    def _locked_reason(self, course_id: str) -> str:
        """Why this course's reviews cannot be studied now ("" when they can)."""
        if course_id not in self.library.owned_ids() and self.library.manifest(course_id) \
                is None:
            return ("This course is no longer in your library. Get it again in the Store to "
                    "review it.")
        allowed, reason = self.library.access(course_id)
        if not allowed:
            return reason or "This course is locked on this device."
        try:
            self.library.course(course_id)
        except Exception as exc:
            if is_user_error(exc):
                return str(exc)
            raise
        return ""

    def review_questions(self, limit: int = 20) -> list[tuple[str, Quiz, Question]]:
        """(course id, quiz, question) for the reviews due today that can be studied now."""
        return list(self.review_queue(limit).questions)
