"""/v1/devices: list the account's devices, rename or set a device's public key, revoke."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path

from store import accounts
from store.api.deps import CurrentAuth, Db
from sync.protocol import DeviceOut, DeviceUpdate

router = APIRouter(tags=["devices"])

DeviceId = Annotated[str, Path(max_length=64)]


@router.get("/devices")
def list_devices(auth: CurrentAuth, session: Db) -> list[DeviceOut]:
    return accounts.list_devices(session, auth)


@router.patch("/devices/{device_id}")
def update_device(
    device_id: DeviceId, req: DeviceUpdate, auth: CurrentAuth, session: Db
) -> DeviceOut:
    """Rename a device or register its X25519 public key (for wrapped content keys)."""
    return accounts.update_device(session, auth, device_id, req)


@router.post("/devices/{device_id}/revoke")
def revoke_device(device_id: DeviceId, auth: CurrentAuth, session: Db) -> DeviceOut:
    """Remove a device: its tokens stop working at once and it gets no new lease."""
    return accounts.revoke_device(session, auth, device_id)
