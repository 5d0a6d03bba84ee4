"""Error types shared by the client core.

`UserError` and its subclasses are problems the user can cause and fix (bad input, a full disk,
a wrong password, an unreachable server). The UI shows their message plainly. Any other
exception is a bug and goes to the crash dialog with the log tail.
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can understand and act on; `str(err)` is the message to show."""


class BundleError(UserError):
    """A course bundle could not be read, validated or packed."""


class StorageError(UserError):
    """The local disk refused a write (full disk, read-only folder, permissions)."""


class AuthError(UserError):
    """Wrong credentials, expired session, or no usable keyring."""


class NetworkError(UserError):
    """The store could not be reached or answered with an error."""
