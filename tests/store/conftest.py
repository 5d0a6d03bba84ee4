"""A really running store (uvicorn on a loopback port, in a background thread) per test
module and backend: SQLite always, PostgreSQL when reachable (`postgres` marker).

Tests talk to it over HTTP only, with httpx (see `harness.py`). State is shared within a
module, so every test uses fresh accounts (`store.register()` makes a unique email) and its
own course ids. Stripe's API is replaced by an injected `httpx.MockTransport`.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from store.server import EmbeddedStore
from tests.store.harness import (
    BACKENDS,
    FakeStripe,
    StoreHarness,
    create_pg_db,
    drop_pg_db,
    store_settings,
)


@pytest.fixture(scope="module", params=BACKENDS)
def store_db_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    """An empty database for one module's store: a SQLite file, or a fresh PostgreSQL
    database on the server of `pg_server_url` (module-scoped twin of `pg_url`)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('store-db') / 'store.db'}"
        return
    server_url: str = request.getfixturevalue("pg_server_url")
    name, url = create_pg_db(server_url)
    try:
        yield url
    finally:
        drop_pg_db(server_url, name)


@pytest.fixture(scope="module")
def store(store_db_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreHarness]:
    data = tmp_path_factory.mktemp("store-data")
    stripe = FakeStripe()
    stripe_http = httpx.Client(transport=httpx.MockTransport(stripe.handler))
    server = EmbeddedStore(store_settings(data, store_db_url), stripe_http=stripe_http)
    server.start()
    backend = "postgres" if store_db_url.startswith("postgresql") else "sqlite"
    harness = StoreHarness(server, backend, tmp_path_factory.mktemp("bundles"), stripe)
    try:
        yield harness
    finally:
        harness.close()
        server.stop()
        stripe_http.close()
