"""Fixtures' helpers for the creator tests: a store with the creator agreement and the
copyright check switched on (the shared harness switches them off, because its tests
publish the same tiny course from many accounts), and courses with real lesson text."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bundle.cli import main as bundle_main
from store.server import EmbeddedStore
from tests.store.course_bundles import write_course
from tests.store.harness import PASSWORD, Account, FakeStripe, StoreHarness, store_settings

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


def real_lesson(name: str = "python-foundations/lessons/03-functions.md") -> str:
    return (DEMO / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def creators(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreHarness]:
    data = tmp_path_factory.mktemp("creator-store")
    stripe = FakeStripe()
    stripe_http = httpx.Client(transport=httpx.MockTransport(stripe.handler))
    settings = store_settings(
        data, f"sqlite:///{data / 'store.db'}",
        require_creator_agreement=True, copyright_check=True, platform_fee_bps=2500,
    )  # fmt: skip
    server = EmbeddedStore(settings, stripe_http=stripe_http)
    server.start()
    harness = StoreHarness(server, "sqlite", tmp_path_factory.mktemp("creator-bundles"), stripe)
    try:
        yield harness
    finally:
        harness.close()
        server.stop()
        stripe_http.close()


def course_folder(store: StoreHarness, course_id: str, lesson: str, **fields: Any) -> Path:
    return write_course(store.workdir / f"{course_id}-{fields.get('version', '1.0.0')}",
                        course_id, lesson_two=lesson, **fields)  # fmt: skip


def cli_publish(
    store: StoreHarness,
    author: Account,
    path: Path,
    *extra: str,
    answers: str = "",
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> tuple[int, str]:
    monkeypatch.setenv("SATCHEL_STORE_PASSWORD", PASSWORD)
    monkeypatch.setattr("sys.stdin", io.StringIO(answers))
    capsys.readouterr()
    code = bundle_main(["publish", str(path), "--store", store.url, "--email", author.email,
                        *extra])  # fmt: skip
    return code, capsys.readouterr().out
