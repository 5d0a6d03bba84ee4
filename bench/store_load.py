"""Load figures for the store, over HTTP on loopback, against a baseline on the same stack.

Starts a store (uvicorn in a background thread, 127.0.0.1, a free port) on a temporary
SQLite database (or `--db URL`), seeds the catalog (the demo courses plus synthetic ones),
registers a user, and runs each workload for a bounded time with a few client threads:

- baseline: a bare FastAPI echo endpoint mounted on the same app, server and thread pool,
  so the other rows can be read as "store work on top of the HTTP stack";
- health: one trivial database round trip per request;
- sync push: batches of new events from several devices of the user (events/s);
- sync pull: paging through the user's events from cursor 0 (events/s);
- catalog list, catalog search (full text), catalog changes answered 304 (requests/s).

Prints one table. Loopback only; nothing leaves the machine. Everything is bounded by
`--seconds` per workload (default 3) and `--max-events`.

    python bench/store_load.py [--seconds 3] [--threads 4] [--batch 100] [--db URL]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bundle.pack import pack  # noqa: E402
from store.app import api_app, build_context  # noqa: E402
from store.config import StoreSettings  # noqa: E402
from store.publishing import publish_version, store_bundle  # noqa: E402
from store.seed import _demo_author, seed_demo  # noqa: E402
from store.server import EmbeddedStore  # noqa: E402

TOPICS = ["programming", "data", "fitness", "arts", "language", "finance", "other"]
WORDS = [
    "python",
    "data",
    "music",
    "fitness",
    "budget",
    "grammar",
    "chart",
    "loops",
    "arrays",
    "savings",
    "tempo",
    "yoga",
]


@dataclass
class Result:
    name: str
    threads: int
    requests: int = 0
    items: int = 0
    seconds: float = 0.0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)

    def row(self) -> list[str]:
        lat = sorted(self.latencies) or [0.0]
        p50 = statistics.median(lat) * 1000
        p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))] * 1000
        rps = self.requests / self.seconds if self.seconds else 0.0
        ips = self.items / self.seconds if self.seconds and self.items else None
        return [
            self.name,
            str(self.threads),
            str(self.requests),
            f"{rps:,.0f}",
            f"{ips:,.0f}" if ips is not None else "-",
            f"{p50:.1f}",
            f"{p95:.1f}",
            str(self.errors),
        ]


def run_workload(
    name: str,
    threads: int,
    seconds: float,
    make_worker: Callable[[int], Callable[[httpx.Client], int]],
    base_url: str,
    stop_items: int | None = None,
) -> Result:
    """Run `threads` workers for `seconds`; each call returns how many items it moved."""
    result = Result(name, threads)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    start = time.perf_counter()

    def loop(index: int) -> None:
        step = make_worker(index)
        with httpx.Client(base_url=base_url, timeout=60) as client:
            while time.perf_counter() < deadline:
                t0 = time.perf_counter()
                try:
                    items = step(client)
                    ok = True
                except (httpx.HTTPError, AssertionError):
                    items, ok = 0, False
                elapsed = time.perf_counter() - t0
                with lock:
                    result.requests += 1
                    result.items += items
                    result.latencies.append(elapsed)
                    result.errors += 0 if ok else 1
                    if stop_items is not None and result.items >= stop_items:
                        return

    workers = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    result.seconds = time.perf_counter() - start
    return result


def synthetic_courses(ctx: Any, workdir: Path, count: int) -> None:
    author = _demo_author(ctx)
    for n in range(count):
        folder = workdir / f"bench-{n}"
        (folder / "lessons").mkdir(parents=True)
        words = [WORDS[(n + k) % len(WORDS)] for k in range(3)]
        (folder / "lessons" / "one.md").write_text(f"# {' '.join(words)}\n\nText.\n")
        manifest = {
            "format": "satchel-bundle/1",
            "id": f"bench-course-{n:03d}",
            "version": "1.0.0",
            "min_app_version": "0.1.0",
            "title": f"{words[0].title()} and {words[1]} ({n})",
            "language": "en" if n % 3 else "zh-CN",
            "authors": [{"name": "Bench"}],
            "licence": "CC0-1.0",
            "description": f"A synthetic course about {' and '.join(words)}.",
            "topic": TOPICS[n % len(TOPICS)],
            "tags": words,
            "skills": [{"id": "s", "name": "S"}],
            "price_hint": {"amount": (n % 5) * 500, "currency": "USD"},
            "outline": [
                {
                    "id": "m",
                    "title": "M",
                    "items": [
                        {
                            "id": "one",
                            "kind": "text",
                            "title": "One",
                            "path": "lessons/one.md",
                            "duration_min": 5,
                            "skills": ["s"],
                            "completion": {"type": "viewed"},
                        }
                    ],
                }
            ],
        }
        (folder / "manifest.json").write_text(json.dumps(manifest))
        out = pack(folder, workdir / f"bench-{n}.satchel")
        with ctx.db.write() as session, out.open("rb") as fh:
            publish_version(session, store_bundle(session, ctx, author, fh, None, is_admin=True))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of each workload")
    parser.add_argument("--threads", type=int, default=4, help="concurrent client threads")
    parser.add_argument("--batch", type=int, default=100, help="events per push request")
    parser.add_argument("--max-events", type=int, default=200_000, help="cap on pushed events")
    parser.add_argument("--courses", type=int, default=40, help="synthetic courses to add")
    parser.add_argument("--db", default="", help="database URL (default: temporary SQLite)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="satchel-bench-") as tmp:
        settings = StoreSettings(data_dir=Path(tmp) / "data", db_url=args.db)
        ctx = build_context(settings)
        seeded = seed_demo(ctx)
        synthetic_courses(ctx, Path(tmp), args.courses)
        app = api_app(ctx)

        @app.get("/bench/echo")
        def echo() -> dict[str, bool]:
            return {"ok": True}

        server = EmbeddedStore(settings, app=app).start()
        try:
            return _run(args, server.url, len(seeded.published) + args.courses, ctx.db.backend)
        finally:
            server.stop()


def _run(args: argparse.Namespace, url: str, courses: int, backend: str) -> int:
    with httpx.Client(base_url=url, timeout=60) as c:
        email = f"bench-{uuid.uuid4().hex[:8]}@example.org"
        body = {"email": email, "password": "bench password"}
        assert c.post("/v1/auth/register", json=body).status_code == 201
        tokens = [
            c.post("/v1/auth/login", json={**body, "device": {"name": f"device-{i}"}}).json()[
                "access_token"
            ]
            for i in range(args.threads)
        ]
        etag = c.get("/v1/catalog/changes", params={"cursor": 0}).headers["ETag"]
    auth = [{"Authorization": f"Bearer {t}"} for t in tokens]
    results: list[Result] = []
    threads, secs = args.threads, args.seconds

    def plain(path: str, params: dict[str, Any] | None = None) -> Callable[[int], Any]:
        def make(i: int) -> Callable[[httpx.Client], int]:
            def step(client: httpx.Client) -> int:
                r = client.get(path, params=params)
                assert r.status_code == 200
                return 0

            return step

        return make

    results.append(run_workload("baseline: echo", threads, secs, plain("/bench/echo"), url))
    results.append(run_workload("health (1 DB query)", threads, secs, plain("/v1/health"), url))

    def pusher(i: int) -> Callable[[httpx.Client], int]:
        def step(client: httpx.Client) -> int:
            events = [
                {
                    "id": str(uuid.uuid4()),
                    "verb": "completed",
                    "object": {"id": f"lesson-{k}", "kind": "lesson"},
                    "result": {"score": 0.5},
                    "timestamp": "2025-01-01T00:00:00Z",
                }
                for k in range(args.batch)
            ]
            r = client.post("/v1/sync/events", json={"events": events}, headers=auth[i])
            assert r.status_code == 200
            return len(events)

        return step

    push = run_workload(
        f"sync push ({args.batch}/batch)", threads, secs, pusher, url, stop_items=args.max_events
    )
    results.append(push)

    def puller(i: int) -> Callable[[httpx.Client], int]:
        cursor = [0]

        def step(client: httpx.Client) -> int:
            r = client.get(
                "/v1/sync/events", params={"since": cursor[0], "limit": 500}, headers=auth[i]
            )
            assert r.status_code == 200
            page = r.json()
            cursor[0] = 0 if not page["has_more"] else page["cursor"]
            return len(page["events"])

        return step

    results.append(run_workload("sync pull (500/page)", threads, secs, puller, url))
    results.append(run_workload("catalog list", threads, secs, plain("/v1/catalog/courses"), url))

    def searcher(i: int) -> Callable[[httpx.Client], int]:
        n = [i]

        def step(client: httpx.Client) -> int:
            n[0] += 1
            q = WORDS[n[0] % len(WORDS)]
            r = client.get("/v1/catalog/courses", params={"q": q})
            assert r.status_code == 200
            return 0

        return step

    results.append(run_workload("catalog search", threads, secs, searcher, url))

    def conditional(i: int) -> Callable[[httpx.Client], int]:
        def step(client: httpx.Client) -> int:
            r = client.get(
                "/v1/catalog/changes", params={"cursor": 0}, headers={"If-None-Match": etag}
            )
            assert r.status_code == 304
            return 0

        return step

    results.append(run_workload("catalog changes (304)", threads, secs, conditional, url))

    header = ["workload", "threads", "requests", "req/s", "items/s", "p50 ms", "p95 ms", "errors"]
    rows = [header] + [r.row() for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    print(
        f"Satchel store load, loopback, {backend}, {courses} courses, {args.seconds:g} s per "
        f"workload, {threads} client threads (items = events)"
    )
    for n, row in enumerate(rows):
        print(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            print("  ".join("-" * w for w in widths))
    base = results[0].requests / results[0].seconds
    print(
        f"(baseline echo = {base:,.0f} req/s on the same server; other rows include auth, "
        "validation and database work)"
    )
    return 1 if any(r.errors for r in results) else 0


if __name__ == "__main__":
    sys.exit(main())
