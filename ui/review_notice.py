"""The sentence shown where reviews are counted (Home and the Quiz screen) when some of
today's reviews wait in a locked course: which course, how many, why, and how to unlock it.
GUI thread only (translations)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from app.services.views import LockedReviews
from ui.messages import error_text


def locked_reviews_text(locked: Sequence[LockedReviews]) -> str:
    """'2 more are due in “Paid numbers”, which is locked: <reason>' — one line a course."""
    lines = []
    for lk in locked:
        lines.append(QCoreApplication.translate(
            "Reviews", "%n more due in “%1”, which is locked: %2", None, lk.count)
            .replace("%1", lk.title).replace("%2", error_text(lk.reason)))
    return "\n".join(lines)
