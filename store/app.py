"""Builds the FastAPI application of the store.

`create_app(settings)` opens the database (migrating it to the newest schema), loads or
creates the store's keys, sets up payment providers and mounts every router under `/v1`.
`api_app()` builds the same routes without any state, for exporting the OpenAPI document.
The returned app is served by uvicorn (see `store.server` and `store.cli`); request handlers
run in the thread pool and share the thread-safe `StoreContext`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import APIRouter, FastAPI

from store.api import (
    admin,
    app_releases,
    auth,
    catalog,
    certificates,
    coach,
    content,
    devices,
    entitlements,
    health,
    instructor,
    keys,
    orders,
    orgs,
    payments,
    publishing,
    reviews,
    sync,
)
from store.blobs import open_blobs
from store.catalog_pages import CatalogPages
from store.config import StoreSettings
from store.context import StoreContext
from store.db.engine import Database
from store.db.migrate import upgrade
from store.keys import StoreKeys
from store.limits import BodyLimitMiddleware
from store.monitoring import Metrics, MonitoringMiddleware
from store.payments.registry import build_providers
from store.problems import install_handlers
from store.security import HashPool, Passwords
from store.throttle import build_limits
from store.xapi import XapiForwarder
from sync.protocol import API_PREFIX, Problem

STORE_VERSION = "1.0.0"

PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": Problem, "description": text}
    for code, text in (
        (400, "Bad request"),
        (401, "Not signed in, or the token is no longer valid"),
        (403, "Not allowed"),
        (404, "Not found"),
        (409, "Conflict with the current state"),
        (413, "Body too large"),
        (422, "Invalid request"),
        (429, "Too many attempts"),
    )
}


def build_context(
    settings: StoreSettings,
    *,
    stripe_http: httpx.Client | None = None,
    migrate: bool = True,
) -> StoreContext:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    db = Database(settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms)
    try:
        if migrate:
            upgrade(db.engine)
        keys = StoreKeys.load(settings.signing_key_file, settings.master_key_file)
        passwords = Passwords(settings.argon2_profile)
        blobs = open_blobs(
            settings.blob_dir,
            bucket=settings.s3_bucket,
            prefix=settings.s3_prefix,
            endpoint_url=settings.s3_endpoint_url,
            region=settings.s3_region,
            presign_seconds=settings.s3_presign_seconds,
        )
        limits = build_limits(settings.redis_url, settings.redis_namespace)
    except BaseException:
        db.dispose()
        raise
    return StoreContext(
        settings=settings,
        db=db,
        keys=keys,
        passwords=passwords,
        blobs=blobs,
        providers=build_providers(settings, stripe_http),
        limits=limits,
        hash_pool=HashPool(settings.password_hash_workers, settings.password_hash_queue),
        metrics=Metrics(),
        catalog_pages=CatalogPages(max_pages=settings.catalog_pages),
    )


def api_app(ctx: StoreContext | None = None, settings: StoreSettings | None = None) -> FastAPI:
    """The FastAPI app; without `ctx` it only serves for schema export."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        forwarder = XapiForwarder(ctx) if ctx is not None else None
        if forwarder is not None:
            forwarder.start()
        yield
        if forwarder is not None:
            forwarder.stop()
        if ctx is not None:
            ctx.close()

    app = FastAPI(
        title="Satchel store",
        version=STORE_VERSION,
        description=(
            "Reference store server of Satchel: accounts, catalog, orders and payments, "
            "signed entitlement leases, content delivery, learning-record sync, publishing. "
            "Errors are RFC 7807 problem documents."
        ),
        lifespan=lifespan,
    )
    if ctx is not None:
        app.state.ctx = ctx
    install_handlers(app)
    s = settings or (ctx.settings if ctx else StoreSettings())
    app.add_middleware(
        BodyLimitMiddleware,
        default_limit=s.max_json_bytes,
        upload_limit=s.max_upload_bytes,
        upload_prefix=API_PREFIX + "/publish/",
    )
    if ctx is not None:  # outermost: sees every answer, sets the request id for the rest
        app.add_middleware(
            MonitoringMiddleware, metrics=ctx.metrics, db=ctx.db, hash_pool=ctx.hash_pool
        )
    v1 = APIRouter(prefix=API_PREFIX, responses=PROBLEM_RESPONSES)
    for module in (
        health,
        auth,
        devices,
        catalog,
        orders,
        payments,
        entitlements,
        keys,
        content,
        sync,
        publishing,
        instructor,
        admin,
        app_releases,
        orgs,
        coach,
        certificates,
        reviews,
    ):
        v1.include_router(module.router)
    app.include_router(v1)
    app.include_router(health.operations)
    return app


def create_app(settings: StoreSettings, *, stripe_http: httpx.Client | None = None) -> FastAPI:
    """A ready-to-serve store app (database migrated, keys loaded)."""
    return api_app(build_context(settings, stripe_http=stripe_http))
