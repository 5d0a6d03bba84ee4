"""Per-skill mastery from quiz attempts: BKT for P(mastered), Rasch/IRT for P(correct next).

- `MasteryModel.fit(attempts)` fits, per skill, BKT parameters (`scoring.bkt`, EM) and Rasch
  item difficulties (`scoring.irt`, marginal ML) from many learners' attempts. Skills it has
  not seen fall back to `DEFAULT_BKT` / an average item.
- `MasteryModel.assess(attempts_of_one_learner)` gives a `SkillMastery` per skill:
  ``p_mastered`` (BKT posterior), ``p_correct_next`` (IRT predictive probability on the
  skill's next item, or an average item of the skill), ``ability`` (posterior mean θ), counts.

Attempts are taken in the order given (oldest first). Both estimates are monotone in the
evidence: turning a wrong answer into a right one, or adding a right answer, never lowers
them. Pure; the fitted model is immutable and thread-safe.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from scoring.bkt import DEFAULT_BKT, BktParams, bkt_mastery, fit_bkt
from scoring.irt import (
    DEFAULT_IRT,
    IrtSkill,
    ability_mean,
    fit_irt_skill,
    predict_correct,
    track_ability,
)


@dataclass(frozen=True)
class Attempt:
    learner: str
    skill: str
    item: str
    correct: bool


@dataclass(frozen=True)
class SkillMastery:
    skill: str
    p_mastered: float
    p_correct_next: float
    ability: float
    attempts: int
    correct: int

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.attempts if self.attempts else None


@dataclass(frozen=True)
class MasteryModel:
    bkt: Mapping[str, BktParams] = field(default_factory=dict)
    irt: Mapping[str, IrtSkill] = field(default_factory=dict)

    @classmethod
    def fit(cls, attempts: Sequence[Attempt], *, drift: float = 0.0) -> MasteryModel:
        per_skill: dict[str, dict[str, list[Attempt]]] = defaultdict(lambda: defaultdict(list))
        for a in attempts:
            per_skill[a.skill][a.learner].append(a)
        bkt: dict[str, BktParams] = {}
        irt: dict[str, IrtSkill] = {}
        for skill, by_learner in per_skill.items():
            seqs = [[int(a.correct) for a in seq] for seq in by_learner.values()]
            bkt[skill] = fit_bkt(seqs)
            learner_idx, items, ys = [], [], []
            for i, seq in enumerate(by_learner.values()):
                for a in seq:
                    learner_idx.append(i)
                    items.append(a.item)
                    ys.append(int(a.correct))
            irt[skill] = fit_irt_skill(learner_idx, items, ys, drift=drift)
        return cls(bkt, irt)

    def assess(
        self,
        attempts: Sequence[Attempt],
        *,
        skills: Sequence[str] = (),
        next_items: Mapping[str, str] | None = None,
    ) -> dict[str, SkillMastery]:
        """Mastery of each skill seen in `attempts` (plus `skills`, at their prior)."""
        by_skill: dict[str, list[Attempt]] = {s: [] for s in skills}
        for a in attempts:
            by_skill.setdefault(a.skill, []).append(a)
        out: dict[str, SkillMastery] = {}
        for skill, seq in by_skill.items():
            bkt = self.bkt.get(skill, DEFAULT_BKT)
            irt = self.irt.get(skill, DEFAULT_IRT)
            ys = [int(a.correct) for a in seq]
            trace = track_ability(irt, [a.item for a in seq], ys)
            nxt = (next_items or {}).get(skill)
            out[skill] = SkillMastery(
                skill=skill,
                p_mastered=bkt_mastery(bkt, ys),
                p_correct_next=predict_correct(irt, trace.posterior, nxt),
                ability=ability_mean(trace.posterior),
                attempts=len(ys),
                correct=sum(ys),
            )
        return out
