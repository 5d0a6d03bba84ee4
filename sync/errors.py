"""Errors of the sync layer. ``str(err)`` is a plain sentence the UI can show as is.

`sync/` may not import `app/`, so these do not derive from ``app.errors.UserError``; the app
treats every `SyncError` as a user-facing problem (the server is down, the disk is full, ...).
"""

from __future__ import annotations

from sync.protocol import Problem


class SyncError(Exception):
    """Base of every error the sync layer raises on purpose."""


class Offline(SyncError):
    """The store could not be reached (no network, server down, connection cut, timeout).

    ``maybe_delivered`` is False only when no connection was made, so the store cannot have
    seen (or acted on) the request; otherwise only its answer may have been lost.
    """

    def __init__(self, message: str, *, maybe_delivered: bool = True) -> None:
        super().__init__(message)
        self.maybe_delivered = maybe_delivered


class ServerError(SyncError):
    """The store answered with an error status; ``problem`` is its RFC 7807 document if any."""

    def __init__(
        self,
        message: str,
        *,
        status: int,
        problem: Problem | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.problem = problem
        self.retry_after = retry_after

    @property
    def code(self) -> str | None:
        """The problem's short code (the last segment of its ``type`` URI), if any."""
        if self.problem is None or self.problem.type == "about:blank":
            return None
        return self.problem.type.rstrip("/").rsplit("/", 1)[-1]

    @property
    def transient(self) -> bool:
        """Worth retrying later unchanged (overload, maintenance, internal error)."""
        return self.status >= 500 or self.status in (408, 425, 429)


class Conflict(ServerError):
    """409: the request clashes with the store's state (price changed, key reused, ...)."""


class AuthExpired(SyncError):
    """The session ended (refresh token expired or revoked); the user must sign in again."""


class DiskFull(SyncError):
    """The local disk ran out of space while writing a download."""


class CorruptDownload(SyncError):
    """A downloaded file did not match its expected sha256 (the partial file was removed)."""


class UntrustedStoreKey(SyncError):
    """The store presents a signing key this profile does not trust (not the pinned one, and
    no rotation signed by the pinned one leads to it)."""


class LeaseInvalid(SyncError):
    """A lease failed verification (bad signature, another device, unknown key)."""


class LocalStoreError(SyncError):
    """The local database or disk refused a change the sync needed (message from the app)."""
