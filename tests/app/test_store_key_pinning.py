# ruff: noqa: F811  (pytest fixtures imported from tests/ui/support.py are parameters here)
"""The store's signing key is pinned per profile: at first contact, or by the institution.

A different key later is refused with a plain message (and what the learner has keeps
working) unless the store presents a rotation signed by the pinned key.
"""

from __future__ import annotations

import base64
import sys
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from support import PAID_PRICE, fresh_store, memory_keyring, new_email  # type: ignore[import-not-found]  # noqa: F401

from app.errors import UserError
from app.eventbus import EventBus
from app.services.context import build_app
from store.keys import rotate_signing_key
from sync.errors import UntrustedStoreKey
from sync.leases import accept_keys, key_id_of
from sync.protocol import KeyRotation, KeySet, PublicKeyOut, rotation_signing_bytes


def raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def keyset(key: Ed25519PrivateKey, rotations: list[KeyRotation] | None = None) -> KeySet:
    public = raw(key)
    return KeySet(keys=[PublicKeyOut(key_id=key_id_of(public), alg="ed25519", use="sign",
                                     public_key=base64.b64encode(public).decode())],
                  rotations=rotations or [])


def rotation(old: Ed25519PrivateKey, new: Ed25519PrivateKey,
             signer: Ed25519PrivateKey | None = None) -> KeyRotation:
    old_id, new_b64 = key_id_of(raw(old)), base64.b64encode(raw(new)).decode()
    new_id = key_id_of(raw(new))
    sig = (signer or old).sign(rotation_signing_bytes(old_id, new_id, new_b64))
    return KeyRotation(old_key_id=old_id, new_key_id=new_id, new_public_key=new_b64,
                       signature=base64.b64encode(sig).decode())


def test_keys_are_trusted_on_first_contact_then_only_by_rotation() -> None:
    a, b, c, mallory = (Ed25519PrivateKey.generate() for _ in range(4))
    pinned = accept_keys({}, keyset(a))
    assert pinned == {key_id_of(raw(a)): raw(a)}
    assert accept_keys(pinned, keyset(a)) == pinned
    with pytest.raises(UntrustedStoreKey, match="does not trust"):
        accept_keys(pinned, keyset(mallory))
    with pytest.raises(UntrustedStoreKey):  # a rotation signed by the new key itself
        accept_keys(pinned, keyset(mallory, [rotation(a, mallory, signer=mallory)]))
    chain = [rotation(b, c), rotation(a, b)]  # a → b → c, listed in any order
    trusted = accept_keys(pinned, keyset(c, chain))
    assert set(trusted) == {key_id_of(raw(k)) for k in (a, b, c)}  # old leases still verify


@pytest.fixture
def learner(fresh_store: Any) -> Any:
    app = build_app(settings={"store_url": fresh_store.url}, bus=EventBus())
    svc = app.open(app.profiles.register(new_email(), "password123", "Ada"))
    svc.catalog.refresh()
    svc.catalog.buy("paid-course", card="4242 4242 4242 4242", expected_amount=PAID_PRICE,
                    expected_currency="USD")
    svc.library.download("paid-course")
    yield svc
    svc.close()
    app.close()


def pinned(svc: Any) -> set[str]:
    return set(svc.sync.ports.access.trusted_keys())


def test_a_store_with_another_key_is_refused_and_studying_goes_on(
        learner: Any, fresh_store: Any) -> None:
    before = pinned(learner)
    assert before == {fresh_store.ctx.keys.key_id}
    fresh_store.stop()
    fresh_store.settings.signing_key_file.unlink()  # another server answers at the address
    fresh_store.start()
    assert fresh_store.ctx.keys.key_id not in before
    with pytest.raises(UserError, match="does not trust"):
        learner.sync.sync_now()
    assert pinned(learner) == before
    assert learner.library.access("paid-course") == (True, "")  # the lease still verifies
    assert learner.library.course("paid-course").manifest.id == "paid-course"


def test_a_rotation_signed_by_the_pinned_key_is_followed(learner: Any,
                                                         fresh_store: Any) -> None:
    old = fresh_store.ctx.keys.key_id
    fresh_store.stop()
    step = rotate_signing_key(fresh_store.settings.signing_key_file)
    fresh_store.start()
    assert fresh_store.ctx.keys.key_id == step.new_key_id != old
    learner.sync.sync_now()
    assert pinned(learner) == {old, step.new_key_id}
    lease = learner.sync.engine.lease()
    assert lease is not None and lease.key_id == step.new_key_id
    assert learner.library.access("paid-course") == (True, "")


def test_the_institution_pins_the_key_before_first_contact(fresh_store: Any) -> None:
    other = raw(Ed25519PrivateKey.generate())
    app = build_app(settings={"store_url": fresh_store.url}, bus=EventBus(), store_key=other)
    try:
        svc = app.open(app.profiles.register(new_email(), "password123", "Ada"))
        try:
            assert pinned(svc) == {key_id_of(other)}
            with pytest.raises(UserError, match="does not trust"):
                svc.sync.sync_now()
        finally:
            svc.close()
    finally:
        app.close()
    right = fresh_store.ctx.keys.public_raw
    app = build_app(settings={"store_url": fresh_store.url}, bus=EventBus(), store_key=right)
    try:
        svc = app.open(app.profiles.register(new_email(), "password123", "Bo"))
        try:
            svc.sync.sync_now()
            assert pinned(svc) == {fresh_store.ctx.keys.key_id}
        finally:
            svc.close()
    finally:
        app.close()
