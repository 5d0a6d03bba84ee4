"""Schemathesis fuzzes every operation of the store's OpenAPI document against the running
store on SQLite (20 random examples per operation, plus schemathesis' explicit and coverage
cases): no request may produce a 5xx, and every error must be a problem document. Requests
carry a signed-in admin+instructor account, so the handlers behind authentication are
reached too. `SATCHEL_FUZZ_EXAMPLES=200` makes a longer run."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.store.fuzzing import examples, fuzz_catalog, fuzzer, make_fuzz_test

pytestmark = pytest.mark.slow  # run by .ci/run beside the installer build

__all__ = ["fuzz_catalog", "fuzzer"]


@pytest.fixture(scope="module")
def store_db_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    yield f"sqlite:///{tmp_path_factory.mktemp('fuzz-db') / 'store.db'}"


test_no_server_errors = make_fuzz_test(examples(20))
