"""/v1/admin: store administration (ledger report, voucher pools). Admins only."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from store import ledger, vouchers
from store.api.deps import Admin, Db
from sync.protocol import LedgerReport, VoucherPoolCreate, VoucherPoolOut

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
