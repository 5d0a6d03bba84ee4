# ruff: noqa: F811  (pytest fixtures imported from tests/ui/support.py are parameters here)
"""An existing single database (every released schema) becomes one profile per account.

Ada (``u-7f3c2a``) was the last to sign in: her goals, plan, notes, bookmarks, outbox and
queued purchase go to her profile. Bo (``u-bo-51e7``, only in the last 0.1 schema, which let
two accounts share one database) gets his own events, lease and unsynced event. Each one then
signs in on the real store, and their profile is encrypted at that moment.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from support import fresh_store, memory_keyring  # type: ignore[import-not-found]  # noqa: F401

from app import paths
from app.db.cipher import is_encrypted
from app.eventbus import EventBus
from app.profiles.info import profile_id
from app.services.context import build_app

RELEASED = sorted((Path(__file__).parents[1] / "db" / "released").glob("v*.sql"))
ADA, BO = "u-7f3c2a", "u-bo-51e7"
ADA_EMAIL, BO_EMAIL = "ada@example.org", "bo@example.org"
NOTE = "range(n) stops *before* n"


def load_legacy(dump: Path, store_url: str) -> Path:
    data = paths.data_dir()
    with contextlib.closing(sqlite3.connect(data / "satchel.db")) as con:
        con.executescript(dump.read_text(encoding="utf-8"))
    (data / "account.json").write_text(json.dumps({
        "user_id": ADA, "email": ADA_EMAIL, "display_name": "Ada",
        "device_id": "dev-laptop-01", "store_url": store_url}), encoding="utf-8")
    downloads = paths.downloads_dir()
    (downloads / "python-basics-1.0.0-9f2c1e7a4b5d.key").write_text(json.dumps({
        "course_id": "python-basics", "version": "1.0.0", "wrapped_key": "d3JhcHBlZA=="}))
    return data


def rows(path: Path, sql: str) -> list[Any]:
    with contextlib.closing(sqlite3.connect(path)) as con:
        return con.execute(sql).fetchall()


def make_store_user(store: Any, user_id: str, email: str, name: str) -> None:
    from store.db.models import User

    with store.ctx.db.write() as s:
        s.add(User(id=user_id, email=email, display_name=name,
                   password_hash=store.ctx.passwords.hash("password123")))


@pytest.mark.parametrize("dump", RELEASED, ids=[p.stem for p in RELEASED])
def test_an_old_database_is_split_into_profiles_then_encrypted_at_sign_in(
        dump: Path, fresh_store: Any) -> None:
    data = load_legacy(dump, fresh_store.url)
    shared = "shared" in dump.name
    app = build_app(settings={"store_url": fresh_store.url}, bus=EventBus())
    try:
        assert app.split is not None
        split = {p.user_id: p for p in app.split.profiles}
        assert set(split) == ({ADA, BO} if shared else {ADA})
        # nothing of the old shared file is left readable
        leftovers = [p.name for p in data.iterdir() if p.name.startswith("satchel.db")]
        assert leftovers == [] and not (data / "account.json").exists()
        assert not list(paths.downloads_dir().glob("*.key"))
        registry = app.profiles.registry
        ada_db = registry.database_path(profile_id(fresh_store.url, ADA))
        assert rows(ada_db, "SELECT DISTINCT actor_id FROM learning_events") == [(ADA,)]
        assert rows(ada_db, "SELECT count(*) FROM goals") == [(1,)]
        assert rows(ada_db, "SELECT count(*) FROM purchase_intents") == [(1,)]
        assert {r[0] for r in rows(ada_db, "SELECT json_extract(payload, '$.actor_id') "
                                           "FROM outbox WHERE kind = 'event'")} == {ADA}
        assert rows(ada_db, "SELECT wrapped_key FROM course_versions") == [("d3JhcHBlZA==",)]
        assert split[ADA].email == ADA_EMAIL and split[ADA].claimed
        if shared:
            bo_db = registry.database_path(profile_id(fresh_store.url, BO))
            assert rows(bo_db, "SELECT DISTINCT actor_id FROM learning_events") == [(BO,)]
            assert rows(bo_db, "SELECT count(*) FROM learning_events") == [(3,)]
            for table in ("goals", "notes", "bookmarks", "plan_items", "purchase_intents"):
                assert rows(bo_db, f"SELECT count(*) FROM {table}") == [(0,)], table
            assert rows(bo_db, "SELECT count(*) FROM outbox") == [(1,)]
            assert rows(bo_db, "SELECT user_id FROM entitlements") == [(BO,)]
            assert rows(bo_db, "SELECT name FROM sync_cursors WHERE name LIKE 'events:%'") \
                == [(f"events:{BO}",)]
            assert not split[BO].claimed  # nobody knows Bo's email here until he signs in

        # Ada signs in: her profile is encrypted, her data intact
        make_store_user(fresh_store, ADA, ADA_EMAIL, "Ada")
        ada = app.open(app.profiles.sign_in(ADA_EMAIL, "password123"))
        try:
            assert ada.opened.info.encrypted and is_encrypted(ada_db)
            assert [g.title for g in ada.goals.goals()] == ["Finish Python basics"]
            assert ada.opened.values.settings() == {}
        finally:
            ada.close()
        assert NOTE.encode() not in ada_db.read_bytes()
        if shared:
            make_store_user(fresh_store, BO, BO_EMAIL, "Bo")
            bo = app.open(app.profiles.sign_in(BO_EMAIL, "password123"))  # claimed by id
            try:
                assert bo.account.current_user.email == BO_EMAIL
                assert bo.opened.info.encrypted
                assert bo.data.counts() == {"events": 3, "notes": 0, "goals": 0}
                assert bo.sync.pending_changes() == 1
            finally:
                bo.close()
    finally:
        app.close()


def test_an_interrupted_split_runs_again_and_loses_nothing(
        fresh_store: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    dump = next(p for p in RELEASED if "shared" in p.name)
    data = load_legacy(dump, fresh_store.url)
    real_replace = os.replace
    renames: list[str] = []

    def crash_on_second_profile(src: Any, dst: Any) -> None:
        if Path(src).name.startswith(".split-"):
            renames.append(str(dst))
            if len(renames) == 2:
                raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_on_second_profile)
    with pytest.raises(OSError, match="No space left"):
        build_app(settings={"store_url": fresh_store.url}, bus=EventBus())
    assert (data / "satchel.db").exists()  # the old database is kept until all is in place
    monkeypatch.setattr(os, "replace", real_replace)
    app = build_app(settings={"store_url": fresh_store.url}, bus=EventBus())
    try:
        assert {p.info.user_id for p in app.profiles.profiles()} == {ADA, BO}
        assert not (data / "satchel.db").exists()
        assert not list(app.profiles.registry.root.glob(".split-*"))
    finally:
        app.close()
