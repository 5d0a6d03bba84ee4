"""The lesson player's records: opened, study time, reaching the end, played stretches of
a recording, completed — as learning events.

Completion follows each item's rule (`app.services.completion`: read to the end with a
plausible time, the last page, the share of a recording actually played, the author's time,
a quiz's score); `standing` says how far along an item is, for the learner to see. The
learner can also mark an item done by hand and undo it (`mark_done` / `mark_not_done`).
Events are appended through the writer lane (`record_event`, which also queues the outbox
row), so they work offline and sync later.

Threading: every method blocks on the database; call from a worker.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.db import Database
from app.db.events import record_event
from app.db.models import LearningEvent
from app.errors import AuthError, BundleError
from app.eventbus import EventBus
from app.services import derive, verbs
from app.services.account import AccountService
from app.services.completion import Rule, Standing, merge_segments, reading_seconds, rule_for
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
        self._reading: dict[tuple[str, str, str], int] = {}  # (course, item, path): seconds
        self._lock = threading.Lock()

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

    def rule(self, course_id: str, item: Item) -> Rule:
        """The completion rule of ``item`` (reads a text lesson once to time it)."""
        text_s: int | None = None
        if item.kind == "text" and item.completion.type == "time":
            key = (course_id, item.id, item.path)
            with self._lock:
                text_s = self._reading.get(key)
            if text_s is None:
                try:
                    data = self.library.course(course_id).read_bytes(item.path)
                    text_s = reading_seconds(data.decode("utf-8", errors="replace"))
                except (BundleError, OSError, KeyError):
                    text_s = None  # not readable now: the author's time stands
                else:
                    with self._lock:
                        self._reading[key] = text_s
        return rule_for(item, text_s)

    def standing(self, course_id: str, item: Item) -> Standing:
        """How far along ``item`` is: its rule, done or not, and what counts so far."""
        rule = self.rule(course_id, item)
        user = self.account.current_user
        with self.db.read() as s:
            return self._standing(s, user.user_id if user else None, course_id, item, rule)

    @staticmethod
    def _standing(s: Session, user: str | None, course_id: str, item: Item, rule: Rule) -> Standing:
        q = select(LearningEvent.verb, LearningEvent.result).where(
            LearningEvent.course_id == course_id,
            LearningEvent.object_id == item.id,
            LearningEvent.verb.in_([verbs.PROGRESSED, verbs.COMPLETED, verbs.REOPENED]),
        )
        if user:
            q = q.where(LearningEvent.actor_id == user)
        done = manual = ended = False
        seconds = media_s = 0.0
        played: list[tuple[float, float]] = []
        for verb, result in s.execute(q.order_by(LearningEvent.timestamp, LearningEvent.id)):
            res = result or {}
            if verb == verbs.REOPENED:  # start over: what came before no longer counts
                done = manual = ended = False
                seconds = media_s = 0.0
                played = []
            elif verb == verbs.COMPLETED:
                done, manual = True, bool(res.get("manual", False))
            else:
                seconds += float(res.get("duration_s", 0) or 0)
                ended = ended or bool(res.get("reached_end", False))
                media_s = float(res.get("media_s", 0) or 0) or media_s
                for seg in res.get("played", []) or []:
                    if isinstance(seg, list | tuple) and len(seg) == 2:
                        played.append((float(seg[0]), float(seg[1])))
        return Standing(rule, done, manual, seconds, ended, tuple(merge_segments(played)), media_s)

    # -- recording --------------------------------------------------------------------------
    def opened(self, course_id: str, item: Item) -> bool:
        """Record that a lesson was opened. Nothing completes by opening alone: a text
        completes when the learner reaches its end (`reached_end`). Returns False."""
        self.db.write_sync(
            lambda s: self._record(
                s,
                verbs.LAUNCHED,
                verbs.OBJECT_LESSON,
                item.id,
                course_id,
                context={"kind": item.kind},
            )
        )
        return False

    def studied(
        self,
        course_id: str,
        item: Item,
        seconds: float,
        reached_end: bool = False,
        played: Iterable[tuple[float, float]] = (),
        media_s: float = 0.0,
    ) -> bool:
        """Add what happened on the page: study time, reaching the end, stretches of a
        recording played (seconds from its start) and its length. Completes the item when
        that satisfies its rule. Returns True when it was newly completed."""
        seconds = round(max(0.0, seconds), 1)
        segments = [[round(a, 2), round(b, 2)] for a, b in merge_segments(played)]
        if seconds < 1 and not reached_end and not segments:
            return False
        user = self._actor()[0]
        rule = self.rule(course_id, item)

        def run(s: Session) -> bool:
            before = self._standing(s, user, course_id, item, rule)
            result: dict[str, Any] = {"duration_s": seconds if seconds >= 1 else 0.0}
            if reached_end and not before.reached_end:
                result["reached_end"] = True
            if segments:
                result["played"] = segments
            if media_s > 0:
                result["media_s"] = round(media_s, 2)
            if len(result) > 1 or seconds >= 1:
                self._record(
                    s, verbs.PROGRESSED, verbs.OBJECT_LESSON, item.id, course_id, result=result
                )
            if before.done:
                return False
            pairs = [(x[0], x[1]) for x in segments]
            now = before.with_session(seconds, reached_end, pairs, media_s)
            if now.met():
                self._record(
                    s,
                    verbs.COMPLETED,
                    verbs.OBJECT_LESSON,
                    item.id,
                    course_id,
                    result={"success": True},
                )
                return True
            return False

        newly = self.db.write_sync(run)
        self.bus.emit(DataChanged("progress", course_id))
        if newly:
            self.bus.emit(LessonCompleted(course_id, item.id))
        return newly

    def reached_end(self, course_id: str, item: Item, seconds: float = 0.0) -> bool:
        """The learner reached the end (scrolled to the bottom, the last page): completes
        the item when its rule is met. Returns True when it was newly completed."""
        return self.studied(course_id, item, seconds, reached_end=True)

    def mark_done(self, course_id: str, item: Item) -> bool:
        """The learner says it is done ("Mark as done"), whatever the rule."""
        return self.complete(course_id, item, {"success": True, "manual": True})

    def mark_not_done(self, course_id: str, item: Item) -> bool:
        """Undo a completion: the item is open again and starts over. Returns True when it
        was done."""
        user = self._actor()[0]

        def run(s: Session) -> bool:
            done = derive.completed_items(s, user, [course_id]).get(course_id, set())
            if item.id not in done:
                return False
            obj = verbs.OBJECT_QUIZ if item.kind == "quiz" else verbs.OBJECT_LESSON
            self._record(s, verbs.REOPENED, obj, item.id, course_id)
            return True

        changed = self.db.write_sync(run)
        if changed:
            self.bus.emit(DataChanged("progress", course_id))
        return changed

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
