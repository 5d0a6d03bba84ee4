# ruff: noqa: F811  (pytest fixtures imported from tests/ui/support.py are parameters here)
"""kill -9 while switching between two profiles loses nothing and breaks nothing.

A child process switches back and forth between Alice's and Bob's profiles (unlocking each
with its password, as on a laptop without a keyring), writing a note in each and printing
it once the write returned. It is killed with SIGKILL at moments spread over the cycle; then
every note it reported is still there, in the right profile, and both databases are whole.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from support import fresh_store, memory_keyring, new_email  # type: ignore[import-not-found]  # noqa: F401

from app.eventbus import EventBus
from app.services.context import build_app

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import sys
    import keyring
    from keyring.backends import fail
    keyring.set_keyring(fail.Keyring())
    from app.eventbus import EventBus
    from app.services.context import build_app

    url, alice, bob = sys.argv[1:4]
    app = build_app(settings={"store_url": url}, bus=EventBus())
    i = int(sys.argv[4])
    while True:
        for who, pid in (("a", alice), ("b", bob)):
            svc = app.open(app.profiles.unlock(pid, "password123"))
            svc.notes.add_note("free-course", None, f"{who}-{i}")
            print(f"{who}-{i}", flush=True)
            svc.close()
        i += 1
""")


@pytest.mark.slow
def test_kill_9_during_profile_switches_loses_nothing(fresh_store: Any) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())
    app = build_app(settings={"store_url": fresh_store.url}, bus=EventBus())
    ids = []
    for name in ("Alice", "Bob"):
        svc = app.open(app.profiles.register(new_email(), "password123", name))
        ids.append(svc.account.current_user.id)
        svc.close()
    app.close()

    confirmed: list[str] = []
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    # kills land at moments spread over the switch cycle, counted from the first write
    for round_, delay in enumerate((0.0, 0.07, 0.16, 0.29, 0.45, 0.7)):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, fresh_store.url, *ids, str(round_ * 1000)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
        assert child.stdout is not None
        first = child.stdout.readline()  # it is switching profiles now
        time.sleep(delay)
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=60)
        assert child.returncode == -signal.SIGKILL, err[-2000:]
        assert first.strip(), err[-2000:]
        confirmed += [first.strip(), *out.split()]
    assert len(confirmed) >= 6

    app = build_app(settings={"store_url": fresh_store.url}, bus=EventBus())
    try:
        for who, pid in (("a", ids[0]), ("b", ids[1])):
            svc = app.open(app.profiles.unlock(pid, "password123"))
            try:
                notes = {n.body for n in svc.notes.notes("free-course")}
                mine = {c for c in confirmed if c.startswith(f"{who}-")}
                assert mine <= notes  # every write the child saw return is there
                assert all(n.startswith(f"{who}-") for n in notes)  # and only its own
                with svc.db.read() as s:
                    assert s.connection().exec_driver_sql(
                        "PRAGMA integrity_check").scalar() == "ok"
            finally:
                svc.close()
        assert not list(app.profiles.registry.root.glob("*/*.partial"))
    finally:
        app.close()
