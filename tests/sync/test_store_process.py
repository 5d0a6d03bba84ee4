"""The store as a separate process, killed (SIGKILL) in the middle of a download and in the
middle of a push, then restarted on the same data: the download resumes to the identical
sha256, and the push ends with every event stored exactly once."""

from __future__ import annotations

import hashlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from faults import FaultProxy, on
from kit import PASSWORD, Device, make_bundle, publish
from sqlalchemy import func, select

from store import accounts
from store.db.engine import Database
from store.db.models import SyncEvent
from sync.client import StoreClient
from sync.downloads import Progress, part_path
from sync.errors import Offline
from sync.protocol import DeviceInfo

pytestmark = pytest.mark.slow  # run by .ci/run beside the installer build

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class StoreProcess:
    """``python -m store.cli serve`` on a fixed port and data folder."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = data.parent / "store.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        env = {**os.environ, "SATCHEL_STORE_ARGON2_PROFILE": "test-fast"}
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "store.cli", "serve", "--port", str(self.port),
                 "--data", str(self.data), "--log-level", "warning"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log.read_text()
            try:
                if requests.get(self.url + "/v1/health", timeout=1).status_code == 200:
                    return
            except requests.ConnectionError:
                time.sleep(0.05)
        raise AssertionError("the store process did not start:\n" + self.log.read_text())

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()  # SIGKILL: no graceful shutdown, no flushing
        if self.proc is not None:
            self.proc.wait(10)

    def events(self) -> int:
        db = Database(f"sqlite:///{self.data / 'store.db'}")
        try:
            with db.session(write=False) as session:
                return session.scalar(select(func.count()).select_from(SyncEvent)) or 0
        finally:
            db.dispose()

    def make_instructor(self, email: str) -> None:
        db = Database(f"sqlite:///{self.data / 'store.db'}")
        try:
            with db.session(write=True) as session:
                accounts.set_role(session, email, instructor=True, admin=None)
        finally:
            db.dispose()


@pytest.fixture(scope="module")
def proc(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StoreProcess]:
    p = StoreProcess(tmp_path_factory.mktemp("proc") / "data")
    p.start()
    try:
        yield p
    finally:
        p.kill()


def test_store_killed_mid_download_resumes_to_the_same_sha256(
    proc: StoreProcess, tmp_path: Path
) -> None:
    author = StoreClient(proc.url)
    author.register("author@example.com", PASSWORD, DeviceInfo(name="author"))
    proc.make_instructor("author@example.com")
    course = publish(proc.url, author,
                     make_bundle(tmp_path, "killed-course", media_bytes=24_000_000, seed=7))
    author.close()

    dev = Device(tmp_path / "dev", proc.url, "learner@example.com", register=True)
    try:
        def kill_midway(p: Progress) -> None:
            if p.done > 0:  # the first bytes arrived: kill the store mid-stream
                proc.kill()

        with pytest.raises(Offline):
            dev.engine.download_course(course.id, on_progress=kill_midway)
        dest = dev.ports.content.bundle_path(course.id, course.version, course.bundle.sha256)
        partial = part_path(dest).stat().st_size
        assert 0 < partial < course.bundle.size
        assert not dest.exists()

        proc.start()
        seen: list[Progress] = []
        dev.engine.download_course(course.id, on_progress=seen.append)
        assert seen[0].done >= partial  # resumed with Range, not from zero
        assert hashlib.sha256(dest.read_bytes()).hexdigest() == course.bundle.sha256
    finally:
        dev.close()


def test_store_killed_mid_push_stores_every_event_once(
    proc: StoreProcess, tmp_path: Path
) -> None:
    with FaultProxy(proc.port) as proxy:
        dev = Device(tmp_path / "dev", proxy.url, "pusher@example.com", register=True)
        try:
            ids = set(dev.study(600))
            before = proc.events()
            # The request reaches the store, which is then killed before it can answer.
            proxy.add(on("POST", "/v1/sync/events"), "call", hook=proc.kill)
            report = dev.engine.sync_now()
            assert report.offline
            assert dev.outbox() == 600

            proc.start()
            report = dev.engine.sync_now()
            assert report.ok, report.error
            assert dev.outbox() == 0
            assert proc.events() - before == 600
        finally:
            dev.close()
    other = Device(tmp_path / "other", proc.url, "pusher@example.com")
    try:
        assert other.engine.sync_now().ok
        assert other.event_ids() == ids
    finally:
        other.close()
