"""Calibrated learning-outcome score (0-100) with its components, next to the article's 4.2.

Construction (no free weights to fit, so calibration comes from the parts):
the score is the expected percentage of a whole-course check the learner would answer
correctly now, ``100 * (q * accuracy + (1 - q) * baseline)``, where

- ``accuracy`` is mastery-weighted: ``Σ_s w_s P_s / Σ_s w_s`` over the course's skills, with
  ``P_s`` the mastery model's P(correct on the skill's next item) and ``w_s`` the skill's
  share of the course (skills without evidence count at ``baseline``);
- ``baseline`` is the P(correct) of someone who has not studied (e.g. the guess rate);
- ``q = progress * engagement`` is the part of the course credited as studied: ``progress``
  is the completed share of the expected study time, and ``engagement = min(1, pace /
  MIN_PACE)`` discounts content finished in less than half its expected time (skimming);
  taking longer than expected costs nothing here (struggling shows up in accuracy).

Since each ``P_s`` is a probability whose calibration is measured on real responses
(`bench/eval_scoring.py` prints its log loss and expected calibration error), the score
is a calibrated expected percentage, not an arbitrary index. The article's formula 4.2
(progress x accuracy x hours, `scoring.seed.outcome_score`) is reported alongside as
`article_4_2` for reference only: it is unbounded in hours and not calibrated.
Pure; thread-safe.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from scoring.seed import outcome_score as article_outcome_4_2

MIN_PACE = 0.5
DEFAULT_BASELINE = 0.25


@dataclass(frozen=True)
class OutcomeComponents:
    progress: float  # completed share of the expected study time, 0..1
    accuracy: float  # mastery-weighted P(correct), 0..1
    raw_accuracy: float | None  # plain share of correct answers so far
    pace: float | None  # minutes spent / expected minutes of the completed part
    engagement: float  # 0..1, discount for skimming
    credited_progress: float  # progress * engagement
    baseline: float


@dataclass(frozen=True)
class OutcomeScore:
    score: float  # 0..100, calibrated
    components: OutcomeComponents
    article_4_2: float  # progress x accuracy x hours, the article's reference figure


def _unit(name: str, value: float) -> float:
    if not 0.0 <= value <= 1.0:
        raise ValueError(f"{name} must lie in [0, 1]")
    return float(value)


def outcome(
    *,
    progress: float,
    skill_p_correct: Mapping[str, float],
    skill_weights: Mapping[str, float] | None = None,
    minutes_spent: float,
    expected_minutes_done: float,
    answered: int = 0,
    answered_correct: int = 0,
    baseline: float = DEFAULT_BASELINE,
) -> OutcomeScore:
    """Outcome score of one learner in one course; see the module docstring for the rule."""
    progress = _unit("progress", progress)
    baseline = _unit("baseline", baseline)
    if minutes_spent < 0 or expected_minutes_done < 0:
        raise ValueError("minutes must be >= 0")
    if not 0 <= answered_correct <= answered:
        raise ValueError("answered_correct must lie between 0 and answered")
    weights = dict(skill_weights) if skill_weights else {s: 1.0 for s in skill_p_correct}
    if any(w < 0 for w in weights.values()):
        raise ValueError("skill weights must be >= 0")
    total_w = sum(weights.values())
    if total_w > 0:
        accuracy = sum(
            w * _unit(f"P(correct) of {s}", skill_p_correct.get(s, baseline))
            for s, w in weights.items()
        ) / total_w
    else:
        accuracy = baseline
    pace = minutes_spent / expected_minutes_done if expected_minutes_done > 0 else None
    engagement = 1.0 if pace is None else min(1.0, pace / MIN_PACE)
    credited = progress * engagement
    score = 100.0 * (credited * accuracy + (1.0 - credited) * baseline)
    raw = answered_correct / answered if answered else None
    reference = article_outcome_4_2(progress, raw if raw is not None else accuracy,
                                    minutes_spent / 60.0)
    comps = OutcomeComponents(
        progress, accuracy, raw, pace, engagement, credited, baseline
    )
    return OutcomeScore(min(max(score, 0.0), 100.0), comps, float(reference))
