"""Domain events the services emit on the `EventBus` (immutable; safe across threads)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from app.services.views import DownloadProgress


@dataclass(frozen=True)
class SyncStatusChanged:
    status: Any  # sync.status.SyncStatus


@dataclass(frozen=True)
class AccountChanged:
    signed_in: bool
    email: str | None = None


@dataclass(frozen=True)
class DataChanged:
    """Something the screens show changed: "catalog", "library", "progress", "goals",
    "notes", "settings"."""

    topic: str
    course_id: str | None = None


@dataclass(frozen=True)
class DownloadProgressed:
    progress: DownloadProgress


@dataclass(frozen=True)
class DownloadFinished:
    course_id: str
    ok: bool
    message: str = ""


@dataclass(frozen=True)
class PurchaseNeedsConfirmation:
    course_id: str
    intent_key: str
    amount: int
    currency: str
    changed: bool


@dataclass(frozen=True)
class LessonCompleted:
    course_id: str
    item_id: str
