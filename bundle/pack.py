"""Packing an authoring folder into a `.satchel` file, and signing a bundle in place.

`pack` validates the folder first (and refuses with the full report), computes the `files`
list (every file except `manifest.json`/`signature.json`, sorted; dotfiles and
`__pycache__` are never included), writes `manifest.json` keeping the author's field order
(UTF-8, `ensure_ascii=False`, 2-space indent), signs it when given a key, and writes the zip
atomically (temporary file, fsync, `os.replace`). Every entry gets the same fixed timestamp
and mode, so packing the same folder twice gives byte-identical files (unless encrypting:
nonces are random). Already-compressed media is stored; other files are deflated unless
that does not shrink them or would exceed the readers' compression-ratio limit (so the
packer never writes an entry its own reader would refuse as a zip bomb).

Threads: a call does its own I/O on the calling thread; no shared state.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import tempfile
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from bundle import crypto
from bundle.errors import BundleError
from bundle.model import ENCRYPTION_SCHEME, Manifest
from bundle.paths import MANIFEST, RESERVED, SIGNATURE, extension, markdown_images, resolve_link
from bundle.report import Report
from bundle.signing import Signature, sign_manifest
from bundle.source import DEFAULT_LIMITS, BundleSource, FolderSource, Limits, ZipSource
from bundle.validate import check

FIXED_DATE_TIME = (1980, 1, 1, 0, 0, 0)
STORED_EXTENSIONS = frozenset(
    {".ogg", ".mp3", ".m4a", ".mp4", ".webm", ".pdf", ".png", ".jpg", ".jpeg", ".gif", ".webp"}
)
_COPY_CHUNK = 1 << 20


@dataclass(frozen=True)
class _Entry:
    name: str
    open: Callable[[], BinaryIO]
    size: int
    compress: int


def pack(
    folder: str | os.PathLike[str],
    out_path: str | os.PathLike[str],
    *,
    signing_key: Ed25519PrivateKey | None = None,
    encrypt_with: bytes | None = None,
    limits: Limits | None = None,
) -> Path:
    """Pack `folder` into `out_path` (a `.satchel` file); returns the output path.

    `encrypt_with` is the bundle's 32-byte content key: every file except the manifest, the
    signature and the free-preview files is then encrypted (see `crypto`).
    """
    src_dir = Path(folder)
    out = Path(out_path)
    if not src_dir.is_dir():
        raise BundleError(f"{src_dir}: not a folder")
    if out.resolve().is_relative_to(src_dir.resolve()):
        raise BundleError(f"{out}: the output must not be inside the folder being packed")
    if not out.parent.is_dir():
        raise BundleError(f"{out.parent}: the output folder does not exist")
    limits = limits or DEFAULT_LIMITS
    source = FolderSource(src_dir, limits)
    result = check(source)
    if not result.report.ok:
        raise BundleError(f"not packed: {result.report.format()}")
    manifest = result.manifest
    assert manifest is not None and isinstance(result.manifest_data, dict)
    if encrypt_with is not None and manifest.encryption is not None:
        raise BundleError(f"{src_dir}: the manifest already declares encryption")

    names = [n for n in source.names() if n not in RESERVED]
    with tempfile.TemporaryDirectory(prefix=".satchel-pack-", dir=out.parent) as tmp:
        stored: dict[str, Callable[[], BinaryIO]] = {n: _opener(source, n) for n in names}
        data: dict[str, Any] = dict(result.manifest_data)
        if encrypt_with is not None:
            clear = _preview_files(source, manifest)
            secret = [n for n in names if n not in clear]
            for index, name in enumerate(secret):
                enc_path = Path(tmp, f"{index}.enc")
                with source.open(name) as fin, open(enc_path, "wb") as fout:
                    crypto.encrypt_stream(fin, fout, encrypt_with, name)
                stored[name] = _file_opener(enc_path)
            data.pop("encryption", None)
        files = []
        entries: list[_Entry] = []
        for name in names:
            digest, size = _hash(stored[name])
            files.append({"path": name, "sha256": digest, "size": size})
            entries.append(
                _Entry(name, stored[name], size, _method(name, stored[name], size, limits))
            )
        data["files"] = files
        if encrypt_with is not None:
            data["encryption"] = {
                "scheme": ENCRYPTION_SCHEME,
                "chunk_size": crypto.DEFAULT_CHUNK_SIZE,
                "files": secret,
            }
        manifest_bytes = (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
        signature = sign_manifest(manifest_bytes, signing_key) if signing_key else None
        _write_zip(out, _head(manifest_bytes, signature, limits) + entries)
    return out


def sign_bundle(path: str | os.PathLike[str], key: Ed25519PrivateKey) -> Signature:
    """Sign a bundle folder or `.satchel` file in place (replacing any old signature).

    Refuses when the bundle has problems other than its old signature."""
    location = Path(path)
    result = check(location)
    blocking = [p for p in result.report.errors if p.file != SIGNATURE]
    if blocking or result.manifest_bytes is None:
        raise BundleError(f"not signed: {Report.of(str(location), blocking).format()}")
    signature = sign_manifest(result.manifest_bytes, key)
    if location.is_dir():
        _atomic_write(location / SIGNATURE, signature.to_json())
        return signature
    with ZipSource(location) as source:
        names = [n for n in source.names() if n not in RESERVED]
        entries = []
        for name in names:
            opener = _opener(source, name)
            size = source.size(name)
            entries.append(_Entry(name, opener, size, _method(name, opener, size, source.limits)))
        _write_zip(location, _head(result.manifest_bytes, signature, source.limits) + entries)
    return signature


# ---------------------------------------------------------------------------- helpers
def _opener(source: BundleSource, name: str) -> Callable[[], BinaryIO]:
    return lambda: source.open(name)


def _file_opener(path: Path) -> Callable[[], BinaryIO]:
    return lambda: open(path, "rb")


def _bytes_opener(data: bytes) -> Callable[[], BinaryIO]:
    return lambda: io.BytesIO(data)


def _chunks(opener: Callable[[], BinaryIO]) -> Iterable[bytes]:
    with opener() as stream:
        while chunk := stream.read(_COPY_CHUNK):
            yield chunk


def _hash(opener: Callable[[], BinaryIO]) -> tuple[str, int]:
    digest = hashlib.sha256()
    size = 0
    for chunk in _chunks(opener):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _method(name: str, opener: Callable[[], BinaryIO], size: int, limits: Limits) -> int:
    """ZIP_STORED for compressed media and for data deflate cannot shrink, or would shrink
    beyond the readers' ratio limit; ZIP_DEFLATED otherwise."""
    if extension(name) in STORED_EXTENSIONS or size == 0:
        return zipfile.ZIP_STORED
    compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    packed = 0
    for chunk in _chunks(opener):
        packed += len(compressor.compress(chunk))
    packed += len(compressor.flush())
    if packed >= size or size > limits.max_ratio * packed:
        return zipfile.ZIP_STORED
    return zipfile.ZIP_DEFLATED


def _head(manifest_bytes: bytes, signature: Signature | None, limits: Limits) -> list[_Entry]:
    head = [(MANIFEST, manifest_bytes)]
    if signature is not None:
        head.append((SIGNATURE, signature.to_json()))
    return [
        _Entry(
            name,
            _bytes_opener(data),
            len(data),
            _method(name, _bytes_opener(data), len(data), limits),
        )
        for name, data in head
    ]


def _write_zip(out: Path, entries: list[_Entry]) -> None:
    tmp = out.with_name(f".{os.getpid()}.{out.name}.part")  # *.satchel.part is git-ignored
    try:
        with open(tmp, "wb") as fh:
            with zipfile.ZipFile(fh, "w", allowZip64=True) as zf:
                for entry in entries:
                    info = zipfile.ZipInfo(entry.name, date_time=FIXED_DATE_TIME)
                    info.compress_type = entry.compress
                    info.create_system = 3
                    info.external_attr = 0o100644 << 16
                    info.file_size = entry.size
                    with zf.open(info, "w") as dst, entry.open() as src:
                        shutil.copyfileobj(src, dst, _COPY_CHUNK)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
    except OSError as exc:
        raise BundleError(f"{out}: cannot write the bundle: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(out.parent)


def _atomic_write(target: Path, data: bytes) -> None:
    tmp = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        raise BundleError(f"{target}: cannot write: {exc.strerror or exc}") from None
    finally:
        tmp.unlink(missing_ok=True)
    _fsync_dir(target.parent)


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not supported on every platform / file system
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _preview_files(source: BundleSource, manifest: Manifest) -> set[str]:
    """Files a free-preview item needs before purchase: its path, its transcript and the
    images its Markdown shows. These stay unencrypted."""
    clear: set[str] = set()
    for item in manifest.items():
        if not item.free_preview:
            continue
        for path in item.paths:
            clear.add(path)
            if extension(path) != ".md" or path not in source:
                continue
            text = source.read(path).decode("utf-8", "replace")
            for _line, target in markdown_images(text):
                resolved = resolve_link(path, target)
                if resolved and resolved in source:
                    clear.add(resolved)
    return clear
