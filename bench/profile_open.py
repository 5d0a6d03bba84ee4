"""Opening a profile: its SQLCipher-encrypted database next to the same database in plain
SQLite, measured in the same run, plus the one-off cost of unlocking with the password.

A profile database is filled like a learner's after months of study (``--events`` learning
events, a hundred notes and a goal plan). Then, ``--runs`` times each, alternating:

* **open**: `app.db.open_database` (schema check, WAL, writer + reader engines) and the first
  read the Home screen needs (the learner's completed lessons), then close;
* **query mix**: on an open database, what a screen refresh reads (completed items, minutes
  studied, notes of a course), repeated.

Goal (issue 11): encrypted ≤ 1.2 × plain. The password unlock (Argon2id, production cost,
once per unlock) is printed on its own; it is not part of the database open.

    python bench/profile_open.py [--events 20000] [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from app.db import open_database  # noqa: E402
from app.db.events import record_event, touch_record  # noqa: E402
from app.db.hlc import HybridLogicalClock  # noqa: E402
from app.db.models import Note  # noqa: E402
from app.profiles import keys  # noqa: E402
from app.services import derive  # noqa: E402

USER, DEVICE = "u-bench", "dev-bench"
GOAL = 1.2


def fill(path: Path, key: bytes | None, events: int, page_size: int | None = None) -> None:
    if page_size is not None:  # a plain file with the encrypted format's page size
        import contextlib
        import sqlite3

        with contextlib.closing(sqlite3.connect(path)) as con:
            con.execute(f"PRAGMA page_size = {page_size}")
            con.execute("VACUUM")
    clock = HybridLogicalClock(DEVICE)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    with open_database(path, key=key) as db:
        def run(s: object) -> None:
            for i in range(events):
                record_event(s, actor_id=USER, device_id=DEVICE,  # type: ignore[arg-type]
                             verb=("progressed", "completed", "answered")[i % 3],
                             object_type="item", object_id=f"lesson-{i % 400}",
                             course_id=f"course-{i % 12}",
                             result={"duration_s": 60.0} if i % 3 == 0 else None,
                             timestamp=start + timedelta(minutes=i))
            for i in range(100):
                note = Note(id=str(uuid.uuid4()), course_id=f"course-{i % 12}", item_key=None,
                            body="", clocks={}, hlc="", updated_by_device=DEVICE)
                s.add(note)  # type: ignore[attr-defined]
                touch_record(s, note, {"body": f"note {i}: " + "words " * 30},  # type: ignore[arg-type]
                             clock.now())
        db.write_sync(run)  # type: ignore[arg-type]


def open_and_read(path: Path, key: bytes | None) -> float:
    t = time.perf_counter()
    with open_database(path, key=key) as db, db.read() as s:
        derive.completed_items(s, USER, {f"course-{c}" for c in range(12)})
    return time.perf_counter() - t


def query_mix(path: Path, key: bytes | None, rounds: int = 20) -> float:
    from sqlalchemy import select

    with open_database(path, key=key) as db:
        t = time.perf_counter()
        for _ in range(rounds):
            with db.read() as s:
                derive.completed_items(s, USER, {f"course-{c}" for c in range(12)})
                derive.total_minutes(s, USER)
                s.scalars(select(Note).where(Note.course_id == "course-3")).all()
        return (time.perf_counter() - t) / rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        key = keys.new_key()
        plain, plain16, enc = (Path(tmp) / n for n in ("plain.db", "plain16.db", "enc.db"))
        fill(plain, None, args.events)
        fill(plain16, None, args.events, page_size=16384)
        fill(enc, key, args.events)
        files = {"plain": (plain, None), "plain16": (plain16, None), "encrypted": (enc, key)}
        opens: dict[str, list[float]] = {n: [] for n in files}
        mixes: dict[str, list[float]] = {n: [] for n in files}
        for _ in range(args.runs):
            for name, (path, k) in files.items():
                opens[name].append(open_and_read(path, k))
                mixes[name].append(query_mix(path, k))
        t = time.perf_counter()
        wrapped = keys.wrap(key, "correct horse battery staple", "bench")
        wrap_s = time.perf_counter() - t
        t = time.perf_counter()
        keys.unwrap(wrapped, "correct horse battery staple", "bench")
        unwrap_s = time.perf_counter() - t
    print(f"profile database: {args.events:,} events, 100 notes; {args.runs} runs each, "
          "alternating; medians")
    for name, series in (("open + first read", opens), ("screen query mix", mixes)):
        p, p16, e = (statistics.median(series[n]) * 1000
                     for n in ("plain", "plain16", "encrypted"))
        verdict = "meets" if e <= GOAL * p else "MISSES"
        print(f"  {name:18s} plain {p:7.2f} ms   encrypted {e:7.2f} ms   "
              f"ratio {e / p:4.2f} ({verdict} the ≤ {GOAL}× goal); plain with the same "
              f"16 KiB pages {p16:7.2f} ms (ratio {e / p16:4.2f})")
    print(f"  password unlock (Argon2id 64 MiB, 3 passes): wrap {wrap_s * 1000:.0f} ms, "
          f"unwrap {unwrap_s * 1000:.0f} ms — once per unlock, not per open")


if __name__ == "__main__":
    main()
