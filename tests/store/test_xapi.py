"""xAPI out against a real LRS (Ralph, started in the test): the store forwards an
organisation's learning events as xAPI 1.0.3 statements in batches, keeps them while the LRS
is down, retries with backoff and delivers once it is back, never duplicating a statement
(ids are the events' UUIDs); `satchel-store export-xapi` writes the same statements as
NDJSON."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from store.cli import main as cli_main
from store.db.models import Organisation
from store.server import EmbeddedStore
from tests.store.harness import BACKENDS, FakeStripe, StoreHarness, store_settings
from tests.store.lrs import INSTALL, PASSWORD, USER, Ralph, ralph_python
from tests.store.test_institutions import School, answer, ev, make_school, push_events


@pytest.fixture
def ralph(tmp_path: Path) -> Iterator[Ralph]:
    python = ralph_python()
    if python is None:
        pytest.skip(f"the LRS Ralph (ralph-malph) is not installed; install it with: {INSTALL}")
    lrs = Ralph(python, tmp_path / "ralph")
    lrs.start()
    try:
        yield lrs
    finally:
        lrs.stop()


@pytest.fixture(params=BACKENDS)
def fast_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[StoreHarness]:
    """A store that forwards every second and retries after 1 s, 2 s, 2 s, ..., on SQLite
    and on PostgreSQL (`postgres` marker; a fresh database from `pg_url`)."""
    data = tmp_path / "store"
    url = (f"sqlite:///{tmp_path / 'store.db'}" if request.param == "sqlite"
           else str(request.getfixturevalue("pg_url")))
    settings = store_settings(data, url, xapi_interval=1, xapi_retry_base=1, xapi_retry_max=2,
                              xapi_batch=2)
    server = EmbeddedStore(settings)
    server.start()
    harness = StoreHarness(server, request.param, tmp_path / "bundles", FakeStripe())
    try:
        yield harness
    finally:
        harness.close()
        server.stop()


def wait_for(check: Callable[[], Any], timeout: float = 60.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached within {timeout} s: {check.__doc__}")
        time.sleep(0.3)


@pytest.mark.slow
def test_events_reach_the_lrs_once_even_after_it_was_down(
    fast_store: StoreHarness, ralph: Ralph, tmp_path: Path
) -> None:
    store = fast_store
    s: School = make_school(store)
    c = s.course_id
    lrs_url = f"/v1/admin/organisations/{s.org['id']}/lrs"
    outsider = store.register("outsider")  # in no group of the organisation
    push_events(outsider, [ev("completed", "intro", c)])

    # wrong credentials: the store keeps the events and says why
    r = s.admin.client.put(lrs_url, headers=s.admin.auth,
                           json={"url": ralph.url, "username": USER, "password": "wrong"})
    assert r.status_code == 200, r.text
    first = [ev("launched", "intro", c),
             ev("progressed", "intro", c, result={"duration_s": 125.5}),
             ev("completed", "intro", c, result={"success": True}),
             answer(c, False, datetime.now().astimezone()),
             ev("attempted", "q-basics", c, kind="quiz",
                result={"score": 0.0, "success": False})]
    push_events(s.learner_a, [*first, ev("completed", "x", "a-course-of-no-group")])
    refused = s.admin.post(f"{lrs_url}/send").json()
    assert refused["sent"] == 0 and refused["pending"] == 6 and refused["failures"] >= 1
    assert "401" in refused["last_error"]
    assert ralph.statements() == []

    r = s.admin.client.put(lrs_url, headers=s.admin.auth,
                           json={"url": ralph.url, "username": USER, "password": PASSWORD})
    assert r.json()["failures"] == 0 and r.json()["pending"] == 6
    sent = s.admin.post(f"{lrs_url}/send").json()
    assert (sent["sent"], sent["pending"], sent["failures"]) == (5, 0, 0)
    held = {st["id"]: st for st in ralph.statements()}
    assert set(held) == {e["id"] for e in first}  # not the outsider's, not other courses
    progressed = held[first[1]["id"]]
    assert progressed["verb"]["id"] == "http://adlnet.gov/expapi/verbs/progressed"
    assert progressed["actor"]["account"]["name"] == s.learner_a.user_id
    assert progressed["result"]["duration"] == "PT125.5S"
    assert progressed["object"]["id"].endswith(f"/xapi/activities/{c}/intro")
    assert held[first[4]["id"]]["result"]["score"]["scaled"] == 0.0

    # the LRS goes down; learners keep studying
    ralph.stop()
    later = [ev("completed", "two", c, result={"success": True}),
             answer(c, True, datetime.now().astimezone(), attempt=2),
             ev("launched", "q-basics", c)]
    push_events(s.learner_a, later)

    def failing() -> Any:
        """the store noticed the LRS is down, twice (a retry after backoff)"""
        body = s.admin.get(lrs_url).json()
        return body if body["failures"] >= 2 else None

    down = wait_for(failing)
    assert down["pending"] == 3 and "cannot be reached" in down["last_error"]
    assert down["next_attempt_at"] is not None

    ralph.start()  # back, with what it stored before

    def delivered() -> Any:
        """everything was delivered after the LRS came back"""
        body = s.admin.get(lrs_url).json()
        return body if body["pending"] == 0 and body["failures"] == 0 else None

    back = wait_for(delivered)
    assert back["sent"] == 8 and back["last_error"] == ""
    ids = [st["id"] for st in ralph.statements()]
    assert sorted(ids) == sorted(e["id"] for e in [*first, *later])  # each exactly once

    # the store forgets it sent them (a lost answer): sending again duplicates nothing
    ctx = store.server.ctx
    assert ctx is not None
    with ctx.db.write() as session:
        org = session.get(Organisation, s.org["id"])
        assert org is not None
        org.xapi_cursor = 0
    s.admin.post(f"{lrs_url}/send")
    assert sorted(st["id"] for st in ralph.statements()) == sorted(ids)

    # the NDJSON export carries the same statements
    out = tmp_path / "statements.ndjson"
    db_url = store.server.settings.database_url
    data = str(store.server.settings.data_dir)
    assert cli_main(["export-xapi", "--db", db_url, "--data", data, "--org", s.org["id"],
                     "--out", str(out)]) == 0
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(st["id"] for st in lines) == sorted(ids)
    assert all(st["version"] == "1.0.3" for st in lines)
    assert s.admin.delete(lrs_url).status_code == 204
    assert s.admin.get(lrs_url).status_code == 404


def test_export_of_every_account(fast_store: StoreHarness, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    learner = fast_store.register("solo")
    events = [ev("completed", "intro", "solo-course", result={"success": True}),
              answer("solo-course", True, datetime.now().astimezone())]
    push_events(learner, events)
    settings = fast_store.server.settings
    args = ["export-xapi", "--db", settings.database_url, "--data", str(settings.data_dir),
            "--home-page", "https://school.example/store"]
    capsys.readouterr()
    assert cli_main(args) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [st["id"] for st in lines] == [e["id"] for e in events]
    assert lines[0]["actor"]["account"] == {"homePage": "https://school.example/store/",
                                            "name": learner.user_id}
    assert lines[1]["result"] == {"success": True, "response": "true", "duration": "PT4S"}
    assert lines[1]["object"]["definition"]["type"].endswith("/cmi.interaction")
