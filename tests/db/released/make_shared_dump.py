"""Write ``tests/db/released/v0.1.0-shared-0004.sql``: the schema the 0.1 line shipped last
(revision ``0004_server_seq_per_actor``) holding what that build allowed and profiles undo:
two accounts in one database.

Made once, from ``v0.1.0.sql`` (Ada, ``u-7f3c2a``, the last signed-in account, whose goals,
plan, notes and bookmarks are there), upgraded to 0004 with the shipped migrations, plus a
second learner, Bo (``u-bo-51e7``), who used the same computer earlier: his events (one with
the same ``server_seq`` as one of Ada's, which 0004 allowed), one still in the outbox, his
lease, entitlement and pull cursor. Run from the repository root::

    .venv/bin/python tests/db/released/make_shared_dump.py

Never regenerate it once committed (see ``make_dump.py``).
"""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))

from alembic import command  # noqa: E402

from app.db.engine import MIGRATIONS_DIR, alembic_config  # noqa: E402

BO = "u-bo-51e7"
TARGET = HERE / "v0.1.0-shared-0004.sql"
BO_EVENTS = [
    ("0b1d7a52-6c1e-4a65-9f0e-2c7d1f3a9b01", "completed", "item", "intro", 1,
     '{"duration_s": 300.0, "success": true}', "2026-01-09 18:00:00.000000"),
    ("0b1d7a52-6c1e-4a65-9f0e-2c7d1f3a9b02", "progressed", "item", "loops-video", 2,
     '{"duration_s": 240.0}', "2026-01-09 18:10:00.000000"),
    ("0b1d7a52-6c1e-4a65-9f0e-2c7d1f3a9b03", "launched", "item", "loops-video", None,
     None, "2026-01-09 18:20:00.000000"),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "satchel.db"
        with contextlib.closing(sqlite3.connect(db)) as con:
            con.executescript((HERE / "v0.1.0.sql").read_text(encoding="utf-8"))
        migrations = Path(tmp) / "migrations"
        shutil.copytree(MIGRATIONS_DIR, migrations,
                        ignore=shutil.ignore_patterns("__pycache__", "0005_*"))
        command.upgrade(alembic_config(f"sqlite:///{db}", script_location=migrations),
                        "0004_server_seq_per_actor")
        with contextlib.closing(sqlite3.connect(db)) as con:
            for eid, verb, kind, obj, seq, result, ts in BO_EVENTS:
                con.execute(
                    "INSERT INTO learning_events (id, actor_id, device_id, verb, object_type, "
                    "object_id, course_id, result, context, timestamp, server_seq, received_at)"
                    " VALUES (?, ?, 'dev-laptop-01', ?, ?, ?, 'python-basics', ?, NULL, ?, ?, ?)",
                    (eid, BO, verb, kind, obj, result, ts, seq, ts))
            eid, verb, kind, obj, _seq, result, ts = BO_EVENTS[-1]
            payload = {"id": eid, "actor_id": BO, "device_id": "dev-laptop-01", "verb": verb,
                       "object_type": kind, "object_id": obj, "course_id": "python-basics",
                       "result": None, "context": None, "timestamp": "2026-01-09T18:20:00Z"}
            con.execute("INSERT INTO outbox (kind, record_table, record_id, payload, "
                        "created_at, attempts) VALUES ('event', 'learning_events', ?, ?, ?, 0)",
                        (eid, json.dumps(payload), ts))
            lease = con.execute("SELECT key_id, lease_json, signature, issued_at, expires_at "
                                "FROM leases").fetchone()
            cur = con.execute("INSERT INTO leases (user_id, device_id, key_id, lease_json, "
                              "signature, issued_at, expires_at, received_at) VALUES "
                              "(?, 'dev-laptop-01', ?, ?, ?, ?, ?, ?)",
                              (BO, *lease, lease[3]))
            con.execute("INSERT INTO entitlements (user_id, course_id, lease_id, expires_at, "
                        "revoked) VALUES (?, 'python-basics', ?, ?, 0)",
                        (BO, cur.lastrowid, lease[4]))
            con.execute("INSERT INTO sync_cursors (name, value, updated_at) VALUES "
                        "(?, '2', '2026-01-09 18:20:00.000000')", (f"events:{BO}",))
            con.commit()
            dump = "\n".join(con.iterdump()) + "\n"
    TARGET.write_text(dump, encoding="utf-8")
    print(f"wrote {TARGET}")


if __name__ == "__main__":
    main()
