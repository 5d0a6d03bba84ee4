"""Monitoring over HTTP: /metrics (Prometheus: requests per route template, latency, errors,
sync lag and volume, DB pool), request ids echoed and in JSON log lines, liveness vs
readiness, failed requests recorded for `satchel-store status`, and that command's report."""

from __future__ import annotations

import io
import json
import logging
import os
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from prometheus_client.parser import text_string_to_metric_families

from store.app import api_app, build_context
from store.cli import main as cli_main
from store.db.migrate import downgrade, head_revision, upgrade
from store.monitoring import JsonFormatter, RequestIdFilter
from store.server import EmbeddedStore
from tests.store.harness import FakeStripe, StoreHarness, store_settings


@pytest.fixture
def monitored(tmp_path: Path) -> Iterator[StoreHarness]:
    """A store of its own (metrics start at zero) with a route that always fails."""
    settings = store_settings(tmp_path / "data", f"sqlite:///{tmp_path / 'store.db'}")
    ctx = build_context(settings)
    app: FastAPI = api_app(ctx)

    @app.get("/v1/boom/{thing}")
    def boom(thing: str) -> None:
        raise RuntimeError(f"the {thing} broke")

    server = EmbeddedStore(settings, app=app)
    server.ctx = ctx
    server.start()
    harness = StoreHarness(server, "sqlite", tmp_path / "bundles", FakeStripe())
    try:
        yield harness
    finally:
        harness.close()
        server.stop()


def samples(store: StoreHarness) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    r = store.client().get("/metrics")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    out: dict[tuple[str, tuple[tuple[str, str], ...]], float] = {}
    for family in text_string_to_metric_families(r.text):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def value(
    found: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


def event(at: datetime) -> dict[str, Any]:
    return {
        "id": str(uuid.uuid4()),
        "verb": "completed",
        "object": {"id": "lesson-1", "kind": "lesson"},
        "timestamp": at.isoformat().replace("+00:00", "Z"),
    }


def test_metrics_count_requests_per_route_template_with_latency(monitored: StoreHarness) -> None:
    c = monitored.client()
    for course in ("one", "two", "three"):
        assert c.get(f"/v1/catalog/courses/{course}").status_code == 404
    assert c.get("/v1/health").status_code == 200
    assert c.get("/no/such/page").status_code == 404
    found = samples(monitored)
    route = "/v1/catalog/courses/{course_id}"
    assert value(found, "satchel_http_requests_total", method="GET", route=route, status="404") == 3
    assert (
        value(found, "satchel_http_request_duration_seconds_count", method="GET", route=route) == 3
    )
    assert value(found, "satchel_http_request_duration_seconds_sum", method="GET", route=route) > 0
    assert (
        value(found, "satchel_http_requests_total", method="GET", route="unmatched", status="404")
        == 1
    )
    # raw paths never become labels (one series per route, not per course id)
    assert not any("/v1/catalog/courses/one" in str(labels) for _, labels in found)
    assert value(found, "satchel_db_pool_size") == 16  # the SQLite pool of the store
    assert value(found, "satchel_http_errors_total", method="GET", route=route) == 0


def test_a_failing_request_is_counted_logged_and_recorded(monitored: StoreHarness) -> None:
    c = monitored.client()
    r = c.get("/v1/boom/flux-capacitor", headers={"X-Request-ID": "trace-abc-123"})
    assert r.status_code == 500
    assert r.headers["X-Request-ID"] == "trace-abc-123"
    assert "internal error" in r.json()["detail"]
    assert "broke" not in r.text and "RuntimeError" not in r.text  # no internals to the client
    found = samples(monitored)
    assert value(found, "satchel_http_errors_total", method="GET", route="/v1/boom/{thing}") == 1
    assert (
        value(
            found,
            "satchel_http_requests_total",
            method="GET",
            route="/v1/boom/{thing}",
            status="500",
        )
        == 1
    )


def test_request_ids_are_echoed_or_made_and_reach_json_logs(monitored: StoreHarness) -> None:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    access = logging.getLogger("store.access")
    access.addHandler(handler)
    old_level = access.level
    access.setLevel(logging.INFO)
    try:
        c = monitored.client()
        given = c.get("/v1/health", headers={"X-Request-ID": "my-id.42"})
        made = c.get("/v1/health")
        hostile = c.get("/v1/health", headers={"X-Request-ID": 'a b"c' + "x" * 80})
        deadline = time.monotonic() + 5  # a line is written just after its answer was sent
        while stream.getvalue().count("\n") < 3 and time.monotonic() < deadline:
            time.sleep(0.01)
    finally:
        access.removeHandler(handler)
        access.setLevel(old_level)
    assert given.headers["X-Request-ID"] == "my-id.42"
    made_id = made.headers["X-Request-ID"]
    assert len(made_id) == 32 and int(made_id, 16) >= 0
    assert hostile.headers["X-Request-ID"] != hostile.request.headers["X-Request-ID"]
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    by_id = {line["request_id"]: line for line in lines}
    assert set(by_id) >= {"my-id.42", made_id, hostile.headers["X-Request-ID"]}
    line = by_id["my-id.42"]
    assert (line["level"], line["logger"], line["route"], line["status"]) == (
        "info",
        "store.access",
        "/v1/health",
        200,
    )
    assert line["duration_ms"] > 0 and line["message"].startswith("GET /v1/health 200")


def test_sync_lag_and_volume_metrics(monitored: StoreHarness) -> None:
    acc = monitored.register()
    an_hour_ago = datetime.now(UTC) - timedelta(hours=1)
    events = [event(an_hour_ago) for _ in range(4)]
    assert acc.post("/v1/sync/events", json={"events": events}).status_code == 200
    again = acc.post("/v1/sync/events", json={"events": [*events[:1], event(datetime.now(UTC))]})
    assert [r["status"] for r in again.json()["results"]] == ["duplicate", "accepted"]
    other_device = monitored.login(acc)
    pulled = other_device.get("/v1/sync/events", params={"since": 0}).json()
    assert len(pulled["events"]) == 5
    found = samples(monitored)
    assert value(found, "satchel_sync_events_total", result="accepted") == 5
    assert value(found, "satchel_sync_events_total", result="duplicate") == 1
    assert value(found, "satchel_sync_events_pulled_total") == 5
    assert value(found, "satchel_sync_event_lag_seconds_count") == 5
    lag_sum = value(found, "satchel_sync_event_lag_seconds_sum")
    assert 4 * 3600 <= lag_sum < 4 * 3600 + 120  # four events an hour old, one fresh
    # four of them fall in the bucket up to 6 h, none in the one up to 300 s but the fresh one
    assert value(found, "satchel_sync_event_lag_seconds_bucket", le="300.0") == 1
    assert value(found, "satchel_sync_event_lag_seconds_bucket", le="21600.0") == 5


def test_liveness_and_readiness(monitored: StoreHarness) -> None:
    c = monitored.client()
    assert c.get("/health/live").json() == {"status": "ok", "worker": os.getpid()}
    ready = c.get("/health/ready")
    assert ready.status_code == 200
    assert ready.json() == {"status": "ok", "checks": {"database": "ok"}}
    ctx = monitored.server.ctx
    assert ctx is not None
    downgrade(ctx.db.engine, "0002")  # e.g. a new release started before `migrate` ran
    try:
        not_ready = c.get("/health/ready")
        assert not_ready.status_code == 503
        assert not_ready.json()["status"] == "unavailable"
        assert not_ready.json()["checks"]["database"] == f"schema 0002, needs {head_revision()}"
        assert c.get("/health/live").status_code == 200  # alive, just not ready
    finally:
        upgrade(ctx.db.engine)
    assert c.get("/health/ready").status_code == 200


def test_metrics_can_require_a_token(tmp_path: Path) -> None:
    settings = store_settings(
        tmp_path / "d", f"sqlite:///{tmp_path / 's.db'}", metrics_token="scrape-secret"
    )
    with EmbeddedStore(settings) as server, httpx.Client(base_url=server.url) as c:
        assert c.get("/metrics").status_code == 401
        assert c.get("/metrics", headers={"Authorization": "Bearer nope"}).status_code == 401
        ok = c.get("/metrics", headers={"Authorization": "Bearer scrape-secret"})
        assert ok.status_code == 200 and "satchel_http_requests_total" in ok.text


def test_status_command_shows_health_errors_sales_and_sync(
    monitored: StoreHarness, capsys: pytest.CaptureFixture[str]
) -> None:
    author = monitored.instructor()
    monitored.publish_course(author, "status-course", price=1250)
    buyer = monitored.register()
    assert monitored.buy(buyer, "status-course")["status"] == "paid"
    events = [event(datetime.now(UTC)) for _ in range(7)]
    assert buyer.post("/v1/sync/events", json={"events": events}).status_code == 200
    r = monitored.client().get("/v1/boom/gizmo")
    assert r.status_code == 500
    request_id = r.headers["X-Request-ID"]
    settings = monitored.server.settings
    args = ["status", "--db", settings.database_url, "--data", str(settings.data_dir)]
    assert cli_main([*args, "--url", monitored.url]) == 0
    out = capsys.readouterr().out
    assert "database: ok" in out
    assert f"server {monitored.url}: ok (database ok)" in out
    assert "sales, last 24 h: 1 paid, 12.50 USD; 0 refunded" in out
    assert "sync, last 24 h: 7 events from 1 devices of 1 users" in out
    assert "errors, last 24 h: 1 (newest 1):" in out
    error_line = next(line for line in out.splitlines() if request_id in line)
    assert "500 GET /v1/boom/{thing}" in error_line and "the gizmo broke" in error_line
    monitored.server.stop()
    assert cli_main([*args, "--url", monitored.url]) == 1  # the server is down
    assert "unavailable" in capsys.readouterr().out


def test_admin_status_route_gives_the_same_view_to_administrators_only(
    monitored: StoreHarness,
) -> None:
    author = monitored.instructor()
    monitored.publish_course(author, "status-api", price=990)
    buyer = monitored.register()
    assert monitored.buy(buyer, "status-api")["status"] == "paid"
    assert buyer.post("/v1/sync/events", json={"events": [event(datetime.now(UTC))]}
                      ).status_code == 200  # fmt: skip
    assert monitored.client().get("/v1/boom/widget").status_code == 500

    assert monitored.client().get("/v1/admin/status").status_code == 401
    assert buyer.get("/v1/admin/status").status_code == 403
    assert author.get("/v1/admin/status").status_code == 403
    admin = monitored.admin()
    assert admin.get("/v1/admin/status", params={"hours": 0}).status_code == 422
    body = admin.get("/v1/admin/status").json()
    assert body["healthy"] is True and body["database"] == "ok" and body["hours"] == 24
    assert body["paid"] == [{"currency": "USD", "orders": 1, "amount": 990}]
    assert (body["sync_events"], body["sync_users"], body["sync_devices"]) == (1, 1, 1)
    assert body["errors_total"] == 1
    [err] = body["recent_errors"]
    assert err["route"] == "/v1/boom/{thing}" and "widget broke" in err["error"]


def test_a_push_batch_lands_in_the_lag_histogram_as_one_observe_per_event_would() -> None:
    """`_observe_many` (one increment per bucket for a 5,000-event push) exposes exactly
    what 5,000 `observe` calls expose, edge values on the bucket bounds included."""
    from prometheus_client import CollectorRegistry, Histogram, generate_latest

    from store.monitoring import LAG_BUCKETS, _observe_many

    values = [0.0, *LAG_BUCKETS[:-1], 1e12] + [(i * 7919 % 100_000) / 3.0 for i in range(5000)]
    one, many = CollectorRegistry(), CollectorRegistry()
    each = Histogram("lag", "lag", buckets=LAG_BUCKETS, registry=one)
    batch = Histogram("lag", "lag", buckets=LAG_BUCKETS, registry=many)
    for value in values:
        each.observe(value)
    _observe_many(batch, values)

    def exposed(registry: CollectorRegistry) -> list[str]:
        return [line for line in generate_latest(registry).decode().splitlines()
                if "_created" not in line and not line.startswith("#")]

    expected, got = exposed(one), exposed(many)
    assert [line for line in got if "_sum" not in line] == [
        line for line in expected if "_sum" not in line]
    assert any("le=\"+Inf\"} 5" in line for line in got)
    total_expected = float(next(x for x in expected if "_sum" in x).split()[-1])
    total_got = float(next(x for x in got if "_sum" in x).split()[-1])
    assert abs(total_got - total_expected) <= 1e-6 * total_expected
