"""Goals & Plan: create a SMART goal, see its dated plan and status, re-plan.

A goal names a downloaded course (what), a target date (by when) and hours per week; the
plan is made by `scoring.planner` and shown day by day. The status says on track / behind
with feedback, and "Re-plan" spreads what is left from today. A plan row opens its lesson
(double-click or Enter) and can be ticked done by hand. GUI thread only.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QDate, Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.errors import is_user_error
from app.services.views import GoalView, LibraryEntry
from ui.format import minutes, quote
from ui.messages import error_text
from ui.models.plan import PlanModel
from ui.screens.base import Screen, card, muted, section


class GoalsScreen(Screen):
    def __init__(self, controller: Any, window: Any = None) -> None:
        super().__init__(controller, window)
        self.goals: list[GoalView] = []
        splitter = QSplitter(Qt.Orientation.Horizontal)
        left = QWidget()
        lcol = QVBoxLayout(left)
        lcol.setContentsMargins(0, 0, 8, 0)
        form_card, fl = card()
        self.form_title = section()
        fl.addWidget(self.form_title)
        form = QFormLayout()
        self.goal_title = QLineEdit()
        self.goal_title.setObjectName("goalTitle")
        self.course = QComboBox()
        self.course.setObjectName("goalCourse")
        self.target = QDateEdit()
        self.target.setObjectName("goalDate")
        self.target.setCalendarPopup(True)
        self.target.setDate(QDate.currentDate().addDays(28))
        self.target.setMinimumDate(QDate.currentDate().addDays(1))
        self.hours = QDoubleSpinBox()
        self.hours.setObjectName("goalHours")
        self.hours.setRange(0.5, 80)
        self.hours.setSingleStep(0.5)
        self.hours.setValue(max(0.5, int(controller.settings["study_minutes_per_day"]) * 5 / 60))
        self.l_title, self.l_course, self.l_date, self.l_hours = (QLabel() for _ in range(4))
        form.addRow(self.l_title, self.goal_title)
        form.addRow(self.l_course, self.course)
        form.addRow(self.l_date, self.target)
        form.addRow(self.l_hours, self.hours)
        fl.addLayout(form)
        self.create_button = QPushButton()
        self.create_button.setObjectName("primary")
        self.create_button.clicked.connect(self.create_goal)
        self.form_message = muted()
        self.form_message.setObjectName("goalFormMessage")
        fl.addWidget(self.form_message)
        fl.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        lcol.addWidget(form_card)
        self.goals_title = section()
        lcol.addWidget(self.goals_title)
        self.goal_list = QListWidget()
        self.goal_list.setObjectName("goalList")
        self.goal_list.setSpacing(3)
        self.goal_list.currentRowChanged.connect(self._goal_selected)
        lcol.addWidget(self.goal_list, 1)
        splitter.addWidget(left)

        right = QWidget()
        rcol = QVBoxLayout(right)
        rcol.setContentsMargins(8, 0, 0, 0)
        self.plan_title = section()
        self.status = QLabel()
        self.status.setObjectName("goalStatus")
        self.status.setWordWrap(True)
        self.feedback = muted()
        self.feedback.setObjectName("goalFeedback")
        self.plan_model = PlanModel(self)
        self.plan_view = QTableView()
        self.plan_view.setObjectName("planTable")
        self.plan_view.setModel(self.plan_model)
        self.plan_view.verticalHeader().hide()
        self.plan_view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.plan_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.plan_view.activated.connect(self.open_plan_row)
        self.plan_view.doubleClicked.connect(self.open_plan_row)
        self.plan_model.doneToggled.connect(self._plan_ticked)
        row = QHBoxLayout()
        self.replan_button = QPushButton()
        self.replan_button.setObjectName("replan")
        self.replan_button.clicked.connect(self.replan)
        self.achieved_button = QPushButton()
        self.achieved_button.clicked.connect(lambda: self._set_status("achieved"))
        self.delete_button = QPushButton()
        self.delete_button.clicked.connect(self.delete_goal)
        row.addWidget(self.replan_button)
        row.addWidget(self.achieved_button)
        row.addStretch(1)
        row.addWidget(self.delete_button)
        rcol.addWidget(self.plan_title)
        rcol.addWidget(self.status)
        rcol.addWidget(self.feedback)
        rcol.addWidget(self.plan_view, 1)
        rcol.addLayout(row)
        splitter.addWidget(right)
        splitter.setSizes([380, 620])
        self.layout_.addWidget(splitter, 1)
        self.listen(controller.dataChanged, self._data_changed)
        self.retranslate()
        self._show_goal(None)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Goals & Plan"))
        self.form_title.setText(self.tr("New goal"))
        self.l_title.setText(self.tr("What"))
        self.goal_title.setPlaceholderText(self.tr("e.g. Finish Python Foundations"))
        self.l_course.setText(self.tr("Course"))
        self.l_date.setText(self.tr("By when"))
        self.l_hours.setText(self.tr("Hours per week"))
        self.create_button.setText(self.tr("Create goal and plan"))
        self.goals_title.setText(self.tr("Your goals"))
        self.plan_title.setText(self.tr("Study plan"))
        self.replan_button.setText(self.tr("Re-plan from today"))
        self.achieved_button.setText(self.tr("Mark achieved"))
        self.delete_button.setText(self.tr("Delete goal"))

    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.call(self.services.library.entries, on_done=self._fill_courses)
        self.call(self.services.goals.goals, on_done=self._show_goals, on_error=self._failed)

    def _data_changed(self, topic: str) -> None:
        if topic in ("goals", "sync", "progress") and self.isVisible():
            self.call(self.services.goals.goals, on_done=self._show_goals)

    @Slot(object)
    def _fill_courses(self, entries: list[LibraryEntry]) -> None:
        current = self.course.currentData()
        self.course.clear()
        for e in entries:
            if e.state in ("available", "update_available"):
                self.course.addItem(e.title, e.course_id)
        self.course.setCurrentIndex(max(0, self.course.findData(current)))
        has = self.course.count() > 0
        self.create_button.setEnabled(has)
        self.form_message.setText("" if has else self.tr(
            "Download a course first: the plan is made from its lessons."))
        if has and not self.goal_title.text():
            self.goal_title.setText(self.tr("Finish %1").replace("%1",
                                                                   self.course.currentText()))

    @Slot(object)
    def _show_goals(self, goals: list[GoalView]) -> None:
        selected = self.selected()
        self.goals = goals
        self.goal_list.blockSignals(True)
        self.goal_list.clear()
        for g in goals:
            mark = {"achieved": "✓ ", "abandoned": "✗ "}.get(g.status, "")
            item = QListWidgetItem(f"{mark}{g.title}\n{g.course_title} · "
                                   f"{g.target_date.isoformat() if g.target_date else ''}")
            item.setData(Qt.ItemDataRole.UserRole, g.id)
            self.goal_list.addItem(item)
        self.goal_list.blockSignals(False)
        row = next((i for i, g in enumerate(goals) if selected and g.id == selected.id), 0)
        if goals:
            self.goal_list.setCurrentRow(row)
            self._show_goal(goals[row])
        else:
            self._show_goal(None)

    def selected(self) -> GoalView | None:
        row = self.goal_list.currentRow()
        return self.goals[row] if 0 <= row < len(self.goals) else None

    @Slot(int)
    def _goal_selected(self, row: int) -> None:
        self._show_goal(self.goals[row] if 0 <= row < len(self.goals) else None)

    def _show_goal(self, g: GoalView | None) -> None:
        for b in (self.replan_button, self.achieved_button, self.delete_button):
            b.setEnabled(g is not None)
        if g is None:
            self.status.setText(self.tr("Create a goal on the left to get a dated plan."))
            self.feedback.setText("")
            self.plan_model.set_plan([])
            return
        total = sum(e.minutes for e in g.plan)
        if g.status == "achieved":
            self.status.setText("✓ " + self.tr("Achieved. Well done!"))
        elif g.on_track:
            self.status.setText("✓ " + self.tr("On track: %1 planned until %2.")
                                .replace("%1", minutes(total))
                                .replace("%2", g.target_date.isoformat() if g.target_date
                                         else "—"))
        else:
            self.status.setText("⚠ " + self.tr("Behind by %1. Re-plan to spread what is "
                                               "left over the days before %2.")
                                .replace("%1", minutes(g.behind_minutes))
                                .replace("%2", g.target_date.isoformat() if g.target_date
                                         else "—"))
        self.feedback.setText(g.feedback)
        self.plan_model.set_plan(g.plan)
        today_row = next((i for i, e in enumerate(g.plan) if e.day >= date.today()), 0)
        if g.plan:
            self.plan_view.scrollTo(self.plan_model.index(today_row, 0))
        self.plan_view.resizeColumnToContents(0)

    def open_plan_row(self, index: Any) -> None:
        """Go to the lesson of a plan row (a review row opens the quiz's reviews)."""
        if index.column() == 3:
            return
        e = self.plan_model.entry(index.row())
        if e is None or not e.course_id or not e.item_key or self.window_ is None:
            return
        key = e.item_key
        if key.startswith("review:"):
            key = key[len("review:"):]
        self.window_.go("course", course_id=e.course_id, item_id=key)

    def _plan_ticked(self, entry: Any, done: bool) -> None:
        self.call(self.services.goals.set_plan_done, entry.id, done, on_error=self._failed)

    @Slot()
    def create_goal(self) -> None:
        course_id = self.course.currentData()
        if not course_id:
            return
        qd = self.target.date()
        target = date(qd.year(), qd.month(), qd.day())
        self.create_button.setEnabled(False)
        self.call(self.services.goals.create_goal, self.goal_title.text(), course_id, target,
                  self.hours.value(), on_done=self._created, on_error=self._form_failed)

    def _created(self, goal: GoalView) -> None:
        self.create_button.setEnabled(True)
        self.form_message.setText(self.tr("Goal created with %n study session(s).", None,
                                          len(goal.plan)))
        self.goal_title.clear()
        self.call(self.services.goals.goals, on_done=self._show_goals)

    def _form_failed(self, exc: BaseException) -> None:
        self.create_button.setEnabled(True)
        self._failed(exc, self.form_message)

    def _failed(self, exc: BaseException, label: Any = None) -> None:
        if is_user_error(exc):
            (label or self.status).setText(error_text(exc))
        else:
            from ui.errors import report_exception

            report_exception(exc, self)

    @Slot()
    def replan(self) -> None:
        g = self.selected()
        if g is not None:
            self.call(self.services.goals.replan, g.id,
                      on_done=lambda _g: self.call(self.services.goals.goals,
                                                   on_done=self._show_goals),
                      on_error=self._failed)

    def _set_status(self, status: str) -> None:
        g = self.selected()
        if g is not None:
            self.call(self.services.goals.set_status, g.id, status,
                      on_done=lambda _r: self.refresh())

    @Slot()
    def delete_goal(self) -> None:
        g = self.selected()
        if g is None:
            return
        from ui.dialogs.confirm import confirm

        confirm(self, self.tr("Delete goal"),
                self.tr("Delete the goal %1 and its plan?").replace("%1", quote(g.title)),
                lambda: self.call(self.services.goals.delete_goal, g.id,
                                  on_done=lambda _r: self.refresh()))


