"""`StoreContext`: the long-lived objects one running store shares between requests
(settings, database, keys, password hasher and its bounded pool, abuse limits, blob storage,
payment providers, the catalog pages built for the current catalog revision).

Built once by `store.app.create_app`; every member is thread-safe, so request threads use it
concurrently without locks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from store.blobs import Blobs
from store.catalog_pages import CatalogPages
from store.config import StoreSettings
from store.db.engine import Database
from store.keys import StoreKeys
from store.monitoring import Metrics
from store.payments.base import PaymentProviders
from store.security import HashPool, Passwords
from store.throttle import Limits


@dataclass(frozen=True)
class StoreContext:
    settings: StoreSettings
    db: Database
    keys: StoreKeys
    passwords: Passwords
    blobs: Blobs
    providers: PaymentProviders
    limits: Limits
    hash_pool: HashPool
    metrics: Metrics
    catalog_pages: CatalogPages = field(default_factory=CatalogPages)

    def close(self) -> None:
        """Release the database pool, provider HTTP clients, the hashing pool and the limits'
        Redis connection (idempotent)."""
        self.providers.close()
        self.hash_pool.close()
        self.limits.close()
        self.db.dispose()
