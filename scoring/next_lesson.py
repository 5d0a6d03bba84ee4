"""Next best resource inside a course: which lesson to open next, and why.

Rule, in order:

1. Weak skills first: among unfinished items, the one teaching the weakest skill whose
   mastery is below `weak_threshold` (ties: outline order) — reason ``strengthen_weak_skill``.
   If only finished items teach that skill, the earliest of them is offered again —
   reason ``review_weak_skill``.
2. Otherwise the first unfinished item in outline order — reason ``next_in_outline``.
3. Prerequisites first: whatever item rule 1 or 2 picks, if it has unfinished prerequisites
   the earliest unfinished one (followed transitively) is returned instead — reason
   ``prerequisite_of`` with the picked item as `ref`.

Skills with no mastery estimate are not treated as weak (no evidence yet). Pure; thread-safe.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

WEAK_THRESHOLD = 0.6


@dataclass(frozen=True)
class OutlineItem:
    item_id: str
    skills: tuple[str, ...] = ()
    prerequisites: tuple[str, ...] = ()
    minutes: float = 0.0


class NextReason(StrEnum):
    STRENGTHEN_WEAK_SKILL = "strengthen_weak_skill"  # ref: the skill
    REVIEW_WEAK_SKILL = "review_weak_skill"  # ref: the skill
    PREREQUISITE_OF = "prerequisite_of"  # ref: the item that needs it
    NEXT_IN_OUTLINE = "next_in_outline"  # ref: None


@dataclass(frozen=True)
class NextLesson:
    item_id: str
    reason: NextReason
    ref: str | None
    skill_mastery: float | None = None  # mastery of the skill named in the reason


def next_lesson(
    outline: Sequence[OutlineItem],
    completed: Collection[str],
    mastery: Mapping[str, float],
    *,
    weak_threshold: float = WEAK_THRESHOLD,
) -> NextLesson | None:
    """The next item to study, or None when everything is finished and no skill is weak."""
    by_id = {item.item_id: item for item in outline}
    order = {item.item_id: i for i, item in enumerate(outline)}
    done = set(completed)
    unfinished = [item for item in outline if item.item_id not in done]

    weak = sorted(
        ((m, s) for s, m in mastery.items() if m < weak_threshold),
        key=lambda ms: (ms[0], ms[1]),
    )
    for level, skill in weak:
        teaching = [item for item in unfinished if skill in item.skills]
        if teaching:
            return _with_prerequisites(
                NextLesson(teaching[0].item_id, NextReason.STRENGTHEN_WEAK_SKILL, skill, level),
                by_id, order, done,
            )
    for level, skill in weak:
        taught = [item for item in outline if skill in item.skills]
        if taught:
            return NextLesson(taught[0].item_id, NextReason.REVIEW_WEAK_SKILL, skill, level)
    if not unfinished:
        return None
    return _with_prerequisites(
        NextLesson(unfinished[0].item_id, NextReason.NEXT_IN_OUTLINE, None),
        by_id, order, done,
    )


def _with_prerequisites(
    pick: NextLesson,
    by_id: Mapping[str, OutlineItem],
    order: Mapping[str, int],
    done: set[str],
) -> NextLesson:
    target = pick.item_id
    current = target
    seen = {current}
    while True:
        pending = [
            p for p in by_id[current].prerequisites if p in by_id and p not in done
        ]
        if not pending:
            break
        current = min(pending, key=lambda p: order[p])
        if current in seen:  # a cycle in the outline: stop at the earliest pending item
            break
        seen.add(current)
    if current == target:
        return pick
    return NextLesson(current, NextReason.PREREQUISITE_OF, target)
