"""Sync push latency while the store is flooded with wrong sign-ins, against the same pushes
on the unloaded store in the same run.

Starts `satchel-store serve` as its own process (production Argon2id profile: t=3, 64 MiB,
p=4), on a temporary SQLite database (or `--db URL`). One client in this process pushes
batches of events for one user, one request at a time, and records each latency; the flood
runs in separate processes (16 threads in all by default, anonymous unknown emails with wrong
passwords, as in issue 14), so neither client shares the server's interpreter.

Phases, each `--seconds` long:
1. unloaded: pushes only (the baseline);
2. flood, limits as shipped: the flood threads come from 16 loopback addresses
   (127.0.0.10...), so per-address limits apply to each of them;
3. flood, per-address limits off: every wrong sign-in is hashed (the worst case for the
   hashing pool; a separate server with `SATCHEL_STORE_LOGIN_IP_*=0`).

Prints p50/p95/max push latency per phase, the ratio of p95 to the unloaded p95 (goal: at
most 2x), and the flood's answers. Loopback only.

    python bench/login_flood.py [--seconds 10] [--flood-threads 16] [--batch 100] [--db URL]
"""

from __future__ import annotations

import argparse
import collections
import multiprocessing as mp
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def start_server(
    data: Path, db: str, extra_env: dict[str, str]
) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {**os.environ, **extra_env, "SATCHEL_STORE_DATA": str(data)}
    cmd = [sys.executable, "-m", "store", "serve", "--port", str(port), "--log-level", "warning"]
    if db:
        cmd += ["--db", db]
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(url + "/v1/health", timeout=1).status_code == 200:
                return proc, url
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise SystemExit("the store did not start")


def flood_process(url: str, addresses: list[str], stop_at: float, out: Any) -> None:
    """Wrong sign-ins with unknown emails, one thread per address, until `stop_at`."""
    counts: collections.Counter[str] = collections.Counter()
    lock = threading.Lock()

    def run(address: str) -> None:
        transport = httpx.HTTPTransport(local_address=address)
        with httpx.Client(base_url=url, timeout=120, transport=transport) as c:
            while time.time() < stop_at:
                body = {"email": f"nobody-{uuid.uuid4().hex[:8]}@example.org", "password": "x" * 12}
                try:
                    status = str(c.post("/v1/auth/login", json=body).status_code)
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                with lock:
                    counts[status] += 1

    threads = [threading.Thread(target=run, args=(a,)) for a in addresses]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put(dict(counts))


def push_for(url: str, seconds: float, batch: int) -> list[float]:
    """Push `batch` new events per request for `seconds`; the latencies in seconds."""
    with httpx.Client(base_url=url, timeout=120) as c:
        email = f"pusher-{uuid.uuid4().hex[:8]}@example.org"
        r = c.post("/v1/auth/register", json={"email": email, "password": "bench password"})
        assert r.status_code == 201, r.text
        auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
        latencies: list[float] = []
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            events = [
                {
                    "id": str(uuid.uuid4()),
                    "verb": "completed",
                    "object": {"id": f"lesson-{k}", "kind": "lesson"},
                    "timestamp": "2025-01-01T00:00:00Z",
                }
                for k in range(batch)
            ]
            t0 = time.perf_counter()
            r = c.post("/v1/sync/events", json={"events": events}, headers=auth)
            latencies.append(time.perf_counter() - t0)
            assert r.status_code == 200, r.text
            time.sleep(0.02)  # a device pushing now and then, not a saturating loop
        return latencies


def phase(
    url: str, seconds: float, batch: int, flood_threads: int, processes: int
) -> tuple[list[float], dict[str, int]]:
    if flood_threads == 0:
        return push_for(url, seconds, batch), {}
    ctx = mp.get_context("spawn")
    out = ctx.Queue()
    addresses = [f"127.0.0.{10 + n}" for n in range(flood_threads)]
    stop_at = time.time() + seconds + 2
    procs = [
        ctx.Process(target=flood_process, args=(url, addresses[i::processes], stop_at, out))
        for i in range(processes)
    ]
    for p in procs:
        p.start()
    time.sleep(2)  # let the flood build up
    latencies = push_for(url, seconds, batch)
    counts: collections.Counter[str] = collections.Counter()
    for _ in procs:
        counts.update(out.get(timeout=300))
    for p in procs:
        p.join(60)
    return latencies, dict(counts)


def summary(latencies: list[float]) -> tuple[float, float, float]:
    lat = sorted(latencies)
    p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))]
    return statistics.median(lat) * 1000, p95 * 1000, lat[-1] * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="duration of each phase")
    parser.add_argument("--flood-threads", type=int, default=16)
    parser.add_argument("--flood-processes", type=int, default=2)
    parser.add_argument("--batch", type=int, default=100, help="events per push")
    parser.add_argument("--db", default="", help="database URL (default: temporary SQLite)")
    args = parser.parse_args(argv)
    off = {
        f"SATCHEL_STORE_{name}": "0"
        for name in ("LOGIN_IP_MAX_FAILURES", "LOGIN_IP_PER_MINUTE", "LOGIN_ACCOUNT_MAX_FAILURES")
    }
    rows: list[tuple[str, list[float], dict[str, int]]] = []
    with tempfile.TemporaryDirectory(prefix="satchel-flood-") as tmp:
        for label, env, threads in (
            ("unloaded (baseline)", {}, 0),
            (f"{args.flood_threads}-thread login flood, limits as shipped", {}, args.flood_threads),
            (
                f"{args.flood_threads}-thread login flood, per-address limits off",
                off,
                args.flood_threads,
            ),
        ):
            proc, url = start_server(Path(tmp) / f"data-{len(rows)}", args.db, env)
            try:
                lat, counts = phase(url, args.seconds, args.batch, threads, args.flood_processes)
            finally:
                proc.terminate()
                proc.wait(30)
            rows.append((label, lat, counts))
    base_p95 = summary(rows[0][1])[1]
    backend = "PostgreSQL" if args.db.startswith("postgresql") else args.db or "SQLite"
    print(
        f"Sync push ({args.batch} events/request) under a sign-in flood, loopback, "
        f"{backend}, {os.cpu_count()} CPUs, "
        f"{args.seconds:g} s per phase, production Argon2id"
    )
    head = ("phase", "pushes", "p50 ms", "p95 ms", "max ms", "p95/base")
    print(f"{head[0]:<58} " + " ".join(f"{h:>8}" for h in head[1:]) + "  flood answers")
    for label, lat, counts in rows:
        p50, p95, mx = summary(lat)
        answers = ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) or "-"
        cells = f"{len(lat):>8} {p50:>8.1f} {p95:>8.1f} {mx:>8.1f} {p95 / base_p95:>7.2f}x"
        print(f"{label:<58} {cells}  {answers}")
    print("goal: p95 under the flood at most 2x the unloaded p95")
    return 0


if __name__ == "__main__":
    sys.exit(main())
