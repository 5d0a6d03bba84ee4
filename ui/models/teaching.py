"""Table models of the Teaching screen: the lesson funnel (lesson, learners who completed
it, share of enrolled learners) and the quiz item analysis (question, quiz, learners,
share correct, discrimination; "not enough learners yet" for a question the store
withheld). GUI thread."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from sync.protocol import LessonFunnelStep, QuestionAnalysis
from ui.models.library import ProgressRole

Index = QModelIndex | QPersistentModelIndex
_ROOT = QModelIndex()


class FunnelModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[LessonFunnelStep] = []

    def set_steps(self, steps: list[LessonFunnelStep]) -> None:
        self.beginResetModel()
        self._rows = list(steps)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 3

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Lesson"), self.tr("Completed"), self.tr("Of enrolled"))[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        s, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (s.title, str(s.completed), f"{round(s.share * 100)}%")[col]
        if role == ProgressRole and col == 2:
            return s.share
        return None


class ItemAnalysisModel(QAbstractTableModel):
    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[QuestionAnalysis] = []

    def set_questions(self, questions: list[QuestionAnalysis]) -> None:
        self.beginResetModel()
        self._rows = list(questions)
        self.endResetModel()

    def rowCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = _ROOT) -> int:
        return 0 if parent.isValid() else 5

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # fmt: skip
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (self.tr("Question"), self.tr("Quiz"), self.tr("Learners"),
                    self.tr("Correct"), self.tr("Discrimination"))[section]  # fmt: skip
        if role == Qt.ItemDataRole.ToolTipRole and section == 4:
            return self.tr(
                "How well the question separates learners who do well on the "
                "other questions from those who do not (point-biserial, -1 to 1)"
            )
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        q, col = self._rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return q.question_id.split("/", 1)[-1]
            if col == 1:
                return q.quiz_title
            if q.suppressed:
                return self.tr("not enough learners yet") if col == 2 else ""
            if col == 2:
                return str(q.learners)
            if col == 3:
                return "" if q.share_correct is None else f"{round(q.share_correct * 100)}%"
            return "—" if q.discrimination is None else f"{q.discrimination:.2f}"
        if role == Qt.ItemDataRole.ToolTipRole and col == 0:
            return q.question_id
        return None
