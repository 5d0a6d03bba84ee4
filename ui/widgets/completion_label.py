"""The completion rule of a lesson, in words, and how far along the learner is.

"To complete: read to the end (at least 3 min on the page) · 1 of 3 min · not at the end
yet"; "Done ✓ · marked by you". The course player shows the rule with the learner's
standing (live, between two flushes); the instructor preview shows the rule alone.
GUI thread only.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLabel, QWidget

from app.services.completion import Rule, Standing, minutes
from ui.format import seconds_clock


class CompletionLabel(QLabel):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("completionRule")
        self.setWordWrap(True)
        self._standing: Standing | None = None
        self._progress = True

    def set_standing(self, standing: Standing | None, progress: bool = True) -> None:
        """Show ``standing`` (None: nothing); ``progress`` False shows the rule only."""
        self._standing = standing
        self._progress = progress
        self._render()

    def rule_text(self, rule: Rule) -> str:
        if rule.kind == "read":
            if rule.seconds <= 0:
                return self.tr("To complete: read to the end")
            return self.tr("To complete: read to the end (at least %1 on the page)").replace(
                "%1", self._amount(rule.seconds, up=True)
            )
        if rule.kind == "pages":
            return self.tr("To complete: reach the last page")
        if rule.kind == "play":
            return self.tr("To complete: play at least %1% of it").replace(
                "%1", str(round(rule.share * 100))
            )
        if rule.kind == "time":
            return self.tr("To complete: spend %1 on it").replace(
                "%1", self._amount(rule.seconds, up=True)
            )
        return self.tr("To complete: score at least %1% in the quiz").replace(
            "%1", str(round(rule.min_score * 100))
        )

    def progress_text(self, st: Standing) -> str:
        r = st.rule
        parts: list[str] = []
        if r.kind in ("read", "time") and r.seconds > 0:
            spent = min(st.seconds, r.seconds)
            if r.seconds < 60:
                parts.append(
                    self.tr("%1 of %2 s")
                    .replace("%1", str(int(spent)))
                    .replace("%2", str(r.seconds))
                )
            else:
                parts.append(
                    self.tr("%1 of %2 min")
                    .replace("%1", str(minutes(spent)))
                    .replace("%2", str(minutes(r.seconds, up=True)))
                )
        if r.kind == "read":
            parts.append(
                self.tr("at the end ✓") if st.reached_end else self.tr("not at the end yet")
            )
        if r.kind == "play" and st.media_s > 0:
            parts.append(
                self.tr("%1 of %2 played")
                .replace("%1", seconds_clock(min(st.played_s, st.media_s)))
                .replace("%2", seconds_clock(st.media_s))
            )
        return " · ".join(parts)

    def _amount(self, seconds: float, up: bool) -> str:
        """Minutes ("3 min"), or seconds below a minute ("40 s")."""
        if seconds < 60:
            return self.tr("%1 s").replace("%1", str(round(seconds)))
        return self.tr("%1 min").replace("%1", str(minutes(seconds, up=up)))

    def _render(self) -> None:
        st = self._standing
        if st is None:
            self.setText("")
            return
        if self._progress and st.done:
            self.setText(self.tr("Done ✓ · marked by you") if st.manual else self.tr("Done ✓"))
            return
        text = self.rule_text(st.rule)
        detail = self.progress_text(st) if self._progress else ""
        self.setText(f"{text} · {detail}" if detail else text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self._render()
        super().changeEvent(event)
