"""The store's own keys: the Ed25519 signing key (leases and the bundles the store packs
itself; published at GET /v1/keys) and
the master key that seals bundle content keys at rest (AES-256-GCM). A token key is derived
from the master key (HKDF-SHA256, its own label) for `store.security.successor_tokens`.

Both live as files under the data dir (mode 0600), created on first start. `StoreKeys` is
immutable after loading and thread-safe.

Rotating the signing key (`rotate_signing_key`, ``satchel-store rotate-signing-key``): a new
key replaces the current one, the old one is kept beside it
(``signing-ed25519.<key id>.pem``), and a rotation statement signed by the old key is
appended to ``rotations.json``. `/v1/keys` publishes the statements, so clients that pinned
the old key accept the new one (and refuse any key without such a chain).
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from sync.protocol import KeyRotation, rotation_signing_bytes

TOKEN_KEY_INFO = b"satchel-store/token-derivation/v1"


def key_id_of(public_raw: bytes) -> str:
    """First 16 hex digits of sha256(raw public key), as in `signature.json`."""
    return hashlib.sha256(public_raw).hexdigest()[:16]


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def load_or_create_signing_key(path: Path) -> Ed25519PrivateKey:
    if path.exists():
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError(f"{path} does not hold an Ed25519 private key")
        return key
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    _write_private(path, pem)
    return key


def load_or_create_master_key(path: Path) -> bytes:
    if path.exists():
        raw = path.read_bytes()
        if len(raw) != 32:
            raise ValueError(f"{path} must hold exactly 32 bytes")
        return raw
    raw = secrets.token_bytes(32)
    _write_private(path, raw)
    return raw


def _public_raw(key: Ed25519PrivateKey) -> bytes:
    return key.public_key().public_bytes(serialization.Encoding.Raw,
                                         serialization.PublicFormat.Raw)


def rotations_file(signing_key_file: Path) -> Path:
    return signing_key_file.with_name("rotations.json")


def load_rotations(signing_key_file: Path) -> tuple[KeyRotation, ...]:
    path = rotations_file(signing_key_file)
    if not path.exists():
        return ()
    data = json.loads(path.read_text(encoding="utf-8"))
    return tuple(KeyRotation.model_validate(r) for r in data)


def rotate_signing_key(signing_key_file: Path) -> KeyRotation:
    """Replace the signing key by a new one and record the rotation, signed by the old key.
    Restart the store afterwards (running workers keep the key they loaded)."""
    old = load_or_create_signing_key(signing_key_file)
    old_id = key_id_of(_public_raw(old))
    new = Ed25519PrivateKey.generate()
    new_b64 = base64.b64encode(_public_raw(new)).decode("ascii")
    new_id = key_id_of(_public_raw(new))
    rotation = KeyRotation(
        old_key_id=old_id, new_key_id=new_id, new_public_key=new_b64,
        signature=base64.b64encode(old.sign(rotation_signing_bytes(old_id, new_id, new_b64)))
        .decode("ascii"))
    keep = signing_key_file.with_name(f"{signing_key_file.stem}.{old_id}.pem")
    _write_private(keep, signing_key_file.read_bytes())
    rotations = [*load_rotations(signing_key_file), rotation]
    _write_private(rotations_file(signing_key_file), json.dumps(
        [r.model_dump(mode="json") for r in rotations], indent=2).encode("utf-8"))
    _write_private(signing_key_file, new.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return rotation


class StoreKeys:
    """Signing and sealing with the store's keys."""

    def __init__(self, signing_key: Ed25519PrivateKey, master_key: bytes,
                 rotations: tuple[KeyRotation, ...] = ()) -> None:
        self.rotations = rotations
        self._signing_key = signing_key
        self.public_raw = signing_key.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.key_id = key_id_of(self.public_raw)
        self._aead = AESGCM(master_key)
        self._token_key = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=TOKEN_KEY_INFO
        ).derive(master_key)

    @classmethod
    def load(cls, signing_key_file: Path, master_key_file: Path) -> StoreKeys:
        return cls(
            load_or_create_signing_key(signing_key_file),
            load_or_create_master_key(master_key_file),
            load_rotations(signing_key_file),
        )

    @property
    def public_key_b64(self) -> str:
        return base64.b64encode(self.public_raw).decode("ascii")

    @property
    def token_key(self) -> bytes:
        """Secret key for deriving rotated token pairs (never used to encrypt anything)."""
        return self._token_key

    @property
    def signing_key(self) -> Ed25519PrivateKey:
        """The private key itself (for `bundle.pack` when the store signs demo bundles)."""
        return self._signing_key

    def sign(self, data: bytes) -> bytes:
        return self._signing_key.sign(data)

    def seal(self, secret: bytes, context: str) -> bytes:
        """Encrypt `secret` for storage; `context` (e.g. the version id) is bound as AAD."""
        nonce = secrets.token_bytes(12)
        return nonce + self._aead.encrypt(nonce, secret, context.encode("utf-8"))

    def unseal(self, sealed: bytes, context: str) -> bytes:
        return self._aead.decrypt(sealed[:12], sealed[12:], context.encode("utf-8"))
