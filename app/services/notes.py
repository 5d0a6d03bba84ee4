"""Notes and bookmarks on lessons: mutable records that sync last-writer-wins per field.

Changes go through `app.db.events.touch_record` with this device's hybrid logical clock, so
the outbox row lands in the same transaction and two devices editing the same note offline
converge. Deleting writes a tombstone (``deleted``), never removes the row, so a delete can
be undone (`restore_note`) by clearing the tombstone at a newer clock.

Threading: blocking database work; call from a worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from app.db import Database
from app.db.events import touch_record
from app.db.models import Bookmark, Note
from app.errors import UserError
from app.eventbus import EventBus
from app.services.account import AccountService
from app.services.events import DataChanged
from app.services.views import BookmarkView, NoteView

if TYPE_CHECKING:
    from app.services.sync_service import SyncService

MAX_NOTE = 20_000


class NotesService:
    def __init__(self, db: Database, bus: EventBus, account: AccountService,
                 sync: SyncService) -> None:
        self.db = db
        self.bus = bus
        self.account = account
        self.sync = sync

    def notes(self, course_id: str, item_key: str | None = None) -> list[NoteView]:
        with self.db.read() as s:
            q = select(Note).where(Note.course_id == course_id, Note.deleted.is_(False))
            if item_key is not None:
                q = q.where(Note.item_key == item_key)
            rows = s.scalars(q.order_by(Note.created_at)).all()
            return [NoteView(n.id, n.course_id, n.item_key, n.body, n.anchor, n.created_at)
                    for n in rows]

    def add_note(self, course_id: str, item_key: str | None, body: str,
                 anchor: dict[str, Any] | None = None) -> NoteView:
        body = self._checked(body)
        stamp = self.sync.clock().now()

        def run(s: Any) -> NoteView:
            note = Note()
            touch_record(s, note, {"course_id": course_id, "item_key": item_key,
                                   "body": body, "anchor": anchor}, stamp)
            s.flush()
            return NoteView(note.id, course_id, item_key, body, anchor, note.created_at)

        view = self.db.write_sync(run)
        self.bus.emit(DataChanged("notes", course_id))
        return view

    def edit_note(self, note_id: str, body: str) -> NoteView:
        """Change a note's text (only the ``body`` field: an edit of its place on another
        device merges with this one)."""
        body = self._checked(body)
        stamp = self.sync.clock().now()

        def run(s: Any) -> NoteView:
            note = s.get(Note, note_id)
            if note is None or note.deleted:
                raise UserError("That note no longer exists.")
            if note.body != body:
                touch_record(s, note, {"body": body}, stamp)
            return NoteView(note.id, note.course_id, note.item_key, note.body, note.anchor,
                            note.created_at)

        view = self.db.write_sync(run)
        self.bus.emit(DataChanged("notes", view.course_id))
        return view

    def delete_note(self, note_id: str) -> None:
        self._delete(Note, note_id)

    def restore_note(self, note_id: str) -> NoteView:
        """Undo a delete: the tombstone is cleared at a newer clock, so the note comes back
        on every device (unless another device changed it later still)."""
        stamp = self.sync.clock().now()

        def run(s: Any) -> NoteView:
            note = s.get(Note, note_id)
            if note is None:
                raise UserError("That note no longer exists.")
            if note.deleted:
                touch_record(s, note, {"deleted": False}, stamp)
            return NoteView(note.id, note.course_id, note.item_key, note.body, note.anchor,
                            note.created_at)

        view = self.db.write_sync(run)
        self.bus.emit(DataChanged("notes", view.course_id))
        return view

    @staticmethod
    def _checked(body: str) -> str:
        body = body.strip()
        if not body:
            raise UserError("Write something first: the note is empty.")
        if len(body) > MAX_NOTE:
            raise UserError(f"A note can hold at most {MAX_NOTE} characters.")
        return body

    def bookmarks(self, course_id: str) -> list[BookmarkView]:
        with self.db.read() as s:
            rows = s.scalars(select(Bookmark).where(
                Bookmark.course_id == course_id, Bookmark.deleted.is_(False)
            ).order_by(Bookmark.created_at)).all()
            return [BookmarkView(b.id, b.course_id, b.item_key, b.label, b.position)
                    for b in rows]

    def add_bookmark(self, course_id: str, item_key: str, label: str,
                     position: dict[str, Any] | None = None) -> BookmarkView:
        stamp = self.sync.clock().now()

        def run(s: Any) -> BookmarkView:
            b = Bookmark()
            touch_record(s, b, {"course_id": course_id, "item_key": item_key,
                                "label": label.strip()[:200], "position": position}, stamp)
            s.flush()
            return BookmarkView(b.id, course_id, item_key, b.label, position)

        view = self.db.write_sync(run)
        self.bus.emit(DataChanged("notes", course_id))
        return view

    def delete_bookmark(self, bookmark_id: str) -> None:
        self._delete(Bookmark, bookmark_id)

    def _delete(self, model: type[Note] | type[Bookmark], record_id: str) -> None:
        stamp = self.sync.clock().now()

        def run(s: Any) -> None:
            row = s.get(model, record_id)
            if row is not None and not row.deleted:
                touch_record(s, row, {"deleted": True}, stamp)

        self.db.write_sync(run)
        self.bus.emit(DataChanged("notes"))
