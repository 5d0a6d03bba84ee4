"""Next best resource inside a course."""

from __future__ import annotations

from scoring.next_lesson import NextReason, OutlineItem, next_lesson

OUTLINE = [
    OutlineItem("l1", ("variables",)),
    OutlineItem("l2", ("loops",), prerequisites=("l1",)),
    OutlineItem("l3", ("functions",), prerequisites=("l2",)),
    OutlineItem("l4", ("loops",), prerequisites=("l1",)),
    OutlineItem("l5", ("files",), prerequisites=("l3",)),
]


def test_follows_the_outline_when_no_skill_is_weak() -> None:
    pick = next_lesson(OUTLINE, {"l1"}, {"variables": 0.9})
    assert pick is not None
    assert (pick.item_id, pick.reason) == ("l2", NextReason.NEXT_IN_OUTLINE)


def test_picks_the_weak_skills_lesson() -> None:
    pick = next_lesson(OUTLINE, {"l1", "l2"}, {"variables": 0.9, "loops": 0.3, "functions": 0.5})
    assert pick is not None
    assert (pick.item_id, pick.reason) == ("l4", NextReason.STRENGTHEN_WEAK_SKILL)
    assert pick.ref == "loops"
    assert pick.skill_mastery == 0.3


def test_unfinished_prerequisites_come_first() -> None:
    pick = next_lesson(OUTLINE, {"l1"}, {"files": 0.1})
    assert pick is not None
    assert (pick.item_id, pick.reason, pick.ref) == ("l2", NextReason.PREREQUISITE_OF, "l5")


def test_a_weak_skill_taught_only_by_finished_lessons_is_reviewed() -> None:
    done = {"l1", "l2", "l3", "l4"}
    pick = next_lesson(OUTLINE, done, {"variables": 0.2})
    assert pick is not None
    assert (pick.item_id, pick.reason) == ("l1", NextReason.REVIEW_WEAK_SKILL)


def test_nothing_left_returns_none() -> None:
    assert next_lesson(OUTLINE, {i.item_id for i in OUTLINE}, {"loops": 0.95}) is None


def test_a_prerequisite_cycle_does_not_hang() -> None:
    cyclic = [OutlineItem("a", prerequisites=("b",)), OutlineItem("b", prerequisites=("a",))]
    pick = next_lesson(cyclic, set(), {})
    assert pick is not None  # the learner is still offered a way in: the first in the outline
    assert (pick.item_id, pick.reason) == ("a", NextReason.NEXT_IN_OUTLINE)
