"""N stateless worker processes (`satchel-store serve --workers N`): uvicorn's supervisor
starts them on one listening socket and restarts any that dies.

The parent has already migrated the database and created the keys (`store.cli.cmd_serve`),
so workers only open them (`migrate=False`). Everything a worker needs comes from the
environment, since uvicorn imports the app anew in each process: the `SATCHEL_STORE_*`
settings (CLI overrides are written there first), the log format, and
``PROMETHEUS_MULTIPROC_DIR`` — a fresh folder where every worker writes its metrics so that
any worker's ``/metrics`` reports all of them. Workers share nothing else in memory: state
lives in the database, blob storage, and Redis for the limits when configured (without it,
each worker counts its own limits; the CLI warns).

`app_factory` is the import string uvicorn calls in each worker: ``store.workers:app_factory``.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

import uvicorn
from fastapi import FastAPI

from store.config import ENV_PREFIX, StoreSettings

LOG_ENV = ENV_PREFIX + "LOG"  # "<level>:<format>" for the workers' logging


def settings_to_env(settings: StoreSettings) -> dict[str, str]:
    """The environment that makes `StoreSettings.from_env()` rebuild ``settings``."""
    env: dict[str, str] = {}
    for name in settings.__dataclass_fields__:
        value = getattr(settings, name)
        if value is None:
            continue
        key = ENV_PREFIX + ("DATA" if name == "data_dir" else name.upper())
        env[key] = ("1" if value else "0") if isinstance(value, bool) else str(value)
    return env


def app_factory() -> FastAPI:
    """The store app of one worker process (uvicorn ``factory=True``)."""
    from store.app import api_app, build_context

    log = os.environ.get(LOG_ENV)
    if log:
        from store.monitoring import configure_logging

        level, _, fmt = log.partition(":")
        configure_logging(level, fmt or "json")
    return api_app(build_context(StoreSettings.from_env(), migrate=False))


def serve_workers(
    settings: StoreSettings,
    *,
    host: str,
    port: int,
    workers: int,
    log_level: str = "info",
    log_format: str = "json",
    proxy: str | None = None,
) -> int:
    """Serve with ``workers`` processes until interrupted (blocks)."""
    os.environ.update(settings_to_env(settings))
    os.environ[LOG_ENV] = f"{log_level}:{log_format}"
    metrics_dir = Path(tempfile.mkdtemp(prefix="satchel-metrics-"))
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
    if not settings.redis_url:
        print(
            "satchel-store: no SATCHEL_STORE_REDIS_URL: each worker keeps its own abuse "
            "limits (set it so that the workers share them)",
            file=sys.stderr,
            flush=True,
        )
    try:
        uvicorn.run(
            "store.workers:app_factory",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level=log_level,
            access_log=False,
            log_config=None,
            timeout_graceful_shutdown=10,
            proxy_headers=bool(proxy),
            forwarded_allow_ips=proxy,
        )
    finally:
        shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0
