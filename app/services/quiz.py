"""Quizzes: answers recorded as learning events, scores, completion, and the review queue.

Each checked answer becomes an ``answered`` event (result: success, the response, seconds;
context: quiz, question, attempt number, skills, difficulty); finishing a quiz run records
``attempted`` with the first-try score and completes the quiz item when the score reaches
its ``score.min``. Reviews are scheduled per question with the FSRS-6 memory model
(`scoring.reviews`, py-fsrs), replayed from the answers, so they follow the learner across
devices, at the learner's ``target_retention`` setting. `review_queue` is the one answer to
"what is due and can be studied now": Home's count and the review session both come from it;
reviews of a locked course (lease expired, not downloaded) are set apart with the reason.

The model's parameters are the published defaults until the learner has `MIN_REVIEWS`
reviews at least a day apart; then they are fitted to the learner's own answers
(`scoring.review_fit`, fsrs-rs-python) and kept in the profile (``reviews.fsrs``: the
parameters, how many reviews they were fitted on, when). A finished quiz run re-fits in the
background once the learner has 10 % more such reviews than at the last fit.

Threading: blocking database work; call from a worker. The re-fit runs on this service's
own single thread (`schedule_refit`), writes through the writer lane, and is waited for by
`close`.
"""

from __future__ import annotations

import logging
import threading
from collections import defaultdict
from collections.abc import Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from app.db import Database
from app.db.events import record_event
from app.errors import AuthError, UserError, is_user_error
from app.eventbus import EventBus
from app.profiles.values import ProfileValues
from app.services import derive, verbs
from app.services.account import AccountService
from app.services.events import DataChanged
from app.services.views import LockedReviews, ReviewItem
from bundle.model import Item, Question, Quiz
from scoring import review_fit
from scoring.reviews import (
    DEFAULT_PARAMETERS,
    DEFAULT_RETENTION,
    Fsrs,
    Grade,
    MemoryState,
    daily_load,
    daily_queue,
    grade_from_attempt,
)
from scoring.reviews import ReviewItem as FsrsItem

if TYPE_CHECKING:
    from app.services.library import LibraryService
    from app.services.progress import ProgressService

EXPECTED_SECONDS = 45.0
FIT_VALUE = "reviews.fsrs"  # the fitted parameters, in the profile's own values
REFIT_GROWTH = 1.1  # re-fit once there are 10 % more long-term reviews than at the last fit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReviewModel:
    """What the scheduler runs on, for the learner to see."""

    fitted: bool  # False: the published default parameters
    fitted_on: int  # long-term reviews the parameters were fitted on (0 for the defaults)
    fitted_at: str  # ISO time of the fit, "" for the defaults
    long_term_reviews: int  # the learner's reviews at least a day apart, now
    needed: int  # long-term reviews needed before the first fit


@dataclass(frozen=True)
class ReviewOutlook:
    """What Settings shows next to the target retention."""

    retention: float  # the current setting
    loads: dict[float, float]  # target retention -> expected reviews a day (next 30 days)
    questions: int  # questions answered so far (what the load is computed over)
    model: ReviewModel


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
        self.settings: dict[str, Any] = {}
        self.values = ProfileValues(db)
        self._fsrs: Fsrs | None = None
        self._fit_lock = threading.Lock()
        self._fit_pool: ThreadPoolExecutor | None = None
        self._fit_future: Future[bool] | None = None
        self._closed = False

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
        self.schedule_refit()
        return passed

    # -- the review model -------------------------------------------------------------------
    @property
    def target_retention(self) -> float:
        return float(self.settings.get("target_retention", DEFAULT_RETENTION))

    def _stored_fit(self) -> dict[str, Any] | None:
        value = self.values.get(FIT_VALUE)
        return value if isinstance(value, dict) else None

    @property
    def fsrs(self) -> Fsrs:
        """The learner's model: their fitted parameters, else the defaults."""
        if self._fsrs is None:
            fsrs = Fsrs()
            stored = self._stored_fit()
            if stored is not None:
                try:
                    fsrs = Fsrs(tuple(float(w) for w in stored.get("parameters", ())))
                except (TypeError, ValueError) as exc:
                    log.warning("stored review parameters unusable (%s); using the defaults",
                                exc)
            self._fsrs = fsrs
        return self._fsrs

    def _histories(self) -> dict[tuple[str, str, str], list[tuple[int, Grade, date]]]:
        """Per question, first tries in order: (whole days since the previous, grade, day)."""
        user = self.account.current_user
        with self.db.read() as s:
            facts = derive.answers(s, user.user_id if user else None)
        out: dict[tuple[str, str, str], list[tuple[int, Grade, date]]] = defaultdict(list)
        for f in facts:
            if f.attempt > 1:
                continue  # retries right after feedback are not memory evidence
            seq = out[(f.course_id, f.quiz_id, f.question_id)]
            day = f.at.astimezone().date()
            days = (day - seq[-1][2]).days if seq else 0
            seq.append((days, grade_from_attempt(f.correct, f.seconds, EXPECTED_SECONDS), day))
        return out

    def review_model(self) -> ReviewModel:
        histories = [[(d, g) for d, g, _ in h] for h in self._histories().values()]
        stored = self._stored_fit() if self.fsrs.parameters != DEFAULT_PARAMETERS else None
        return ReviewModel(
            fitted=stored is not None,
            fitted_on=int(stored.get("reviews", 0)) if stored else 0,
            fitted_at=str(stored.get("fitted_at", "")) if stored else "",
            long_term_reviews=review_fit.long_term_reviews(histories),
            needed=review_fit.MIN_REVIEWS,
        )

    def refit(self, force: bool = False) -> bool:
        """Fit the learner's parameters when they have enough new reviews; True if it did.
        Blocking (seconds for thousands of reviews)."""
        with self._fit_lock:
            histories = [[(d, g) for d, g, _ in h] for h in self._histories().values()]
            n = review_fit.long_term_reviews(histories)
            if n < review_fit.MIN_REVIEWS:
                return False
            stored = self._stored_fit()
            if not force and stored is not None and n < REFIT_GROWTH * int(
                    stored.get("reviews", 0)):
                return False
            parameters = review_fit.fit_parameters(histories)
            fsrs = Fsrs(parameters)  # refuses parameters the scheduler cannot use
            self.values.put(FIT_VALUE, {"parameters": list(parameters), "reviews": n,
                                        "fitted_at": datetime.now(UTC).isoformat()})
            self._fsrs = fsrs
            log.info("review parameters fitted on %d reviews", n)
        self.bus.emit(DataChanged("progress", None))
        return True

    def schedule_refit(self) -> Future[bool] | None:
        """Run `refit` on this service's background thread (at most one at a time)."""
        if self._closed:
            return None
        if self._fit_future is not None and not self._fit_future.done():
            return self._fit_future
        if self._fit_pool is None:
            self._fit_pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="review-fit")
        self._fit_future = self._fit_pool.submit(self._refit_logged)
        return self._fit_future

    def _refit_logged(self) -> bool:
        try:
            return self.refit()
        except Exception:  # a failed fit keeps the parameters in use; never a crash
            log.exception("fitting the review parameters failed; keeping the current ones")
            return False

    def close(self) -> None:
        """Wait for a running fit and stop the background thread (before the database)."""
        self._closed = True
        if self._fit_pool is not None:
            self._fit_pool.shutdown(wait=True, cancel_futures=True)
            self._fit_pool = None

    # -- reviews ----------------------------------------------------------------------------
    def review_states(self) -> dict[tuple[str, str, str], tuple[MemoryState, date]]:
        """FSRS memory state and last review day of every answered question."""
        fsrs = self.fsrs
        out = {}
        for key, seq in self._histories().items():
            _preds, state = fsrs.replay([(float(d), g) for d, g, _ in seq])
            out[key] = (state, seq[-1][2])
        return out

    def _items(self) -> list[FsrsItem]:
        return [FsrsItem("\x1f".join(k), st, last)
                for k, (st, last) in self.review_states().items()]

    def reviews_due(self, limit: int = 50, today: date | None = None) -> list[ReviewItem]:
        today = today or datetime.now().astimezone().date()
        queue = daily_queue(self._items(), today, max_reviews=limit,
                            target_retention=self.target_retention, fsrs=self.fsrs)
        out = []
        for entry in queue:
            course_id, quiz_id, question_id = entry.item_id.split("\x1f")
            due = datetime.combine(entry.due, datetime.min.time(), tzinfo=UTC)
            out.append(ReviewItem(course_id, quiz_id, question_id, due))
        return out

    def review_load(self, retentions: Mapping[str, float] | None = None,
                    today: date | None = None) -> dict[str, float]:
        """Expected reviews a day over the next 30 days at each target retention (by name;
        default: the current setting as "current"), for the questions answered so far."""
        today = today or datetime.now().astimezone().date()
        wanted = dict(retentions or {"current": self.target_retention})
        items = self._items()
        return {name: daily_load(items, today, r, fsrs=self.fsrs) for name, r in wanted.items()}

    def review_outlook(self, others: tuple[float, ...] = (0.8, 0.9, 0.95),
                       today: date | None = None) -> ReviewOutlook:
        """The daily load at the current target retention and a few others, and the model."""
        today = today or datetime.now().astimezone().date()
        items = self._items()
        fsrs = self.fsrs
        wanted = sorted({round(self.target_retention, 2), *others})
        loads = {r: daily_load(items, today, r, fsrs=fsrs) for r in wanted}
        return ReviewOutlook(self.target_retention, loads, len(items), self.review_model())

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
