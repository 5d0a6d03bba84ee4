"""Monitoring of a running store: Prometheus metrics, request ids, JSON logs, 5xx records.

- `Metrics`: request rate, latency histograms per route template (``/v1/content/{sha256}``,
  never the raw path), 5xx errors, requests in flight, sync lag (an event's age when it
  reaches the store), sync volume, database pool use and the password-hash queue, in the
  Prometheus text format (prometheus-client). With N worker processes set
  ``PROMETHEUS_MULTIPROC_DIR`` (``satchel-store serve --workers N`` does): every worker
  writes its values there and any worker's ``/metrics`` answers for all of them.
- `MonitoringMiddleware` (pure ASGI): takes the caller's ``X-Request-ID`` (or makes one),
  echoes it on the answer, keeps it in a context variable for every log line of the
  request, writes one access log line per request, counts it, and records a 5xx in the
  ``error_log`` table (best effort, in its own short transaction after the answer).
- `configure_logging`: JSON lines (one object per record, with ``request_id``) or text.

Thread-safe: prometheus-client metrics are; the context variable follows the request into
the thread pool (anyio copies the context).
"""

from __future__ import annotations

import bisect
import contextvars
import json
import logging
import math
import os
import re
import time
import traceback
import uuid
from collections import Counter as Tally
from datetime import UTC, datetime
from typing import Any

import anyio.to_thread
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.multiprocess import MultiProcessCollector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from store.db.engine import Database
from store.db.models import ErrorLog
from store.problems import INTERNAL_ERROR, problem_response
from store.security import HashPool

log = logging.getLogger("store.access")
errors_log = logging.getLogger("store.errors")

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")
_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)
LAG_BUCKETS = (1, 10, 60, 300, 3600, 6 * 3600, 86400, 7 * 86400, 30 * 86400)


def current_request_id() -> str:
    """The id of the request this code runs for ("-" outside a request)."""
    return _request_id.get()


def multiprocess_dir() -> str | None:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR") or None


class Metrics:
    """The store's metrics, on a registry of their own (one per app)."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter(
            "satchel_http_requests",
            "HTTP requests answered, by method, route template and status",
            ["method", "route", "status"],
            registry=r,
        )
        self.latency = Histogram(
            "satchel_http_request_duration_seconds",
            "Time to answer a request (until the last body byte), by route template",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.errors = Counter(
            "satchel_http_errors",
            "Requests answered with a 5xx (unhandled errors included), by route template",
            ["method", "route"],
            registry=r,
        )
        self.in_flight = Gauge(
            "satchel_http_requests_in_flight",
            "Requests being handled now",
            registry=r,
            multiprocess_mode="livesum",
        )
        self.sync_lag = Histogram(
            "satchel_sync_event_lag_seconds",
            "Age of a learning event when the store accepted it (now minus its timestamp)",
            buckets=LAG_BUCKETS,
            registry=r,
        )
        self.sync_events = Counter(
            "satchel_sync_events",
            "Learning events pushed, by result (accepted, duplicate)",
            ["result"],
            registry=r,
        )
        self.sync_pulled = Counter(
            "satchel_sync_events_pulled", "Learning events sent to pulling devices", registry=r
        )
        self.db_pool_in_use = Gauge(
            "satchel_db_pool_connections_in_use",
            "Database connections checked out of the pool",
            registry=r,
            multiprocess_mode="livesum",
        )
        self.db_pool_size = Gauge(
            "satchel_db_pool_size",
            "Connections the pool keeps (overflow not counted)",
            registry=r,
            multiprocess_mode="livesum",
        )
        self.hash_jobs = Gauge(
            "satchel_password_hash_jobs",
            "Password hashes running or waiting on the bounded pool",
            registry=r,
            multiprocess_mode="livesum",
        )

    def observe_push(self, timestamps: list[datetime], accepted: int, duplicates: int) -> None:
        now = datetime.now(UTC)
        _observe_many(self.sync_lag, [max(0.0, (now - ts).total_seconds()) for ts in timestamps])
        if accepted:
            self.sync_events.labels("accepted").inc(accepted)
        if duplicates:
            self.sync_events.labels("duplicate").inc(duplicates)

    def render(self) -> tuple[bytes, str]:
        """The Prometheus text exposition: this process's metrics, or every worker's."""
        path = multiprocess_dir()
        if path:
            registry = CollectorRegistry()
            MultiProcessCollector(registry, path=path)  # type: ignore[no-untyped-call]
            return generate_latest(registry), CONTENT_TYPE_LATEST
        return generate_latest(self.registry), CONTENT_TYPE_LATEST


def _observe_many(histogram: Histogram, values: list[float]) -> None:
    """``histogram.observe(v)`` for each of ``values``, with one increment per bucket and one
    of the sum (a 5,000-event push otherwise takes 5,000 locked updates, each a write to the
    shared file in multi-worker mode). Uses the histogram's bucket bounds and counters as
    prometheus-client keeps them; if a release lays them out differently, it falls back to
    one `observe` per value."""
    bounds = getattr(histogram, "_upper_bounds", None)
    buckets = getattr(histogram, "_buckets", None)
    total = getattr(histogram, "_sum", None)
    if not values:
        return
    if not (isinstance(bounds, list) and isinstance(buckets, list) and total is not None
            and len(bounds) == len(buckets)):
        for value in values:
            histogram.observe(value)
        return
    counts = Tally(bisect.bisect_left(bounds, v) for v in values)
    for index, count in counts.items():
        buckets[index].inc(count)
    total.inc(math.fsum(values))


def _route_template(scope: Scope) -> str:
    """The matched route's template with its router prefix (``/v1/content/{sha256}``);
    "unmatched" when no route matched. The route object knows its path without the prefix
    of the router it was included from, so the prefix is taken from the actual path."""
    route = scope.get("route")
    template = getattr(route, "path_format", None) or getattr(route, "path", None)
    if not isinstance(template, str):
        return "unmatched"
    rendered = template
    for name, value in (scope.get("path_params") or {}).items():
        rendered = rendered.replace("{" + name + "}", str(value))
    path: str = scope.get("path", "")
    if rendered and path.endswith(rendered):
        return path[: len(path) - len(rendered)] + template
    return template


class MonitoringMiddleware:
    def __init__(self, app: ASGIApp, *, metrics: Metrics, db: Database, hash_pool: HashPool):
        self.app = app
        self.metrics = metrics
        self.db = db
        self.hash_pool = hash_pool

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = ""
        for name, value in scope.get("headers", []):
            if name == b"x-request-id":
                incoming = value.decode("latin-1").strip()
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        token = _request_id.set(request_id)
        status = 500
        started = time.perf_counter()
        header = (REQUEST_ID_HEADER.lower().encode(), request_id.encode())

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = int(message["status"])
                message["headers"] = [*message.get("headers", []), header]
            await send(message)

        failure = ""
        started_answer = False

        async def tracking_send(message: Message) -> None:
            nonlocal started_answer
            started_answer = started_answer or message["type"] == "http.response.start"
            await send_with_id(message)

        self.metrics.in_flight.inc()
        try:
            await self.app(scope, receive, tracking_send)
        except Exception as exc:
            status = 500
            failure = "".join(traceback.format_exception_only(exc)).strip()
            errors_log.error(
                "unhandled error in %s %s", scope.get("method"), scope.get("path"), exc_info=exc
            )
            if started_answer:
                raise
            # Answer here, so that even this answer carries the request id.
            await problem_response(
                500, INTERNAL_ERROR, code="internal", instance=scope.get("path")
            )(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            self.metrics.in_flight.dec()
            method = scope.get("method", "")
            route = _route_template(scope)
            self.metrics.requests.labels(method, route, str(status)).inc()
            self.metrics.latency.labels(method, route).observe(elapsed)
            self._pool_gauges()
            log.info(
                "%s %s %s %.1f ms",
                method,
                scope.get("path", ""),
                status,
                elapsed * 1000,
                extra={
                    "method": method,
                    "route": route,
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                    "client": (scope.get("client") or ("", 0))[0],
                },
            )
            if status >= 500:
                self.metrics.errors.labels(method, route).inc()
                await anyio.to_thread.run_sync(
                    self._record_error, request_id, method, route, status, failure
                )
            _request_id.reset(token)

    def _pool_gauges(self) -> None:
        pool: Any = self.db.engine.pool
        if hasattr(pool, "checkedout"):
            self.metrics.db_pool_in_use.set(pool.checkedout())
            self.metrics.db_pool_size.set(pool.size())
        self.metrics.hash_jobs.set(self.hash_pool.in_use)

    def _record_error(
        self, request_id: str, method: str, route: str, status: int, failure: str
    ) -> None:
        errors_log.error(
            "request failed with %s on %s %s: %s", status, method, route, failure or "-"
        )
        try:
            with self.db.write() as session:
                session.add(
                    ErrorLog(
                        request_id=request_id,
                        method=method[:16],
                        route=route[:200],
                        status=status,
                        error=failure[:500],
                    )
                )
        except Exception:  # the database may be what failed; the log line above stays
            errors_log.exception("could not record the failed request %s", request_id)


# --------------------------------------------------------------------------- logging

_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, request id, extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", current_request_id()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and key not in out:
                out[key] = value if isinstance(value, str | int | float | bool) else str(value)
        if record.exc_info:
            out["exception"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False)


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current_request_id()
        return True


def configure_logging(level: str = "info", fmt: str = "json") -> None:
    """Root logging for `satchel-store serve`: JSON lines (default) or text, on stderr."""
    handler = logging.StreamHandler()
    handler.addFilter(RequestIdFilter())
    if fmt == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s")
        )
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
