"""Mastery models (BKT and Rasch/IRT): monotone in evidence, fitted parameters recovered."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.bkt import BktParams, bkt_mastery, bkt_trace, fit_bkt
from scoring.irt import IrtSkill, fit_irt_skill, predict_correct, track_ability
from scoring.mastery import Attempt, MasteryModel

answers = st.lists(st.integers(0, 1), max_size=12)
probabilities = st.floats(0.01, 0.99)
guess_slip = st.floats(0.0, 0.45)


@st.composite
def bkt_params(draw: st.DrawFn) -> BktParams:
    return BktParams(draw(probabilities), draw(st.floats(0.0, 0.9)), draw(guess_slip),
                     draw(guess_slip))


@given(bkt_params(), answers, st.data())
def test_bkt_turning_a_wrong_answer_right_never_lowers_mastery(
    params: BktParams, ys: list[int], data: st.DataObject
) -> None:
    wrong = [i for i, y in enumerate(ys) if y == 0]
    if not wrong:
        return
    i = data.draw(st.sampled_from(wrong))
    better = [*ys[:i], 1, *ys[i + 1 :]]
    assert bkt_mastery(params, better) >= bkt_mastery(params, ys) - 1e-12


@given(bkt_params(), answers)
def test_bkt_another_correct_answer_never_lowers_mastery(params: BktParams, ys: list[int]) -> None:
    assert bkt_mastery(params, [*ys, 1]) >= bkt_mastery(params, ys) - 1e-12


@given(bkt_params(), answers)
def test_bkt_outputs_are_probabilities(params: BktParams, ys: list[int]) -> None:
    trace = bkt_trace(params, ys)
    for arr in (trace.p_correct, trace.p_mastered):
        assert np.all((arr >= 0) & (arr <= 1))


def _simulate_bkt(true: BktParams, n: int, steps: int, seed: int) -> list[list[int]]:
    rng = np.random.default_rng(seed)
    seqs = []
    for _ in range(n):
        mastered = rng.random() < true.p_init
        seq = []
        for _ in range(steps):
            p = 1 - true.p_slip if mastered else true.p_guess
            seq.append(int(rng.random() < p))
            mastered = mastered or rng.random() < true.p_learn
        seqs.append(seq)
    return seqs


def test_bkt_em_recovers_the_generating_parameters() -> None:
    true = BktParams(p_init=0.25, p_learn=0.2, p_guess=0.15, p_slip=0.1)
    fitted = fit_bkt(_simulate_bkt(true, 800, 10, seed=1))
    assert fitted.p_init == pytest.approx(true.p_init, abs=0.06)
    assert fitted.p_learn == pytest.approx(true.p_learn, abs=0.05)
    assert fitted.p_guess == pytest.approx(true.p_guess, abs=0.05)
    assert fitted.p_slip == pytest.approx(true.p_slip, abs=0.05)


def test_bkt_refuses_guess_at_or_above_one_minus_slip() -> None:
    with pytest.raises(ValueError, match="below 1 - p_slip"):
        BktParams(0.5, 0.1, 0.6, 0.5)


SKILL = IrtSkill({"easy": -1.5, "hard": 1.5}, ability_sd=1.2, drift=0.3)
items = st.lists(st.sampled_from(["easy", "hard", "unknown"]), max_size=10)


@given(items, st.data())
@settings(max_examples=80)
def test_irt_more_correct_answers_never_lower_predicted_success(
    its: list[str], data: st.DataObject
) -> None:
    ys = data.draw(st.lists(st.integers(0, 1), min_size=len(its), max_size=len(its)))
    base = track_ability(SKILL, its, ys)
    for i, y in enumerate(ys):
        if y == 0:
            flipped = track_ability(SKILL, its, [*ys[:i], 1, *ys[i + 1 :]])
            for item in ("easy", "hard"):
                assert predict_correct(SKILL, flipped.posterior, item) >= predict_correct(
                    SKILL, base.posterior, item
                ) - 1e-12
    more = track_ability(SKILL, [*its, "hard"], [*ys, 1])
    assert predict_correct(SKILL, more.posterior, "easy") >= predict_correct(
        SKILL, base.posterior, "easy"
    ) - 1e-12


def test_irt_fit_orders_items_by_difficulty() -> None:
    rng = np.random.default_rng(3)
    true_b = {"i1": -1.0, "i2": 0.0, "i3": 1.5}
    learner, item, correct = [], [], []
    for u in range(600):
        theta = rng.normal(0, 1)
        for name, b in true_b.items():
            learner.append(u)
            item.append(name)
            correct.append(int(rng.random() < 1 / (1 + np.exp(-(theta - b)))))
    fitted = fit_irt_skill(learner, item, correct)
    b = fitted.difficulty
    assert b["i1"] < b["i2"] < b["i3"]
    assert b["i3"] - b["i1"] == pytest.approx(2.5, abs=0.4)


def test_mastery_model_reports_each_skill_and_ranks_the_stronger_learner_higher() -> None:
    rng = np.random.default_rng(5)
    attempts = []
    for u in range(150):
        skill_level = {"loops": rng.random(), "sql": rng.random()}
        for skill, level in skill_level.items():
            for k in range(5):
                attempts.append(Attempt(f"u{u}", skill, f"{skill}{k}", bool(rng.random() < level)))
    model = MasteryModel.fit(attempts)
    strong = [Attempt("me", "loops", f"loops{k}", True) for k in range(5)]
    weak = [Attempt("me", "loops", f"loops{k}", k == 0) for k in range(5)]
    hi = model.assess(strong, skills=["sql"])
    lo = model.assess(weak)
    assert set(hi) == {"loops", "sql"} and hi["sql"].attempts == 0
    assert hi["loops"].p_mastered > lo["loops"].p_mastered
    assert hi["loops"].p_correct_next > lo["loops"].p_correct_next
    assert hi["loops"].accuracy == 1.0 and lo["loops"].accuracy == 0.2
    assert 0 <= lo["loops"].p_correct_next <= 1
