"""The store administrator's view in the app: `GET /v1/admin/status` (health, sales,
refunds, new accounts, sync volume, recent server errors — what `satchel-store status`
prints). Whether the account is an administrator: `AccountService.roles`.

Threading: `status` blocks on the network: call it from a worker.
"""

from __future__ import annotations

from app.errors import store_error
from sync.client import StoreClient
from sync.errors import SyncError
from sync.protocol import StoreStatusOut

PERIODS_H = (1, 24, 24 * 7, 24 * 30)  # the periods the screen offers


class StoreAdminService:
    def __init__(self, client: StoreClient) -> None:
        self.client = client

    def status(self, hours: int = 24) -> StoreStatusOut:
        try:
            return self.client.admin_status(hours)
        except SyncError as exc:
            raise store_error(exc, " to load the store's status") from exc
