"""Shared parts of the schemathesis fuzz modules (one per backend, so each can have its own
example budget): the schema, fixtures and the test body."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from store.app import api_app
from tests.store.harness import Account, StoreHarness

schema = schemathesis.openapi.from_dict(api_app().openapi())


def examples(default: int) -> int:
    """Examples per operation; `SATCHEL_FUZZ_EXAMPLES` overrides (e.g. for a longer run)."""
    return int(os.environ.get("SATCHEL_FUZZ_EXAMPLES", default))


@pytest.fixture(scope="module")
def fuzz_catalog(store: StoreHarness) -> dict[str, Any]:
    author = store.instructor()
    store.publish_course(author, "fuzz-paid", price=1200)
    store.publish_course(author, "fuzz-free", price=0)
    return {"author": author}


@pytest.fixture
def fuzzer(store: StoreHarness, fuzz_catalog: Any) -> Account:
    """A fresh admin + instructor per operation (a fuzzed logout or device revoke must not
    blind the next operation)."""
    acc = store.register("fuzz")
    store.grant_role(acc, instructor=True, admin=True)
    return acc


def make_fuzz_test(max_examples: int) -> Callable[..., None]:
    @schema.parametrize()
    @settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
    )
    def test_no_server_errors(
        case: schemathesis.Case, store: StoreHarness, fuzzer: Account
    ) -> None:
        response = case.call(base_url=store.url, headers=fuzzer.auth, timeout=30)
        case.validate_response(response, checks=[not_a_server_error])
        if response.status_code >= 400 and case.method != "HEAD":
            content_type = response.headers.get("content-type", [""])[0]
            assert content_type.startswith("application/problem+json"), (
                response.status_code,
                response.text[:300],
            )
            body = response.json()
            assert body["status"] == response.status_code and body["detail"]

    return test_no_server_errors
