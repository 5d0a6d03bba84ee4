"""When a lesson counts as done — one rule per item, shown to the learner and applied here.

The manifest's ``completion`` says what the author wants (``viewed``, ``time`` with
``min_seconds``, ``score``); `rule_for` turns it into what Satchel applies and shows:

* text — **read to the end**, with a plausible time on the page: the reading time of the
  lesson's words at a brisk pace (`READ_WPM` words or `CJK_CPM` Chinese characters a
  minute), never more than the author's ``min_seconds``. A ``time`` text also completes
  when the learner spent the author's full ``min_seconds`` on it.
* PDF — reach the last page (``viewed``), or the author's time.
* audio / video — **play** `MEDIA_SHARE` of the recording: the union of the stretches
  actually played (seeking past a part does not count it), whatever the rule's time.
* quiz — the minimum score (recorded by `QuizService`).

Whatever the rule, the learner may mark an item done by hand, and undo that.
Pure functions, no I/O: both `ProgressService` (worker thread) and the UI (to show the live
state between two flushes) use them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from bundle.model import Item

READ_WPM = 300  # words a minute: a brisk, attentive reader
CJK_CPM = 500  # Chinese (CJK) characters a minute
MIN_READ_S = 15  # even a tiny page needs a glance
MEDIA_SHARE = 0.9  # of a recording, played

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD = re.compile(r"[A-Za-z0-9\u00c0-\u024f]+(?:['’-][A-Za-z0-9\u00c0-\u024f]+)*")
_MARKUP = re.compile(r"<[^>]+>|!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)|[#*_`>|]")


def reading_seconds(text: str) -> int:
    """Seconds a brisk reader needs for this Markdown (or HTML) text."""
    plain = _MARKUP.sub(" ", text)
    cjk = len(_CJK.findall(plain))
    words = len(_WORD.findall(_CJK.sub(" ", plain)))
    seconds = words * 60 / READ_WPM + cjk * 60 / CJK_CPM
    return max(MIN_READ_S, round(seconds))


@dataclass(frozen=True)
class Rule:
    """What completes an item. ``kind``: "read" (reach the end after ``seconds`` on the
    page; ``seconds`` 0 for a plain viewed text), "pages" (reach the last page), "play"
    (play ``share`` of the recording), "time" (``seconds`` on it), "score" (``min_score``).
    ``or_seconds``: a "read" item also completes after this long on the page (None: not)."""

    kind: str
    seconds: int = 0
    share: float = 0.0
    min_score: float = 0.0
    or_seconds: int | None = None


def rule_for(item: Item, text_seconds: int | None = None) -> Rule:
    """The rule for ``item``; ``text_seconds`` is `reading_seconds` of a text lesson."""
    comp = item.completion
    if item.kind == "quiz" or comp.type == "score":
        return Rule("score", min_score=float(comp.min_score or 0.0))
    if item.kind in ("audio", "video"):
        return Rule("play", share=MEDIA_SHARE)
    if item.kind == "text":
        if comp.type == "time":
            author = int(comp.min_seconds or 0)
            read = min(author, text_seconds) if text_seconds is not None else author
            return Rule("read", seconds=read, or_seconds=author)
        return Rule("read")
    if comp.type == "time":
        return Rule("time", seconds=int(comp.min_seconds or 0))
    return Rule("pages")


def merge_segments(segments: Iterable[tuple[float, float]]) -> list[tuple[float, float]]:
    """Sorted, non-overlapping union of [start, end] stretches (seconds)."""
    out: list[tuple[float, float]] = []
    for a, b in sorted((float(a), float(b)) for a, b in segments if b > a):
        if out and a <= out[-1][1] + 0.25:  # position ticks leave tiny gaps
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def covered(segments: Iterable[tuple[float, float]]) -> float:
    return sum(b - a for a, b in merge_segments(segments))


@dataclass(frozen=True)
class Standing:
    """How far along an item is: the rule, and what the learner did so far."""

    rule: Rule
    done: bool = False
    manual: bool = False  # marked done by hand
    seconds: float = 0.0  # time on the page
    reached_end: bool = False
    played: tuple[tuple[float, float], ...] = ()
    media_s: float = 0.0  # length of the recording (0: not known yet)

    @property
    def played_s(self) -> float:
        return covered(self.played)

    def met(self) -> bool:
        """Whether what was done satisfies the rule (whether or not it is recorded yet)."""
        r = self.rule
        if r.kind == "read":
            if r.or_seconds and self.seconds >= r.or_seconds:
                return True
            return self.reached_end and self.seconds >= r.seconds
        if r.kind == "pages":
            return self.reached_end
        if r.kind == "play":
            return self.media_s > 0 and self.played_s >= r.share * self.media_s - 0.05
        if r.kind == "time":
            return self.seconds >= r.seconds
        return False  # "score": the quiz decides

    def with_session(
        self,
        seconds: float = 0.0,
        reached_end: bool = False,
        played: Iterable[tuple[float, float]] = (),
        media_s: float = 0.0,
    ) -> Standing:
        """This standing plus what happened on screen since it was read."""
        return Standing(
            self.rule,
            self.done,
            self.manual,
            self.seconds + seconds,
            self.reached_end or reached_end,
            tuple(merge_segments([*self.played, *played])),
            media_s or self.media_s,
        )


def minutes(seconds: float, up: bool = False) -> int:
    return math.ceil(seconds / 60) if up else int(seconds // 60)
