"""Entitlement leases: Ed25519-signed statements "user U on device D may use courses C until
T", verified offline by the client with the store's public key (GET /v1/keys).

The lease body is `sync.protocol.LeaseBody`; the signature covers
`sync.protocol.canonical_json(body)`. Expiry is never more than 30 days after issue
(`LEASE_MAX_DAYS`), so a refund or a revoked device takes effect at the next check-in or at
the latest when the lease runs out. Functions take the request's `Session`; thread-safe.
"""

from __future__ import annotations

import base64
import uuid
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.accounts import Auth
from store.context import StoreContext
from store.db.models import Entitlement
from store.db.types import utcnow
from sync.protocol import (
    LEASE_MAX_DAYS,
    EntitlementOut,
    KeySet,
    LeaseBody,
    PublicKeyOut,
    SignedLease,
    lease_signing_bytes,
)


def active_entitlements(session: Session, user_id: str) -> list[Entitlement]:
    return list(
        session.scalars(
            select(Entitlement)
            .where(Entitlement.user_id == user_id, Entitlement.revoked_at.is_(None))
            .order_by(Entitlement.course_id)
        )
    )


def list_entitlements(session: Session, auth: Auth) -> list[EntitlementOut]:
    return [
        EntitlementOut(
            course_id=e.course_id, source=e.source, order_id=e.order_id, granted_at=e.granted_at
        )
        for e in active_entitlements(session, auth.user_id)
    ]


def issue_lease(session: Session, ctx: StoreContext, auth: Auth) -> SignedLease:
    now = utcnow().replace(microsecond=0)
    days = min(ctx.settings.lease_days, LEASE_MAX_DAYS)
    body = LeaseBody(
        lease_id=uuid.uuid4().hex,
        user_id=auth.user_id,
        device_id=auth.device_id,
        courses=[e.course_id for e in active_entitlements(session, auth.user_id)],
        issued_at=int(now.timestamp()),
        expires_at=int((now + timedelta(days=days)).timestamp()),
        key_id=ctx.keys.key_id,
    )
    signature = ctx.keys.sign(lease_signing_bytes(body))
    return SignedLease(
        lease=body,
        key_id=ctx.keys.key_id,
        signature=base64.b64encode(signature).decode("ascii"),
    )


def key_set(ctx: StoreContext) -> KeySet:
    return KeySet(
        keys=[
            PublicKeyOut(
                key_id=ctx.keys.key_id,
                alg="ed25519",
                use="sign",
                public_key=ctx.keys.public_key_b64,
            )
        ],
        rotations=list(ctx.keys.rotations),
    )
