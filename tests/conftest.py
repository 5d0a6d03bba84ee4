"""Shared fixtures: every app path goes to a temp dir; PostgreSQL access for `postgres` tests.

Under ``SATCHEL_STRICT_SKIPS=1`` (set by ``.ci/run``) a skipped test is reported as a failure:
on CI every tool and service a test needs is installed, so a skip would hide a missing piece.
Only tests marked ``opt_in`` (run by a later CI step with their own switch) may skip there.
"""

from __future__ import annotations

import os
import socket
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest

STRICT_SKIPS = os.environ.get("SATCHEL_STRICT_SKIPS") == "1"

PG_URL = os.environ.get("SATCHEL_PG_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("SATCHEL_REDIS_URL", "redis://127.0.0.1:6379/0")


def skip_or_fail(reason: str, require_env: str = "") -> None:
    """Skip a test whose service is absent, or fail it when CI made services mandatory
    (SATCHEL_STRICT_SKIPS=1, or the service's own SATCHEL_REQUIRE_* variable)."""
    if os.environ.get("SATCHEL_STRICT_SKIPS") == "1" or (
        require_env and os.environ.get(require_env) == "1"
    ):
        pytest.fail(reason + " (mandatory here: SATCHEL_STRICT_SKIPS / " + require_env + ")")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _satchel_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Redirect every path the app writes (data, config, cache, logs) to a fresh temp dir."""
    home = tmp_path_factory.mktemp("satchel-home")
    monkeypatch.setenv("SATCHEL_HOME", str(home))
    monkeypatch.setenv("SATCHEL_NO_KEYRING_PROBE", "1")
    # Cheap Argon2id for the profile keys tests make (wraps record their own cost).
    monkeypatch.setenv("SATCHEL_ARGON2_PROFILE", "test-fast")
    # A developer machine's /etc/satchel/institution.toml must not change test results.
    monkeypatch.setenv("SATCHEL_INSTITUTION_CONFIG", "none")
    return home


def _pg_reachable(url: str) -> bool:
    """Whether the TCP port of a service URL (PostgreSQL, Redis) answers."""
    parsed = urlparse(url.replace("+psycopg2", ""))
    default = 6379 if parsed.scheme == "redis" else 5432
    try:
        with socket.create_connection(
            (parsed.hostname or "127.0.0.1", parsed.port or default), 1.0
        ):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """URL of the PostgreSQL server; skips (or fails under SATCHEL_REQUIRE_POSTGRES=1)."""
    if not _pg_reachable(PG_URL):
        skip_or_fail(
            f"PostgreSQL not reachable at {PG_URL} (set SATCHEL_PG_URL)",
            "SATCHEL_REQUIRE_POSTGRES",
        )
    return PG_URL


@pytest.fixture(scope="session")
def redis_url() -> str:
    """URL of a Redis server (SATCHEL_REDIS_URL, default 127.0.0.1:6379); skips when absent
    unless SATCHEL_STRICT_SKIPS=1 or SATCHEL_REQUIRE_REDIS=1. Tests use their own key
    namespace, so they never see each other's keys."""
    if not _pg_reachable(REDIS_URL):
        skip_or_fail(
            f"Redis not reachable at {REDIS_URL} (set SATCHEL_REDIS_URL)", "SATCHEL_REQUIRE_REDIS"
        )
    return REDIS_URL


@pytest.fixture
def pg_url(pg_server_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    import sqlalchemy as sa

    name = "satchel_t_" + uuid.uuid4().hex[:12]
    admin = sa.create_engine(pg_server_url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        base = pg_server_url.rsplit("/", 1)[0]
        yield f"{base}/{name}"
        with admin.connect() as conn:
            conn.execute(
                sa.text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :n"
                ),
                {"n": name},
            )
            conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
    finally:
        admin.dispose()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Under SATCHEL_STRICT_SKIPS=1 a skip (other than an ``opt_in`` test's) is a failure."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if not (STRICT_SKIPS and report.skipped) or hasattr(report, "wasxfail"):
        return
    if item.get_closest_marker("opt_in") is not None:
        return
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = (
        f"skipped under SATCHEL_STRICT_SKIPS=1 (.ci/run installs everything tests need): {reason}"
    )
