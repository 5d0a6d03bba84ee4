"""Payout statements: what the store owes one instructor for one calendar month (UTC), computed
from the ledger — the postings on each of the instructor's `revenue:course:<id>` accounts in
that month: sales (purchases), refunds (their reversals, whole or partial, also those made
in Stripe's dashboard, netted in the month they happen), the platform fee (the course's own
share, else the store's `platform_fee_bps`) and the payout. Sales are what buyers paid
(after a coupon the ledger posts the order's charged amount, not its list price). Integer
minor units; the fee is rounded half up per course and currency. Reads only; one thread per
session.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.context import StoreContext
from store.db.models import Course, LedgerEntry, LedgerTransaction
from store.ledger import REFUND_KINDS, revenue_account
from store.problems import unprocessable

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
CSV_COLUMNS = ["month", "course_id", "title", "currency", "sales", "sales_count", "refunds",
               "refund_count", "net", "fee_bps", "fee", "payout"]  # fmt: skip


def month_range(month: str) -> tuple[datetime, datetime]:
    match = _MONTH.match(month)
    if not match:
        raise unprocessable("month must look like 2026-03.", code="bad-month")
    year, mon = int(match.group(1)), int(match.group(2))
    if not 1 <= year <= 9998:
        raise unprocessable("month must be of a year from 0001 to 9998.", code="bad-month")
    start = datetime(year, mon, 1, tzinfo=UTC)
    end = datetime(year + (mon == 12), mon % 12 + 1, 1, tzinfo=UTC)
    return start, end


def statement(session: Session, ctx: StoreContext, author_id: str, month: str) -> dict[str, Any]:
    start, end = month_range(month)
    courses = {
        c.id: c for c in session.scalars(select(Course).where(Course.author_id == author_id))
    }
    accounts = {revenue_account(cid): cid for cid in courses}
    rows = session.execute(
        select(
            LedgerEntry.account, LedgerEntry.currency, LedgerEntry.amount, LedgerTransaction.kind
        )
        .join(LedgerTransaction, LedgerTransaction.id == LedgerEntry.transaction_id)
        .where(
            LedgerEntry.account.in_(list(accounts) or [""]),
            LedgerTransaction.created_at >= start,
            LedgerTransaction.created_at < end,
        )
    ).all()
    sums: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for account, currency, amount, kind in rows:
        acc = sums[(accounts[account], currency)]
        if kind in REFUND_KINDS:
            acc["refunds"] += int(amount)  # reversals debit revenue
            acc["refund_count"] += 1
        else:
            acc["sales"] += -int(amount)  # sales credit revenue
            acc["sales_count"] += 1
    lines = []
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (course_id, currency), v in sorted(sums.items()):
        course = courses[course_id]
        bps = (
            course.platform_fee_bps
            if course.platform_fee_bps is not None
            else (ctx.settings.platform_fee_bps)
        )
        net = v["sales"] - v["refunds"]
        fee = (net * bps + 5000) // 10_000
        line: dict[str, Any] = {
            "month": month, "course_id": course_id, "title": course.title, "currency": currency,
            "sales": v["sales"], "sales_count": v["sales_count"], "refunds": v["refunds"],
            "refund_count": v["refund_count"], "net": net, "fee_bps": bps, "fee": fee,
            "payout": net - fee,
        }  # fmt: skip
        lines.append(line)
        for key in ("sales", "refunds", "net", "fee", "payout"):
            totals[currency][key] += int(line[key])
    return {
        "instructor_id": author_id,
        "month": month,
        "period_start": start.isoformat(),
        "period_end": end.isoformat(),
        "lines": lines,
        "totals": [{"currency": c, **t} for c, t in sorted(totals.items())],
    }


def statement_csv(doc: dict[str, Any]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for line in doc["lines"]:
        writer.writerow(line)
    return out.getvalue()
