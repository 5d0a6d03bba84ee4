"""/v1/keys: the store's public signing keys (verify leases offline)."""

from __future__ import annotations

from fastapi import APIRouter

from store.api.deps import Ctx
from store.leases import key_set
from sync.protocol import KeySet

router = APIRouter(tags=["entitlements"])


@router.get("/keys")
def keys(ctx: Ctx) -> KeySet:
    return key_set(ctx)
