"""Your data: export everything Satchel keeps about you as a JSON zip, or delete it.

`export(target)` writes a zip with one JSON file per kind of record (account, learning
events, goals, plan items, notes, bookmarks, purchases waiting, entitlements) plus a README;
it never includes secrets (tokens and keys).

`wipe_profile(...)` deletes the profile from this computer: its database (learning events
are append-only inside it, so deleting means removing the file), its keyring entry and the
course files no other profile uses. The UI first closes the profile's services. Your account
and purchases on the store are not touched (that is the store's business).

Threading: blocking disk work; call from a worker.
"""

from __future__ import annotations

import json
import os
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.db import Database
from app.db.models import (
    Bookmark,
    Entitlement,
    Goal,
    LearningEvent,
    Note,
    PlanItem,
    PurchaseIntent,
)
from app.errors import StorageError
from app.eventbus import EventBus
from app.profiles.manager import ProfileManager
from app.services.account import AccountService
from app.services.library import LibraryService
from app.shared_content import REFS_FOLDER, drop_ref

README = """Satchel data export
====================

Everything Satchel keeps about you on this computer, as JSON:

- account.json      who you are signed in as (no password, no tokens)
- events.json       your learning record (xAPI-shaped statements: verb, object, result)
- goals.json, plan_items.json, notes.json, bookmarks.json
- entitlements.json the courses your purchases give you access to
- purchases.json    purchases not finished yet
"""


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows(rows: Any, columns: list[str]) -> list[dict[str, Any]]:
    return [{c: _jsonable(getattr(r, c)) for c in columns} for r in rows]


class DataService:
    def __init__(self, db: Database, bus: EventBus, account: AccountService,
                 library: LibraryService, data_dir: Path) -> None:
        self.db = db
        self.bus = bus
        self.account = account
        self.library = library
        self.data_dir = data_dir

    def export(self, target: Path) -> Path:
        """Write the export zip to ``target`` (a .zip path); returns it."""
        if target.suffix.lower() != ".zip":
            target = target.with_suffix(".zip")
        files: dict[str, Any] = {"account.json": self.account.as_dict()}
        with self.db.read() as s:
            def dump(model: Any) -> list[dict[str, Any]]:
                cols = [c.key for c in model.__table__.columns]
                return _rows(s.scalars(select(model)), cols)

            files["events.json"] = dump(LearningEvent)
            files["goals.json"] = dump(Goal)
            files["plan_items.json"] = dump(PlanItem)
            files["notes.json"] = dump(Note)
            files["bookmarks.json"] = dump(Bookmark)
            files["entitlements.json"] = dump(Entitlement)
            files["purchases.json"] = dump(PurchaseIntent)
        tmp = target.with_name(target.name + ".part")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
                z.writestr("README.txt", README)
                for name, data in files.items():
                    z.writestr(name, json.dumps(data, indent=2, ensure_ascii=False))
            os.replace(tmp, target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise StorageError(f"Could not write the export to {target}: "
                               f"{exc.strerror or exc}") from exc
        return target

    def counts(self) -> dict[str, int]:
        from sqlalchemy import func

        with self.db.read() as s:
            return {
                "events": s.scalar(select(func.count()).select_from(LearningEvent)) or 0,
                "notes": s.scalar(select(func.count()).select_from(Note)
                                  .where(Note.deleted.is_(False))) or 0,
                "goals": s.scalar(select(func.count()).select_from(Goal)
                                  .where(Goal.deleted.is_(False))) or 0,
            }


def wipe_profile(profiles: ProfileManager, profile: str, downloads_dir: Path) -> None:
    """Delete a closed profile from this computer: its database and folder, its keyring
    entry, and the course files that no other profile of this computer uses."""
    refs = downloads_dir / REFS_FOLDER
    if refs.is_dir():
        for marker in refs.glob(f"*/{profile}"):
            file = downloads_dir / marker.parent.name
            if drop_ref(downloads_dir, file, profile):
                try:
                    file.unlink(missing_ok=True)
                except OSError as exc:
                    raise StorageError(f"Could not delete {file}: {exc.strerror or exc}") \
                        from exc
    profiles.remove(profile)
