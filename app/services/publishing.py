"""Publishing a course from the app (accounts with the instructor role): validate the course
folder or `.satchel` file locally, send it through the store's resumable upload (progress
after every chunk), fetch the store's preview report, and publish it, accepting the creator
agreement when the store asks for it.

Every method does network or disk I/O: call them off the GUI thread. Errors a user can act
on are `UserError`s with the store's reason.
"""

from __future__ import annotations

import base64
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from app.errors import UserError, store_error
from bundle.crypto import generate_content_key
from bundle.errors import BundleError
from bundle.pack import pack
from bundle.publish import chunk_range, file_sha256, send_chunks
from bundle.report import Problem
from bundle.validate import check
from sync.client import StoreClient
from sync.errors import SyncError

Progress = Callable[[int, int], None]


class PublishRefused(UserError):
    """The store refused the course; the message is its reason."""


@dataclass
class Upload:
    """A course sent to the store as a draft, with the store's preview report."""

    draft: dict[str, Any]
    report: dict[str, Any]

    @property
    def agreement(self) -> dict[str, Any] | None:
        """The creator agreement to accept before this first publish (None: not needed)."""
        value = self.report.get("agreement_required")
        return value if isinstance(value, dict) else None

    @property
    def similar(self) -> list[dict[str, Any]]:
        return list(self.report.get("similar") or [])


@dataclass
class Outcome:
    status: str  # "published" or "held"
    course_id: str
    version: str
    detail: dict[str, Any] = field(default_factory=dict)


def local_problems(path: Path) -> list[Problem]:
    """What the shared validator finds wrong with a course folder or `.satchel` file."""
    if not path.exists():
        raise UserError(f"{path} does not exist.")
    return list(check(path).report.errors)


class PublishingService:
    def __init__(self, client: StoreClient) -> None:
        self.client = client

    def _request(self, method: str, path: str, **kw: Any) -> requests.Response:
        """One store request; the store's refusal becomes `PublishRefused` with its words."""
        try:
            return self.client.request(method, path, **kw)
        except SyncError as exc:
            problem = getattr(exc, "problem", None)
            if problem is not None:
                raise PublishRefused(problem.detail) from exc
            raise store_error(exc, " to publish") from exc

    def _json(self, method: str, path: str, **kw: Any) -> Any:
        response = self._request(method, path, **kw)
        try:
            return response.json()
        finally:
            response.close()

    def upload(
        self, path: Path, changelog: str = "", on_progress: Progress | None = None,
        *, encrypt: bool = False,
    ) -> Upload:
        """Pack (a folder), upload in chunks (resuming an unfinished upload of the same
        bytes) and turn it into a draft; returns the draft and the store's report.
        ``encrypt``: the course files are encrypted with a new content key, which goes to
        the store with the draft (only the store hands it, wrapped, to buyers' devices); an
        encrypted upload cannot resume, since each run makes a new key."""
        if encrypt and not path.is_dir():
            raise UserError("To encrypt a course, choose its folder (a packed .satchel file "
                            "is published as it is).")
        key = generate_content_key() if encrypt else None
        with tempfile.TemporaryDirectory(prefix="satchel-publish-") as tmp:
            bundle = path
            if path.is_dir():
                try:
                    bundle = pack(path, Path(tmp) / f"{path.name}.satchel", encrypt_with=key)
                except BundleError as exc:
                    raise UserError(str(exc)) from exc
            content_key = None if key is None else base64.b64encode(key).decode("ascii")
            draft = self._send(bundle, changelog, on_progress, content_key)
        report = self._json("GET", f"/v1/publish/drafts/{draft['id']}/report")
        return Upload(draft=draft, report=report)

    def _send(self, bundle: Path, changelog: str, on_progress: Progress | None,
              content_key: str | None = None) -> dict[str, Any]:  # fmt: skip
        size = bundle.stat().st_size
        upload = self._json(
            "POST", "/v1/publish/uploads", json={"size": size, "sha256": file_sha256(bundle)}
        )
        url = f"/v1/publish/uploads/{upload['id']}"
        offset, chunk_size = int(upload["offset"]), int(upload["chunk_size"])

        def put(at: int, chunk: bytes) -> int:
            headers = {"Content-Type": "application/octet-stream",
                       "Content-Range": chunk_range(at, len(chunk), size)}  # fmt: skip
            return int(self._json("PUT", url, content=chunk, headers=headers)["offset"])

        send_chunks(bundle, offset, chunk_size, put, on_progress)
        body: dict[str, Any] = {"changelog": changelog}
        if content_key is not None:
            body["content_key"] = content_key
        draft: dict[str, Any] = self._json("POST", f"{url}/finish", json=body)
        return draft

    def publish(self, upload: Upload, accept_agreement: bool = False) -> Outcome:
        """Publish the draft; `accept_agreement` records the creator agreement shown in the
        report. "held": the store keeps it for an administrator's copyright review."""
        body: dict[str, Any] = {}
        agreement = upload.agreement
        if agreement is not None:
            if not accept_agreement:
                raise UserError("Accept the store's creator agreement to publish.")
            body["accept_agreement"] = agreement["version"]
        response = self._request(
            "POST", f"/v1/publish/drafts/{upload.draft['id']}/publish", json=body
        )
        try:
            detail: dict[str, Any] = response.json()
            status = "held" if response.status_code == 202 else "published"
        finally:
            response.close()
        return Outcome(
            status=status,
            course_id=str(upload.draft["course_id"]),
            version=str(upload.draft["version"]),
            detail=detail,
        )
