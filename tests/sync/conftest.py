"""Fixtures of the sync tests: one real store per test module (uvicorn on a free loopback
port, SQLite in a temp dir), its published test courses, and fault-injecting proxies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from faults import FaultProxy
from kit import StoreKit

from store.config import StoreSettings
from store.server import EmbeddedStore


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreKit]:
    work = tmp_path_factory.mktemp("store")
    settings = StoreSettings(
        data_dir=work / "data",
        argon2_profile="test-fast",
        require_creator_agreement=False,
        copyright_check=False,
    )
    store = EmbeddedStore(settings).start()
    kit = StoreKit(store, work)
    try:
        yield kit
    finally:
        kit.close()


@pytest.fixture
def proxy(kit: StoreKit) -> Iterator[FaultProxy]:
    with FaultProxy(kit.port) as p:
        yield p


@pytest.fixture
def work(tmp_path: Path) -> Path:
    return tmp_path
