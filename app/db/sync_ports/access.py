"""`sync.ports.AccessPort` on the local database: the store's trusted keys, the newest
lease and the entitlements it grants or revokes, the lease clock's high-water mark."""

from __future__ import annotations

import base64
import json
from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.db.models import Entitlement, Lease, utcnow
from app.db.sync_ports.base import DatabaseAdapter
from sync.leases import VerifiedLease
from sync.ports import StoredLease

CURSOR_TRUSTED_KEYS = "store_keys"
CURSOR_LEASE_CLOCK = "lease_clock"


class AccessAdapter(DatabaseAdapter):
    """The access port (threading: see `app.db.sync_ports.base`)."""

    def trusted_keys(self) -> dict[str, bytes]:
        with self.db.read() as session:
            raw = self._get_cursor(session, CURSOR_TRUSTED_KEYS)
        if not raw:
            return {}
        return {kid: base64.b64decode(b64) for kid, b64 in json.loads(raw).items()}

    def save_trusted_keys(self, keys: Mapping[str, bytes]) -> None:
        text = json.dumps(
            {kid: base64.b64encode(raw).decode("ascii") for kid, raw in sorted(keys.items())}
        )
        self._write(lambda s: self._set_cursor(s, CURSOR_TRUSTED_KEYS, text))

    def current_lease(self) -> StoredLease | None:
        with self.db.read() as session:
            row = session.scalars(select(Lease).order_by(Lease.id.desc()).limit(1)).first()
            if row is None:
                return None
            return StoredLease(row.lease_json, row.signature, row.key_id)

    def save_lease(self, lease: VerifiedLease) -> None:
        body = lease.body

        def run(session: Session) -> None:
            row = Lease(
                user_id=body.user_id,
                device_id=body.device_id,
                key_id=lease.key_id,
                lease_json=lease.lease_json,
                signature=lease.signature,
                issued_at=lease.issued_at,
                expires_at=lease.expires_at,
            )
            session.add(row)
            session.flush()
            now = utcnow()
            granted = set(body.courses)
            existing = {
                e.course_id: e
                for e in session.scalars(
                    select(Entitlement).where(Entitlement.user_id == body.user_id)
                )
            }
            for course_id in granted:
                ent = existing.get(course_id)
                if ent is None:
                    session.add(
                        Entitlement(
                            user_id=body.user_id, course_id=course_id, lease_id=row.id,
                            expires_at=lease.expires_at, revoked=False,
                        )
                    )
                else:
                    ent.lease_id = row.id
                    ent.expires_at = lease.expires_at
                    ent.revoked = False
                    ent.revoked_at = None
            for course_id, ent in existing.items():
                if course_id not in granted:
                    ent.lease_id = row.id
                    if not ent.revoked:
                        ent.revoked = True
                        ent.revoked_at = now
            session.flush()
            session.execute(delete(Lease).where(Lease.id != row.id))

        self._write(run)

    def clock_mark(self) -> int | None:
        with self.db.read() as session:
            value = self._get_cursor(session, CURSOR_LEASE_CLOCK)
        return int(value) if value else None

    def save_clock_mark(self, value: int) -> None:
        self._write(lambda s: self._set_cursor(s, CURSOR_LEASE_CLOCK, str(value)))
