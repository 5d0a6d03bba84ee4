"""From one shared database to one profile per account (Satchel 0.1 → profiles).

Satchel 0.1 kept one plain database, ``<data>/satchel.db``, for whoever signed in, with the
last signed-in account in ``account.json`` and secrets in the keyring. `split_legacy`
divides it, once, into profiles:

* learning events (and the attempts derived from them), leases, entitlements and per-user
  pull cursors go to the profile of their own account (``actor_id`` / ``user_id``);
* mutable records (goals, plan items, notes, bookmarks), outbox record rows, purchase
  intents, content keys and the remembered session go to the last signed-in account, whose
  events in the outbox go with it; another account's events in the outbox go to that
  account's profile;
* the catalog and course contents are copied to every profile (they are not personal).

Each new profile is written as a plain database in a hidden folder and renamed into place
when complete, so an interrupted split leaves no half profile; the old file is deleted
only when every profile is in place, and a split interrupted before that simply runs
again. A split profile stays plain (``encrypted = False``) until its owner signs in with a
password on this computer, which encrypts it (`app.db.cipher.encrypt_in_place`); until
then nobody can open it without signing in to that account online. Afterwards no copy of
the old database is kept: its backups are deleted too, since they hold everyone's data
unencrypted.

Threading: blocking file work; run once at start-up from a worker, before any profile opens.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import shutil
import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app import credentials
from app.db import open_database
from app.db.models import LEARNING_EVENT_TRIGGERS
from app.profiles.info import DATABASE_FILE, ProfileInfo, normalise_url, profile_id, write_info
from app.profiles.registry import ProfileRegistry
from app.shared_content import add_ref

log = logging.getLogger(__name__)

LEGACY_DATABASE = "satchel.db"
LEGACY_ACCOUNT = "account.json"


@dataclass
class SplitReport:
    """What `split_legacy` did."""

    profiles: list[ProfileInfo] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # actors whose profile already existed


def legacy_account(data_dir: Path) -> dict[str, str] | None:
    try:
        data = json.loads((data_dir / LEGACY_ACCOUNT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("user_id"), str):
        return None
    return {k: str(v) for k, v in data.items() if isinstance(v, str)}


def _actors(path: Path) -> list[str]:
    with contextlib.closing(sqlite3.connect(path)) as con:
        rows = con.execute("SELECT DISTINCT actor_id FROM learning_events "
                           "WHERE actor_id != '' ORDER BY actor_id").fetchall()
    return [r[0] for r in rows]


def _copy(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    with (contextlib.closing(sqlite3.connect(source)) as src,
          contextlib.closing(sqlite3.connect(target)) as dst):
        src.backup(dst)


def _keep_only(path: Path, actor: str, owner: bool, wrapped_keys: Mapping[tuple[str, str], str],
               secrets: Mapping[str, Any]) -> None:
    """Delete from the copy at ``path`` every row that is not ``actor``'s; ``owner``: the
    actor is the last signed-in account (mutable records and open purchases are theirs)."""
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as con:
        con.execute("PRAGMA foreign_keys = OFF")
        con.execute("BEGIN IMMEDIATE")
        con.execute("DROP TRIGGER IF EXISTS learning_events_no_delete")
        con.execute("DROP TRIGGER IF EXISTS learning_events_no_update")
        con.execute("DELETE FROM attempts WHERE event_id IN "
                    "(SELECT id FROM learning_events WHERE actor_id != ?)", (actor,))
        con.execute("DELETE FROM learning_events WHERE actor_id != ?", (actor,))
        con.execute("DELETE FROM entitlements WHERE user_id != ?", (actor,))
        con.execute("DELETE FROM leases WHERE user_id != ?", (actor,))
        con.execute("DELETE FROM sync_cursors WHERE (name LIKE 'events:%' OR name LIKE "
                    "'records:%') AND substr(name, instr(name, ':') + 1) != ?", (actor,))
        con.execute("DELETE FROM outbox WHERE kind = 'event' AND "
                    "json_extract(payload, '$.actor_id') != ?", (actor,))
        if not owner:
            for table in ("goals", "plan_items", "notes", "bookmarks", "purchase_intents",
                          "review_state"):
                con.execute(f"DELETE FROM {table}")
            con.execute("DELETE FROM outbox WHERE kind != 'event'")
            con.execute("UPDATE course_versions SET wrapped_key = NULL")
        else:
            for (course, version), wrapped in wrapped_keys.items():
                con.execute("UPDATE course_versions SET wrapped_key = ? "
                            "WHERE course_id = ? AND version = ?", (wrapped, course, version))
            for name, value in secrets.items():
                con.execute("INSERT OR REPLACE INTO profile_values (name, value, updated_at) "
                            "VALUES (?, ?, datetime('now'))", (name, json.dumps(value)))
        for trigger in LEARNING_EVENT_TRIGGERS:
            con.execute(trigger)
        con.execute("COMMIT")
        con.execute("VACUUM")


def _available_files(path: Path) -> list[Path]:
    with contextlib.closing(sqlite3.connect(path)) as con:
        rows = con.execute("SELECT installed_path FROM course_versions WHERE state = "
                           "'available' AND installed_path IS NOT NULL").fetchall()
    return [Path(r[0]) for r in rows]


def _legacy_key_files(downloads: Path | None) -> dict[tuple[str, str], str]:
    found: dict[tuple[str, str], str] = {}
    if downloads is None or not downloads.is_dir():
        return found
    for path in downloads.glob("*.key"):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found[(str(data["course_id"]), str(data["version"]))] = str(data["wrapped_key"])
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("ignoring unreadable content key file %s", path)
    return found


def split_legacy(data_dir: Path, registry: ProfileRegistry, store_ref: str, *,
                 downloads_dir: Path | None = None,
                 personal_settings: Mapping[str, Any] | None = None) -> SplitReport | None:
    """Split ``<data>/satchel.db`` into profiles (see the module docstring); None when there
    is nothing to split. ``personal_settings`` go to the last signed-in account."""
    legacy = data_dir / LEGACY_DATABASE
    if not legacy.is_file():
        return None
    for leftover in registry.root.glob(".split-*"):
        shutil.rmtree(leftover, ignore_errors=True)
    open_database(legacy).close()  # upgraded to the current schema (backed up first)
    account = legacy_account(data_dir)
    last = account.get("user_id") if account else None
    actors = _actors(legacy)
    if last and last not in actors:
        actors.append(last)
    wrapped = _legacy_key_files(downloads_dir)
    secrets: dict[str, Any] = {}
    old_url = account.get("store_url", "") if account else ""
    if account and account.get("email"):
        token = credentials.load_secret(old_url, account["email"])
        device_key = credentials.load_secret(old_url, f"{account['email']}#device-key")
        if token:
            secrets["secret.refresh_token"] = token
        if device_key:
            secrets["secret.device_key"] = device_key
        for name, value in (personal_settings or {}).items():
            secrets[f"setting.{name}"] = value
    report = SplitReport()
    for actor in actors:
        pid = profile_id(store_ref, actor)
        if registry.get(pid) is not None:
            report.skipped.append(actor)
            continue
        owner = actor == last
        staging = registry.root / f".split-{pid}"
        _copy(legacy, staging / DATABASE_FILE)
        _keep_only(staging / DATABASE_FILE, actor, owner, wrapped if owner else {},
                   secrets if owner else {})
        info = ProfileInfo(
            id=pid, store_url=normalise_url(store_ref), user_id=actor,
            email=account.get("email", "") if owner and account else "",
            display_name=account.get("display_name", "") if owner and account else "",
            device_id=account.get("device_id", "") if owner and account else "",
            encrypted=False)
        write_info(staging, info)
        if downloads_dir is not None:
            for path in _available_files(staging / DATABASE_FILE):
                add_ref(downloads_dir, path, pid)
        os.replace(staging, registry.folder(pid))
        report.profiles.append(info)
        log.info("split the old database: profile %s for %s", pid, info.label)
    _delete_legacy(data_dir, legacy, downloads_dir, account)
    return report


def _delete_legacy(data_dir: Path, legacy: Path, downloads: Path | None,
                   account: dict[str, str] | None) -> None:
    for path in [legacy, *legacy.parent.glob(f"{legacy.name}-*"),
                 *legacy.parent.glob(f"{legacy.name}.pre-*.bak")]:
        path.unlink(missing_ok=True)
    if downloads is not None and downloads.is_dir():
        for path in downloads.glob("*.key"):
            path.unlink(missing_ok=True)
    if account and account.get("email"):
        url = account.get("store_url", "")
        credentials.delete_secret(url, account["email"])
        credentials.delete_secret(url, f"{account['email']}#device-key")
    (data_dir / LEGACY_ACCOUNT).unlink(missing_ok=True)

