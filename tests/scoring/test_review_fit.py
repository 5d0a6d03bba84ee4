"""Fitting a learner's own FSRS-6 parameters (fsrs-rs-python) from their review history."""

from __future__ import annotations

import numpy as np

from scoring.metrics import log_loss
from scoring.review_fit import MIN_REVIEWS, enough_to_fit, fit_parameters, long_term_reviews
from scoring.reviews import DEFAULT_PARAMETERS, Fsrs, Grade

# a learner who forgets much faster than the defaults assume: initial stabilities / 4
FORGETFUL = (*(w / 4 for w in DEFAULT_PARAMETERS[:4]), *DEFAULT_PARAMETERS[4:])


def simulate(n_cards: int, seed: int) -> list[list[tuple[int, Grade]]]:
    """Reviews scheduled by the defaults at 90 % retention, answered by the forgetful learner."""
    rng = np.random.default_rng(seed)
    truth, scheduler = Fsrs(FORGETFUL), Fsrs()
    out = []
    for _ in range(n_cards):
        grade = Grade.GOOD if rng.random() < 0.7 else Grade.AGAIN
        history = [(0, grade)]
        true_state, sched_state = truth.first(grade), scheduler.first(grade)
        for _ in range(int(rng.integers(3, 8))):
            gap = max(1, round(scheduler.interval_days(sched_state.stability)))
            recalled = rng.random() < truth.retrievability(gap, true_state.stability)
            grade = Grade.GOOD if recalled else Grade.AGAIN
            history.append((gap, grade))
            true_state = truth.next(true_state, grade, gap)
            sched_state = scheduler.next(sched_state, grade, gap)
        out.append(history)
    return out


def held_out_log_loss(params: tuple[float, ...], histories: list[list[tuple[int, Grade]]]
                      ) -> float:
    fsrs = Fsrs(params)
    y, p = [], []
    for h in histories:
        preds, _ = fsrs.replay([(float(d), g) for d, g in h])
        y += [int(g > Grade.AGAIN) for _d, g in h[1:]]
        p += preds[1:].tolist()
    return log_loss(y, p)


def test_too_few_reviews_keep_the_default_parameters() -> None:
    few = simulate(20, seed=1)
    assert long_term_reviews(few) < MIN_REVIEWS and not enough_to_fit(few)
    assert fit_parameters(few) == DEFAULT_PARAMETERS


def test_fitted_parameters_predict_a_learners_new_items_better_than_the_defaults() -> None:
    train, test = simulate(400, seed=2), simulate(200, seed=3)
    assert enough_to_fit(train)
    fitted = fit_parameters(train)
    assert fitted != DEFAULT_PARAMETERS
    Fsrs(fitted)  # within the bounds the scheduler accepts
    assert held_out_log_loss(fitted, test) < held_out_log_loss(DEFAULT_PARAMETERS, test) - 0.01
    # and it learned the direction: new memories are weaker than the defaults say
    assert Fsrs(fitted).first(Grade.GOOD).stability < Fsrs().first(Grade.GOOD).stability
