# ruff: noqa: F811  (pytest fixtures imported from tests/ui/support.py are parameters here)
"""Accounts on one computer: one private, encrypted profile each, against a real store.

Alice and Bob share a laptop (one data folder, one keyring). What one of them does stays in
their own profile, reaches only their own store account, and opens only for them — offline
too, with or without a keyring.
"""

from __future__ import annotations

import base64
import contextlib
import sqlite3
import sys
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from support import (  # type: ignore[import-not-found]  # noqa: F401
    PAID_PRICE,
    app_services,
    fresh_store,
    memory_keyring,
    new_email,
    open_new_account,
    test_store,
)

from app.errors import AuthError, UserError
from app.eventbus import EventBus
from app.profiles.keys import WrongPassword
from app.services.context import build_app
from app.services.lessons import prepare_lesson

NOTE = "Alice's private note: remember the halving trick"


def buy(svc: Any, course: str = "paid-course") -> None:
    svc.catalog.refresh()
    svc.catalog.buy(course, card="4242 4242 4242 4242",
                    expected_amount=PAID_PRICE if course == "paid-course" else 0,
                    expected_currency="USD")
    svc.library.download(course)


def study(svc: Any) -> None:
    """A goal, a note, a bookmark and a finished lesson: what Alice leaves unsynced."""
    lesson = svc.library.manifest("paid-course").item("l-add")
    svc.progress.reached_end("paid-course", lesson)
    svc.notes.add_note("paid-course", "l-add", NOTE)
    svc.notes.add_bookmark("paid-course", "l-add", "the trick", {"page": 1})
    svc.goals.create_goal("Finish Paid numbers", "paid-course", date.today()
                          + timedelta(days=30), 3.0)


def store_rows(store: Any, user_id: str) -> tuple[set[str], list[Any]]:
    """What the store holds for ``user_id``: event ids, and record field values."""
    from store.db.models import SyncEvent, SyncRecordField

    with store.ctx.db.session(write=False) as s:
        events = set(s.scalars(select(SyncEvent.event_id).where(SyncEvent.user_id == user_id)))
        values = list(s.scalars(select(SyncRecordField.value).where(
            SyncRecordField.user_id == user_id)))
    return events, values


def local_event_ids(svc: Any) -> set[str]:
    from app.db.models import LearningEvent

    with svc.db.read() as s:
        return set(s.scalars(select(LearningEvent.id)))


@pytest.fixture
def alice_then_bob(app_services: Any, test_store: Any) -> Iterator[tuple[Any, Any, str]]:
    """Alice studies (nothing synced), switches profile; Bob creates his account."""
    app = app_services
    alice = open_new_account(app, name="Alice")
    buy(alice)
    study(alice)
    alice_events = local_event_ids(alice)
    alice_info = alice.account.current_user
    alice.close()
    bob = open_new_account(app, name="Bob")
    yield app, bob, alice_info.id
    bob.close()
    assert alice_events  # (kept for the tests below through the store)


def test_bob_sees_nothing_of_alice(alice_then_bob: Any) -> None:
    _app, bob, _alice = alice_then_bob
    bob.catalog.refresh()
    assert bob.goals.goals() == []
    assert bob.notes.notes("paid-course") == []
    assert bob.notes.bookmarks("paid-course") == []
    assert bob.library.entries() == []
    assert bob.guidance.home().next_lessons == ()
    assert bob.progress.completed("paid-course") == set()
    assert bob.data.counts() == {"events": 0, "notes": 0, "goals": 0}
    with pytest.raises(UserError, match="not downloaded"):
        bob.library.course("paid-course")


def test_bobs_sync_pushes_only_bob_and_alices_work_reaches_alice(
        alice_then_bob: Any, test_store: Any) -> None:
    app, bob, alice_id = alice_then_bob
    bob.sync.sync_now()
    bob_user = bob.account.current_user.user_id
    events, values = store_rows(test_store, bob_user)
    assert all(NOTE not in str(v) for v in values)
    assert events <= local_event_ids(bob)  # nothing Bob's profile did not record itself
    assert bob.sync.pending_changes() == 0
    bob.close()
    # Alice comes back (her profile is remembered): her work goes to her account only
    alice = app.open(app.profiles.open_remembered(alice_id))
    try:
        assert alice.sync.pending_changes() > 0
        alice.sync.sync_now()
        alice_user = alice.account.current_user.user_id
        events, values = store_rows(test_store, alice_user)
        assert local_event_ids(alice) <= events
        assert NOTE in values
        assert NOTE not in store_rows(test_store, bob_user)[1]
    finally:
        alice.close()


def test_each_profile_has_its_own_device_key_and_bob_cannot_decrypt_alice(
        alice_then_bob: Any, test_store: Any) -> None:
    from bundle.crypto import device_public_key, unwrap_key
    from bundle.errors import BundleError
    from store.db.models import Device

    app, bob, alice_id = alice_then_bob
    bob_public = base64.b64encode(device_public_key(bob.account.device_key())).decode()
    with test_store.ctx.db.session(write=False) as s:
        keys = {(d.user_id, d.public_key) for d in s.scalars(select(Device))}
    alice_user = app.profiles.registry.get(alice_id).user_id
    alice_keys = {k for u, k in keys if u == alice_user}
    assert alice_keys and bob_public not in alice_keys
    # Alice's content key, as her profile keeps it, does not open with Bob's device key
    alice = app.open(app.profiles.open_remembered(alice_id))
    from app.db.models import CourseVersion

    with alice.db.read() as s:
        wrapped = s.scalars(select(CourseVersion.wrapped_key).where(
            CourseVersion.course_id == "paid-course")).one()
    assert unwrap_key(base64.b64decode(wrapped), alice.account.device_key())
    alice.close()
    with pytest.raises(BundleError):
        unwrap_key(base64.b64decode(wrapped), bob.account.device_key())


def test_the_shared_course_file_opens_for_bob_only_once_he_owns_it(
        alice_then_bob: Any) -> None:
    _app, bob, _alice = alice_then_bob
    downloads = bob.library.downloads_dir
    files = sorted(downloads.glob("paid-course-*.satchel"))
    assert len(files) == 1
    buy(bob)  # the same file: not downloaded twice, and his own key unlocks it
    assert sorted(downloads.glob("paid-course-*.satchel")) == files
    course = bob.library.course("paid-course")
    assert "combining" in prepare_lesson(course, course.manifest.item("l-add")).html
    # Bob removes his download: Alice still studies from the file
    bob.library.remove_download("paid-course")
    assert files[0].exists()


def test_the_profile_database_is_encrypted_at_rest(app_services: Any) -> None:
    alice = open_new_account(app_services, name="Alice")
    buy(alice)
    study(alice)
    folder = app_services.profiles.registry.folder(alice.account.current_user.id)
    token = alice.opened.values.refresh_token()
    alice.close()
    assert token
    for path in folder.iterdir():
        data = path.read_bytes()
        assert NOTE.encode() not in data, path
        assert token.encode() not in data, path
    with contextlib.closing(sqlite3.connect(folder / "satchel.db")) as con, \
            pytest.raises(sqlite3.DatabaseError, match="not a database"):
        con.execute("SELECT count(*) FROM notes").fetchone()


def test_a_wrong_password_says_so_and_changes_nothing(app_services: Any) -> None:
    app = app_services
    svc = open_new_account(app, name="Alice")
    info = svc.account.current_user
    app.profiles.sign_out(svc.opened)
    svc.close()
    before = {p.name: p.read_bytes()
              for p in app.profiles.registry.folder(info.id).iterdir()}
    with pytest.raises(WrongPassword, match="does not unlock this profile"):
        app.profiles.unlock(info.id, "not-her-password")
    with pytest.raises(AuthError, match="Wrong email or password"):
        app.profiles.sign_in(info.email, "not-her-password")
    after = {p.name: p.read_bytes()
             for p in app.profiles.registry.folder(info.id).iterdir()}
    assert after == before
    assert app.profiles.open_remembered(info.id) is None  # signed out: locked


def test_signing_out_locks_the_profile_until_the_password(app_services: Any,
                                                          memory_keyring: Any) -> None:
    app = app_services
    svc = open_new_account(app, name="Alice")
    info = svc.account.current_user
    assert [s.remembered for s in app.profiles.profiles()] == [True]
    app.profiles.sign_out(svc.opened)
    svc.close()
    assert memory_keyring.secrets == {}
    [summary] = app.profiles.profiles()
    assert not summary.remembered
    again = app.open(app.profiles.unlock(info.id, "password123"))
    try:
        assert not again.account.signed_in  # offline unlock: no store session
        assert again.account.current_user.email == info.email
    finally:
        again.close()


def test_offline_restart_without_a_keyring_studies_a_paid_course(
        fresh_store: Any, memory_keyring: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import keyring
    from keyring.backends import fail

    keyring.set_keyring(fail.Keyring())  # a laptop without a working keyring
    settings = {"store_url": fresh_store.url}
    app = build_app(settings=settings, bus=EventBus())
    svc = open_new_account(app, name="Alice")
    assert not svc.account.remembered
    buy(svc)
    info = svc.account.current_user
    svc.close()
    app.close()
    fresh_store.stop()  # no network

    app = build_app(settings=settings, bus=EventBus())  # the app starts again
    try:
        [summary] = app.profiles.profiles()
        assert not summary.remembered and app.profiles.open_remembered(info.id) is None
        svc = app.open(app.profiles.unlock(info.id, "password123"))
        try:
            assert svc.library.access("paid-course") == (True, "")
            [entry] = svc.library.entries()
            assert entry.state == "available" and entry.lease_days_left == 30
            course = svc.library.course("paid-course")
            assert "combining" in prepare_lesson(course, course.manifest.item("l-add")).html
            lesson = course.manifest.item("l-add")
            assert svc.progress.reached_end("paid-course", lesson)  # studying is recorded
        finally:
            svc.close()
    finally:
        app.close()


def test_signing_in_on_another_store_then_syncing_is_clean(
        app_services: Any, test_store: Any, fresh_store: Any) -> None:
    """Today's crash sequence: sign in on store 1, study, switch the store, sync."""
    email = new_email()
    first = open_new_account(app_services, email=email)
    buy(first, "free-course")
    first.progress.reached_end("free-course",
                               first.library.manifest("free-course").item("l-add"))
    first.sync.sync_now()
    first.close()
    other = build_app(settings={"store_url": fresh_store.url}, bus=EventBus())
    try:
        assert other.profiles.profiles() == []  # profiles are per store
        second = open_new_account(other, email=email)
        buy(second, "free-course")
        second.progress.reached_end("free-course",
                                    second.library.manifest("free-course").item("l-add"))
        second.sync.sync_now()  # used to fail: UNIQUE(actor_id, server_seq)
        second.sync.sync_now()
        assert second.sync.pending_changes() == 0
        second.close()
    finally:
        other.close()
    back = app_services.open(app_services.profiles.sign_in(email, "password123"))
    try:
        back.sync.sync_now()
        assert back.sync.pending_changes() == 0
    finally:
        back.close()


def test_a_password_changed_elsewhere_needs_the_old_one_once_here(
        app_services: Any, test_store: Any) -> None:
    from sync.client import StoreClient
    from sync.protocol import API_PREFIX, DeviceInfo

    app = app_services
    svc = open_new_account(app, name="Alice")
    info = svc.account.current_user
    note = svc.notes.add_note("paid-course", None, "kept under the old password")
    app.profiles.sign_out(svc.opened)
    svc.close()
    with StoreClient(test_store.url) as phone:  # she changes it on her phone
        phone.login(info.email, "password123", DeviceInfo(name="phone"))
        phone.request("POST", f"{API_PREFIX}/auth/password", json={
            "current_password": "password123", "new_password": "new-password-456"}).close()
    with pytest.raises(AuthError, match="locked with the password you used before"):
        app.profiles.sign_in(info.email, "new-password-456")
    opened = app.open(app.profiles.unlock(info.id, "password123"))  # the old one, offline
    try:
        assert [n.body for n in opened.notes.notes("paid-course")] == [note.body]
        app.profiles.reauthenticate(opened.opened, "new-password-456")
        assert opened.account.signed_in
    finally:
        opened.close()
    again = app.open(app.profiles.unlock(info.id, "new-password-456"))  # the new one now
    again.close()


def test_personal_settings_belong_to_the_profile(app_services: Any) -> None:
    app = app_services
    alice = open_new_account(app, name="Alice")
    alice.opened.values.save_settings({"interests": ["music"], "daily_review_limit": 7})
    alice_id = alice.account.current_user.id
    alice.close()
    bob = open_new_account(app, name="Bob")
    assert bob.opened.values.settings() == {}
    bob.close()
    alice = app.open(app.profiles.open_remembered(alice_id))
    try:
        assert alice.opened.values.settings() == {"interests": ["music"],
                                                  "daily_review_limit": 7}
    finally:
        alice.close()
