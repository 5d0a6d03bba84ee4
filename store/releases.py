"""Desktop app releases for the app's update check (see `app/update_check.py`).

An administrator publishes a build for one platform and package kind, either with an
address of their own (`POST /v1/admin/app-releases` with a `url`) or with the file itself
stored content-addressed in the store's blob storage (`satchel-store publish-release
--file`, or the API without `url` for a file already stored): such files are served to
anyone, without sign-in, by `/v1/app/downloads/{sha256}/{file_name}` — but only files that
are published releases, never course bundles. Releases are immutable (one per platform,
package and version); the most recently published one per platform and package is offered.
The app decides whether it is newer and verifies size and sha256 before using it.

Functions take the caller's session and commit; one thread per session.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal
from urllib.parse import quote

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.blobs import Blobs
from store.db.models import AppRelease, Blob
from store.problems import conflict, not_found, unprocessable
from sync.protocol import API_PREFIX, APP_VERSION_PATTERN, SHA256_PATTERN

Platform = Literal[
    "linux-x86_64", "linux-aarch64", "windows-x86_64", "windows-arm64", "macos-x86_64",
    "macos-arm64",
]
Package = Literal["deb", "tarball", "windows-installer", "dmg", "folder"]

FILE_NAME_PATTERN = r"^[A-Za-z0-9_+-][A-Za-z0-9._+-]{0,199}$"
# Query values are checked loosely: an unknown platform simply has no release (404), so an
# app on an unusual machine is told "up to date" rather than given an error.
QUERY_TAG_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,31}$"

_EXTENSIONS = {"deb": ".deb", "tarball": ".tar.gz", "windows-installer": ".exe",
               "dmg": ".dmg", "folder": ".zip"}


class AppReleaseCreate(BaseModel):
    """What an administrator publishes. Without `url` the file must already be in this
    store's blob storage (the CLI's `publish-release --file` puts it there)."""

    model_config = ConfigDict(extra="forbid")

    version: str = Field(min_length=1, max_length=64, pattern=APP_VERSION_PATTERN)
    platform: Platform
    package: Package
    url: str | None = Field(
        default=None, min_length=1, max_length=2000,
        description="absolute http(s) address, or a path on this store starting with '/'",
    )
    sha256: str = Field(pattern=SHA256_PATTERN)
    size: int = Field(gt=0, le=2**53)
    notes: str = Field(default="", max_length=20_000)
    file_name: str | None = Field(default=None, max_length=200, pattern=FILE_NAME_PATTERN)


class LatestRelease(BaseModel):
    """The answer of `GET /v1/app/latest` (the contract of `app/update_check.py`)."""

    version: str
    url: str = Field(description="absolute, or relative to the store")
    sha256: str
    size: int
    notes: str


class AppReleaseOut(LatestRelease):
    platform: str
    package: str
    published_at: AwareDatetime


def download_path(sha256: str, file_name: str) -> str:
    return f"{API_PREFIX}/app/downloads/{sha256}/{quote(file_name)}"


def _url(row: AppRelease) -> str:
    return row.url if row.url is not None else download_path(row.sha256, row.file_name)


def latest_out(row: AppRelease) -> LatestRelease:
    return LatestRelease(version=row.version, url=_url(row), sha256=row.sha256, size=row.size,
                         notes=row.notes)


def release_out(row: AppRelease) -> AppReleaseOut:
    return AppReleaseOut(version=row.version, url=_url(row), sha256=row.sha256, size=row.size,
                         notes=row.notes, platform=row.platform, package=row.package,
                         published_at=row.published_at)


def default_file_name(req: AppReleaseCreate) -> str:
    name = f"satchel-{req.version}-{req.platform}{_EXTENSIONS[req.package]}"
    return re.sub(r"[^A-Za-z0-9._+-]", "_", name)


def safe_file_name(name: str) -> str:
    """A download name made of safe characters (for `publish-release --file`)."""
    cleaned = re.sub(r"[^A-Za-z0-9._+-]", "_", Path(name).name).lstrip(".")[:200]
    return cleaned or "satchel-download"


def is_published(session: Session, platform: str, package: str, version: str) -> bool:
    return session.scalar(
        select(AppRelease.id).where(
            AppRelease.platform == platform,
            AppRelease.package == package,
            AppRelease.version == version,
        )
    ) is not None


def _already(req: AppReleaseCreate) -> Exception:
    return conflict(
        f"Satchel {req.version} for {req.platform} ({req.package}) is already published. "
        "Releases cannot be changed; publish the new build under a new version number.",
        code="release-exists",
    )


def publish(
    session: Session, blobs: Blobs, req: AppReleaseCreate, *, published_by: str | None
) -> AppReleaseOut:
    """Record a release (409 if that version is published already for the platform/package;
    422 if it names no address and the file is not in blob storage, or the size differs)."""
    url = req.url
    if url is not None and not (url.startswith(("https://", "http://"))
                                or (url.startswith("/") and not url.startswith("//"))):
        raise unprocessable(
            "url must be an absolute http(s) address or a path on this store starting with '/'."
        )
    if url is None:
        blob = session.get(Blob, req.sha256)
        if blob is None or not blobs.exists(req.sha256):
            raise unprocessable(
                "No file with this sha256 is stored on this store. Give the release a url, or "
                "publish the file with: satchel-store publish-release --file PATH ...",
                code="release-file-missing",
            )
        if blob.size != req.size:
            raise unprocessable(
                f"The stored file has {blob.size} bytes, not the {req.size} announced.",
                code="release-size-mismatch",
            )
    if is_published(session, req.platform, req.package, req.version):
        raise _already(req)
    file_name = req.file_name
    if file_name is None:
        tail = Path(url.split("?", 1)[0]).name if url is not None else ""
        file_name = tail if re.fullmatch(FILE_NAME_PATTERN, tail) else default_file_name(req)
    row = AppRelease(
        version=req.version,
        platform=req.platform,
        package=req.package,
        url=url,
        sha256=req.sha256,
        size=req.size,
        file_name=file_name,
        notes=req.notes,
        published_by=published_by,
    )
    session.add(row)
    try:
        session.commit()
    except IntegrityError:  # published concurrently
        session.rollback()
        raise _already(req) from None
    return release_out(row)


def store_file(session: Session, blobs: Blobs, path: Path) -> tuple[str, int]:
    """Put a release file into blob storage (content-addressed); returns (sha256, size)."""
    sha256, size = blobs.put_file(path)
    if session.get(Blob, sha256) is None:
        session.add(Blob(sha256=sha256, size=size))
        session.commit()
    return sha256, size


def latest(session: Session, platform: str, package: str) -> LatestRelease:
    row = session.scalar(
        select(AppRelease)
        .where(AppRelease.platform == platform, AppRelease.package == package)
        .order_by(AppRelease.id.desc())
        .limit(1)
    )
    if row is None:
        raise not_found(
            f"No release of Satchel is published for {platform} ({package}) on this store.",
            code="no-release",
        )
    return latest_out(row)


def downloadable(session: Session, sha256: str) -> AppRelease:
    """The release whose stored file `sha256` is (404 for anything else, e.g. course files)."""
    row = session.scalar(
        select(AppRelease)
        .where(AppRelease.sha256 == sha256, AppRelease.url.is_(None))
        .order_by(AppRelease.id.desc())
        .limit(1)
    )
    if row is None:
        raise not_found("There is no such app download on this store.", code="no-download")
    return row
