"""Course certificates for the learner: sync, then ask the store to sign one.

`earn_certificate(client, sync, course_id)` pushes the learning record first (the store
checks completion against what it has), then returns the store's `SignedCertificate` after
checking its signature and code (`bundle.certificate.verify`). The PDF is drawn by the UI
(`ui.certificates`). Threading: blocks on the network; call from a worker.
"""

from __future__ import annotations

from typing import Any

from app.errors import UserError
from bundle.certificate import verify
from sync.errors import Conflict
from sync.protocol import SignedCertificate


def earn_certificate(client: Any, sync: Any, course_id: str) -> SignedCertificate:
    sync.sync_now()
    try:
        signed: SignedCertificate = client.certificate(course_id)
    except Conflict as exc:  # not complete / not owned: the store's sentence says what
        raise UserError(str(exc)) from exc
    result = verify(signed)
    if not result.valid:
        raise UserError(f"The store sent a certificate that does not check out: "
                        f"{result.reason}.")
    return signed
