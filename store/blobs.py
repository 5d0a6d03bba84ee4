"""Content-addressed file storage: `<blob_dir>/<sha256[:2]>/<sha256>`.

Writes go to a temp file in the same folder, are hashed while streaming, fsynced and renamed
into place, so a crash never leaves a partial blob under its final name and concurrent
writers of the same content are harmless. Thread-safe (no shared mutable state).
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from sync.protocol import SHA256_PATTERN

CHUNK = 1024 * 1024


class BlobTooLarge(Exception):
    """The upload was larger than the allowed size."""


class BlobStore:
    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self._tmp = root / "tmp"
        self._tmp.mkdir(exist_ok=True)

    def path(self, sha256: str) -> Path:
        if not re.fullmatch(SHA256_PATTERN, sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def temp_file(self) -> tuple[int, Path]:
        fd, name = tempfile.mkstemp(dir=self._tmp, suffix=".part")
        return fd, Path(name)

    def put_stream(self, source: BinaryIO, max_bytes: int) -> tuple[str, int]:
        """Store everything read from `source`; returns (sha256, size)."""
        fd, tmp = self.temp_file()
        digest = hashlib.sha256()
        size = 0
        try:
            with os.fdopen(fd, "wb") as out:
                while chunk := source.read(CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise BlobTooLarge(f"larger than {max_bytes} bytes")
                    digest.update(chunk)
                    out.write(chunk)
                out.flush()
                os.fsync(out.fileno())
            return self.adopt(tmp, digest.hexdigest()), size
        finally:
            tmp.unlink(missing_ok=True)

    def put_file(self, path: Path) -> tuple[str, int]:
        with path.open("rb") as fh:
            return self.put_stream(fh, max_bytes=1 << 62)

    def adopt(self, tmp: Path, sha256: str) -> str:
        """Move an already-hashed temp file into place (no-op if the blob exists)."""
        final = self.path(sha256)
        if final.exists():
            tmp.unlink(missing_ok=True)
            return sha256
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, final)
        return sha256

    def read_range(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        """Bytes `start..end` inclusive, in chunks."""
        with self.path(sha256).open("rb") as fh:
            fh.seek(start)
            remaining = end - start + 1
            while remaining > 0:
                chunk = fh.read(min(CHUNK, remaining))
                if not chunk:
                    break
                remaining -= len(chunk)
                yield chunk
