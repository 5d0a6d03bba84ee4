"""Entitlement leases, checked offline.

A lease is the store's Ed25519 signature over ``canonical_json(lease)`` naming the user, the
device, the courses and an expiry (at most 30 days after issue). The client keeps it and, with
the store's public key, checks it without the network: studying works offline until the lease
expires.

Clock tampering: `LeaseClock` keeps a *high-water mark* of the time, the greatest time this
device has seen (its own clock, and each lease's ``issued_at`` from the server). The time used
for expiry is ``max(wall clock, high-water mark)``, so moving the clock back never extends
access. A fresh lease from the server resets the mark to the server's time (the server is the
authority, so a clock that was set *forward* by mistake heals at the next check-in).

Refunds: the store leaves a refunded course out of the next lease; the app replaces its
entitlements with the lease's courses at each check-in, so the refund revokes access then.

Pure functions plus `LeaseClock` (which persists its mark through two callables and is
thread-safe).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import math
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from pydantic import ValidationError

from sync.errors import LeaseInvalid, UntrustedStoreKey
from sync.protocol import KeySet, LeaseBody, SignedLease, canonical_json, rotation_signing_bytes

DAY = 86_400
#: The high-water mark is persisted only when it moves by at least this much (fewer writes).
HIGH_WATER_STEP = 60


def key_id_of(public_raw: bytes) -> str:
    """First 16 hex digits of sha256(raw public key)."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def trusted_keys(keyset: KeySet) -> dict[str, bytes]:
    """The Ed25519 keys of a key set by key id; keys whose id does not match are dropped."""
    out: dict[str, bytes] = {}
    for key in keyset.keys:
        try:
            raw = base64.b64decode(key.public_key, validate=True)
        except (binascii.Error, ValueError):
            continue
        if key.alg == "ed25519" and len(raw) == 32 and key_id_of(raw) == key.key_id:
            out[key.key_id] = raw
    return out


def accept_keys(pinned: Mapping[str, bytes], keyset: KeySet) -> dict[str, bytes]:
    """The keys to trust from now on, given the ``pinned`` ones (this profile's) and what the
    store presents. Nothing pinned yet: the presented keys (trust on first contact, unless
    provisioning pinned one). Otherwise every presented key must be pinned already or be
    reached from a pinned key by rotations each signed by the key before it; anything else
    raises `UntrustedStoreKey` and nothing changes. Old keys stay trusted (leases they
    signed keep verifying)."""
    presented = trusted_keys(keyset)
    if not pinned:
        return presented
    trusted = dict(pinned)
    progress = True
    while progress:  # follow rotation chains from what is trusted so far
        progress = False
        for rot in keyset.rotations:
            old = trusted.get(rot.old_key_id)
            if old is None or rot.new_key_id in trusted:
                continue
            try:
                new_raw = base64.b64decode(rot.new_public_key, validate=True)
                signature = base64.b64decode(rot.signature, validate=True)
                Ed25519PublicKey.from_public_bytes(old).verify(
                    signature, rotation_signing_bytes(rot.old_key_id, rot.new_key_id,
                                                      rot.new_public_key))
            except (binascii.Error, ValueError, InvalidSignature):
                continue
            if len(new_raw) == 32 and key_id_of(new_raw) == rot.new_key_id:
                trusted[rot.new_key_id] = new_raw
                progress = True
    unknown = sorted(k for k, raw in presented.items() if trusted.get(k) != raw)
    if unknown or not presented:
        pinned_ids = ", ".join(sorted(pinned))
        raise UntrustedStoreKey(
            f"The store presented a signing key ({', '.join(unknown) or 'none'}) that this "
            f"profile does not trust (it trusts {pinned_ids}), and no rotation signed by a "
            "trusted key leads to it. Satchel keeps your courses and leases as they are and "
            "refuses it: the address may point to another server. Check the store address, "
            "or ask the store's administrator.")
    return trusted


@dataclass(frozen=True)
class VerifiedLease:
    """A lease whose signature checked out. ``lease_json`` is the exact signed text."""

    body: LeaseBody
    lease_json: str
    signature: str
    key_id: str

    @property
    def courses(self) -> frozenset[str]:
        return frozenset(self.body.courses)

    @property
    def issued_at(self) -> datetime:
        return datetime.fromtimestamp(self.body.issued_at, UTC)

    @property
    def expires_at(self) -> datetime:
        return datetime.fromtimestamp(self.body.expires_at, UTC)


def _verify(
    lease: Mapping[str, Any], signature: str, key_id: str, keys: Mapping[str, bytes]
) -> VerifiedLease:
    public = keys.get(key_id)
    if public is None:
        raise LeaseInvalid(
            "Your course access could not be checked: it was signed with a key this app does "
            "not know. Connect to the store once to refresh it."
        )
    signed_bytes = canonical_json(dict(lease))
    try:
        sig = base64.b64decode(signature, validate=True)
        Ed25519PublicKey.from_public_bytes(public).verify(sig, signed_bytes)
    except (binascii.Error, ValueError, InvalidSignature) as exc:
        raise LeaseInvalid(
            "Your course access record is damaged or was altered (its signature does not "
            "match). Connect to the store to get a fresh one."
        ) from exc
    try:
        body = LeaseBody.model_validate(lease)
    except ValidationError as exc:
        raise LeaseInvalid("Your course access record has an unknown format.") from exc
    if body.key_id != key_id:
        raise LeaseInvalid("Your course access record names a different signing key.")
    return VerifiedLease(body, signed_bytes.decode("utf-8"), signature, key_id)


def verify_signed_lease(
    signed: Mapping[str, Any],
    keys: Mapping[str, bytes],
    *,
    device_id: str | None = None,
    user_id: str | None = None,
) -> VerifiedLease:
    """Check a lease as the store sent it (``SignedLease`` JSON); raises `LeaseInvalid`.

    The signature is checked over the canonical JSON of the *received* lease object, so a
    newer store may add fields without breaking older clients.
    """
    try:
        envelope = SignedLease.model_validate(signed)
    except ValidationError as exc:
        raise LeaseInvalid("The store sent a course access record Satchel cannot read.") from exc
    raw = signed.get("lease")
    if not isinstance(raw, Mapping):  # pragma: no cover - model validation catches it
        raise LeaseInvalid("The store sent a course access record Satchel cannot read.")
    lease = _verify(raw, envelope.signature, envelope.key_id, keys)
    if device_id is not None and lease.body.device_id != device_id:
        raise LeaseInvalid("This course access record is for another device.")
    if user_id is not None and lease.body.user_id != user_id:
        raise LeaseInvalid("This course access record is for another account.")
    return lease


def verify_stored_lease(
    lease_json: str, signature: str, key_id: str, keys: Mapping[str, bytes]
) -> VerifiedLease:
    """Re-check a lease kept in the local database (offline)."""
    try:
        raw = json.loads(lease_json)
    except ValueError as exc:
        raise LeaseInvalid("Your stored course access record is damaged.") from exc
    if not isinstance(raw, dict):
        raise LeaseInvalid("Your stored course access record is damaged.")
    return _verify(raw, signature, key_id, keys)


class LeaseClock:
    """Seconds since the epoch that never go backwards (see the module docstring).

    ``load``/``save`` persist the high-water mark (the app keeps it in ``sync_cursors``).
    """

    def __init__(
        self,
        load: Callable[[], int | None],
        save: Callable[[int], None],
        wall: Callable[[], float] = time.time,
    ) -> None:
        self._load = load
        self._save = save
        self._wall = wall
        self._lock = threading.Lock()
        self._mark: int | None = None

    def _current_mark(self) -> int | None:
        if self._mark is None:
            self._mark = self._load()
        return self._mark

    def now(self) -> int:
        """The trusted time: ``max(wall clock, high-water mark)``; advances the mark."""
        observed = int(self._wall())
        with self._lock:
            mark = self._current_mark()
            if mark is None or observed >= mark + HIGH_WATER_STEP:
                self._mark = observed
                self._save(observed)
                return observed
            if observed > mark:
                self._mark = observed  # in memory only; persisted at the next step
                return observed
            return mark

    def clock_moved_back(self) -> bool:
        """True when the wall clock is behind a time this device has already seen."""
        with self._lock:
            mark = self._current_mark()
        return mark is not None and int(self._wall()) < mark - HIGH_WATER_STEP

    def check_in(self, server_time: int) -> None:
        """Adopt the server's time (from a fresh lease) as the new mark."""
        with self._lock:
            self._mark = server_time
            self._save(server_time)


@dataclass(frozen=True)
class Access:
    """May the learner open a paid course now? With a plain ``reason`` when not."""

    allowed: bool
    days_remaining: int
    expires_at: datetime | None
    reason: str | None = None


def access_to(lease: VerifiedLease | None, course_id: str, now: int) -> Access:
    """Decide access to ``course_id`` at trusted time ``now`` (from `LeaseClock.now`)."""
    if lease is None:
        return Access(False, 0, None, "You do not have access to this course on this device yet. "
                      "Buy it or connect to the store to check your purchases.")
    if course_id not in lease.courses:
        return Access(False, 0, lease.expires_at, "This course is not in your purchases "
                      "(it may have been refunded). Connect to the store to check.")
    remaining = lease.body.expires_at - now
    if remaining <= 0:
        return Access(False, 0, lease.expires_at, "Your offline access has expired. Connect to "
                      "the internet once so Satchel can renew it with the store.")
    return Access(True, days_remaining(lease, now), lease.expires_at)


def days_remaining(lease: VerifiedLease, now: int) -> int:
    """Whole days of offline access left (rounded up; 0 once expired)."""
    return max(0, math.ceil((lease.body.expires_at - now) / DAY))
