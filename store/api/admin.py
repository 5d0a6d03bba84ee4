"""/v1/admin: store administration (ledger report, voucher pools, the operator's status).
Admins only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from store import ledger, status, vouchers
from store.api.deps import Admin, Ctx, Db
from sync.protocol import (
    ErrorEntry,
    LedgerReport,
    SalesFigure,
    StoreStatusOut,
    VoucherPoolCreate,
    VoucherPoolOut,
)

router = APIRouter(tags=["admin"])


@router.get("/admin/ledger")
def ledger_report(
    auth: Admin,
    session: Db,
    order_id: Annotated[str | None, Query(max_length=64)] = None,
) -> LedgerReport:
    """Per-account balances and the double-entry check (optionally for one order)."""
    return ledger.report(session, order_id)


@router.post("/admin/voucher-pools", status_code=201)
def create_voucher_pool(req: VoucherPoolCreate, auth: Admin, session: Db) -> VoucherPoolOut:
    return vouchers.create_pool(session, req)


@router.get("/admin/voucher-pools/{pool_id}")
def get_voucher_pool(
    pool_id: Annotated[str, Path(max_length=64)], auth: Admin, session: Db
) -> VoucherPoolOut:
    return vouchers.get_pool(session, pool_id)


@router.get("/admin/status")
def store_status(
    auth: Admin, ctx: Ctx, hours: Annotated[int, Query(ge=1, le=24 * 31)] = 24
) -> StoreStatusOut:
    """What `satchel-store status` prints: database health, sales, refunds, new accounts,
    sync volume and the latest 5xx errors over the last ``hours``."""
    st = status.collect(ctx.db, hours=hours)
    return StoreStatusOut(
        healthy=st.healthy, backend=st.backend, database=st.database, hours=st.hours,
        paid=[SalesFigure(currency=c, orders=n, amount=a) for c, (n, a) in sorted(st.paid.items())],
        refunded=st.refunded, new_accounts=st.new_accounts, sync_events=st.sync_events,
        sync_users=st.sync_users, sync_devices=st.sync_devices, errors_total=st.errors_total,
        recent_errors=[
            ErrorEntry(at=e.at, request_id=e.request_id, method=e.method, route=e.route,
                       status=e.status, error=e.error)
            for e in st.recent_errors
        ],
    )
