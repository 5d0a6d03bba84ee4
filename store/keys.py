"""The store's own keys: the Ed25519 signing key (leases and the bundles the store packs
itself; published at GET /v1/keys) and
the master key that seals bundle content keys at rest (AES-256-GCM). A token key is derived
from the master key (HKDF-SHA256, its own label) for `store.security.successor_tokens`.

Both live as files under the data dir (mode 0600), created on first start. `StoreKeys` is
immutable after loading and thread-safe.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
from pathlib import Path

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

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


class StoreKeys:
    """Signing and sealing with the store's keys."""

    def __init__(self, signing_key: Ed25519PrivateKey, master_key: bytes) -> None:
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
