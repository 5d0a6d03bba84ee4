"""The bundle package's one error type.

`BundleError`: a course bundle could not be read, validated, packed, signed or decrypted.
``str(err)`` is a plain sentence (often the full validation report) that can be shown to the
person who made or opened the bundle as it is. The desktop app treats it as a user error
(`app.errors.is_user_error`); the store turns it into a 422 problem.
"""

from __future__ import annotations


class BundleError(Exception):
    """A course bundle could not be read, validated or packed; the message says why."""
