"""Teaching (instructors only): net revenue by month (QtCharts), this month's sales and
enrolments, and per course the lesson funnel, average study time, quiz item analysis and
ratings, as the store computes them (`app.services.teaching`). Where the store withheld
learner figures (too few learners) the screen says "not enough learners yet".
GUI thread only; the figures are fetched on the worker."""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import QBarCategoryAxis, QBarSeries, QBarSet, QChart, QChartView, QValueAxis
from PySide6.QtCore import QMargins, Qt, Slot
from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.teaching import net_by_month
from sync.protocol import CourseDashboard, InstructorDashboard
from ui.format import minutes, money
from ui.models.library import ProgressDelegate
from ui.models.teaching import FunnelModel, ItemAnalysisModel
from ui.screens.base import Screen, muted, section
from ui.screens.progress import _stat, chart_font


def signed_money(amount: int, currency: str) -> str:
    """Money with a sign, and "0" spelled as an amount (not "Free")."""
    if amount == 0:
        return money(1, currency).replace("1", "0")
    return ("-" if amount < 0 else "") + money(abs(amount), currency)


def _table(model: Any, name: str) -> QTableView:
    view = QTableView()
    view.setObjectName(name)
    view.setModel(model)
    view.verticalHeader().hide()
    view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    return view


class TeachingScreen(Screen):
    def __init__(self, controller: Any, window: Any = None) -> None:
        super().__init__(controller, window)
        self.dashboard: InstructorDashboard | None = None
        self.status = muted()
        self.status.setObjectName("teachingStatus")
        self.layout_.addWidget(self.status)
        stats = QGridLayout()
        self.net_value, self.net_caption = _stat(stats, 0)
        self.net_value.setObjectName("netThisMonth")
        self.sales_value, self.sales_caption = _stat(stats, 1)
        self.sales_value.setObjectName("salesThisMonth")
        self.enrol_value, self.enrol_caption = _stat(stats, 2)
        self.enrol_value.setObjectName("enrolmentsThisMonth")
        self.layout_.addLayout(stats)

        self.chart = QChart()
        self.chart.legend().setVisible(False)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart_view = QChartView(self.chart)
        self.chart_view.setObjectName("revenueChart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(220)
        self.layout_.addWidget(self.chart_view, 1)

        pick = QHBoxLayout()
        self.course_label = QLabel()
        self.course_box = QComboBox()
        self.course_box.setObjectName("teachingCourse")
        self.course_box.currentIndexChanged.connect(self._course_chosen)
        pick.addWidget(self.course_label)
        pick.addWidget(self.course_box, 1)
        self.layout_.addLayout(pick)
        self.course_figures = muted()
        self.course_figures.setObjectName("courseFigures")
        self.layout_.addWidget(self.course_figures)
        self.rating = muted()
        self.rating.setObjectName("courseRating")
        self.layout_.addWidget(self.rating)

        tables = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        self.funnel_title = section()
        self.funnel_note = muted()
        self.funnel_note.setObjectName("funnelNote")
        self.funnel_model = FunnelModel(self)
        self.funnel_view = _table(self.funnel_model, "funnelTable")
        self.funnel_view.setItemDelegate(ProgressDelegate(self.funnel_view))
        for w in (self.funnel_title, self.funnel_note, self.funnel_view):
            left.addWidget(w)
        self.items_title = section()
        self.items_note = muted()
        self.items_note.setObjectName("itemsNote")
        self.items_model = ItemAnalysisModel(self)
        self.items_view = _table(self.items_model, "itemTable")
        for w in (self.items_title, self.items_note, self.items_view):
            right.addWidget(w)
        for col in (left, right):
            holder = QWidget()
            holder.setLayout(col)
            col.setContentsMargins(0, 0, 0, 0)
            tables.addWidget(holder, 1)
        self.layout_.addLayout(tables, 2)
        self.reviews = muted()
        self.reviews.setObjectName("latestReviews")
        self.layout_.addWidget(self.reviews)
        self.listen(controller.dataChanged, self._data_changed)
        self.retranslate()

    # -- data -----------------------------------------------------------------------------
    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        if self.dashboard is None:
            self.status.setText(self.tr("Loading your teaching figures…"))
        self.call(self.services.teaching.dashboard, on_done=self.show_dashboard,
                  on_error=self._failed)  # fmt: skip

    def _data_changed(self, topic: str) -> None:
        if topic == "sync" and self.isVisible():
            self.refresh()

    @Slot(object)
    def _failed(self, exc: BaseException) -> None:
        from app.errors import is_user_error
        from ui.errors import report_exception
        from ui.messages import error_text

        if is_user_error(exc):
            self.status.setText(error_text(exc))
        else:
            report_exception(exc, self)

    @Slot(object)
    def show_dashboard(self, dash: InstructorDashboard) -> None:
        self.dashboard = dash
        self.status.setText("" if dash.courses else self.tr("You have no published course yet."))
        self._month_figures(dash)
        self._chart(dash)
        chosen = self.course_box.currentData()
        self.course_box.blockSignals(True)
        self.course_box.clear()
        for c in dash.courses:
            self.course_box.addItem(c.title, c.course_id)
        index = max(0, self.course_box.findData(chosen))
        self.course_box.setCurrentIndex(index)
        self.course_box.blockSignals(False)
        self._course_chosen(index)

    def course(self) -> CourseDashboard | None:
        if self.dashboard is None:
            return None
        cid = self.course_box.currentData()
        return next((c for c in self.dashboard.courses if c.course_id == cid), None)

    def _month_figures(self, dash: InstructorDashboard) -> None:
        series = net_by_month(dash)
        this = dash.months[-1] if dash.months else None
        net = series.net[-1] if series.net else 0
        self.net_value.setText(signed_money(net, series.currency) if series.currency else "—")
        sold = sum(m.sales_count for m in this.money) if this else 0
        refunds = sum(m.refund_count for m in this.money) if this else 0
        self.sales_value.setText(f"{sold}" + (f" (−{refunds})" if refunds else ""))
        self.enrol_value.setText(str(this.enrolments if this else 0))

    @Slot(int)
    def _course_chosen(self, _index: int = 0) -> None:
        c = self.course()
        not_enough = self.tr(
            "Not enough learners yet — figures about learners appear once "
            "%1 learners have studied this course."
        )
        not_enough = not_enough.replace("%1", str(self.dashboard.min_learners if self.dashboard
                                                  else 5))  # fmt: skip
        if c is None:
            self.course_figures.clear()
            self.rating.clear()
            self.reviews.clear()
            self.funnel_model.set_steps([])
            self.items_model.set_questions([])
            self.funnel_note.clear()
            self.items_note.clear()
            return
        parts = [self.tr("%n learner(s) enrolled", None, c.enrolments)]
        if not c.learners_suppressed:
            parts.append(self.tr("%n active", None, c.active_learners or 0))
            if c.average_study_minutes is not None:
                parts.append(self.tr("average study time %1")
                             .replace("%1", minutes(c.average_study_minutes)))  # fmt: skip
        self.course_figures.setText(" · ".join(parts))
        self.funnel_model.set_steps(c.funnel)
        self.items_model.set_questions(c.questions)
        self.funnel_note.setText(not_enough if c.learners_suppressed else "")
        self.funnel_note.setVisible(c.learners_suppressed)
        self.items_note.setText(not_enough if c.learners_suppressed
                                else "" if c.questions else self.tr("No answers yet."))  # fmt: skip
        self.items_note.setVisible(bool(self.items_note.text()))
        if c.ratings_suppressed or c.rating_average is None:
            self.rating.setText(self.tr("Rating: not enough learners yet"))
            self.reviews.clear()
        else:
            self.rating.setText(self.tr("Rating: ★ %1 (%n rating(s))", None, c.rating_count or 0)
                                .replace("%1", f"{c.rating_average:.1f}"))  # fmt: skip
            self.reviews.setText("\n".join(
                f"★{r.rating} {r.author}: {r.text}" if r.text else f"★{r.rating} {r.author}"
                for r in c.latest_reviews))  # fmt: skip

    def _chart(self, dash: InstructorDashboard) -> None:
        series_data = net_by_month(dash)
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        font = chart_font(self.font())
        text = self.palette().color(QPalette.ColorRole.WindowText)
        chart.setBackgroundBrush(self.palette().color(QPalette.ColorRole.Base))
        chart.setTitleBrush(text)
        chart.setTitleFont(font)
        chart.setTitle(
            self.tr("Net revenue by month")
            + (f" ({series_data.currency})" if series_data.currency else "")
        )
        decimals = 100
        bars = QBarSet(self.tr("Net revenue"))
        bars.setColor(QColor("#2f6fde"))
        bars.append([n / decimals for n in series_data.net])
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        axis_x = QBarCategoryAxis()
        axis_x.append([m[2:] for m in series_data.months])  # "26-03"
        axis_x.setLabelsColor(text)
        axis_x.setLabelsFont(font)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        values = [n / decimals for n in series_data.net]
        axis_y.setRange(min([0.0, *values]) * 1.15, max([10.0, *values]) * 1.15)
        axis_y.setLabelFormat("%.0f")
        axis_y.applyNiceNumbers()
        axis_y.setLabelsColor(text)
        axis_y.setLabelsFont(font)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)

    def chart_values(self) -> list[float]:
        """The bar heights drawn (major units), oldest month first."""
        series = self.chart.series()
        if not series:
            return []
        bars = series[0].barSets()[0]  # type: ignore[attr-defined]
        return [bars.at(i) for i in range(bars.count())]

    def retranslate(self) -> None:
        self.title.setText(self.tr("Teaching"))
        self.net_caption.setText(self.tr("Net revenue this month"))
        self.sales_caption.setText(self.tr("Sales this month (refunds)"))
        self.enrol_caption.setText(self.tr("Enrolments this month"))
        self.course_label.setText(self.tr("Course:"))
        self.funnel_title.setText(self.tr("Completion by lesson"))
        self.items_title.setText(self.tr("Quiz item analysis"))
        self.funnel_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 2)
        self.items_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 4)
        if self.dashboard is not None:
            self.show_dashboard(self.dashboard)
