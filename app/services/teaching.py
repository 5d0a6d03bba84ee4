"""Teaching: what the store tells an instructor about their own courses.

The Teaching screen is offered only to instructors (`AccountService.roles`);
`TeachingService.dashboard()` fetches `GET /v1/instructor/dashboard`
(money per month as the payout statements count it, enrolments, and per course the lesson
funnel, study time, quiz item analysis and ratings — learner figures withheld by the store
below its privacy threshold). `net_by_month` picks the figures the revenue chart draws.

Threading: `dashboard` blocks on the network: call it from a worker.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.errors import store_error
from sync.client import StoreClient
from sync.errors import SyncError
from sync.protocol import InstructorDashboard


@dataclass(frozen=True)
class RevenueSeries:
    """Net revenue per month (minor units) in one currency, oldest month first."""

    currency: str
    months: list[str]
    net: list[int]


def net_by_month(dashboard: InstructorDashboard) -> RevenueSeries:
    """The net revenue per month in the currency the instructor sold most in (gross over
    the months shown); every month, zero where nothing was sold."""
    gross: dict[str, int] = {}
    for month in dashboard.months:
        for money in month.money:
            gross[money.currency] = gross.get(money.currency, 0) + money.gross
    currency = max(sorted(gross), key=lambda c: gross[c]) if gross else ""
    net = [sum(m.net for m in month.money if m.currency == currency) for month in dashboard.months]
    return RevenueSeries(currency, [m.month for m in dashboard.months], net)


class TeachingService:
    def __init__(self, client: StoreClient) -> None:
        self.client = client

    def dashboard(self, course_id: str | None = None) -> InstructorDashboard:
        try:
            return self.client.instructor_dashboard(course_id)
        except SyncError as exc:
            raise store_error(exc, " to load your teaching figures") from exc
