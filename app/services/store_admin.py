"""The store administrator's view in the app: `GET /v1/admin/status` (health, sales,
refunds, new accounts, sync volume, recent server errors — what `satchel-store status`
prints), and whether this account is an administrator at all.

Threading: both methods block on the network: call them from a worker.
"""

from __future__ import annotations

import logging

from app.errors import store_error
from sync.client import StoreClient
from sync.errors import SyncError
from sync.protocol import StoreStatusOut

log = logging.getLogger(__name__)

PERIODS_H = (1, 24, 24 * 7, 24 * 30)  # the periods the screen offers


class StoreAdminService:
    def __init__(self, client: StoreClient) -> None:
        self.client = client

    def is_admin(self) -> bool:
        """Does the store give this account the administrator role? False when signed out
        or unreachable (the screen is offered once it can tell)."""
        if not self.client.signed_in:
            return False
        try:
            return "admin" in self.client.me().roles
        except SyncError as exc:
            log.info("could not read the account's roles: %s", exc)
            return False

    def status(self, hours: int = 24) -> StoreStatusOut:
        try:
            return self.client.admin_status(hours)
        except SyncError as exc:
            raise store_error(exc, " to load the store's status") from exc
