"""Error types shared by the client core.

`UserError` and its subclasses are problems the user can cause and fix (bad input, a full disk,
a wrong password, an unreachable server). The UI shows their message plainly. Any other
exception is a bug and goes to the crash dialog with the log tail.

`BundleError` belongs to the bundle package (`bundle.errors`, which imports nothing of the
app's); it is re-exported here and counts as a user error: test with `is_user_error`, or
catch `USER_ERRORS`, never `UserError` alone where a bundle may be involved. `store_error`
phrases a sync-layer error (sync/ cannot import these types) as one of them.
"""

from __future__ import annotations

from bundle.errors import BundleError
from sync.errors import AuthExpired, Offline, SyncError


class UserError(Exception):
    """A problem the user can understand and act on; `str(err)` is the message to show."""


class StorageError(UserError):
    """The local disk refused a write (full disk, read-only folder, permissions)."""


class AuthError(UserError):
    """Wrong credentials, expired session, or no usable keyring."""


class NetworkError(UserError):
    """The store could not be reached or answered with an error."""


USER_ERRORS: tuple[type[Exception], ...] = (UserError, BundleError)
"""Every exception type whose message is for the user (shown plainly, not as a crash)."""


def is_user_error(exc: BaseException) -> bool:
    """True for a problem the user can act on (its message is shown plainly)."""
    return isinstance(exc, USER_ERRORS)


def store_error(exc: SyncError, doing: str = "") -> UserError:
    """A plain `UserError` for a sync-layer error; ``doing`` is e.g. `` " to sign in"``."""
    if isinstance(exc, Offline):
        return NetworkError(
            f"Satchel cannot reach the store right now{doing}. Check your connection; "
            "everything you do offline is kept and sent later."
        )
    if isinstance(exc, AuthExpired):
        return AuthError("Your sign-in has expired. Please sign in again.")
    return NetworkError(str(exc) or f"The store could not complete the request{doing}.")


__all__ = [
    "USER_ERRORS", "AuthError", "BundleError", "NetworkError", "StorageError", "UserError",
    "is_user_error", "store_error",
]
