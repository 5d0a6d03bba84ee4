"""Quiz: take any quiz of a downloaded course, or today's spaced reviews.

Every checked answer is recorded as a learning event (through `QuizService`), a finished
run records its score and completes the quiz when it passes. Reviews show the questions the
FSRS scheduler says are due. GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from app.errors import is_user_error
from app.services.quiz import QuizRef, ReviewQueue
from app.services.views import LockedReviews
from bundle.model import Quiz
from ui.messages import error_text
from ui.review_notice import locked_reviews_text
from ui.screens.base import Screen, muted, section
from ui.widgets.quiz_view import Answered, QuizResult, QuizView


class QuizScreen(Screen):
    def __init__(self, controller: Any, window: Any = None) -> None:
        super().__init__(controller, window)
        self.refs: list[QuizRef] = []
        self.current: QuizRef | None = None
        self.review_mode = False
        self._review_courses: dict[str, str] = {}
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        lcol = QVBoxLayout(left)
        lcol.setContentsMargins(0, 0, 8, 0)
        self.reviews_title = section()
        self.reviews_text = muted()
        self.reviews_button = QPushButton()
        self.reviews_button.setObjectName("startReviewSession")
        self.reviews_button.clicked.connect(self.start_reviews)
        self.list_title = section()
        self.list = QListWidget()
        self.list.setObjectName("quizList")
        self.list.setSpacing(3)
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        lcol.addWidget(self.reviews_title)
        lcol.addWidget(self.reviews_text)
        row = QHBoxLayout()
        row.addWidget(self.reviews_button)
        row.addStretch(1)
        lcol.addLayout(row)
        lcol.addWidget(self.list_title)
        lcol.addWidget(self.list, 1)
        splitter.addWidget(left)
        right = QWidget()
        rcol = QVBoxLayout(right)
        rcol.setContentsMargins(8, 0, 0, 0)
        self.message = muted()
        self.message.setObjectName("quizMessage")
        self.view = QuizView()
        self.view.setObjectName("quizView")
        self.view.answered.connect(self._answered)
        self.view.finished.connect(self._finished)
        self.view.hide()
        rcol.addWidget(self.message)
        rcol.addWidget(self.view, 1)
        splitter.addWidget(right)
        splitter.setSizes([300, 700])
        self.layout_.addWidget(splitter, 1)
        self._due = 0
        self._locked: tuple[LockedReviews, ...] = ()
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Quiz"))
        self.reviews_title.setText(self.tr("Spaced reviews"))
        self.reviews_button.setText(self.tr("Start reviews"))
        self.list_title.setText(self.tr("Quizzes in your courses"))
        self._show_due(self._due)
        if not self.view.isVisible():
            self.message.setText(self.tr("Pick a quiz on the left. Your answers are saved, "
                                         "also offline, and shape your reviews and plan."))

    def activated(self) -> None:
        self.refresh()

    def open(self, reviews: bool = False, course_id: str | None = None,
             quiz_id: str | None = None, **_: Any) -> None:
        self.refresh()
        if reviews:
            self.start_reviews()
        elif course_id and quiz_id:
            self._start(course_id, quiz_id, None)

    def refresh(self) -> None:
        quiz = self.services.quiz
        limit = int(self.controller.settings["daily_review_limit"])
        self.call(lambda: (quiz.available_quizzes(), quiz.review_queue(limit)),
                  on_done=self._listed)

    @Slot(object)
    def _listed(self, data: tuple[list[QuizRef], ReviewQueue]) -> None:
        self.refs, queue = data
        self._locked = queue.locked
        due = queue.due
        self.list.clear()
        for ref in self.refs:
            item = QListWidgetItem(f"{ref.item.title}\n{ref.course_title}")
            item.setData(Qt.ItemDataRole.UserRole, (ref.course_id, ref.item.id))
            self.list.addItem(item)
        self._show_due(due)
        if not self.refs:
            self.message.setText(self.tr("Download a course from your Library to take its "
                                         "quizzes."))

    def _show_due(self, due: int) -> None:
        self._due = due
        text = self.tr("%n question(s) due today", None, due)
        if self._locked:
            text += "\n" + locked_reviews_text(self._locked)
        self.reviews_text.setText(text)
        self.reviews_button.setEnabled(due > 0)

    def _chosen(self, item: QListWidgetItem) -> None:
        course_id, quiz_id = item.data(Qt.ItemDataRole.UserRole)
        ref = next((r for r in self.refs if r.course_id == course_id and r.item.id == quiz_id),
                   None)
        self._start(course_id, quiz_id, ref)

    def _start(self, course_id: str, quiz_id: str, ref: QuizRef | None) -> None:
        self.review_mode = False
        self.current = ref
        services = self.services
        self.call(services.quiz.load, course_id, quiz_id,
                  on_done=lambda q: self._show_quiz(course_id, q, ref),
                  on_error=self._failed)

    def _show_quiz(self, course_id: str, quiz: Quiz, ref: QuizRef | None) -> None:
        self._course_id = course_id
        self.message.setText(ref.course_title if ref else "")
        self.view.show()
        self.view.set_quiz(quiz, title=ref.item.title if ref else quiz.title)

    @Slot()
    def start_reviews(self) -> None:
        limit = int(self.controller.settings["daily_review_limit"])
        self.call(self.services.quiz.review_queue, limit, on_done=self._show_reviews,
                  on_error=self._failed)

    def _show_reviews(self, queue: ReviewQueue) -> None:
        items = list(queue.questions)
        self._locked = queue.locked
        self._show_due(queue.due)
        if not items:
            self.message.setText(
                self.tr("None of today's reviews can be studied now.") + "\n"
                + locked_reviews_text(queue.locked) if queue.locked
                else self.tr("No reviews are due. Well done!"))
            self.view.hide()
            return
        self.review_mode = True
        self.current = None
        self._review_courses = {f"{q.id}/{question.id}": cid for cid, q, question in items}
        questions = tuple(question for _cid, _q, question in items)
        review_quiz = Quiz("reviews", self.tr("Today's reviews"), questions)
        self._review_quizzes = {question.id: q.id for _cid, q, question in items}
        self._course_id = items[0][0]
        self.message.setText(self.tr("Questions you answered before, picked for today by "
                                     "your memory model."))
        self.view.show()
        self.view.set_quiz(review_quiz, title=self.tr("Today's reviews"))

    def _failed(self, exc: BaseException) -> None:
        if is_user_error(exc):
            self.message.setText(error_text(exc))
        else:
            from ui.errors import report_exception

            report_exception(exc, self)

    @Slot(object)
    def _answered(self, a: Answered) -> None:
        quiz_id = a.quiz_id
        course_id = getattr(self, "_course_id", None)
        if self.review_mode:
            quiz_id = self._review_quizzes.get(a.question.id, quiz_id)
            course_id = self._review_courses.get(f"{quiz_id}/{a.question.id}", course_id)
        if course_id is None:
            return
        self.call(self.services.quiz.record_answer, course_id, quiz_id, a.question,
                  a.response, a.correct, a.attempt, a.seconds)

    @Slot(object)
    def _finished(self, result: QuizResult) -> None:
        if self.review_mode or self.current is None:
            self.refresh()
            return
        ref = self.current
        self.call(self.services.quiz.record_result, ref.course_id, ref.item,
                  result.correct_first_try, result.total, on_done=lambda _p: self.refresh())
