"""Answering a quiz: one question at a time, immediate feedback with the explanation, retry.

All five question types of the bundle format: single choice (radio buttons), multiple
choice (check boxes), true/false, numeric (with unit and tolerance) and short text. "Check"
marks the answer right or wrong and shows the explanation; a wrong answer can be retried
("Try again"); "Next" moves on; the summary shows the score (first tries count) and offers
"Retry quiz".

Keyboard: Enter (or Return) checks the answer, then moves on ("Next question") or, after a
wrong answer, tries again; Tab and Shift+Tab cycle through the quiz's own controls and never
leave it for the sidebar.

The widget records nothing itself: it emits `answered(Answered)` for every check and
`finished(QuizResult)` at the end; the Quiz screen records them as learning events, the
instructor preview does not connect them. GUI thread only; no I/O.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, QLocale, Qt, Signal, Slot
from PySide6.QtGui import QDoubleValidator, QKeyEvent, QKeySequence, QMouseEvent, QShortcut
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.services.markdown_html import inline_html, to_html
from bundle.model import Question, Quiz


@dataclass(frozen=True)
class Answered:
    quiz_id: str
    question: Question
    response: Any
    correct: bool
    attempt: int  # 1 for the first try at this question in this run
    seconds: float


@dataclass(frozen=True)
class QuizResult:
    quiz_id: str
    correct_first_try: int
    total: int

    @property
    def score(self) -> float:
        return self.correct_first_try / self.total if self.total else 0.0


class _ChoiceLabel(QLabel):
    """The rich-text label of a choice; clicking it clicks its button."""

    clicked = Signal()

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mousePressEvent(event)


class _AnswerArea(QWidget):
    """Inputs for one question; `response()` returns the learner's answer or None."""

    changed = Signal()

    def __init__(self, question: Question, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.question = question
        self.buttons: list[QAbstractButton] = []
        self.line: QLineEdit | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 6)
        qtype = question.type
        if qtype in ("single", "multiple", "true_false"):
            group = QButtonGroup(self)
            group.setExclusive(qtype != "multiple")
            options: list[tuple[Any, str]]
            if qtype == "true_false":
                options = [(True, self.tr("True")), (False, self.tr("False"))]
            else:
                options = [(c.id, inline_html(c.text)) for c in question.choices]
            for value, label in options:
                button: QAbstractButton
                button = QCheckBox() if qtype == "multiple" else QRadioButton()
                row = QHBoxLayout()
                row.setContentsMargins(0, 0, 0, 0)
                text = _ChoiceLabel(label)
                text.setBuddy(button)
                text.clicked.connect(button.click)
                button.setProperty("value", value)
                button.setAccessibleName(text.text())
                button.toggled.connect(self.changed)
                group.addButton(button)
                self.buttons.append(button)
                row.addWidget(button)
                row.addWidget(text, 1)
                layout.addLayout(row)
        else:
            row = QHBoxLayout()
            self.line = QLineEdit()
            self.line.setObjectName("answerInput")
            self.line.textChanged.connect(self.changed)
            if qtype == "numeric":
                self.line.setPlaceholderText(self.tr("Type a number"))
                validator = QDoubleValidator(self.line)
                validator.setLocale(QLocale.c())
                validator.setNotation(QDoubleValidator.Notation.StandardNotation)
                self.line.setValidator(validator)
                self.line.setMaximumWidth(220)
            else:
                self.line.setPlaceholderText(self.tr("Type your answer"))
            row.addWidget(self.line)
            if question.unit:
                row.addWidget(QLabel(question.unit))
            row.addStretch(1)
            layout.addLayout(row)

    def response(self) -> Any:
        qtype = self.question.type
        if qtype == "multiple":
            picked = [b.property("value") for b in self.buttons if b.isChecked()]
            return picked or None
        if qtype in ("single", "true_false"):
            for b in self.buttons:
                if b.isChecked():
                    return b.property("value")
            return None
        assert self.line is not None
        text = self.line.text().strip()
        if not text:
            return None
        if qtype == "numeric":
            try:
                return float(text.replace(",", "."))
            except ValueError:
                return None
        return text

    def set_locked(self, locked: bool) -> None:
        for b in self.buttons:
            b.setEnabled(not locked)
        if self.line is not None:
            self.line.setReadOnly(locked)

    def clear(self) -> None:
        for b in self.buttons:
            group = b.group()
            if group is not None:
                group.setExclusive(False)
            b.setChecked(False)
            if group is not None:
                group.setExclusive(self.question.type != "multiple")
        if self.line is not None:
            self.line.clear()


class QuizView(QWidget):
    """Takes a learner through a quiz."""

    answered = Signal(object)  # Answered
    finished = Signal(object)  # QuizResult

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.quiz: Quiz | None = None
        self.questions: tuple[Question, ...] = ()
        self.index = 0
        self.first_try: dict[str, bool] = {}
        self.tries: dict[str, int] = {}
        self._started = time.monotonic()
        self.area: _AnswerArea | None = None
        self._checked = False
        self._last_correct = False

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget()
        outer.addWidget(self.pages)

        # question page
        page = QWidget()
        col = QVBoxLayout(page)
        col.setContentsMargins(4, 4, 4, 4)
        head = QHBoxLayout()
        self.title = QLabel()
        self.title.setObjectName("sectionTitle")
        self.counter = QLabel()
        self.counter.setObjectName("muted")
        head.addWidget(self.title, 1)
        head.addWidget(self.counter)
        col.addLayout(head)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(6)
        col.addWidget(self.bar)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the answers, not the pane
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.prompt = QLabel()
        self.prompt.setObjectName("questionPrompt")
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.RichText)
        font = self.prompt.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.prompt.setFont(font)
        self.body.addWidget(self.prompt)
        self.area_holder = QVBoxLayout()
        self.body.addLayout(self.area_holder)
        self.feedback = QLabel()
        self.feedback.setObjectName("feedbackCorrect")
        self.body.addWidget(self.feedback)
        self.explanation = QLabel()
        self.explanation.setObjectName("explanation")
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.body.addWidget(self.explanation)
        self.body.addStretch(1)
        scroll.setWidget(body)
        col.addWidget(scroll, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.retry_button = QPushButton()
        self.retry_button.setObjectName("tryAgain")
        self.retry_button.clicked.connect(self.try_again)
        self.check_button = QPushButton()
        self.check_button.setObjectName("primary")
        self.check_button.setDefault(True)
        self.check_button.clicked.connect(self.check)
        self.next_button = QPushButton()
        self.next_button.setObjectName("nextQuestion")
        self.next_button.clicked.connect(self.next)
        for b in (self.retry_button, self.check_button, self.next_button):
            buttons.addWidget(b)
        col.addLayout(buttons)
        self.pages.addWidget(page)
        self.question_page = page

        # summary page
        summary = QWidget()
        scol = QVBoxLayout(summary)
        self.summary_title = QLabel()
        self.summary_title.setObjectName("screenTitle")
        self.summary_text = QLabel()
        self.summary_text.setObjectName("quizSummary")
        self.summary_text.setWordWrap(True)
        self.summary_text.setTextFormat(Qt.TextFormat.RichText)
        self.restart_button = QPushButton()
        self.restart_button.setObjectName("retryQuiz")
        self.restart_button.clicked.connect(self.restart)
        scol.addWidget(self.summary_title)
        scol.addWidget(self.summary_text)
        row = QHBoxLayout()
        row.addWidget(self.restart_button)
        row.addStretch(1)
        scol.addLayout(row)
        scol.addStretch(1)
        self.pages.addWidget(summary)
        self.summary_page = summary
        # Tab and Shift+Tab stay inside the quiz (shortcuts: no virtual override, which Qt
        # would also call while widgets are being destroyed)
        for key, step in ((Qt.Key.Key_Tab, 1), (Qt.Key.Key_Backtab, -1)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(lambda s=step: self.cycle_focus(s))
        self.retranslate()

    # -- public -------------------------------------------------------------------------
    def set_quiz(self, quiz: Quiz, questions: tuple[Question, ...] | None = None,
                 title: str | None = None) -> None:
        """Start ``quiz`` (or just ``questions`` of it, e.g. reviews due) from the first one."""
        self.quiz = quiz
        self.questions = questions if questions is not None else quiz.questions
        self.title.setText(title or quiz.title)
        self.restart()

    def current_question(self) -> Question | None:
        if self.quiz is None or self.index >= len(self.questions):
            return None
        return self.questions[self.index]

    @Slot()
    def restart(self) -> None:
        self.index = 0
        self.first_try.clear()
        self.tries.clear()
        self._show_question()

    # -- flow ---------------------------------------------------------------------------
    def _show_question(self) -> None:
        question = self.current_question()
        if question is None:
            self._show_summary()
            return
        self.pages.setCurrentWidget(self.question_page)
        total = len(self.questions)
        self.counter.setText(self.tr("Question %1 of %2").replace("%1", str(self.index + 1))
                             .replace("%2", str(total)))
        self.bar.setRange(0, total)
        self.bar.setValue(self.index)
        self.prompt.setText(inline_html(question.prompt))
        if self.area is not None:
            self.area.deleteLater()
        self.area = _AnswerArea(question)
        self.area.changed.connect(self._update_buttons)
        self.area_holder.addWidget(self.area)
        self.feedback.clear()
        self.explanation.clear()
        self.feedback.hide()
        self.explanation.hide()
        self._checked = False
        self._started = time.monotonic()
        self._update_buttons()
        if self.area.line is not None:
            self.area.line.setFocus()
        elif self.area.buttons:
            self.area.buttons[0].setFocus()

    @Slot()
    def _update_buttons(self) -> None:
        has_answer = self.area is not None and self.area.response() is not None
        checked = self._checked
        self.check_button.setVisible(not checked)
        self.check_button.setEnabled(has_answer)
        last = self.index >= len(self.questions) - 1
        self.next_button.setText(self.tr("See results") if last else self.tr("Next question"))
        self.next_button.setVisible(checked)
        correct = checked and self._last_correct
        self.retry_button.setVisible(checked and not correct)

    @Slot()
    def check(self) -> None:
        question = self.current_question()
        if question is None or self.area is None:
            return
        response = self.area.response()
        if response is None:
            return
        correct = question.check(response)
        attempt = self.tries.get(question.id, 0) + 1
        self.tries[question.id] = attempt
        self.first_try.setdefault(question.id, correct)
        self._checked = True
        self._last_correct = correct
        self.area.set_locked(True)
        if correct:
            self.feedback.setObjectName("feedbackCorrect")
            self.feedback.setText("✓ " + self.tr("Correct"))
        else:
            self.feedback.setObjectName("feedbackWrong")
            self.feedback.setText("✗ " + self.tr("Not quite") + " — " + self._answer_text(question))
        self.feedback.style().unpolish(self.feedback)
        self.feedback.style().polish(self.feedback)
        self.feedback.show()
        self.explanation.setText(to_html(question.explanation))
        self.explanation.show()
        self._update_buttons()
        seconds = time.monotonic() - self._started
        assert self.quiz is not None
        self.answered.emit(Answered(self.quiz.id, question, response, correct, attempt, seconds))
        (self.next_button if correct else self.retry_button).setFocus()

    def _answer_text(self, q: Question) -> str:
        if q.type == "single":
            label = next((c.text for c in q.choices if c.id == q.answer), str(q.answer))
            return self.tr("the answer is: %1").replace("%1", _plain(label))
        if q.type == "multiple" and isinstance(q.answer, tuple):
            labels = [_plain(c.text) for c in q.choices if c.id in q.answer]
            return self.tr("the answer is: %1").replace("%1", "; ".join(labels))
        if q.type == "true_false":
            return self.tr("the answer is: %1").replace(
                "%1", self.tr("True") if q.answer is True else self.tr("False"))
        if q.type == "numeric":
            unit = f" {q.unit}" if q.unit else ""
            return self.tr("the answer is: %1").replace("%1", f"{q.answer:g}{unit}")
        if isinstance(q.answer, tuple) and q.answer:
            return self.tr("the answer is: %1").replace("%1", q.answer[0])
        return ""

    @Slot()
    def try_again(self) -> None:
        if self.area is None:
            return
        self.area.set_locked(False)
        self.area.clear()
        self.feedback.hide()
        self.explanation.hide()
        self._checked = False
        self._started = time.monotonic()
        self._update_buttons()

    @Slot()
    def next(self) -> None:
        self.index += 1
        self._show_question()

    def _show_summary(self) -> None:
        assert self.quiz is not None
        total = len(self.questions)
        good = sum(1 for q in self.questions if self.first_try.get(q.id))
        result = QuizResult(self.quiz.id, good, total)
        self.pages.setCurrentWidget(self.summary_page)
        self.summary_title.setText(self.tr("Quiz complete"))
        lines = [
            "<p>" + self.tr("%1 of %2 correct on the first try (%3%)")
            .replace("%1", str(good)).replace("%2", str(total))
            .replace("%3", str(round(result.score * 100))) + "</p><ul>"
        ]
        for q in self.questions:
            mark = "✓" if self.first_try.get(q.id) else "✗"
            lines.append(f"<li>{mark} {inline_html(q.prompt)}</li>")
        lines.append("</ul>")
        self.summary_text.setText("".join(lines))
        self.restart_button.setText(self.tr("Retry quiz"))
        self.finished.emit(result)

    # -- keyboard -----------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and \
                self.pages.currentWidget() is self.question_page:
            if self.check_button.isVisible():
                if self.check_button.isEnabled():
                    self.check()
            elif self.next_button.isVisible() and (self._last_correct
                                                   or not self.retry_button.isVisible()):
                self.next()
            elif self.retry_button.isVisible():
                self.try_again()
            event.accept()
            return
        super().keyPressEvent(event)

    def tab_chain(self) -> list[QWidget]:
        """The quiz's own focusable controls, in focus-chain order."""
        chain: list[QWidget] = []
        w = self.nextInFocusChain()
        while w is not None and w is not self and len(chain) < 500:
            if self.isAncestorOf(w) and w.isVisible() and w.isEnabled() and \
                    w.focusPolicy() & Qt.FocusPolicy.TabFocus:
                chain.append(w)
            w = w.nextInFocusChain()
        return chain

    def cycle_focus(self, step: int) -> None:
        """Tab from the last control goes back to the first (Shift+Tab the other way)."""
        from PySide6.QtWidgets import QApplication

        chain = self.tab_chain()
        if not chain:
            return
        current = QApplication.focusWidget()
        i = chain.index(current) + step if current in chain else (0 if step > 0 else -1)
        chain[i % len(chain)].setFocus(Qt.FocusReason.TabFocusReason if step > 0
                                       else Qt.FocusReason.BacktabFocusReason)

    # -- i18n ---------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.check_button.setText(self.tr("Check answer"))
        self.retry_button.setText(self.tr("Try again"))
        self.restart_button.setText(self.tr("Retry quiz"))
        if self.quiz is not None and self.pages.currentWidget() is self.question_page:
            total = len(self.questions)
            self.counter.setText(self.tr("Question %1 of %2").replace("%1", str(self.index + 1))
                                 .replace("%2", str(total)))
        self._update_buttons()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _plain(text: str) -> str:
    return text.replace("`", "")
