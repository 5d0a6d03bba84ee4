"""Course: the outline with completion ticks, the lesson player, notes and bookmarks.

Opening a lesson prepares it on the worker (`prepare_lesson`: decrypt, convert Markdown,
extract media) and records "launched"; study time is recorded every 30 s while the lesson is
on screen and when the learner moves on, with reaching the end and the stretches of a
recording played. Each lesson shows its completion rule and how far along the learner is
(`CompletionLabel`, live between two flushes); "Mark as done" completes it by hand and
"Mark as not done" undoes that. Quiz items inside the course record their answers like the
Quiz screen. All of it works offline. GUI thread only.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.errors import is_user_error
from app.services.completion import Standing
from app.services.lessons import PreparedLesson, prepare_lesson
from app.services.reviews import ReviewView
from app.services.views import BookmarkView, LibraryEntry, NoteView, OutlineModule
from bundle.model import Item
from ui.icons import icon
from ui.messages import error_text
from ui.models.outline import OutlineModel
from ui.screens.base import Screen, muted
from ui.widgets.completion_label import CompletionLabel
from ui.widgets.lesson_view import LessonView
from ui.widgets.quiz_view import Answered, QuizResult

FLUSH_MS = 30_000
TICK_MS = 1_000  # the completion line counts the time on the page live
_now = time.monotonic  # the screen's clock (tests move it)
UNDO_BAR_MS = 10_000  # how long "Note deleted. Undo" stays
NoteBodyRole = Qt.ItemDataRole.UserRole + 1


class CourseScreen(Screen):
    def __init__(self, controller: Any, window: Any = None) -> None:
        super().__init__(controller, window)
        self.course_id: str | None = None
        self.item: Item | None = None
        self._since: float | None = None
        self._entries: list[LibraryEntry] = []
        self._pending_seek: dict[str, Any] | None = None
        self._wanted: tuple[str, str] | None = None
        self._standing: Standing | None = None  # the open item's, as recorded + flushed
        self._played: list[tuple[float, float]] = []  # played, not flushed yet
        self._completing = False
        top = QHBoxLayout()
        self.picker = QComboBox()
        self.picker.setObjectName("coursePicker")
        self.picker.setMinimumWidth(320)
        self.picker.activated.connect(self._picked)
        self.progress_label = muted()
        self.progress_label.setObjectName("courseProgress")
        self.bookmark_button = QPushButton()
        self.bookmark_button.setObjectName("addBookmark")
        self.bookmark_button.setIcon(icon("bookmark"))
        self.bookmark_button.clicked.connect(self.add_bookmark)
        self.next_button = QPushButton()
        self.next_button.setObjectName("nextLesson")
        self.next_button.clicked.connect(self.next_lesson)
        top.addWidget(self.picker)
        top.addWidget(self.progress_label, 1)
        top.addWidget(self.bookmark_button)
        top.addWidget(self.next_button)
        self.layout_.addLayout(top)
        rule_row = QHBoxLayout()
        self.rule_label = CompletionLabel()
        self.done_button = QPushButton()
        self.done_button.setObjectName("markDone")
        self.done_button.clicked.connect(self.toggle_done)
        self.done_button.hide()
        rule_row.addWidget(self.rule_label, 1)
        rule_row.addWidget(self.done_button)
        self.review_label = muted()
        self.review_label.setObjectName("myReview")
        self.review_label.setWordWrap(True)
        self.rate_button = QPushButton()
        self.rate_button.setObjectName("rateCourse")
        self.rate_button.clicked.connect(self.rate_course)
        self.rate_button.hide()
        rule_row.addWidget(self.review_label)
        rule_row.addWidget(self.rate_button)
        self.layout_.addLayout(rule_row)
        self._review: ReviewView | None = None

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.outline_model = OutlineModel(self)
        self.outline = QTreeView()
        self.outline.setObjectName("courseOutline")
        self.outline.setModel(self.outline_model)
        self.outline.setHeaderHidden(True)
        self.outline.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.outline.header().setStretchLastSection(False)
        self.outline.setWordWrap(True)  # long titles wrap instead of being cut off
        from ui.widgets.wrap_delegate import WrapDelegate

        self.outline.setItemDelegate(WrapDelegate(self.outline))
        self.outline.header().sectionResized.connect(lambda *_: self.outline.doItemsLayout())
        self.outline.clicked.connect(self._outline_clicked)
        self.outline.activated.connect(self._outline_clicked)
        splitter.addWidget(self.outline)
        self.lesson = LessonView()
        self.lesson.reachedEnd.connect(self._reached_end)
        self.lesson.quiz_view.answered.connect(self._answered)
        self.lesson.quiz_view.finished.connect(self._quiz_finished)
        splitter.addWidget(self.lesson)

        side = QTabWidget()
        side.setObjectName("courseSide")
        notes = QWidget()
        ncol = QVBoxLayout(notes)
        ncol.setContentsMargins(4, 4, 4, 4)
        self.notes_list = QListWidget()
        self.notes_list.setObjectName("notesList")
        self.notes_list.setWordWrap(True)
        self.notes_list.itemDoubleClicked.connect(lambda _i: self.edit_note())
        self.notes_list.currentRowChanged.connect(lambda _r: self._note_buttons())
        # "Note deleted. Undo" — shown for a few seconds after a delete (Ctrl+Z works too)
        self.undo_bar = QFrame()
        self.undo_bar.setObjectName("undoBar")
        urow = QHBoxLayout(self.undo_bar)
        urow.setContentsMargins(8, 2, 4, 2)
        self.undo_label = QLabel()
        self.undo_button = QPushButton()
        self.undo_button.setObjectName("undoDelete")
        self.undo_button.setFlat(True)
        self.undo_button.clicked.connect(self.undo_delete)
        urow.addWidget(self.undo_label, 1)
        urow.addWidget(self.undo_button)
        self.undo_bar.hide()
        self.undo_timer = QTimer(self)
        self.undo_timer.setSingleShot(True)
        self.undo_timer.setInterval(UNDO_BAR_MS)
        self.undo_timer.timeout.connect(self.undo_bar.hide)
        self._deleted_notes: list[str] = []  # ids, most recent last (Ctrl+Z restores them)
        self.undo_action = QAction(self)
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_action.triggered.connect(self.undo_delete)
        self.undo_action.setEnabled(False)
        self.addAction(self.undo_action)
        self._editing: str | None = None  # id of the note being edited
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("noteEdit")
        self.note_edit.setMaximumHeight(110)
        self.note_button = QPushButton()
        self.note_button.setObjectName("addNote")
        self.note_button.clicked.connect(self.save_note)
        self.edit_note_button = QPushButton()
        self.edit_note_button.setObjectName("editNote")
        self.edit_note_button.clicked.connect(self.edit_note)
        self.cancel_edit_button = QPushButton()
        self.cancel_edit_button.setObjectName("cancelEdit")
        self.cancel_edit_button.clicked.connect(self.cancel_edit)
        self.cancel_edit_button.hide()
        self.delete_note_button = QPushButton()
        self.delete_note_button.setObjectName("deleteNote")
        self.delete_note_button.clicked.connect(self.delete_note)
        self.note_message = QLabel()
        self.note_message.setObjectName("muted")
        self.note_message.setWordWrap(True)
        self.note_message.hide()
        ncol.addWidget(self.notes_list, 1)
        ncol.addWidget(self.undo_bar)
        ncol.addWidget(self.note_edit)
        ncol.addWidget(self.note_message)
        nrow = QHBoxLayout()
        nrow.addWidget(self.edit_note_button)
        nrow.addWidget(self.delete_note_button)
        nrow.addStretch(1)
        nrow.addWidget(self.cancel_edit_button)
        nrow.addWidget(self.note_button)
        ncol.addLayout(nrow)
        side.addTab(notes, "")
        marks = QWidget()
        mcol = QVBoxLayout(marks)
        mcol.setContentsMargins(4, 4, 4, 4)
        self.bookmarks_list = QListWidget()
        self.bookmarks_list.setObjectName("bookmarksList")
        self.bookmarks_list.itemActivated.connect(self._bookmark_activated)
        self.bookmarks_list.itemClicked.connect(self._bookmark_activated)
        mcol.addWidget(self.bookmarks_list)
        side.addTab(marks, "")
        self.side = side
        splitter.addWidget(side)
        splitter.setSizes([250, 640, 260])
        self.layout_.addWidget(splitter, 1)

        self.flush_timer = QTimer(self)
        self.flush_timer.setInterval(FLUSH_MS)
        self.flush_timer.timeout.connect(self.flush_time)
        self.tick_timer = QTimer(self)
        self.tick_timer.setInterval(TICK_MS)
        self.tick_timer.timeout.connect(self._tick)
        self.listen(controller.dataChanged, self._data_changed)
        self.lesson.show_message("")
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Course"))
        self.bookmark_button.setText(self.tr("Bookmark this place"))
        self.next_button.setText(self.tr("Next lesson"))
        self._done_button()
        self._show_review(self.course_id, self._review)
        self.note_button.setText(self.tr("Save changes") if self._editing else self.tr("Add note"))
        self.edit_note_button.setText(self.tr("Edit"))
        self.edit_note_button.setToolTip(self.tr("Edit the selected note (or double-click it)"))
        self.cancel_edit_button.setText(self.tr("Cancel"))
        self.delete_note_button.setText(self.tr("Delete"))
        self.delete_note_button.setToolTip(self.tr("Delete the selected note (Ctrl+Z undoes)"))
        self.undo_label.setText(self.tr("Note deleted."))
        self.undo_button.setText(self.tr("Undo"))
        self.note_edit.setPlaceholderText(self.tr("Write a note about this lesson…"))
        self._note_buttons()
        self.side.setTabText(0, self.tr("Notes"))
        self.side.setTabText(1, self.tr("Bookmarks"))
        if self.course_id is None:
            self.lesson.show_message(self.tr("Choose a course above, or download one from "
                                             "your Library."))
        self._update_progress()

    # -- courses ----------------------------------------------------------------------------
    def activated(self) -> None:
        self.call(self.services.library.entries, on_done=self._fill_picker)

    def open(self, course_id: str | None = None, item_id: str | None = None, **_: Any) -> None:
        self.call(self.services.library.entries, on_done=self._fill_picker)
        if course_id:
            self.load_course(course_id, item_id)

    @Slot(object)
    def _fill_picker(self, entries: list[LibraryEntry]) -> None:
        self._entries = [e for e in entries if e.state in ("available", "update_available")]
        self.picker.blockSignals(True)
        self.picker.clear()
        for e in self._entries:
            self.picker.addItem(e.title, e.course_id)
        idx = self.picker.findData(self.course_id)
        self.picker.setCurrentIndex(idx)
        self.picker.blockSignals(False)
        if self.course_id is None and self._entries:
            self.load_course(self._entries[0].course_id)
        elif not self._entries:
            self.lesson.show_message(self.tr("No course is downloaded yet. Download one from "
                                             "your Library to study it here."))

    @Slot(int)
    def _picked(self, index: int) -> None:
        course_id = self.picker.itemData(index)
        if course_id and course_id != self.course_id:
            self.load_course(course_id)

    def load_course(self, course_id: str, item_id: str | None = None) -> None:
        self.flush_time()
        if course_id != self.course_id:  # notes of another course: nothing to undo or save
            self._deleted_notes.clear()
            self.undo_action.setEnabled(False)
            self.undo_bar.hide()
            if self._editing is not None:
                self.cancel_edit()
        self.course_id = course_id
        idx = self.picker.findData(course_id)
        if idx >= 0:
            self.picker.setCurrentIndex(idx)
        services = self.services

        def load() -> tuple[tuple[OutlineModule, ...], tuple[bool, str]]:
            services.library.course(course_id)  # opens (and checks) the installed bundle
            return services.progress.outline(course_id), services.library.access(course_id)

        self.lesson.show_message(self.tr("Opening the course…"))
        self.call(load, on_done=lambda r: self._course_loaded(course_id, r, item_id),
                  on_error=self._lesson_failed)
        self._load_notes()
        self._load_review()

    # -- the learner's rating -----------------------------------------------------------------
    def _load_review(self) -> None:
        course_id = self.course_id
        if course_id is None:
            return
        self.call(self.services.reviews.mine, course_id,
                  on_done=lambda v: self._show_review(course_id, v))

    def _show_review(self, course_id: str | None, view: ReviewView | None) -> None:
        if course_id != self.course_id or course_id is None:
            return
        self._review = view
        self.rate_button.show()
        if view is None:
            self.review_label.setText("")
            self.rate_button.setText(self.tr("Rate this course…"))
            return
        from ui.dialogs.review import stars

        self.rate_button.setText(self.tr("Edit your review…"))
        if view.state == "pending":
            state = self.tr("waiting to be sent to the store")
        elif view.state == "refused":
            state = self.tr("not accepted by the store: %1").replace("%1", view.error or "")
        elif view.hidden:
            state = self.tr("hidden from other learners by the store's moderators")
        else:
            state = self.tr("published")
        self.review_label.setText(self.tr("Your rating: %1 (%2)").replace("%1", stars(view.rating))
                                  .replace("%2", state))

    @Slot()
    def rate_course(self) -> None:
        """Open the rating dialog for the course on screen (saved offline, sent on sync)."""
        course_id = self.course_id
        if course_id is None:
            return
        from ui.dialogs.review import ReviewDialog

        view = self._review
        dialog = ReviewDialog(self, self.picker.currentText() or course_id,
                              view.rating if view else 0, view.text if view else "")
        self.review_dialog = dialog

        def saved(rating: int, text: str) -> None:
            self.call(self.services.reviews.save, course_id, rating, text,
                      on_done=lambda v: self._review_changed(course_id, v),
                      on_error=self._review_problem)

        def deleted() -> None:
            self.call(self.services.reviews.delete, course_id,
                      on_done=lambda _: self._review_changed(course_id, None),
                      on_error=self._review_problem)

        dialog.saved.connect(saved)
        dialog.deleted.connect(deleted)
        dialog.open()

    def _review_changed(self, course_id: str, view: ReviewView | None) -> None:
        self._show_review(course_id, view)
        self.controller.sync_now(quiet=True)

    def _review_problem(self, exc: BaseException) -> None:
        if is_user_error(exc):
            self.review_label.setText(error_text(exc))
        else:
            from ui.errors import report_exception

            report_exception(exc, self)

    def _course_loaded(self, course_id: str, result: Any, item_id: str | None) -> None:
        if course_id != self.course_id:
            return
        outline, (allowed, reason) = result
        self.outline_model.set_outline(outline)
        self.outline.expandAll()
        self.outline.resizeColumnToContents(1)
        self._update_progress()
        if not allowed:
            self.lesson.show_message(error_text(reason))
            return
        items = self.outline_model.items()
        if not items:
            self.lesson.show_message(self.tr("This course has no lessons."))
            return
        target = item_id or next((i.id for i in items if not i.done), items[0].id)
        self.open_item(target)

    def _update_progress(self) -> None:
        items = self.outline_model.items()
        if not items:
            self.progress_label.setText("")
            return
        done = sum(1 for i in items if self.outline_model.is_done(i.id))
        self.progress_label.setText(self.tr("%1 of %2 lessons done").replace("%1", str(done))
                                    .replace("%2", str(len(items))))

    # -- lessons ----------------------------------------------------------------------------
    @Slot(QModelIndex)
    def _outline_clicked(self, index: QModelIndex) -> None:
        item = self.outline_model.item_at(index)
        if item is not None and (self.item is None or item.id != self.item.id):
            self.open_item(item.id)

    def open_item(self, item_id: str) -> None:
        course_id = self.course_id
        if course_id is None:
            return
        self.flush_time()
        idx = self.outline_model.index_of(item_id)
        if idx.isValid():
            self.outline.setCurrentIndex(idx)
        services = self.services
        self._wanted = (course_id, item_id)  # later clicks win over slower earlier ones

        def load() -> tuple[PreparedLesson, Standing]:
            course = services.library.course(course_id)
            item = course.manifest.item(item_id)
            lesson = prepare_lesson(course, item)
            if item.kind != "quiz":
                services.progress.opened(course_id, item)
            return lesson, services.progress.standing(course_id, item)

        self.call(load, on_done=self._show_lesson, on_error=self._lesson_failed)

    @Slot(object)
    def _show_lesson(self, loaded: tuple[PreparedLesson, Standing]) -> None:
        lesson, standing = loaded
        if (self.course_id, lesson.item.id) != self._wanted:
            return
        self.item = lesson.item
        self._standing = standing
        self._played = []
        self._completing = False
        self._since = _now()
        self._tick()
        self.lesson.show_lesson(lesson)
        if self._pending_seek:
            position, self._pending_seek = self._pending_seek, None
            QTimer.singleShot(100, lambda: self.lesson.seek(position))
        self.flush_timer.start()
        self.tick_timer.start()
        self._load_notes()

    # -- completion -------------------------------------------------------------------------
    def live_standing(self) -> Standing | None:
        """The open item's standing including what happened since the last flush."""
        if self._standing is None:
            return None
        self._played += self.lesson.take_played()
        seconds = _now() - self._since if self._since is not None else 0.0
        return self._standing.with_session(
            seconds, played=self._played, media_s=self.lesson.media_seconds()
        )

    @Slot()
    def _tick(self) -> None:
        live = self.live_standing()
        self.rule_label.set_standing(live)
        self._done_button()
        if live is not None and not live.done and live.met() and not self._completing:
            self._completing = True  # once: the flush records it and completes the item
            self.flush_time()

    def _done_button(self) -> None:
        st = self._standing
        self.done_button.setVisible(st is not None and st.rule.kind != "score")
        self.done_button.setText(
            self.tr("Mark as not done") if st is not None and st.done else self.tr("Mark as done")
        )
        self.done_button.setToolTip(
            self.tr("Count this lesson as not done again; it starts over")
            if st is not None and st.done
            else self.tr("Count this lesson as done now, whatever its rule")
        )

    @Slot()
    def toggle_done(self) -> None:
        """ "Mark as done", or (when done) "Mark as not done" — the undo."""
        st, item, course_id = self._standing, self.item, self.course_id
        if st is None or item is None or course_id is None:
            return
        self.flush_time()
        progress = self.services.progress
        if st.done:
            self.call(
                progress.mark_not_done,
                course_id,
                item,
                on_done=lambda _c: self._set_done(course_id, item.id, False),
            )
        else:
            self.call(
                progress.mark_done,
                course_id,
                item,
                on_done=lambda _c: self._set_done(course_id, item.id, True, manual=True),
            )

    def _set_done(self, course_id: str, item_id: str, done: bool, manual: bool = False) -> None:
        if course_id != self.course_id:
            return
        self.outline_model.set_done(item_id, done)
        self._update_progress()
        if self.item is not None and self.item.id == item_id and self._standing is not None:
            if done:
                self._standing = replace(self._standing, done=True, manual=manual)
            else:  # undone: the lesson starts over
                self._standing = Standing(self._standing.rule)
                self._played = []
                self._since = _now()
                self._completing = False
            self._tick()

    def _lesson_failed(self, exc: BaseException) -> None:
        if is_user_error(exc):
            self.lesson.show_message(error_text(exc))
        else:
            from ui.errors import report_exception

            report_exception(exc, self)

    @Slot()
    def next_lesson(self) -> None:
        items = self.outline_model.items()
        if not items or self.item is None:
            return
        ids = [i.id for i in items]
        if self.item.id in ids and ids.index(self.item.id) + 1 < len(ids):
            self.open_item(ids[ids.index(self.item.id) + 1])

    # -- recording --------------------------------------------------------------------------
    @Slot()
    def flush_time(self, reached_end: bool = False) -> None:
        """Record, for the open lesson, the study time since the last flush, the stretches
        of a recording played and whether the learner reached the end."""
        if self._since is None or self.item is None or self.course_id is None:
            return
        seconds = _now() - self._since
        self._since = _now()
        if self.item.kind == "quiz":
            return
        played = self._played + self.lesson.take_played()
        self._played = []
        media_s = self.lesson.media_seconds()
        if seconds < 1 and not reached_end and not played:
            return
        if self._standing is not None:
            self._standing = self._standing.with_session(
                seconds if seconds >= 1 else 0.0, reached_end, played, media_s
            )
        course_id, item = self.course_id, self.item
        self.call(
            self.services.progress.studied,
            course_id,
            item,
            seconds,
            reached_end,
            played,
            media_s,
            on_done=lambda newly: self._maybe_done(course_id, item.id, newly),
        )

    def _maybe_done(self, course_id: str, item_id: str, newly: bool) -> None:
        if newly:
            self._set_done(course_id, item_id, True)
        elif self.item is not None and self.item.id == item_id:
            self._completing = False

    @Slot()
    def _reached_end(self) -> None:
        if self.item is None or self.course_id is None:
            return
        self.flush_time(reached_end=True)
        self._tick()

    @Slot(object)
    def _answered(self, a: Answered) -> None:
        if self.course_id is None:
            return
        self.call(self.services.quiz.record_answer, self.course_id, a.quiz_id, a.question,
                  a.response, a.correct, a.attempt, a.seconds)

    @Slot(object)
    def _quiz_finished(self, result: QuizResult) -> None:
        if self.course_id is None or self.item is None:
            return
        course_id, item = self.course_id, self.item
        self.call(self.services.quiz.record_result, course_id, item,
                  result.correct_first_try, result.total,
                  on_done=lambda passed: self._maybe_done(course_id, item.id, passed))

    # -- notes & bookmarks ------------------------------------------------------------------
    def _load_notes(self) -> None:
        course_id = self.course_id
        if course_id is None:
            return
        notes = self.services.notes
        self.call(lambda: (notes.notes(course_id), notes.bookmarks(course_id)),
                  on_done=self._show_notes)

    @Slot(object)
    def _show_notes(self, data: tuple[list[NoteView], list[BookmarkView]]) -> None:
        notes, marks = data
        titles = {i.id: i.title for i in self.outline_model.items()}
        self.notes_list.clear()
        current = self.notes_list.currentItem()
        keep = current.data(Qt.ItemDataRole.UserRole) if current is not None else None
        for n in notes:
            where = titles.get(n.item_key or "", "")
            item = QListWidgetItem(f"{n.body}\n— {where}" if where else n.body)
            item.setData(Qt.ItemDataRole.UserRole, n.id)
            item.setData(NoteBodyRole, n.body)
            self.notes_list.addItem(item)
            if n.id in (keep, self._editing):
                self.notes_list.setCurrentItem(item)
        self._note_buttons()
        self.bookmarks_list.clear()
        for b in marks:
            # the icon, not an emoji: fonts without emoji glyphs drew "🔖" as an empty box
            item = QListWidgetItem(icon("bookmark"), b.label or titles.get(b.item_key,
                                                                           b.item_key))
            item.setData(Qt.ItemDataRole.UserRole, (b.item_key, b.position))
            self.bookmarks_list.addItem(item)

    def _note_buttons(self) -> None:
        selected = self.notes_list.currentItem() is not None
        self.edit_note_button.setEnabled(selected and self._editing is None)
        self.delete_note_button.setEnabled(selected and self._editing is None)

    def _note_problem(self, exc: BaseException) -> None:
        if is_user_error(exc):
            self.note_message.setText(error_text(exc))
            self.note_message.show()
        else:
            from ui.errors import report_exception

            report_exception(exc, self)

    @Slot()
    def save_note(self) -> None:
        """Add the text as a new note, or save the note being edited."""
        if self._editing is not None:
            note_id = self._editing
            self.call(self.services.notes.edit_note, note_id, self.note_edit.toPlainText(),
                      on_done=lambda _n: self._edit_done(note_id), on_error=self._note_problem)
        else:
            self.add_note()

    @Slot()
    def add_note(self) -> None:
        if self.course_id is None:
            return
        text = self.note_edit.toPlainText()
        anchor = self.lesson.position() or None
        item_key = self.item.id if self.item else None
        self.call(self.services.notes.add_note, self.course_id, item_key, text, anchor,
                  on_done=lambda _n: (self.note_edit.clear(), self.note_message.hide(),
                                      self._load_notes()),
                  on_error=self._note_problem)

    @Slot()
    def edit_note(self) -> None:
        """Put the selected note's text in the editor; "Save changes" writes it back."""
        item = self.notes_list.currentItem()
        if item is None:
            return
        self._editing = item.data(Qt.ItemDataRole.UserRole)
        self.note_edit.setPlainText(item.data(NoteBodyRole))
        self.note_edit.setFocus()
        self.note_edit.selectAll()
        self.cancel_edit_button.show()
        self.note_message.hide()
        self.retranslate()

    def _edit_done(self, note_id: str) -> None:
        if self._editing == note_id:
            self.cancel_edit()
        self._load_notes()

    @Slot()
    def cancel_edit(self) -> None:
        self._editing = None
        self.note_edit.clear()
        self.cancel_edit_button.hide()
        self.note_message.hide()
        self.retranslate()

    @Slot()
    def delete_note(self) -> None:
        item = self.notes_list.currentItem()
        if item is None:
            return
        note_id = item.data(Qt.ItemDataRole.UserRole)
        self.call(self.services.notes.delete_note, note_id,
                  on_done=lambda _r: self._deleted(note_id), on_error=self._note_problem)

    def _deleted(self, note_id: str) -> None:
        self._deleted_notes.append(note_id)
        self.undo_action.setEnabled(True)
        self.undo_bar.show()
        self.undo_timer.start()
        self._load_notes()

    @Slot()
    def undo_delete(self) -> None:
        """Bring back the most recently deleted note (the "Undo" button or Ctrl+Z)."""
        if not self._deleted_notes:
            return
        note_id = self._deleted_notes.pop()
        self.undo_action.setEnabled(bool(self._deleted_notes))
        self.undo_bar.hide()
        self.undo_timer.stop()
        self.call(self.services.notes.restore_note, note_id,
                  on_done=lambda _n: self._load_notes(), on_error=self._note_problem)

    @Slot()
    def add_bookmark(self) -> None:
        if self.course_id is None or self.item is None:
            return
        position = self.lesson.position()
        label = self.item.title
        if "page" in position:
            label += " — " + self.tr("page %1").replace("%1", str(int(position["page"]) + 1))
        elif "seconds" in position:
            from ui.format import seconds_clock

            label += " — " + seconds_clock(float(position["seconds"]))
        self.call(self.services.notes.add_bookmark, self.course_id, self.item.id, label,
                  position, on_done=lambda _b: self._load_notes())

    def _bookmark_activated(self, item: QListWidgetItem) -> None:
        item_key, position = item.data(Qt.ItemDataRole.UserRole)
        if self.item is not None and self.item.id == item_key:
            self.lesson.seek(position or {})
        else:
            self._pending_seek = position
            self.open_item(item_key)

    def _data_changed(self, topic: str) -> None:
        if topic in ("notes", "sync") and self.course_id is not None and self.isVisible():
            self._load_notes()
        if topic in ("reviews", "sync") and self.course_id is not None and self.isVisible():
            self._load_review()
        if topic == "sync" and self.course_id is not None and self.isVisible():
            self.call(self.services.progress.outline, self.course_id,
                      on_done=self._refresh_ticks)

    def _refresh_ticks(self, outline: tuple[OutlineModule, ...]) -> None:
        for m in outline:
            for i in m.items:
                self.outline_model.set_done(i.id, i.done)
        self._update_progress()

    def hideEvent(self, event: Any) -> None:
        self.flush_time()
        self.flush_timer.stop()
        self.tick_timer.stop()
        self.lesson.stop()
        super().hideEvent(event)

    def showEvent(self, event: Any) -> None:
        if self.item is not None:
            self._since = _now()
            self.flush_timer.start()
            self.tick_timer.start()
        super().showEvent(event)

    def shutdown(self) -> None:
        self.flush_time()
