"""Sync benchmark against a local store (loopback only, bounded), in one run:

- push N learning events from one device's outbox (batches of 1000) and pull them on a second
  device of the same account (pages of 1000), with events/s;
- download throughput of a large course bundle through `sync.downloads.fetch` (Range-capable
  stream into `.part`, incremental sha256, fsync, rename) next to baselines measured in the
  same run on the same file: a plain sha256 of the file on disk, a plain HTTP GET of the same
  URL that discards the bytes, and a plain copy of the file with fsync (the disk's floor).

    python bench/sync_bench.py                 # 100k events, 256 MB bundle
    python bench/sync_bench.py --events 20000 --mb 64

Everything lives in a temporary folder (store data, client databases, downloads) and is
removed afterwards. The store runs as its own process (`python -m store.cli serve` on
127.0.0.1 and a free port, SQLite), as it would for a real client.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

# SATCHEL_BENCH_ROOT: run against another checkout of the code (``--baseline`` sets it).
ROOT = Path(os.environ.get("SATCHEL_BENCH_ROOT") or Path(__file__).resolve().parents[1])
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from scratch_pg import create_pg_db, drop_pg_db  # noqa: E402  (bench/, next to this file)
from sqlalchemy import insert  # noqa: E402

from app.db import open_database  # noqa: E402
from app.db.events import event_payload  # noqa: E402
from app.db.hlc import HybridLogicalClock  # noqa: E402
from app.db.models import LearningEvent, Outbox  # noqa: E402
from app.db.sync_ports import DatabasePorts  # noqa: E402
from bundle.pack import pack  # noqa: E402
from sync.client import StoreClient  # noqa: E402
from sync.downloads import fetch, sha256_of  # noqa: E402
from sync.engine import SyncEngine  # noqa: E402
from sync.protocol import DeviceInfo  # noqa: E402

T = TypeVar("T")
PASSWORD = "benchmark password"


def timed(fn: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = fn()
    return result, time.perf_counter() - start


def make_bundle(folder: Path, media_mb: int) -> Path:
    src = folder / "bench-src"
    (src / "lessons").mkdir(parents=True)
    (src / "lessons" / "intro.md").write_text("# Bench\n\nA large course.\n", encoding="utf-8")
    rng = random.Random(1)
    with (src / "lessons" / "clip.mp4").open("wb") as fh:
        for _ in range(media_mb):
            fh.write(rng.randbytes(1 << 20))
    item = {"duration_min": 5, "skills": ["s"], "completion": {"type": "viewed"}}
    manifest = {
        "format": "satchel-bundle/1", "id": "bench-course", "version": "1.0.0",
        "min_app_version": "0.1.0", "title": "Bench course", "language": "en",
        "authors": [{"name": "Bench"}], "licence": "CC0-1.0", "description": "Benchmark.",
        "topic": "other", "tags": [], "skills": [{"id": "s", "name": "S"}],
        "price_hint": {"amount": 0, "currency": "USD"},
        "outline": [{"id": "m", "title": "M", "items": [
            {"id": "intro", "kind": "text", "title": "Intro", "path": "lessons/intro.md",
             **item},
            {"id": "clip", "kind": "video", "title": "Clip", "path": "lessons/clip.mp4", **item},
        ]}],
    }
    (src / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return pack(src, folder / "bench.satchel")


class Client:
    """One device: database, HTTP client, ports, engine."""

    def __init__(
        self, root: Path, url: str, email: str, register: bool, batch: int = 1000
    ) -> None:
        self.db = open_database(root / "satchel.db")
        self.client = StoreClient(url, timeout=(5, 120))
        device = DeviceInfo(name=root.name)
        tokens = (self.client.register if register else self.client.login)(
            email, PASSWORD, device
        )
        self.user_id, self.device_id = tokens.user.id, tokens.device_id
        ports = DatabasePorts(
            self.db, user_id=lambda: tokens.user.id,
            clock=HybridLogicalClock(tokens.device_id), downloads_dir=root / "downloads",
        )
        # Batches and pages are clamped to the protocol's caps (MAX_EVENT_BATCH, ...).
        self.engine = SyncEngine(self.client, ports.as_ports(), batch_size=batch,
                                 pull_limit=batch)

    def batch(self, n: int) -> Callable[[], None]:
        """``n`` learning events as they arrive from an import (built here, outside the
        timing), and the call that records them with their outbox rows in one transaction:
        `app.db.events.record_events` (the batch path), or ORM bulk inserts where it is
        absent (the baseline's code, which builds its rows itself)."""
        try:
            from app.db.events import record_events
        except ImportError:
            return lambda: self.record_orm(n)
        now = datetime.now(UTC)
        events: list[Any] = [{
            "actor_id": self.user_id, "device_id": self.device_id, "verb": "completed",
            "object_type": "lesson", "object_id": f"item-{i % 200}",
            "course_id": "bench-course", "result": {"score": 1.0}, "timestamp": now,
        } for i in range(n)]
        return lambda: self.db.write_sync(lambda session: record_events(session, events))

    def record_orm(self, n: int) -> None:
        """Append ``n`` learning events and their outbox rows (5000 per transaction)."""
        now = datetime.now(UTC)
        for start in range(0, n, 5000):
            rows: list[dict[str, Any]] = []
            for i in range(start, min(n, start + 5000)):
                rows.append({
                    "id": str(uuid.uuid4()), "actor_id": self.user_id,
                    "device_id": self.device_id, "verb": "completed", "object_type": "lesson",
                    "object_id": f"item-{i % 200}", "course_id": "bench-course",
                    "result": {"score": 1.0}, "context": None, "timestamp": now,
                    "received_at": now,
                })
            outbox = [{
                "kind": "event", "record_table": "learning_events", "record_id": r["id"],
                "payload": event_payload(LearningEvent(**r)),
            } for r in rows]

            def write(session: Any, rows: list[dict[str, Any]] = rows,
                      outbox: list[dict[str, Any]] = outbox) -> None:
                session.execute(insert(LearningEvent), rows)
                session.execute(insert(Outbox), outbox)

            self.db.write_sync(write)

    def close(self) -> None:
        self.client.close()
        self.db.close()


class StoreProcess:
    def __init__(
        self, data: Path, max_upload: int, wrap: list[str] | None = None, db_url: str = ""
    ) -> None:
        self.data = data
        self.wrap = wrap or []
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = int(s.getsockname()[1])
        self.env = {**os.environ, "SATCHEL_STORE_ARGON2_PROFILE": "test-fast",
                    "SATCHEL_STORE_MAX_UPLOAD_BYTES": str(max_upload)}
        if db_url:
            self.env["SATCHEL_STORE_DB_URL"] = db_url
        self.proc: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [*self.wrap, sys.executable, "-m", "store.cli", "serve", "--port", str(self.port),
             "--data", str(self.data), "--log-level", "warning"],
            cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit("the store process exited")
            try:
                if requests.get(self.url + "/v1/health", timeout=1).ok:
                    return
            except requests.ConnectionError:
                time.sleep(0.05)
        raise SystemExit("the store did not start")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the store process and its children so far (Linux)."""
        assert self.proc is not None
        total = 0.0
        for pid in [self.proc.pid, *_children(self.proc.pid)]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total

    def make_instructor(self, email: str) -> None:
        subprocess.run(
            [sys.executable, "-m", "store.cli", "make-instructor", email,
             "--data", str(self.data)],
            cwd=ROOT, env=self.env, check=True, stdout=subprocess.DEVNULL,
        )

    def kill(self) -> None:
        if self.proc is not None:
            if self.wrap:  # a profiler writes its report on SIGINT
                self.proc.send_signal(signal.SIGINT)
            else:
                self.proc.terminate()
            self.proc.wait(30)


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    found = [int(c) for c in text.split()]
    return found + [g for c in found for g in _children(c)]


def copy_and_fsync(src: Path, dst: Path) -> None:
    with src.open("rb") as fin, dst.open("wb") as fout:
        while chunk := fin.read(1 << 20):
            fout.write(chunk)
        fout.flush()
        os.fsync(fout.fileno())


def plain_get(url: str, token: str) -> int:
    total = 0
    with requests.get(url, headers={"Authorization": f"Bearer {token}"}, stream=True,
                      timeout=120) as r:
        r.raise_for_status()
        for chunk in r.iter_content(1 << 20):
            total += len(chunk)
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--mb", type=int, default=256, help="size of the bundle's media, MiB")
    parser.add_argument("--no-download", action="store_true", help="only the event figures")
    parser.add_argument("--store-wrap", default="",
                        help="command prefix for the store process, e.g. a profiler")
    parser.add_argument("--batch", type=int, default=5000,
                        help="events per push batch and per pull page (clamped to the caps)")
    parser.add_argument("--baseline", metavar="GIT_REF", default="",
                        help="first measure the events on this commit (git archive into a "
                             "temporary folder, same script, same run), e.g. 5c98741")
    parser.add_argument("--pg", metavar="URL", default="",
                        help="run the store on PostgreSQL: a scratch database is created on "
                             "this server (e.g. postgresql+psycopg2://postgres@127.0.0.1:5432/"
                             "postgres) and dropped afterwards")
    parser.add_argument("--json", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    baseline = _baseline(args) if args.baseline else None

    rows: list[tuple[str, ...]] = []
    with tempfile.TemporaryDirectory(prefix="satchel-sync-bench-") as tmp:
        work = Path(tmp)
        os.environ["SATCHEL_HOME"] = str(work / "home")
        pg_name, db_url = create_pg_db(args.pg, "satchel_sync_bench_") if args.pg else ("", "")
        store = StoreProcess(work / "store", max_upload=(args.mb + 64) << 20,
                             wrap=args.store_wrap.split(), db_url=db_url)
        store.start()
        try:
            email = "bench@example.com"
            a = Client(work / "a", store.url, email, register=True, batch=args.batch)
            b = Client(work / "b", store.url, email, register=False, batch=args.batch)
            def phase(what: str, fn: Callable[[], T]) -> T:
                """Run ``fn``; add its row: wall time, rate, CPU seconds of this process
                (the client, all threads) and of the store's process."""
                mine, theirs = time.process_time(), store.cpu_seconds()
                result, wall = timed(fn)
                cpu = (f"{time.process_time() - mine:.2f} + "
                       f"{store.cpu_seconds() - theirs:.2f} s")
                rows.append((what, f"{wall:.2f} s", f"{args.events / wall:,.0f} ev/s", cpu))
                return result

            try:
                phase("record locally (outbox)", a.batch(args.events))
                push = phase(f"push {args.events:,} events", lambda: a.engine.push())
                assert push.events_sent == args.events, push
                pull = phase(f"pull {args.events:,} events", lambda: b.engine.pull())
                assert pull.events_new == args.events, pull
            finally:
                a.close()
                b.close()
            if args.json:
                print(json.dumps(rows))
                return 0
            if args.no_download:
                return _print(rows, baseline, args.baseline)

            bundle = make_bundle(work / "bundle", args.mb)
            size = bundle.stat().st_size
            author = StoreClient(store.url, timeout=(5, 600))
            author.register("author@example.com", PASSWORD, DeviceInfo(name="author"))
            store.make_instructor("author@example.com")
            token = author.ensure_session().access_token
            with bundle.open("rb") as fh:
                r = requests.post(store.url + "/v1/publish/drafts", files={"bundle": fh},
                                  headers={"Authorization": f"Bearer {token}"}, timeout=600)
            r.raise_for_status()
            draft = r.json()
            agreement = requests.get(store.url + "/v1/publish/agreement", timeout=60).json()
            requests.post(store.url + f"/v1/publish/drafts/{draft['id']}/publish",
                          json={"accept_agreement": agreement["version"]},
                          headers={"Authorization": f"Bearer {token}"},
                          timeout=60).raise_for_status()
            course = author.course("bench-course")
            mb = size / 1e6
            dest = work / "dl" / "bench.satchel"
            _, t_dl = timed(lambda: fetch(author, course.bundle.url, dest,
                                          sha256=course.bundle.sha256, size=size))
            digest, t_sha = timed(lambda: sha256_of(dest))
            assert digest == course.bundle.sha256
            fresh = hashlib.sha256(bundle.read_bytes()).hexdigest()
            assert fresh == digest
            _, t_copy = timed(lambda: copy_and_fsync(bundle, work / "dl" / "copy.bin"))
            got, t_get = timed(lambda: plain_get(store.url + course.bundle.url, token))
            assert got == size
            author.close()
            rows.append((f"download {mb:,.0f} MB (fetch: Range, sha256, fsync)",
                         f"{t_dl:.2f} s", f"{mb / t_dl:,.0f} MB/s"))
            rows.append(("  baseline: sha256 of the file on disk", f"{t_sha:.2f} s",
                         f"{mb / t_sha:,.0f} MB/s"))
            rows.append(("  baseline: plain HTTP GET, bytes discarded", f"{t_get:.2f} s",
                         f"{mb / t_get:,.0f} MB/s"))
            rows.append(("  baseline: copy the file on disk + fsync", f"{t_copy:.2f} s",
                         f"{mb / t_copy:,.0f} MB/s"))
        finally:
            store.kill()
            if db_url:
                drop_pg_db(args.pg, pg_name)

    return _print(rows, baseline, args.baseline)


def _baseline(args: argparse.Namespace) -> list[list[str]]:
    """The event rows measured on ``args.baseline``'s code by this same script."""
    with tempfile.TemporaryDirectory(prefix="satchel-sync-baseline-") as tmp:
        tree = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline],
                              check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", tmp], input=tree, check=True)
        out = subprocess.run(
            [sys.executable, str(Path(__file__).resolve()), "--events", str(args.events),
             "--batch", str(args.batch), "--no-download", "--json",
             *(["--pg", args.pg] if args.pg else [])],
            env={**os.environ, "SATCHEL_BENCH_ROOT": tmp}, cwd=tmp, check=True,
            capture_output=True, text=True,
        ).stdout
    return list(json.loads(out.strip().splitlines()[-1]))


def _print(
    rows: list[tuple[str, ...]], baseline: list[list[str]] | None = None, ref: str = ""
) -> int:
    """The table; the CPU column is ``client + store`` seconds (the store's process and
    children), which a machine shared with other work disturbs less than wall time."""
    width = max(len(r[0]) for r in rows)
    head = f"{'what':<{width}}  {'time':>9}  {'rate':>14}  {'CPU client + store':>18}"
    if baseline:
        head += f"  {'baseline ' + ref:>18}  {'rate':>14}  {'CPU':>18}"
    print(head)
    for i, (what, t, rate, *cpu) in enumerate(rows):
        line = f"{what:<{width}}  {t:>9}  {rate:>14}  {(cpu or [''])[0]:>18}"
        if baseline and i < len(baseline):
            old = [*baseline[i], ""]
            line += f"  {old[1]:>18}  {old[2]:>14}  {old[3]:>18}"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
