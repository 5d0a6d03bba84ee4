"""Ed25519 signing of bundles: keys, key ids, `signature.json`, signing and verifying.

The signature covers the exact bytes of `manifest.json` as stored; since the manifest lists
every file's sha256 it covers the whole bundle. `key_id` is the first 16 hex digits of
sha256(raw 32-byte public key).

Key files: private keys are PKCS#8 PEM, written with mode 0600. A trust file (for
`--trust`) may hold a PEM public key, a PEM private key (its public half is used) or lines
of base64 raw public keys (`#` comments allowed).

Pure functions over bytes and files; thread-safe.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from bundle.errors import BundleError
from bundle.fields import FieldReader, JsonLoadError, load_json
from bundle.paths import SIGNATURE
from bundle.report import Problem

ALG = "ed25519"


def generate_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def public_key_bytes(key: Ed25519PrivateKey | Ed25519PublicKey) -> bytes:
    """The raw 32-byte public key."""
    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(public_key: bytes) -> str:
    """First 16 hex digits of sha256(raw public key)."""
    return hashlib.sha256(public_key).hexdigest()[:16]


def save_private_key(
    key: Ed25519PrivateKey, path: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Write the key as PKCS#8 PEM with mode 0600 (created with that mode, never wider)."""
    target = Path(path)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    flags = os.O_WRONLY | os.O_CREAT | (os.O_TRUNC if overwrite else os.O_EXCL)
    try:
        fd = os.open(target, flags, 0o600)
    except FileExistsError:
        raise BundleError(f"{target}: already exists; not overwriting a key") from None
    except OSError as exc:
        raise BundleError(f"{target}: cannot write the key: {exc.strerror}") from None
    with os.fdopen(fd, "wb") as fh:
        if hasattr(os, "fchmod"):  # an overwritten file keeps its old mode otherwise
            os.fchmod(fh.fileno(), 0o600)
        fh.write(pem)
        fh.flush()
        os.fsync(fh.fileno())
    return target


def load_private_key(path: str | os.PathLike[str]) -> Ed25519PrivateKey:
    target = Path(path)
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise BundleError(f"{target}: cannot read the key: {exc.strerror}") from None
    try:
        key = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise BundleError(f"{target}: not an unencrypted PEM private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise BundleError(f"{target}: not an Ed25519 key")
    return key


def load_public_keys(path: str | os.PathLike[str]) -> list[bytes]:
    """Raw public keys from a trust file (see the module docstring)."""
    target = Path(path)
    try:
        data = target.read_bytes()
    except OSError as exc:
        raise BundleError(f"{target}: cannot read the key file: {exc.strerror}") from None
    if b"-----BEGIN" in data:
        try:
            if b"PRIVATE KEY" in data:
                private = serialization.load_pem_private_key(data, password=None)
                if not isinstance(private, Ed25519PrivateKey):
                    raise BundleError(f"{target}: not an Ed25519 key")
                return [public_key_bytes(private)]
            public = serialization.load_pem_public_key(data)
        except (ValueError, TypeError) as exc:
            raise BundleError(f"{target}: not a readable PEM key ({exc})") from None
        if not isinstance(public, Ed25519PublicKey):
            raise BundleError(f"{target}: not an Ed25519 key")
        return [public_key_bytes(public)]
    keys: list[bytes] = []
    for number, line in enumerate(data.decode("utf-8", "replace").splitlines(), 1):
        text = line.split("#", 1)[0].strip()
        if not text:
            continue
        raw = _b64(text)
        if raw is None or len(raw) != 32:
            raise BundleError(f"{target}: line {number} is not a base64 Ed25519 public key")
        keys.append(raw)
    if not keys:
        raise BundleError(f"{target}: holds no public key")
    return keys


def public_key_text(public_key: bytes) -> str:
    return base64.b64encode(public_key).decode("ascii")


def _b64(text: str) -> bytes | None:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


@dataclass(frozen=True)
class Signature:
    """The content of `signature.json`."""

    key_id: str
    public_key: bytes
    signature: bytes
    alg: str = ALG

    def to_json(self) -> bytes:
        doc = {
            "alg": self.alg,
            "key_id": self.key_id,
            "public_key": public_key_text(self.public_key),
            "signature": base64.b64encode(self.signature).decode("ascii"),
        }
        return (json.dumps(doc, indent=2) + "\n").encode("utf-8")

    def verify(self, manifest_bytes: bytes) -> bool:
        """True when the signature is valid for these manifest bytes and this public key."""
        try:
            Ed25519PublicKey.from_public_bytes(self.public_key).verify(
                self.signature, manifest_bytes
            )
        except (InvalidSignature, ValueError):
            return False
        return True

    @classmethod
    def from_json(cls, data: bytes) -> Signature:
        """Parse `signature.json`; `BundleError` listing every problem unless it is valid."""
        problems: list[Problem] = []
        sig = parse_signature(data, FieldReader(SIGNATURE, problems))
        if sig is None:
            raise BundleError("\n".join(str(p) for p in problems if p.severity == "error"))
        return sig


def parse_signature(data: bytes, r: FieldReader) -> Signature | None:
    """Best-effort parse recording problems in `r`; None when unusable."""
    try:
        doc = load_json(data)
    except JsonLoadError as exc:
        r.error("", str(exc))
        return None
    obj = r.as_object(doc, "")
    if obj is None:
        return None
    before = r.error_count
    r.unknown_keys(obj, ("alg", "key_id", "public_key", "signature"))
    alg = r.string(obj, "alg")
    if alg is not None and alg != ALG:
        r.error("alg", f'"{alg}" is not supported; use "{ALG}"')
    kid = r.string(obj, "key_id")
    pub_text = r.string(obj, "public_key")
    sig_text = r.string(obj, "signature")
    public = _b64(pub_text) if pub_text is not None else None
    if pub_text is not None and (public is None or len(public) != 32):
        r.error("public_key", "is not a base64 raw 32-byte Ed25519 public key")
        public = None
    signature = _b64(sig_text) if sig_text is not None else None
    if sig_text is not None and (signature is None or len(signature) != 64):
        r.error("signature", "is not a base64 64-byte Ed25519 signature")
        signature = None
    if public is not None and kid is not None and kid != key_id(public):
        r.error("key_id", f'"{kid}" does not belong to public_key (its key id is {key_id(public)})')
    if r.error_count > before or public is None or signature is None or kid is None:
        return None
    return Signature(kid, public, signature)


def sign_manifest(manifest_bytes: bytes, key: Ed25519PrivateKey) -> Signature:
    public = public_key_bytes(key)
    return Signature(key_id(public), public, key.sign(manifest_bytes))
