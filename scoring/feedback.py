"""Personalised feedback: strengths, weak skills and what to do next, in English or Chinese.

`feedback` turns per-skill mastery, the latest `Replan`, the next lesson, due reviews and the
outcome score into structured `Message`s (a catalogue key + parameters, for a UI that
translates itself) and the same messages rendered with `scoring.messages` for the requested
language ('en' or 'zh-CN'). Strong: P(mastered) >= `STRONG_THRESHOLD`; weak: below
`scoring.next_lesson.WEAK_THRESHOLD`; weakest first. Pure; thread-safe.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from scoring.messages import language_of, render
from scoring.next_lesson import WEAK_THRESHOLD, NextLesson
from scoring.outcome import OutcomeScore
from scoring.planner import PlanStatus, Replan

STRONG_THRESHOLD = 0.8


@dataclass(frozen=True)
class Message:
    key: str
    params: Mapping[str, object]


@dataclass(frozen=True)
class Feedback:
    language: str
    strengths: tuple[str, ...]
    weak_skills: tuple[str, ...]
    messages: tuple[Message, ...]
    text: tuple[str, ...]


def feedback(
    mastery: Mapping[str, float],
    *,
    language: str = "en",
    goal_title: str | None = None,
    replan: Replan | None = None,
    next_lesson: NextLesson | None = None,
    titles: Mapping[str, str] | None = None,
    reviews_due: int = 0,
    outcome: OutcomeScore | None = None,
) -> Feedback:
    """Feedback for one learner; `titles` maps item ids to display titles."""
    lang = language_of(language)
    names = titles or {}
    strengths = tuple(
        s for s, _ in sorted(
            ((s, m) for s, m in mastery.items() if m >= STRONG_THRESHOLD),
            key=lambda sm: (-sm[1], sm[0]),
        )
    )
    weak = tuple(
        s for s, _ in sorted(
            ((s, m) for s, m in mastery.items() if m < WEAK_THRESHOLD),
            key=lambda sm: (sm[1], sm[0]),
        )
    )
    msgs: list[Message] = []
    if not mastery:
        msgs.append(Message("no_evidence", {}))
    if strengths:
        msgs.append(Message("strengths", {"skills": strengths}))
    if weak:
        msgs.append(Message("weak_skills", {"skills": weak,
                                            "threshold": round(WEAK_THRESHOLD * 100)}))
    if replan is not None:
        goal = goal_title or replan.plan.goal.title
        due = replan.plan.goal.due
        if replan.status == PlanStatus.NOT_ACHIEVABLE:
            finish = replan.plan.check.projected_finish
            msgs.append(Message("not_achievable", {
                "goal": goal, "due": due, "minutes": replan.shortfall_minutes,
                "per_day": replan.plan.check.extra_minutes_per_study_day,
                "finish": finish if finish is not None else "—",
            }))
        elif replan.status == PlanStatus.BEHIND:
            msgs.append(Message("behind", {"goal": goal, "minutes": replan.minutes_behind}))
        elif replan.status == PlanStatus.AHEAD:
            msgs.append(Message("ahead", {"goal": goal, "minutes": -replan.minutes_behind}))
        elif replan.status == PlanStatus.DONE:
            msgs.append(Message("done", {"goal": goal}))
        else:
            msgs.append(Message("on_track", {"goal": goal, "due": due}))
    if next_lesson is not None:
        params: dict[str, object] = {
            "item": names.get(next_lesson.item_id, next_lesson.item_id),
        }
        if next_lesson.ref is not None:
            params["skill"] = next_lesson.ref
            params["target"] = names.get(next_lesson.ref, next_lesson.ref)
        msgs.append(Message(f"next_{next_lesson.reason.value}", params))
    if reviews_due > 0:
        msgs.append(Message("reviews_due", {"count": reviews_due}))
    if outcome is not None:
        msgs.append(Message("outcome", {"score": round(outcome.score)}))
    text = tuple(render(lang, m.key, m.params) for m in msgs)
    return Feedback(lang, strengths, weak, tuple(msgs), text)
