"""The operator's view of a store (`satchel-store status`): health of the database (and of
a running server when its URL is given), recent 5xx errors, and sales and sync volume over
the last hours. Reads the database directly, so it sees every worker's activity. One thread.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
from sqlalchemy import func, select, text

from store.db.engine import Database
from store.db.migrate import current_revision, head_revision
from store.db.models import ErrorLog, Order, SyncEvent, User
from store.db.types import utcnow


@dataclass
class StoreStatus:
    backend: str
    database: str  # "ok" or what is wrong
    hours: int
    server: dict[str, Any] | None = None  # /health/ready answer of a running server
    paid: dict[str, tuple[int, int]] = field(default_factory=dict)  # currency -> (n, cents)
    refunded: int = 0
    new_accounts: int = 0
    sync_events: int = 0
    sync_users: int = 0
    sync_devices: int = 0
    errors_total: int = 0
    recent_errors: list[ErrorLog] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        server_ok = self.server is None or self.server.get("status") == "ok"
        return self.database == "ok" and server_ok


def collect(
    db: Database, *, hours: int = 24, url: str | None = None, errors: int = 10
) -> StoreStatus:
    status = StoreStatus(backend=db.backend, database="ok", hours=hours)
    if url:
        status.server = server_health(url)
    try:
        with db.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
        revision, head = current_revision(db.engine), head_revision()
        if revision != head:
            status.database = f"schema at {revision}, this version needs {head} (migrate)"
            return status
    except Exception as exc:  # unreachable, wrong password, missing file...
        status.database = f"unreachable: {exc.__class__.__name__}: {str(exc).splitlines()[0]}"
        return status
    since = utcnow() - timedelta(hours=hours)
    with db.read() as session:
        for currency, n, cents in session.execute(
            select(Order.currency, func.count(), func.coalesce(func.sum(Order.amount), 0))
            .where(Order.paid_at >= since, Order.status == "paid")
            .group_by(Order.currency)
        ):
            status.paid[currency] = (int(n), int(cents))
        status.refunded = int(
            session.scalar(select(func.count()).where(Order.refunded_at >= since)) or 0
        )
        status.new_accounts = int(
            session.scalar(select(func.count()).where(User.created_at >= since)) or 0
        )
        events, users, devices = session.execute(
            select(
                func.count(),
                func.count(func.distinct(SyncEvent.user_id)),
                func.count(func.distinct(SyncEvent.device_id)),
            ).where(SyncEvent.received_at >= since)
        ).one()
        status.sync_events, status.sync_users, status.sync_devices = (
            int(events),
            int(users),
            int(devices),
        )
        status.errors_total = int(
            session.scalar(select(func.count()).where(ErrorLog.at >= since)) or 0
        )
        status.recent_errors = list(
            session.scalars(
                select(ErrorLog)
                .where(ErrorLog.at >= since)
                .order_by(ErrorLog.at.desc(), ErrorLog.id.desc())
                .limit(errors)
            )
        )
    return status


def server_health(url: str) -> dict[str, Any]:
    base = url.rstrip("/")
    try:
        with httpx.Client(timeout=5) as c:
            live = c.get(base + "/health/live")
            ready = c.get(base + "/health/ready")
        body = ready.json()
        return {
            "status": "ok"
            if live.status_code == 200 and ready.status_code == 200
            else "unavailable",
            "live": live.status_code == 200,
            "checks": body.get("checks", {}),
        }
    except (httpx.HTTPError, ValueError) as exc:
        return {"status": "unavailable", "live": False, "checks": {"server": type(exc).__name__}}


def _when(at: datetime) -> str:
    return at.strftime("%Y-%m-%d %H:%M:%S UTC")


def render(status: StoreStatus, url: str | None = None) -> str:
    lines = [f"Satchel store status ({status.backend})"]
    lines.append(f"  database: {status.database}")
    if status.server is not None:
        checks = ", ".join(f"{k} {v}" for k, v in status.server["checks"].items()) or "-"
        lines.append(f"  server {url}: {status.server['status']} ({checks})")
    if status.database != "ok":
        return "\n".join(lines)
    h = status.hours
    sales = (
        "; ".join(
            f"{n} paid, {cents / 100:,.2f} {currency}"
            for currency, (n, cents) in sorted(status.paid.items())
        )
        or "no paid orders"
    )
    lines.append(f"  sales, last {h} h: {sales}; {status.refunded} refunded")
    lines.append(f"  new accounts, last {h} h: {status.new_accounts}")
    lines.append(
        f"  sync, last {h} h: {status.sync_events:,} events from {status.sync_devices} devices "
        f"of {status.sync_users} users"
    )
    if not status.errors_total:
        lines.append(f"  errors, last {h} h: none")
    else:
        lines.append(
            f"  errors, last {h} h: {status.errors_total} (newest {len(status.recent_errors)}):"
        )
        for e in status.recent_errors:
            lines.append(
                f"    {_when(e.at)}  {e.status} {e.method} {e.route}  request {e.request_id}"
                + (f"  {e.error}" if e.error else "")
            )
    return "\n".join(lines)
