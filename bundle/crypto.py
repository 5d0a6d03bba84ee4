"""Encryption of paid content: the chunked AEAD `satchel-chunked-aead/1` and key wrapping.

Chunked AEAD: a file is a sequence of chunks `nonce(12) || AES-256-GCM(plaintext) + tag(16)`,
each of `chunk_size` plaintext bytes except the last (which may be shorter, and is empty only
for an empty file, so an empty file is one 28-byte chunk). The associated data of chunk `i`
is `path (UTF-8) || i (8 bytes big-endian) || final (1 byte: 1 for the last chunk, else 0)`,
so chunks cannot be reordered, dropped, truncated or moved to another file without failing
authentication. Nonces are random per chunk, so encrypting twice gives different bytes (safe
even when a new course version reuses the content key).

What `pack(encrypt_with=...)` encrypts: every file except `manifest.json`, `signature.json`
and the files a free-preview item needs (its path, transcript and the images its Markdown
shows), because quizzes hold the answer keys and lessons are the paid content.

Key wrapping (the store gives each entitled device the content key): an ephemeral X25519 key
agrees a secret with the device's X25519 public key, HKDF-SHA256 (info =
`satchel-key-wrap/1 || ephemeral public || device public`) derives a key-encryption key and
AES-256-GCM seals the content key. Blob: `0x01 || ephemeral public(32) || nonce(12) ||
sealed key(48)`, 93 bytes.

Pure functions over streams; thread-safe as long as each stream is used by one thread.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from bundle.errors import BundleError

SCHEME = "satchel-chunked-aead/1"
DEFAULT_CHUNK_SIZE = 65536
KEY_SIZE = 32
NONCE_SIZE = 12
TAG_SIZE = 16
OVERHEAD = NONCE_SIZE + TAG_SIZE

_WRAP_VERSION = b"\x01"
_WRAP_INFO = b"satchel-key-wrap/1"
WRAPPED_KEY_SIZE = 1 + 32 + NONCE_SIZE + KEY_SIZE + TAG_SIZE


class DecryptionError(BundleError):
    """Encrypted content failed authentication (modified, truncated, reordered, wrong key)."""


class KeyWrapError(BundleError):
    """A wrapped course key could not be opened with this device's key."""


def generate_content_key() -> bytes:
    """A fresh random AES-256 content key for one bundle."""
    return os.urandom(KEY_SIZE)


def _aead(key: bytes) -> AESGCM:
    if len(key) != KEY_SIZE:
        raise ValueError(f"content key must be {KEY_SIZE} bytes, got {len(key)}")
    return AESGCM(key)


def _ad(path: str, index: int, final: bool) -> bytes:
    return path.encode("utf-8") + index.to_bytes(8, "big") + (b"\x01" if final else b"\x00")


def _read_exact(stream: BinaryIO, n: int) -> bytes:
    parts: list[bytes] = []
    left = n
    while left > 0:
        data = stream.read(left)
        if not data:
            break
        parts.append(data)
        left -= len(data)
    return b"".join(parts)


# ------------------------------------------------------------------------- sizes
def encrypted_size(plain_size: int, chunk_size: int = DEFAULT_CHUNK_SIZE) -> int:
    chunks = max(1, -(-plain_size // chunk_size))
    return plain_size + chunks * OVERHEAD


def chunk_count(stored_size: int, chunk_size: int = DEFAULT_CHUNK_SIZE, path: str = "") -> int:
    """How many chunks an encrypted file of `stored_size` bytes holds."""
    full = chunk_size + OVERHEAD
    chunks = max(1, -(-stored_size // full))
    last = stored_size - (chunks - 1) * full
    if last < OVERHEAD:
        raise DecryptionError(
            f"{path or 'encrypted file'}: is {stored_size} bytes, which is not a whole "
            "number of encrypted chunks (the file is truncated or damaged)"
        )
    return chunks


def plaintext_size(stored_size: int, chunk_size: int = DEFAULT_CHUNK_SIZE, path: str = "") -> int:
    return stored_size - chunk_count(stored_size, chunk_size, path) * OVERHEAD


# -------------------------------------------------------------------- encrypt/decrypt
def encrypt_stream(
    src: BinaryIO,
    dst: BinaryIO,
    key: bytes,
    path: str,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> int:
    """Encrypt all of `src` into `dst` as bundle member `path`; returns bytes written."""
    aead = _aead(key)
    written = 0
    index = 0
    current = _read_exact(src, chunk_size)
    while True:
        following = _read_exact(src, chunk_size) if len(current) == chunk_size else b""
        final = not following
        nonce = os.urandom(NONCE_SIZE)
        sealed = aead.encrypt(nonce, current, _ad(path, index, final))
        dst.write(nonce)
        dst.write(sealed)
        written += NONCE_SIZE + len(sealed)
        if final:
            return written
        current = following
        index += 1


def encrypt_bytes(
    data: bytes, key: bytes, path: str, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> bytes:
    out = io.BytesIO()
    encrypt_stream(io.BytesIO(data), out, key, path, chunk_size)
    return out.getvalue()


def encrypt_file(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    key: bytes,
    path: str,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> int:
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        return encrypt_stream(fin, fout, key, path, chunk_size)


def _open_chunk(aead: AESGCM, blob: bytes, path: str, index: int, final: bool) -> bytes:
    if len(blob) < OVERHEAD:
        raise DecryptionError(f"{path}: chunk {index} is cut short (the file is truncated)")
    try:
        return aead.decrypt(blob[:NONCE_SIZE], blob[NONCE_SIZE:], _ad(path, index, final))
    except InvalidTag:
        raise DecryptionError(
            f"{path}: chunk {index} failed authentication: the file was modified, truncated "
            "or reordered, or the key is wrong"
        ) from None


def iter_decrypt(
    src: BinaryIO, key: bytes, path: str, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> Iterator[bytes]:
    """Yield the plaintext chunk by chunk, authenticating each (and the end of the file)."""
    aead = _aead(key)
    full = chunk_size + OVERHEAD
    index = 0
    current = _read_exact(src, full)
    while True:
        following = _read_exact(src, full) if len(current) == full else b""
        final = not following
        yield _open_chunk(aead, current, path, index, final)
        if final:
            return
        current = following
        index += 1


def decrypt_stream(
    src: BinaryIO, dst: BinaryIO, key: bytes, path: str, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> int:
    """Decrypt all of `src` into `dst`; returns plaintext bytes written. Note: on failure
    `dst` already holds the chunks before the bad one; write to a temporary file."""
    written = 0
    for plain in iter_decrypt(src, key, path, chunk_size):
        dst.write(plain)
        written += len(plain)
    return written


def decrypt_bytes(
    data: bytes, key: bytes, path: str, chunk_size: int = DEFAULT_CHUNK_SIZE
) -> bytes:
    return b"".join(iter_decrypt(io.BytesIO(data), key, path, chunk_size))


def decrypt_chunks(
    src: BinaryIO,
    stored_size: int,
    key: bytes,
    path: str,
    first: int,
    last: int,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> bytes:
    """Seek to and decrypt chunks `first..last` (inclusive) of a seekable encrypted stream
    whose full stored size is `stored_size` (from the manifest)."""
    count = chunk_count(stored_size, chunk_size, path)
    if not 0 <= first <= last < count:
        raise ValueError(f"chunk range {first}..{last} is outside 0..{count - 1}")
    aead = _aead(key)
    full = chunk_size + OVERHEAD
    parts: list[bytes] = []
    for index in range(first, last + 1):
        src.seek(index * full)
        blob = _read_exact(src, min(full, stored_size - index * full))
        parts.append(_open_chunk(aead, blob, path, index, index == count - 1))
    return b"".join(parts)


def read_range(
    src: BinaryIO,
    stored_size: int,
    key: bytes,
    path: str,
    offset: int,
    length: int,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> bytes:
    """Plaintext bytes `offset .. offset+length` (clipped at the end), decrypting only the
    chunks that hold them: what a player needs to seek."""
    total = plaintext_size(stored_size, chunk_size, path)
    if offset < 0 or length < 0:
        raise ValueError("offset and length must not be negative")
    end = min(offset + length, total)
    if offset >= end:
        return b""
    first, last = offset // chunk_size, (end - 1) // chunk_size
    data = decrypt_chunks(src, stored_size, key, path, first, last, chunk_size)
    start = offset - first * chunk_size
    return data[start : start + (end - offset)]


# ----------------------------------------------------------------------- key wrapping
def generate_device_key() -> X25519PrivateKey:
    return X25519PrivateKey.generate()


def _raw_public(key: X25519PrivateKey | X25519PublicKey) -> bytes:
    public = key.public_key() if isinstance(key, X25519PrivateKey) else key
    return public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def device_public_key(key: X25519PrivateKey) -> bytes:
    """The raw 32-byte X25519 public key a device registers with the store."""
    return _raw_public(key)


def _kek(shared: bytes, ephemeral: bytes, device: bytes) -> AESGCM:
    hkdf = HKDF(
        algorithm=hashes.SHA256(), length=KEY_SIZE, salt=None, info=_WRAP_INFO + ephemeral + device
    )
    return AESGCM(hkdf.derive(shared))


def wrap_key(content_key: bytes, device_public_key: X25519PublicKey | bytes) -> bytes:
    """Seal `content_key` so only the holder of the device's private key can open it."""
    if len(content_key) != KEY_SIZE:
        raise ValueError(f"content key must be {KEY_SIZE} bytes, got {len(content_key)}")
    device = (
        X25519PublicKey.from_public_bytes(device_public_key)
        if isinstance(device_public_key, bytes)
        else device_public_key
    )
    device_raw = _raw_public(device)
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = _raw_public(ephemeral)
    kek = _kek(ephemeral.exchange(device), ephemeral_raw, device_raw)
    nonce = os.urandom(NONCE_SIZE)
    sealed = kek.encrypt(nonce, content_key, _WRAP_VERSION + ephemeral_raw + device_raw)
    return _WRAP_VERSION + ephemeral_raw + nonce + sealed


def unwrap_key(blob: bytes, device_private_key: X25519PrivateKey) -> bytes:
    """Open a wrapped content key; `KeyWrapError` when it is not for this device or damaged."""
    if len(blob) != WRAPPED_KEY_SIZE or blob[:1] != _WRAP_VERSION:
        raise KeyWrapError("the course key is damaged or in an unknown format")
    ephemeral_raw = blob[1:33]
    nonce = blob[33 : 33 + NONCE_SIZE]
    sealed = blob[33 + NONCE_SIZE :]
    device_raw = _raw_public(device_private_key)
    try:
        shared = device_private_key.exchange(X25519PublicKey.from_public_bytes(ephemeral_raw))
        kek = _kek(shared, ephemeral_raw, device_raw)
        return kek.decrypt(nonce, sealed, _WRAP_VERSION + ephemeral_raw + device_raw)
    except (InvalidTag, ValueError):
        raise KeyWrapError(
            "the course key was issued for another device (or is damaged); "
            "sign in again to fetch a key for this device"
        ) from None


def decrypt_file(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    key: bytes,
    path: str,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
) -> int:
    """Decrypt to `dst` atomically: nothing is left at `dst` when authentication fails."""
    target = Path(dst)
    tmp = target.with_name(f".{target.name}.partial")
    try:
        with open(src, "rb") as fin, open(tmp, "wb") as fout:
            written = decrypt_stream(fin, fout, key, path, chunk_size)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return written
