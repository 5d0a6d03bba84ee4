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
    parsed = urlparse(url.replace("+psycopg2", ""))
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5432), 1.0):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def pg_server_url() -> str:
    """URL of the PostgreSQL server; skips (or fails under SATCHEL_REQUIRE_POSTGRES=1)."""
    if not _pg_reachable(PG_URL):
        reason = f"PostgreSQL not reachable at {PG_URL} (set SATCHEL_PG_URL)"
        if os.environ.get("SATCHEL_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + " but SATCHEL_REQUIRE_POSTGRES=1")
        pytest.skip(reason)
    return PG_URL


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
