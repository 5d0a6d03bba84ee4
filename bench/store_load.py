"""Load figures for the store, over HTTP on loopback, against a baseline on the same server.

The store runs as production runs it: `python -m store serve --workers N` in its own
process(es), on a temporary SQLite database or on a throwaway PostgreSQL database (created
on `--pg`'s server for the run and dropped afterwards). The catalog is seeded first (the
demo courses plus `--courses` synthetic ones) and one user signs in from one device per
client. The load comes from `--clients` separate client processes (one keep-alive httpx
connection each), so no client shares the server's interpreter. Each workload runs for
`--seconds`:

- baseline: echo — `GET /health/live` of the same server (no dependency, no database: the
  HTTP stack, the middleware and one JSON answer), so the other rows read as "store work on
  top of the HTTP stack";
- health: one trivial database round trip per request;
- sync push: batches of new events from several devices of the user (events/s);
- sync pull: paging through the user's events from cursor 0 (events/s);
- catalog list (the first page, as the app's browse screen asks), catalog browse (filters,
  pages, sorts, language), catalog search (full text), catalog changes answered 304.

For each workload it prints requests/s (and events/s), p50/p95 latency, the CPU time the
server's processes used (the `serve` process and every worker under it, from /proc) and
requests per server CPU-second; on PostgreSQL also the CPU of the database's backends
serving the bench database. Then `--pairs` alternating rounds of echo and catalog list on
the same server give the ratio catalog list / echo per round (the goal: at least 0.7x on one
worker); alternating keeps both sides of each ratio under the same load from whatever else
runs on the machine. Each 1-worker run is followed by the same server with
`SATCHEL_STORE_CATALOG_PAGES=0` (every catalog answer built anew, as before the pages were
kept) for the catalog rows and their ratio.

Runs are `backend:workers` pairs (`--runs`, default SQLite with 1 worker and PostgreSQL with
1 and 2); a PostgreSQL run is skipped, saying so, when the server does not answer. Loopback
only; every loop is bounded by `--seconds` and `--max-events`.

    python bench/store_load.py [--seconds 3] [--clients 4]
        [--runs sqlite:1,postgresql:1,postgresql:2] [--batch 100]
        [--pg postgresql+psycopg2://postgres@127.0.0.1:5432/postgres]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import multiprocessing as mp
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from scratch_pg import create_pg_db, drop_pg_db  # noqa: E402  (bench/, next to this file)

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
# What the app's browse screen asks besides the first page: filters, further pages, sorts.
BROWSE: list[dict[str, Any]] = [
    {"topic": "programming"},
    {"language": "en"},
    {"language": "zh"},
    {"offset": 20},
    {"sort": "title"},
    {"sort": "price", "limit": 50},
    {"free": "true"},
    {"tag": "python"},
    {"max_price": 1000, "currency": "USD"},
]
DEFAULT_PG = "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
CLK_TCK = os.sysconf("SC_CLK_TCK")


# --------------------------------------------------------------------------- CPU time


def _proc_cpu(pid: int) -> float:
    """utime + stime of one process in seconds (0 when it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def _descendants(pid: int) -> list[int]:
    out: list[int] = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return out
    for task in tasks:
        try:
            children = (task / "children").read_text().split()
        except OSError:
            continue
        for child in map(int, children):
            out += [child, *_descendants(child)]
    return out


def tree_cpu(pid: int) -> float:
    """CPU seconds of a process and every live process under it (the workers)."""
    return sum(_proc_cpu(p) for p in [pid, *_descendants(pid)])


# --------------------------------------------------------------------------- seeding


def synthetic_courses(ctx: Any, workdir: Path, count: int) -> None:
    from bundle.pack import pack
    from store.publishing import publish_version, store_bundle
    from store.seed import _demo_author

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


def seed(data: Path, db_url: str, courses: int) -> int:
    """Migrate and seed the store's database; how many courses it lists."""
    from store.app import build_context
    from store.config import StoreSettings
    from store.seed import seed_demo

    ctx = build_context(StoreSettings(data_dir=data, db_url=db_url))
    try:
        seeded = seed_demo(ctx)
        synthetic_courses(ctx, data.parent / "bundles", courses)
    finally:
        ctx.close()
    return len(seeded.published) + courses


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """`python -m store serve --workers N` in its own process group."""

    def __init__(
        self, data: Path, db_url: str, workers: int, extra_env: dict[str, str] | None = None
    ) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            **os.environ,
            **(extra_env or {}),
            "PYTHONPATH": str(ROOT),
            "SATCHEL_STORE_DATA": str(data),
            "SATCHEL_STORE_XAPI_INTERVAL": "0",
        }
        cmd = [
            sys.executable, "-m", "store", "serve", "--db", db_url, "--data", str(data),
            "--port", str(self.port), "--workers", str(workers), "--log-level", "warning",
        ]  # fmt: skip
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.workers = workers
        self.worker_pids = self._wait_up()

    def _wait_up(self, timeout: float = 90) -> set[int]:
        """Wait until every worker answers (each new connection may land on any)."""
        seen: set[int] = set()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"the store exited with {self.proc.returncode}")
            try:
                r = httpx.get(self.url + "/health/live", timeout=2)
                seen.add(int(r.json()["worker"]))
            except httpx.HTTPError:
                time.sleep(0.2)
                continue
            if len(seen) >= self.workers:
                return seen
        self.stop()
        raise SystemExit(f"only {len(seen)} of {self.workers} workers answered")

    def cpu(self) -> float:
        return tree_cpu(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(30)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(10)


class PgBackends:
    """CPU time of the PostgreSQL backends connected to the bench database (read as root
    from /proc; none when the server is elsewhere or /proc is not readable)."""

    def __init__(self, server_url: str, name: str) -> None:
        import sqlalchemy as sa

        self.sa = sa
        self.name = name
        self.engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")

    def cpu(self) -> dict[int, float]:
        with self.engine.connect() as conn:
            pids = conn.execute(
                self.sa.text("SELECT pid FROM pg_stat_activity WHERE datname = :n"),
                {"n": self.name},
            ).scalars()
            return {int(p): _proc_cpu(int(p)) for p in pids}

    def close(self) -> None:
        self.engine.dispose()


# --------------------------------------------------------------------------- clients


def _push_body(batch: int) -> dict[str, Any]:
    return {
        "events": [
            {
                "id": str(uuid.uuid4()),
                "verb": "completed",
                "object": {"id": f"lesson-{k}", "kind": "lesson"},
                "result": {"score": 0.5},
                "timestamp": "2025-01-01T00:00:00Z",
            }
            for k in range(batch)
        ]
    }


def _step(
    c: httpx.Client, workload: str, n: int, auth: dict[str, str], etag: str, batch: int,
    cursor: list[int],
) -> tuple[bool, int]:
    """One request of `workload`: (answered as expected, events moved)."""
    if workload == "echo":
        return c.get("/health/live").status_code == 200, 0
    if workload == "health":
        return c.get("/v1/health").status_code == 200, 0
    if workload == "push":
        r = c.post("/v1/sync/events", json=_push_body(batch), headers=auth)
        return r.status_code == 200, batch if r.status_code == 200 else 0
    if workload == "pull":
        r = c.get("/v1/sync/events", params={"since": cursor[0], "limit": 500}, headers=auth)
        if r.status_code != 200:
            return False, 0
        page = r.json()
        cursor[0] = page["cursor"] if page["has_more"] else 0
        return True, len(page["events"])
    if workload == "list":
        return c.get("/v1/catalog/courses").status_code == 200, 0
    if workload == "browse":
        r = c.get("/v1/catalog/courses", params=BROWSE[n % len(BROWSE)])
        return r.status_code == 200, 0
    if workload == "search":
        r = c.get("/v1/catalog/courses", params={"q": WORDS[n % len(WORDS)]})
        return r.status_code == 200, 0
    if workload == "changes304":
        r = c.get(
            "/v1/catalog/changes", params={"cursor": 0}, headers={"If-None-Match": etag}
        )
        return r.status_code == 304, 0
    raise ValueError(workload)


def client_process(
    url: str, index: int, token: str, etag: str, batch: int, tasks: Any, out: Any
) -> None:
    """One client process with one keep-alive connection. Each task from `tasks`
    (workload, start_at, end_at, max_items; None ends) runs requests back to back from
    `start_at` to `end_at` (wall clock) and puts (requests, items, errors, latencies) on
    `out`."""
    auth = {"Authorization": f"Bearer {token}"}
    cursor = [0]
    n = index
    with httpx.Client(base_url=url, timeout=60) as c:
        while (task := tasks.get()) is not None:
            workload, start_at, end_at, max_items = task
            # Open the connection (again: the server closes idle ones) before the clock.
            with contextlib.suppress(httpx.HTTPError):
                c.get("/health/live")
            time.sleep(max(0.0, start_at - time.time()))
            latencies: list[float] = []
            requests = items = errors = 0
            while time.time() < end_at and items < max_items:
                n += 1
                t0 = time.perf_counter()
                try:
                    ok, moved = _step(c, workload, n, auth, etag, batch, cursor)
                except httpx.HTTPError:
                    ok, moved = False, 0
                latencies.append(time.perf_counter() - t0)
                requests += 1
                items += moved
                errors += 0 if ok else 1
            out.put((requests, items, errors, latencies))


class Clients:
    """`count` client processes (spawned once per server), one signed-in device each."""

    def __init__(self, url: str, tokens: list[str], etag: str, batch: int) -> None:
        ctx = mp.get_context("spawn")
        self.out = ctx.Queue()
        self.tasks = [ctx.Queue() for _ in tokens]
        self.procs = [
            ctx.Process(
                target=client_process, args=(url, i, token, etag, batch, self.tasks[i], self.out)
            )
            for i, token in enumerate(tokens)
        ]
        for p in self.procs:
            p.start()

    def run(self, workload: str, start_at: float, end_at: float, max_items: int) -> list[Any]:
        for q in self.tasks:
            q.put((workload, start_at, end_at, max_items))
        return [_collect(self.out, self.procs, end_at + 120) for _ in self.procs]

    def close(self) -> None:
        for q in self.tasks:
            q.put(None)
        for p in self.procs:
            p.join(30)
            if p.is_alive():
                p.kill()


@dataclass
class Result:
    name: str
    requests: int = 0
    items: int = 0
    errors: int = 0
    seconds: float = 0.0
    server_cpu: float = 0.0
    db_cpu: float | None = None
    latencies: list[float] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def per_cpu(self) -> float:
        return self.requests / self.server_cpu if self.server_cpu else 0.0

    def row(self) -> list[str]:
        lat = sorted(self.latencies) or [0.0]
        p50 = statistics.median(lat) * 1000
        p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))] * 1000
        ips = self.items / self.seconds if self.seconds and self.items else None
        return [
            self.name,
            str(self.requests),
            f"{self.rps:,.0f}",
            f"{ips:,.0f}" if ips is not None else "-",
            f"{p50:.1f}",
            f"{p95:.1f}",
            f"{self.server_cpu:.2f}",
            f"{self.server_cpu / self.seconds:.2f}" if self.seconds else "-",
            f"{self.per_cpu:,.0f}",
            f"{self.db_cpu:.2f}" if self.db_cpu is not None else "-",
            str(self.errors),
        ]


HEADER = [
    "workload", "requests", "req/s", "events/s", "p50 ms", "p95 ms",
    "server CPU s", "cores", "req/CPU-s", "PG CPU s", "errors",
]  # fmt: skip


def run_workload(
    name: str,
    workload: str,
    server: Server,
    clients: Clients,
    args: argparse.Namespace,
    pg: PgBackends | None,
    seconds: float | None = None,
) -> Result:
    start_at = time.time() + 0.5  # time for every client to get the task and connect
    end_at = start_at + (seconds or args.seconds)
    per_client = max(1, args.max_events // args.clients)
    time.sleep(max(0.0, start_at - time.time()))
    cpu0, db0, t0 = server.cpu(), pg.cpu() if pg else {}, time.perf_counter()
    answers = clients.run(workload, start_at, end_at, per_client if workload == "push" else 2**62)
    result = Result(name)
    result.seconds = time.perf_counter() - t0
    result.server_cpu = server.cpu() - cpu0
    if pg is not None:
        db1 = pg.cpu()
        result.db_cpu = sum(v - db0.get(pid, 0.0) for pid, v in db1.items())
    for requests, items, errors, latencies in answers:
        result.requests += requests
        result.items += items
        result.errors += errors
        result.latencies += latencies
    return result


def _collect(out: Any, procs: list[Any], deadline: float) -> Any:
    """The next client's answer; fails at once when a client process died without one."""
    import queue

    while True:
        try:
            return out.get(timeout=0.5)
        except queue.Empty:
            dead = [p for p in procs if p.exitcode not in (None, 0)]
            if dead or time.time() > deadline:
                for p in procs:
                    p.kill()
                codes = [p.exitcode for p in procs]
                raise SystemExit(f"a client process failed (exit codes {codes})") from None


WORKLOADS = [
    ("baseline: echo (/health/live)", "echo"),
    ("health (1 DB query)", "health"),
    ("sync push ({batch}/batch)", "push"),
    ("sync pull (500/page)", "pull"),
    ("catalog list", "list"),
    ("catalog browse (filters, pages)", "browse"),
    ("catalog search", "search"),
    ("catalog changes (304)", "changes304"),
]


def sign_in(url: str, devices: int) -> tuple[list[str], str]:
    with httpx.Client(base_url=url, timeout=60) as c:
        email = f"bench-{uuid.uuid4().hex[:8]}@example.org"
        body = {"email": email, "password": "bench password"}
        r = c.post("/v1/auth/register", json=body)
        assert r.status_code == 201, r.text
        tokens = []
        for i in range(devices):
            r = c.post("/v1/auth/login", json={**body, "device": {"name": f"device-{i}"}})
            assert r.status_code == 200, r.text
            tokens.append(r.json()["access_token"])
        etag = c.get("/v1/catalog/changes", params={"cursor": 0}).headers["ETag"]
    return tokens, etag


def run(
    args: argparse.Namespace,
    label: str,
    data: Path,
    db_url: str,
    workers: int,
    pg: Any,
    *,
    env: dict[str, str] | None = None,
    only: list[str] | None = None,
) -> list[Result]:
    server = Server(data, db_url, workers, env)
    wanted = only or (args.workloads.split(",") if args.workloads else None)
    pairs: list[tuple[Result, Result]] = []
    try:
        tokens, etag = sign_in(server.url, args.clients)
        clients = Clients(server.url, tokens, etag, args.batch)
        try:
            results = []
            for name, workload in WORKLOADS:
                if wanted and workload not in [*wanted, "echo"]:
                    continue
                results.append(
                    run_workload(name.format(batch=args.batch), workload, server, clients, args, pg)
                )
            if not wanted or "list" in wanted:
                pair = args.pair_seconds
                for _ in range(args.pairs):
                    echo = run_workload("echo", "echo", server, clients, args, pg, pair)
                    listed = run_workload("list", "list", server, clients, args, pg, pair)
                    pairs.append((echo, listed))
        finally:
            clients.close()
    finally:
        server.stop()
    print(
        f"\n{label}, {workers} worker{'s' if workers > 1 else ''} (pids "
        f"{', '.join(map(str, sorted(server.worker_pids)))}), {args.clients} client processes, "
        f"{args.seconds:g} s per workload"
    )
    print_table(results)
    if pairs:
        rps = [lst.rps / echo.rps for echo, lst in pairs]
        cpu = [lst.per_cpu / echo.per_cpu for echo, lst in pairs]
        print(
            f"catalog list / echo in {len(pairs)} alternating rounds of {args.pair_seconds:g} s: "
            f"req/s {' '.join(f'{x:.2f}' for x in rps)} (median {statistics.median(rps):.2f}x), "
            f"req/CPU-s {' '.join(f'{x:.2f}' for x in cpu)} "
            f"(median {statistics.median(cpu):.2f}x; goal: at least 0.7x)"
        )
    return results + [r for pair in pairs for r in pair]


def print_table(results: list[Result]) -> None:
    rows = [HEADER] + [r.row() for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(len(HEADER))]
    for n, row in enumerate(rows):
        print(
            "  ".join(
                cell.ljust(w) if i == 0 else cell.rjust(w)
                for i, (cell, w) in enumerate(zip(row, widths, strict=True))
            )
        )
        if n == 0:
            print("  ".join("-" * w for w in widths))
    echo = results[0]
    for r in results[1:]:
        if r.name == "catalog list":
            print(
                f"catalog list / echo (rows above): {r.rps / echo.rps:.2f}x req/s, "
                f"{r.per_cpu / echo.per_cpu:.2f}x req/CPU-s"
            )


def pg_reachable(url: str) -> bool:
    from urllib.parse import urlparse

    parsed = urlparse(url.replace("+psycopg2", ""))
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 5432), 1):
            return True
    except OSError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="duration of each workload")
    parser.add_argument("--clients", type=int, default=4, help="client processes")
    parser.add_argument("--batch", type=int, default=100, help="events per push request")
    parser.add_argument("--max-events", type=int, default=200_000, help="cap on pushed events")
    parser.add_argument("--courses", type=int, default=40, help="synthetic courses to add")
    parser.add_argument(
        "--runs",
        default="sqlite:1,postgresql:1,postgresql:2",
        help="comma-separated backend:workers (backend sqlite or postgresql)",
    )
    parser.add_argument(
        "--workloads",
        default="",
        help="only these (comma-separated: " + ",".join(w for _, w in WORKLOADS) + "); the "
        "echo baseline always runs",
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=3,
        help="alternating echo / catalog list rounds on each 1-worker server (their ratios "
        "are less exposed to other load on the machine than one row after another)",
    )
    parser.add_argument("--pair-seconds", type=float, default=2.0, help="length of each")
    parser.add_argument(
        "--no-comparison",
        action="store_true",
        help="skip the second 1-worker server that keeps no catalog pages (the cost before "
        "they were kept)",
    )
    parser.add_argument("--pg", default=DEFAULT_PG, help="PostgreSQL server for the throwaway db")
    args = parser.parse_args(argv)
    runs = [(b, int(w)) for b, _, w in (r.partition(":") for r in args.runs.split(","))]
    failed = False
    with tempfile.TemporaryDirectory(prefix="satchel-bench-") as tmp:
        print(
            f"Satchel store load, loopback, {os.cpu_count()} CPUs; seeding "
            f"{args.courses} synthetic courses besides the demo ones"
        )
        for backend in dict.fromkeys(b for b, _ in runs):
            workers = [w for b, w in runs if b == backend]
            data = Path(tmp) / backend / "data"
            data.mkdir(parents=True)
            pg: PgBackends | None = None
            if backend == "sqlite":
                db_url = f"sqlite:///{data / 'store.db'}"
                name = ""
            elif backend == "postgresql":
                if not pg_reachable(args.pg):
                    print(f"\nPostgreSQL runs skipped: nothing answers at {args.pg}")
                    continue
                name, db_url = create_pg_db(args.pg)
            else:
                raise SystemExit(f"unknown backend {backend!r}")
            try:
                courses = seed(data, db_url, args.courses)
                if name:
                    pg = PgBackends(args.pg, name)
                for n in workers:
                    shown = "SQLite" if backend == "sqlite" else "PostgreSQL"
                    label = f"{shown}, {courses} courses"
                    results = run(args, label, data, db_url, n, pg)
                    failed = failed or any(r.errors for r in results)
                    compare = [
                        w for w in ("list", "browse", "search")
                        if not args.workloads or w in args.workloads.split(",")
                    ]  # fmt: skip
                    if n == 1 and compare and not args.no_comparison:
                        results = run(
                            args, label + ", catalog pages not kept (CATALOG_PAGES=0)",
                            data, db_url, n, pg, env={"SATCHEL_STORE_CATALOG_PAGES": "0"},
                            only=compare,
                        )  # fmt: skip
                        failed = failed or any(r.errors for r in results)
            finally:
                if pg is not None:
                    pg.close()
                if name:
                    drop_pg_db(args.pg, name)
    print(
        "\nreq/CPU-s: requests per CPU-second of the store's processes (the serve process and "
        "its workers); PG CPU s: the PostgreSQL backends of the bench database"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
