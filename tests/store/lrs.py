"""A real Learning Record Store for the xAPI tests: Ralph (the `ralph-malph` package) with
its file-system backend, run by uvicorn in a subprocess from its own virtual environment
(Ralph pins FastAPI and uvicorn versions of its own, so it cannot share the project's).

`ralph_python()` finds that environment: `$SATCHEL_RALPH_PYTHON`, else `.venv-lrs/` at the
top of the checkout (`.ci/run` and the README create it). The LRS can be stopped and started
again on the same port and data folder, like a server that was down for a while.

One patch: Ralph 5.1's file-system LRS backend writes its statements file with the
`create` operation, so every POST after the first answers 500 ("already exists and overwrite
is not allowed"). The launcher makes that backend append instead (`APPEND` is the operation
its data backend provides for this); everything else — validation, authentication, the
deduplication of statement ids, queries — is Ralph's own code."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[2]
INSTALL = (
    "python3 -m venv .venv-lrs && .venv-lrs/bin/pip install 'ralph-malph[cli,lrs]' requests"
)
USER, PASSWORD = "satchel-store", "lrs secret pw"
LAUNCH = """
import sys, uvicorn
from ralph.backends.data.base import BaseOperationType
from ralph.backends.lrs.fs import FSLRSBackend
FSLRSBackend.default_operation_type = BaseOperationType.APPEND
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def ralph_python() -> Path | None:
    explicit = os.environ.get("SATCHEL_RALPH_PYTHON")
    candidate = Path(explicit) if explicit else ROOT / ".venv-lrs" / "bin" / "python"
    if not candidate.is_file():
        return None
    probe = subprocess.run([str(candidate), "-c", "import ralph.api, bcrypt, uvicorn"],
                           capture_output=True, timeout=120,
                           env={**os.environ, "RALPH_RUNSERVER_BACKEND": "fs"})
    return candidate if probe.returncode == 0 else None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Ralph:
    def __init__(self, python: Path, folder: Path) -> None:
        self.python = python
        self.folder = folder
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = folder / "ralph.log"
        folder.mkdir(parents=True, exist_ok=True)
        hashed = subprocess.run(
            [str(python), "-c",
             "import bcrypt,sys; print(bcrypt.hashpw(sys.argv[1].encode(),"
             " bcrypt.gensalt(4)).decode())", PASSWORD],
            capture_output=True, text=True, check=True, timeout=120,
        ).stdout.strip()
        (folder / "auth.json").write_text(json.dumps([{
            "agent": {"mbox": "mailto:store@example.org", "objectType": "Agent"},
            "scopes": ["all"], "hash": hashed, "username": USER,
        }]))

    @property
    def url(self) -> str:
        """The xAPI endpoint, as an institution would configure it."""
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self, timeout: float = 90.0) -> None:
        env = {
            **os.environ,
            "RALPH_APP_DIR": str(self.folder / "app"),
            "RALPH_AUTH_FILE": str(self.folder / "auth.json"),
            "RALPH_RUNSERVER_BACKEND": "fs",
            "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "data"),
            "RALPH_SENTRY_DSN": "",
        }
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [str(self.python), "-c", LAUNCH, str(self.port)],
                cwd=self.folder, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"Ralph exited ({self.proc.returncode}): "
                                   + self.log.read_text(errors="replace")[-2000:])
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/__heartbeat__",
                             timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("Ralph did not answer within 90 s: "
                           + self.log.read_text(errors="replace")[-2000:])

    def stop(self) -> None:
        if self.proc is None:
            return
        self.proc.terminate()
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(timeout=15)
        self.proc = None

    def statements(self) -> list[dict[str, Any]]:
        """Every statement the LRS holds (following `more` links)."""
        out: list[dict[str, Any]] = []
        url = f"http://127.0.0.1:{self.port}/xAPI/statements?limit=500"
        with httpx.Client(auth=(USER, PASSWORD),
                          headers={"X-Experience-API-Version": "1.0.3"}, timeout=30) as c:
            while url:
                r = c.get(url)
                r.raise_for_status()
                body = r.json()
                out += body["statements"]
                more = body.get("more") or ""
                url = f"http://127.0.0.1:{self.port}{more}" if more else ""
        return out
