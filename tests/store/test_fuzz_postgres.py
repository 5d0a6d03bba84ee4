"""The schemathesis fuzz (see test_fuzz.py) against the store on PostgreSQL, with a smaller
random budget (8 examples per operation, plus the explicit and coverage cases): PostgreSQL
is stricter than SQLite about the text and numbers it stores, which is what this run is
for."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.store.fuzzing import examples, fuzz_catalog, fuzzer, make_fuzz_test
from tests.store.harness import create_pg_db, drop_pg_db

__all__ = ["fuzz_catalog", "fuzzer"]

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture(scope="module")
def store_db_url(pg_server_url: str) -> Iterator[str]:
    name, url = create_pg_db(pg_server_url)
    try:
        yield url
    finally:
        drop_pg_db(pg_server_url, name)


test_no_server_errors = make_fuzz_test(examples(8))
