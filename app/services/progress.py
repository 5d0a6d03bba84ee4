"""The lesson player's records: opened, study time, completed — as learning events.

Completion follows each item's rule from the manifest: ``viewed`` completes when the learner
reached the end (or, for a short text, opened it); ``time`` when the study time recorded for
the item reaches ``min_seconds``; quizzes complete through `QuizService` (``score``).
Events are appended through the writer lane (`record_event`, which also queues the outbox
row), so they work offline and sync later.

Threading: every method blocks on the database; call from a worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy.orm import Session

from app.db import Database
from app.db.events import record_event
from app.errors import AuthError
from app.eventbus import EventBus
from app.services import derive, verbs
from app.services.account import AccountService
from app.services.events import DataChanged, LessonCompleted
from app.services.views import OutlineModule, outline_from_manifest
from bundle.model import Item

if TYPE_CHECKING:
    from app.services.library import LibraryService


class ProgressService:
    def __init__(
        self, db: Database, bus: EventBus, account: AccountService, library: LibraryService
    ) -> None:
        self.db = db
        self.bus = bus
        self.account = account
        self.library = library

    def _actor(self) -> tuple[str, str]:
        actor = self.account.actor
        if actor is None:
            raise AuthError("Sign in first: Satchel keeps your progress under your account.")
        return actor

    def _record(self, s: Session, verb: str, obj_type: str, obj_id: str, course_id: str,
                result: Any = None, context: Any = None) -> None:
        user, device = self._actor()
        record_event(s, actor_id=user, device_id=device, verb=verb, object_type=obj_type,
                     object_id=obj_id, course_id=course_id, result=result, context=context)

    # -- queries ----------------------------------------------------------------------------
    def completed(self, course_id: str) -> set[str]:
        user = self.account.current_user
        with self.db.read() as s:
            return derive.completed_items(s, user.user_id if user else None,
                                          [course_id]).get(course_id, set())

    def outline(self, course_id: str) -> tuple[OutlineModule, ...]:
        manifest = self.library.manifest(course_id)
        if manifest is None:
            return ()
        return outline_from_manifest(manifest, self.completed(course_id))

    # -- recording --------------------------------------------------------------------------
    def opened(self, course_id: str, item: Item) -> bool:
        """Record that a lesson was opened; completes ``viewed`` text/pdf items that fit on
        one screen only when `reached_end` is called. Returns True when newly completed."""
        self.db.write_sync(lambda s: self._record(s, verbs.LAUNCHED, verbs.OBJECT_LESSON,
                                                  item.id, course_id,
                                                  context={"kind": item.kind}))
        return False

    def studied(self, course_id: str, item: Item, seconds: float) -> bool:
        """Add study time; completes a ``time`` item once its total reaches the minimum."""
        seconds = round(max(0.0, seconds), 1)
        if seconds < 1:
            return False
        user = self._actor()[0]

        def run(s: Session) -> bool:
            self._record(s, verbs.PROGRESSED, verbs.OBJECT_LESSON, item.id, course_id,
                         result={"duration_s": seconds})
            if item.completion.type != "time":
                return False
            done = derive.completed_items(s, user, [course_id]).get(course_id, set())
            if item.id in done:
                return False
            s.flush()
            total = derive.seconds_by_item(s, user, course_id).get(item.id, 0.0)
            if total >= (item.completion.min_seconds or 0):
                self._record(s, verbs.COMPLETED, verbs.OBJECT_LESSON, item.id, course_id,
                             result={"success": True})
                return True
            return False

        newly = self.db.write_sync(run)
        self.bus.emit(DataChanged("progress", course_id))
        if newly:
            self.bus.emit(LessonCompleted(course_id, item.id))
        return newly

    def reached_end(self, course_id: str, item: Item) -> bool:
        """The learner reached the end (scrolled, last page, played through): completes a
        ``viewed`` item. Returns True when it was newly completed."""
        if item.completion.type != "viewed":
            return False
        return self.complete(course_id, item)

    def complete(self, course_id: str, item: Item, result: Any = None) -> bool:
        user = self._actor()[0]

        def run(s: Session) -> bool:
            done = derive.completed_items(s, user, [course_id]).get(course_id, set())
            if item.id in done:
                return False
            obj = verbs.OBJECT_QUIZ if item.kind == "quiz" else verbs.OBJECT_LESSON
            self._record(s, verbs.COMPLETED, obj, item.id, course_id,
                         result=result or {"success": True})
            return True

        newly = self.db.write_sync(run)
        if newly:
            self.bus.emit(DataChanged("progress", course_id))
            self.bus.emit(LessonCompleted(course_id, item.id))
        return newly
