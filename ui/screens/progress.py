"""Progress: study time and completions over the last two weeks (QtCharts), per-skill
mastery, time spent, and the outcome score with what it is made of. GUI thread only."""

from __future__ import annotations

from typing import Any

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt, Slot
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QGridLayout,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.services.views import ProgressSummary
from ui.format import minutes
from ui.models.library import ProgressDelegate
from ui.models.skills import SkillModel
from ui.screens.base import Screen, card, muted, section

#: Fonts with Chinese glyphs, tried after the application's font for chart texts: a font
#: without them made QtCharts measure the axis titles too small and elide them to "…",
#: drawn turned as "⋮" on the vertical axes.
CJK_FALLBACK = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                "Microsoft YaHei", "PingFang SC", "Noto Sans SC")


def chart_font(base: QFont) -> QFont:
    """``base`` with the CJK fallback families after its own (for chart titles/labels)."""
    font = QFont(base)
    families = [f for f in base.families() or [base.family()] if f]
    font.setFamilies(families + [f for f in CJK_FALLBACK if f not in families])
    return font


def _stat(parent_layout: QGridLayout, col: int) -> tuple[QLabel, QLabel]:
    frame, layout = card()
    value = QLabel("—")
    font = value.font()
    font.setPointSizeF(font.pointSizeF() * 1.9)
    font.setBold(True)
    value.setFont(font)
    caption = muted()
    layout.addWidget(value)
    layout.addWidget(caption)
    parent_layout.addWidget(frame, 0, col)
    return value, caption


class ProgressScreen(Screen):
    def __init__(self, controller: Any, window: Any = None) -> None:
        super().__init__(controller, window)
        self.summary: ProgressSummary | None = None
        stats = QGridLayout()
        self.score_value, self.score_caption = _stat(stats, 0)
        self.score_value.setObjectName("outcomeScore")
        self.time_value, self.time_caption = _stat(stats, 1)
        self.time_value.setObjectName("timeSpent")
        self.lessons_value, self.lessons_caption = _stat(stats, 2)
        self.lessons_value.setObjectName("lessonsDone")
        self.accuracy_value, self.accuracy_caption = _stat(stats, 3)
        self.accuracy_value.setObjectName("accuracy")
        self.layout_.addLayout(stats)
        self.explanation = muted()
        self.explanation.setObjectName("outcomeExplanation")
        self.layout_.addWidget(self.explanation)

        body = QGridLayout()
        self.chart = QChart()
        self.chart.legend().setVisible(True)
        self.chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self.chart.setMargins(QMargins(4, 4, 4, 4))
        self.chart.setBackgroundRoundness(6)
        self.chart_view = QChartView(self.chart)
        self.chart_view.setObjectName("timeChart")
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumHeight(260)
        body.addWidget(self.chart_view, 0, 0)
        skills = QWidget()
        scol = QVBoxLayout(skills)
        scol.setContentsMargins(0, 0, 0, 0)
        self.skills_title = section()
        self.skill_model = SkillModel(self)
        self.skill_view = QTableView()
        self.skill_view.setObjectName("skillTable")
        self.skill_view.setModel(self.skill_model)
        self.skill_view.setItemDelegate(ProgressDelegate(self.skill_view))
        self.skill_view.verticalHeader().hide()
        self.skill_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.skill_view.horizontalHeader().resizeSection(2, 130)
        scol.addWidget(self.skills_title)
        scol.addWidget(self.skill_view, 1)
        body.addWidget(skills, 0, 1)
        body.setColumnStretch(0, 3)
        body.setColumnStretch(1, 2)
        self.layout_.addLayout(body, 1)
        self.courses_label = muted()
        self.courses_label.setObjectName("perCourse")
        self.layout_.addWidget(self.courses_label)
        self.listen(controller.dataChanged, self._data_changed)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Progress"))
        self.score_caption.setText(self.tr("Outcome score (0–100)"))
        self.time_caption.setText(self.tr("Time studied"))
        self.lessons_caption.setText(self.tr("Lessons completed"))
        self.accuracy_caption.setText(self.tr("First-try accuracy"))
        self.skills_title.setText(self.tr("Mastery by skill"))
        self.skill_model.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, 3)
        if self.summary is not None:
            self.show_summary(self.summary)

    def activated(self) -> None:
        self.refresh()

    def refresh(self) -> None:
        self.call(self.services.guidance.progress_summary, on_done=self.show_summary)

    def _data_changed(self, topic: str) -> None:
        if topic in ("progress", "sync") and self.isVisible():
            self.refresh()

    @Slot(object)
    def show_summary(self, s: ProgressSummary) -> None:
        self.summary = s
        self.score_value.setText("—" if s.outcome_score is None else f"{s.outcome_score:.0f}")
        self.time_value.setText(minutes(s.total_minutes))
        self.lessons_value.setText(str(s.lessons_done))
        self.accuracy_value.setText("—" if s.accuracy is None else f"{s.accuracy * 100:.0f}%")
        if s.outcome_explanation:
            parts = dict(p.split("=") for p in s.outcome_explanation.split(";"))
            self.explanation.setText(self.tr(
                "The outcome score combines how much of your courses you completed "
                "(%1%), how likely you are to answer their questions correctly (%2%) and "
                "whether you gave lessons enough time (%3%).")
                .replace("%1", str(round(float(parts.get("progress", 0)) * 100)))
                .replace("%2", str(round(float(parts.get("accuracy", 0)) * 100)))
                .replace("%3", str(round(float(parts.get("engagement", 0)) * 100))))
        else:
            self.explanation.setText(self.tr("Study a lesson or take a quiz to see your "
                                             "outcome score."))
        self._chart(s)
        titles = {cid: title for cid, title, _p in s.per_course}
        self.skill_model.set_skills(s.skills, titles)
        self.courses_label.setText("   ".join(f"{t}: {p:.0f}%" for _c, t, p in s.per_course))

    def _chart(self, s: ProgressSummary) -> None:
        chart = self.chart
        chart.removeAllSeries()
        for axis in chart.axes():
            chart.removeAxis(axis)
        chart.setTitle(self.tr("Last %n day(s)", None, len(s.daily_minutes)))
        font = chart_font(self.font())
        chart.setTitleFont(font)
        chart.legend().setFont(font)
        text = self.palette().color(QPalette.ColorRole.WindowText)
        base = self.palette().color(QPalette.ColorRole.Base)
        chart.setBackgroundBrush(base)
        chart.setTitleBrush(text)
        chart.legend().setLabelColor(text)
        bars = QBarSet(self.tr("Minutes studied"))
        bars.setColor(QColor("#2f6fde"))
        bars.append([round(m, 1) for _d, m in s.daily_minutes])
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        line = QLineSeries()
        line.setName(self.tr("Lessons completed"))
        line.setColor(QColor("#e0822d"))
        for i, (_d, n) in enumerate(s.daily_completions):
            line.append(i, n)
        chart.addSeries(line)
        axis_x = QBarCategoryAxis()
        axis_x.append([d.strftime("%d") for d, _m in s.daily_minutes])
        axis_x.setLabelsColor(text)
        axis_x.setLabelsFont(font)
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(axis_x)
        axis_y = QValueAxis()
        top = max([m for _d, m in s.daily_minutes] + [5.0])
        axis_y.setRange(0, top * 1.15)
        axis_y.setLabelFormat("%.0f")
        axis_y.applyNiceNumbers()
        axis_y.setTitleText(self.tr("minutes"))
        axis_y.setLabelsColor(text)
        axis_y.setTitleBrush(text)
        axis_y.setTitleFont(font)
        axis_y.setLabelsFont(font)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(axis_y)
        axis_n = QValueAxis()
        axis_n.setRange(0, max([n for _d, n in s.daily_completions] + [3]) + 1)
        axis_n.setLabelFormat("%d")
        axis_n.setTitleText(self.tr("lessons"))
        axis_n.setLabelsColor(text)
        axis_n.setTitleBrush(text)
        axis_n.setTitleFont(font)
        axis_n.setLabelsFont(font)
        chart.addAxis(axis_n, Qt.AlignmentFlag.AlignRight)
        line.attachAxis(axis_x)
        line.attachAxis(axis_n)
