"""Store status (store administrators only): is the store healthy, what it sold and
refunded, how many accounts were made and how much was synced over a chosen period, and
the latest server errors with their request ids (to find the log lines) — the same view
as `satchel-store status`, from `GET /v1/admin/status`. GUI thread only; the figures are
fetched on the worker."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QPushButton, QTableView

from app.errors import is_user_error
from app.services.store_admin import PERIODS_H
from sync.protocol import StoreStatusOut
from ui.format import money
from ui.messages import error_text
from ui.models.store_status import ErrorsModel
from ui.screens.base import Screen, muted, section


class StoreStatusScreen(Screen):
    def __init__(self, controller: Any, window: Any = None) -> None:
        super().__init__(controller, window)
        self.status: StoreStatusOut | None = None
        row = QHBoxLayout()
        self.period = QComboBox()
        self.period.setObjectName("statusPeriod")
        for h in PERIODS_H:
            self.period.addItem("", h)
        self.period.setCurrentIndex(PERIODS_H.index(24))
        self.period.currentIndexChanged.connect(lambda _i: self.refresh())
        self.refresh_button = QPushButton()
        self.refresh_button.setObjectName("refreshStatus")
        self.refresh_button.clicked.connect(self.refresh)
        self.health = section()
        self.health.setObjectName("storeHealth")
        row.addWidget(self.health, 1)
        row.addWidget(self.period)
        row.addWidget(self.refresh_button)
        self.layout_.addLayout(row)
        self.message = muted()
        self.message.setObjectName("statusMessage")
        self.layout_.addWidget(self.message)
        self.figures = muted()
        self.figures.setObjectName("statusFigures")
        self.layout_.addWidget(self.figures)
        self.errors_title = section()
        self.layout_.addWidget(self.errors_title)
        self.errors = ErrorsModel(self)
        self.errors_view = QTableView()
        self.errors_view.setObjectName("statusErrors")
        self.errors_view.setModel(self.errors)
        self.errors_view.verticalHeader().hide()
        self.errors_view.horizontalHeader().setSectionResizeMode(
            3, QHeaderView.ResizeMode.Stretch)
        self.layout_.addWidget(self.errors_view, 1)
        self.retranslate()

    def activated(self) -> None:
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        hours = int(self.period.currentData() or 24)
        self.message.setText(self.tr("Asking the store…"))
        self.call(self.services.store_admin.status, hours, on_done=self.show_status,
                  on_error=self._failed)  # fmt: skip

    def _failed(self, exc: BaseException) -> None:
        if not is_user_error(exc):
            from ui.errors import report_exception

            report_exception(exc, self)
            return
        self.message.setText(error_text(exc))

    def show_status(self, status: StoreStatusOut) -> None:
        self.status = status
        self.message.setText("")
        self._render()

    def _period_text(self, hours: int) -> str:
        if hours % 24 == 0 and hours >= 24:
            return self.tr("last %1 days").replace("%1", str(hours // 24)) if hours > 24 \
                else self.tr("last 24 hours")
        return self.tr("last %1 hour(s)").replace("%1", str(hours))

    def _render(self) -> None:
        st = self.status
        if st is None:
            self.health.setText("")
            self.figures.setText("")
            self.errors.set_errors([])
            return
        if st.healthy:
            self.health.setText(self.tr("The store is healthy (%1 database)")
                                .replace("%1", st.backend))  # fmt: skip
        else:
            self.health.setText(self.tr("The store has a problem: %1").replace("%1", st.database))
        period = self._period_text(st.hours)
        sales = ", ".join(
            self.tr("%1 orders, %2").replace("%1", str(p.orders))
            .replace("%2", money(p.amount, p.currency))
            for p in st.paid
        ) or self.tr("no sales")
        lines = [
            self.tr("Sales, %1: %2; %3 refunded").replace("%1", period).replace("%2", sales)
            .replace("%3", str(st.refunded)),
            self.tr("New accounts, %1: %2").replace("%1", period)
            .replace("%2", str(st.new_accounts)),
            self.tr("Sync, %1: %2 events; devices: %3, learners: %4")
            .replace("%1", period).replace("%2", str(st.sync_events))
            .replace("%3", str(st.sync_devices)).replace("%4", str(st.sync_users)),
        ]
        self.figures.setText("\n".join(lines))
        if st.errors_total:
            self.errors_title.setText(self.tr("Server errors, %1: %2 (newest first)")
                                      .replace("%1", period).replace("%2", str(st.errors_total)))
        else:
            self.errors_title.setText(self.tr("Server errors, %1: none").replace("%1", period))
        self.errors.set_errors(st.recent_errors)

    def retranslate(self) -> None:
        self.title.setText(self.tr("Store status"))
        self.refresh_button.setText(self.tr("Refresh"))
        for i, h in enumerate(PERIODS_H):
            self.period.setItemText(i, self._period_text(h))
        self._render()
