"""Home: today's guidance — next lessons, reviews due, today's plan, recommendations.

Loaded in the background from `GuidanceService.home()` whenever the screen is shown or the
learner's data changed. GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.services.views import HomeSummary
from ui.format import kind_name, minutes, quote
from ui.review_notice import locked_reviews_text
from ui.screens.base import Screen, card, muted, section


def clear_layout(layout: Any) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.deleteLater()
        elif item.layout() is not None:
            clear_layout(item.layout())


class HomeScreen(Screen):
    def __init__(self, controller: Any, window: Any = None) -> None:
        super().__init__(controller, window)
        self.summary: HomeSummary | None = None
        self.greeting = muted()
        self.layout_.addWidget(self.greeting)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        self.grid = QGridLayout(body)
        self.grid.setSpacing(14)
        self.grid.setContentsMargins(0, 6, 0, 0)

        self.next_card, nl = card()
        self.next_title = section()
        nl.addWidget(self.next_title)
        self.next_box = QVBoxLayout()
        nl.addLayout(self.next_box)
        nl.addStretch(1)

        self.review_card, rl = card()
        self.review_title = section()
        rl.addWidget(self.review_title)
        self.review_count = QLabel()
        self.review_count.setObjectName("reviewCount")
        font = self.review_count.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        self.review_count.setFont(font)
        rl.addWidget(self.review_count)
        self.review_text = muted()
        rl.addWidget(self.review_text)
        self.review_button = QPushButton()
        self.review_button.setObjectName("startReviews")
        self.review_button.clicked.connect(lambda: self.go("quiz", reviews=True))
        rl.addWidget(self.review_button, 0, Qt.AlignmentFlag.AlignLeft)
        rl.addStretch(1)

        self.plan_card, pl = card()
        self.plan_title = section()
        pl.addWidget(self.plan_title)
        self.plan_status = QLabel()
        self.plan_status.setObjectName("planStatus")
        self.plan_status.setWordWrap(True)
        pl.addWidget(self.plan_status)
        self.plan_box = QVBoxLayout()
        pl.addLayout(self.plan_box)
        self.plan_button = QPushButton()
        self.plan_button.clicked.connect(lambda: self.go("goals"))
        pl.addWidget(self.plan_button, 0, Qt.AlignmentFlag.AlignLeft)
        pl.addStretch(1)

        self.rec_card, cl = card()
        self.rec_title = section()
        cl.addWidget(self.rec_title)
        self.rec_box = QVBoxLayout()
        cl.addLayout(self.rec_box)
        cl.addStretch(1)

        self.signin_card, sl = card()
        self.signin_text = QLabel()
        self.signin_text.setWordWrap(True)
        sl.addWidget(self.signin_text)
        row = QHBoxLayout()
        self.signin_button = QPushButton()
        self.signin_button.setObjectName("primary")
        self.signin_button.clicked.connect(lambda: self.sign_in(False))
        self.register_button = QPushButton()
        self.register_button.setObjectName("homeRegister")
        self.register_button.clicked.connect(lambda: self.sign_in(True))
        row.addWidget(self.register_button)
        row.addWidget(self.signin_button)
        row.addStretch(1)
        sl.addLayout(row)

        self.grid.addWidget(self.signin_card, 0, 0, 1, 2)
        self.grid.addWidget(self.next_card, 1, 0)
        self.grid.addWidget(self.review_card, 1, 1)
        self.grid.addWidget(self.plan_card, 2, 0)
        self.grid.addWidget(self.rec_card, 2, 1)
        self.grid.setColumnStretch(0, 3)
        self.grid.setColumnStretch(1, 2)
        self.grid.setRowStretch(3, 1)
        scroll.setWidget(body)
        self.layout_.addWidget(scroll, 1)
        self.listen(controller.dataChanged,
                    lambda _t: self.refresh() if self.isVisible() else None)
        self.listen(controller.accountChanged, self.refresh)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Home"))
        self.next_title.setText(self.tr("Continue learning"))
        self.review_title.setText(self.tr("Reviews due today"))
        self.review_button.setText(self.tr("Start reviews"))
        self.plan_title.setText(self.tr("Today's plan"))
        self.plan_button.setText(self.tr("Open Goals && Plan"))
        self.rec_title.setText(self.tr("Recommended for you"))
        self.signin_text.setText(self.tr(
            "This profile is not signed in to the store. Everything you study is kept here; "
            "sign in to sync it to your other devices and to buy courses."))
        self.signin_button.setText(self.tr("Sign in"))
        self.register_button.hide()  # a profile belongs to an account: new ones start on
        # the profile switcher
        self.register_button.setText(self.tr("Create account"))
        if self.summary is not None:
            self.show_summary(self.summary)

    def activated(self) -> None:
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        if self.controller.services is None:
            return
        self.call(self.services.guidance.home, on_done=self.show_summary)

    def sign_in(self, register: bool) -> None:
        from ui.dialogs.login import LoginDialog

        dialog = LoginDialog(self.controller, self, register=register)
        dialog.login_email.setText(self.services.account.current_user.email)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.signedIn.connect(self.refresh)
        dialog.open()

    @Slot(object)
    def show_summary(self, summary: HomeSummary) -> None:
        self.summary = summary
        self.signin_card.setVisible(not summary.signed_in)
        self.greeting.setText(
            self.tr("Hello, %1. You studied %2 this week.")
            .replace("%1", summary.display_name)
            .replace("%2", minutes(summary.minutes_this_week)))
        clear_layout(self.next_box)
        if not summary.next_lessons:
            self.next_box.addWidget(muted(self.tr(
                "Nothing to continue yet. Find a course in the Store, then download it from "
                "your Library.")))
        for lesson in summary.next_lessons[:4]:
            row = QHBoxLayout()
            text = QLabel(f"<b>{lesson.title}</b><br><span>{lesson.course_title} · "
                          f"{kind_name(lesson.kind)} · {minutes(lesson.duration_min)}</span>")
            text.setWordWrap(True)
            button = QPushButton(self.tr("Open"))
            button.setObjectName("openNextLesson")
            button.clicked.connect(lambda _=False, c=lesson.course_id, i=lesson.item_key:
                                   self.go("course", course_id=c, item_id=i))
            row.addWidget(text, 1)
            row.addWidget(button)
            self.next_box.addLayout(row)
        self.review_count.setText(str(summary.reviews_due))
        if summary.reviews_due:
            text = self.tr("Short spaced reviews keep what you learned from fading.")
        elif summary.reviews_locked:
            text = self.tr("None you can study now.")
        else:
            text = self.tr("No reviews due. Take a quiz to start.")
        if summary.reviews_locked:
            text += "\n" + locked_reviews_text(summary.reviews_locked)
        self.review_text.setText(text)
        self.review_button.setEnabled(summary.reviews_due > 0)
        status = summary.plan_status
        if not status:
            self.plan_status.setText(self.tr("No goal yet. Set one to get a dated plan."))
        else:
            state, _, goal = status.partition("|")
            if state == "on_track":
                self.plan_status.setText("✓ " + self.tr("On track with %1.")
                                         .replace("%1", quote(goal)))
            else:
                behind = state.split(":")[-1]
                self.plan_status.setText("⚠ " + self.tr("Behind on %1 by %2.")
                                         .replace("%1", quote(goal))
                                         .replace("%2", minutes(int(behind or 0))))
        clear_layout(self.plan_box)
        for entry in summary.plan_today[:5]:
            self.plan_box.addWidget(QLabel(f"• {entry.title} — {minutes(entry.minutes)}"))
        clear_layout(self.rec_box)
        if not summary.recommendations:
            self.rec_box.addWidget(muted(self.tr("Recommendations appear once the catalog "
                                                 "has been loaded.")))
        for rec in summary.recommendations:
            row = QHBoxLayout()
            why = " · ".join(self.reason_text(r) for r in (rec.reasons or (rec.reason,)))
            label = QLabel(f"<b>{rec.title}</b><br><span>{why}</span>")
            label.setWordWrap(True)
            button = QPushButton(self.tr("View"))
            button.setObjectName("viewRecommendation")
            button.clicked.connect(lambda _=False, c=rec.course_id:
                                   self.go("store", course_id=c))
            row.addWidget(label, 1)
            row.addWidget(button)
            self.rec_box.addLayout(row)

    def reason_text(self, reason: str) -> str:
        kind, _, ref = reason.partition("|")
        texts = {
            "because_you_finished": self.tr("Because you finished “%1”"),
            "similar_to_your_course": self.tr("Similar to your course “%1”"),
            "matches_interest": self.tr("Matches your interest “%1”"),
            "popular_with_learners_like_you": self.tr(
                "Popular with learners who took “%1”"),
            "popular": self.tr("Popular in the store"),
            "rated_highly": self.tr("Rated %1 by %2 learners"),
            "rated_highly_by_your_goal": self.tr("Rated %1 by %2 learners who also have the "
                                                 "goal “%3”"),
            "explore": self.tr("Also in the store"),  # no reason strong enough to name
        }
        if kind in ("rated_highly", "rated_highly_by_your_goal"):
            average, count, goal = [*ref.split("|", 2), "", ""][:3]
            return texts[kind].replace("%1", average).replace("%2", count).replace("%3", goal)
        return texts.get(kind, texts["explore"]).replace("%1", ref)
