"""Content-addressed file storage: on local disk, `<blob_dir>/<sha256[:2]>/<sha256>` (the
default), or in an S3-compatible bucket through boto3 (`s3_bucket` setting), so that N store
workers on several machines serve the same files.

Writes go to a temp file on local disk (`<blob_dir>/tmp`), are hashed while streaming and
fsynced; then they are renamed into place (disk) or uploaded under their final key (S3, which
makes an object visible only once complete). So a crash never leaves a partial blob under its
final name, and concurrent writers of the same content are harmless. Thread-safe (no shared
mutable state; boto3 clients are thread-safe).
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from sync.protocol import SHA256_PATTERN

CHUNK = 1024 * 1024


class BlobTooLarge(Exception):
    """The upload was larger than the allowed size."""


class Blobs(Protocol):
    """What the store needs of its blob storage (`BlobStore` or `S3BlobStore`)."""

    def exists(self, sha256: str) -> bool: ...

    def size(self, sha256: str) -> int | None:
        """The stored size in bytes, None when the blob is missing."""
        ...

    def temp_file(self) -> tuple[int, Path]: ...

    def put_stream(self, source: BinaryIO, max_bytes: int) -> tuple[str, int]: ...

    def put_file(self, path: Path) -> tuple[str, int]: ...

    def adopt(self, tmp: Path, sha256: str) -> str: ...

    def read_range(self, sha256: str, start: int, end: int) -> Iterator[bytes]: ...

    def presigned_url(self, sha256: str) -> str | None:
        """A short-lived URL the client can fetch the blob from directly (None: proxy it)."""
        ...

    def local_copy(self, sha256: str) -> contextlib.AbstractContextManager[Path]:
        """A readable local file of the blob for the block (reading a bundle's members)."""
        ...


class BlobStore:
    """Blobs in a folder of the local disk."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.root.mkdir(parents=True, exist_ok=True)
        self._tmp = root / "tmp"
        self._tmp.mkdir(exist_ok=True)

    def path(self, sha256: str) -> Path:
        if not re.fullmatch(SHA256_PATTERN, sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return self.root / sha256[:2] / sha256

    @contextlib.contextmanager
    def local_copy(self, sha256: str) -> Iterator[Path]:
        """The stored file itself (read it, never change it)."""
        yield self.path(sha256)

    def exists(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def size(self, sha256: str) -> int | None:
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError:
            return None

    def presigned_url(self, sha256: str) -> str | None:
        return None

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


class S3BlobStore(BlobStore):
    """Blobs as objects `<prefix><sha256[:2]>/<sha256>` of an S3-compatible bucket (AWS S3,
    MinIO, Ceph, R2...). Credentials come from boto3's usual chain (environment,
    `~/.aws`, instance role), never from the store's settings. Temp files stay on local disk
    under `spool_dir`. With `presign_seconds` > 0, downloads are redirected to presigned URLs
    valid that long instead of being proxied by the store."""

    def __init__(
        self,
        spool_dir: Path,
        *,
        bucket: str,
        prefix: str = "",
        endpoint_url: str | None = None,
        region: str | None = None,
        presign_seconds: int = 0,
        client: Any = None,
    ) -> None:
        super().__init__(spool_dir)
        import boto3
        from botocore.config import Config

        self.bucket = bucket
        self.prefix = prefix
        self.presign_seconds = presign_seconds
        self._s3: Any = client or boto3.client(
            "s3",
            endpoint_url=endpoint_url or None,
            region_name=region or None,
            config=Config(retries={"max_attempts": 5, "mode": "standard"}, max_pool_connections=32),
        )

    def path(self, sha256: str) -> Path:
        raise NotImplementedError("blobs in S3 have no local path; use local_copy")

    @contextlib.contextmanager
    def local_copy(self, sha256: str) -> Iterator[Path]:
        """Download the object to a temp file in the spool folder; removed after the block."""
        fd, tmp = self.temp_file()
        try:
            with os.fdopen(fd, "wb") as fh:
                self._s3.download_fileobj(self.bucket, self.key(sha256), fh)
            yield tmp
        finally:
            tmp.unlink(missing_ok=True)

    def key(self, sha256: str) -> str:
        if not re.fullmatch(SHA256_PATTERN, sha256):
            raise ValueError(f"not a sha256 hex digest: {sha256!r}")
        return f"{self.prefix}{sha256[:2]}/{sha256}"

    def _head(self, sha256: str) -> dict[str, Any] | None:
        from botocore.exceptions import ClientError

        try:
            head: dict[str, Any] = self._s3.head_object(Bucket=self.bucket, Key=self.key(sha256))
            return head
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                return None
            raise

    def exists(self, sha256: str) -> bool:
        return self._head(sha256) is not None

    def size(self, sha256: str) -> int | None:
        head = self._head(sha256)
        return int(head["ContentLength"]) if head is not None else None

    def adopt(self, tmp: Path, sha256: str) -> str:
        """Upload an already-hashed temp file (skipped if the object exists), then drop it."""
        try:
            if not self.exists(sha256):
                self._s3.upload_file(
                    str(tmp),
                    self.bucket,
                    self.key(sha256),
                    ExtraArgs={"Metadata": {"sha256": sha256}},
                )
        finally:
            tmp.unlink(missing_ok=True)
        return sha256

    def read_range(self, sha256: str, start: int, end: int) -> Iterator[bytes]:
        obj = self._s3.get_object(
            Bucket=self.bucket, Key=self.key(sha256), Range=f"bytes={start}-{end}"
        )
        body = obj["Body"]
        try:
            yield from body.iter_chunks(CHUNK)
        finally:
            body.close()

    def presigned_url(self, sha256: str) -> str | None:
        if self.presign_seconds <= 0:
            return None
        url: str = self._s3.generate_presigned_url(
            "get_object",
            Params={"Bucket": self.bucket, "Key": self.key(sha256)},
            ExpiresIn=self.presign_seconds,
        )
        return url


def open_blobs(
    spool_dir: Path,
    *,
    bucket: str = "",
    prefix: str = "",
    endpoint_url: str = "",
    region: str = "",
    presign_seconds: int = 0,
) -> Blobs:
    """Local disk, or the S3 bucket when one is named."""
    if not bucket:
        return BlobStore(spool_dir)
    return S3BlobStore(
        spool_dir,
        bucket=bucket,
        prefix=prefix,
        endpoint_url=endpoint_url,
        region=region,
        presign_seconds=presign_seconds,
    )
