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
    "notes", "reviews", "settings", "groups" (the learner's classes)."""

    topic: str
    course_id: str | None = None


@dataclass(frozen=True)
class DownloadProgressed:
    progress: DownloadProgress


@dataclass(frozen=True)
class DownloadFinished:
    """A download run ended: ``outcome`` "completed", "paused", "cancelled" or "failed";
    a failure carries its plain ``message`` and ``kind`` ("corrupt", "disk_full", "offline",
    "error")."""

    course_id: str
    ok: bool
    message: str = ""
    outcome: str = ""
    kind: str | None = None


@dataclass(frozen=True)
class PurchaseNeedsConfirmation:
    """A purchase queued earlier (often offline) was re-quoted by the store: the learner must
    confirm the current price (``amount``/``currency``) or cancel. ``changed`` when it differs
    from the price they saw when they asked to buy (``old_amount``/``old_currency``)."""

    course_id: str
    intent_key: str
    amount: int
    currency: str
    changed: bool
    title: str = ""
    old_amount: int | None = None
    old_currency: str | None = None


@dataclass(frozen=True)
class LessonCompleted:
    course_id: str
    item_id: str
