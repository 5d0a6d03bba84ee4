"""Account: the signed-in learner of the open profile, their device key, their devices.

One `AccountService` serves one open profile (`app.profiles.manager.OpenedProfile`): the
learner is always known (``current_user``), whether or not the store session is still valid
(``signed_in``: the profile holds a refresh token). Signing in, registering, unlocking and
signing out open or close whole profiles and belong to `app.profiles.manager`; this service
only answers who is here and talks to the store about the account's devices.

Threading: `devices` and `revoke_device` block on the network: call them from a worker.
The properties are cheap in-memory reads, safe from the GUI thread.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from app.errors import store_error
from app.eventbus import EventBus
from app.profiles.info import ProfileInfo
from sync.client import StoreClient
from sync.errors import SyncError
from sync.protocol import DeviceOut

if TYPE_CHECKING:
    from app.profiles.opened import OpenedProfile

log = logging.getLogger(__name__)



class AccountService:
    def __init__(self, opened: OpenedProfile, bus: EventBus) -> None:
        self.opened = opened
        self.bus = bus

    # -- cheap reads ----------------------------------------------------------------------
    @property
    def client(self) -> StoreClient:
        return self.opened.client

    @property
    def current_user(self) -> ProfileInfo:
        return self.opened.info

    @property
    def signed_in(self) -> bool:
        """The profile holds a store session (it may still need the network to use it)."""
        return self.opened.client.signed_in

    @property
    def remembered(self) -> bool:
        """The profile opens without a password on this computer (key in the keyring)."""
        return self.opened.remembered

    @property
    def actor(self) -> tuple[str, str]:
        """(user id, device id) to record learning events with."""
        info = self.opened.info
        return info.user_id, info.device_id or "local"

    def device_key(self) -> X25519PrivateKey:
        """This profile's X25519 key (unwraps the content keys of its paid courses)."""
        return self.opened.device_key

    def roles(self) -> set[str]:
        """The roles the store gives this account ("instructor", "admin"); empty when signed
        out or the store cannot be reached (blocks on the network: a worker)."""
        if not self.client.signed_in:
            return set()
        try:
            return set(self.client.me().roles)
        except SyncError as exc:
            log.info("could not read the account's roles: %s", exc)
            return set()

    # -- devices ----------------------------------------------------------------------------
    def devices(self) -> list[DeviceOut]:
        from pydantic import TypeAdapter

        from sync.protocol import API_PREFIX

        try:
            response = self.client.request("GET", f"{API_PREFIX}/devices")
            try:
                return TypeAdapter(list[DeviceOut]).validate_json(response.content)
            finally:
                response.close()
        except SyncError as exc:
            raise store_error(exc, " to list your devices") from exc

    def revoke_device(self, device_id: str) -> None:
        from sync.protocol import API_PREFIX

        try:
            self.client.request("DELETE", f"{API_PREFIX}/devices/{device_id}").close()
        except SyncError as exc:
            raise store_error(exc, " to sign that device out") from exc

    def as_dict(self) -> dict[str, Any]:
        info = self.opened.info
        return {"user_id": info.user_id, "email": info.email,
                "display_name": info.display_name, "device_id": info.device_id,
                "store": info.store_url}
