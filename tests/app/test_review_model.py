# ruff: noqa: F811  (pytest fixtures imported from tests/ui/support.py are parameters here)
"""The review model a learner's reviews run on: defaults first, their own fitted parameters
once they have enough reviews (kept in the profile, re-fitted in the background), and the
target retention with the daily load it implies."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from support import (  # type: ignore[import-not-found]  # noqa: F401
    app_services,
    memory_keyring,
    new_email,
    open_new_account,
    test_store,
)

from app.db.events import record_event
from app.services import verbs
from app.services.quiz import FIT_VALUE, QuizService
from scoring.review_fit import MIN_REVIEWS
from scoring.reviews import DEFAULT_PARAMETERS, Fsrs, Grade


@pytest.fixture
def learner(app_services: Any) -> Iterator[Any]:
    services = open_new_account(app_services, name="Rey")
    yield services
    services.close()


def answer_history(svc: Any, n_questions: int, seed: int = 7) -> int:
    """Answers by a learner who forgets four times faster than the defaults assume, each
    question reviewed when the default model says it is due; returns the reviews >= 1 day
    apart. Written straight into the learning record with past timestamps."""
    rng = np.random.default_rng(seed)
    truth = Fsrs((*(w / 4 for w in DEFAULT_PARAMETERS[:4]), *DEFAULT_PARAMETERS[4:]))
    scheduler = Fsrs()
    user, device = svc.account.actor
    start = datetime.now(UTC) - timedelta(days=400)
    rows = []
    long_term = 0
    for q in range(n_questions):
        at = start + timedelta(days=int(rng.integers(0, 30)), hours=12)
        correct = bool(rng.random() < 0.7)
        rows.append((q, at, correct))
        g = Grade.GOOD if correct else Grade.AGAIN
        true_s, sched_s = truth.first(g), scheduler.first(g)
        for _ in range(8):
            gap = max(1, round(scheduler.interval_days(sched_s.stability)))
            at += timedelta(days=gap)
            correct = bool(rng.random() < truth.retrievability(gap, true_s.stability))
            g = Grade.GOOD if correct else Grade.AGAIN
            rows.append((q, at, correct))
            long_term += 1
            true_s, sched_s = truth.next(true_s, g, gap), scheduler.next(sched_s, g, gap)

    def run(s: Any) -> None:
        for q, at, correct in rows:
            record_event(s, actor_id=user, device_id=device, verb=verbs.ANSWERED,
                         object_type=verbs.OBJECT_QUESTION, object_id=f"drill/q{q}",
                         course_id="drill-course", timestamp=at,
                         result={"success": correct, "response": "x", "duration_s": 20.0},
                         context={"quiz_id": "drill", "question_id": f"q{q}", "attempt": 1,
                                  "skills": [], "difficulty": 0.5})

    svc.db.write_sync(run)
    return long_term


def test_defaults_until_enough_reviews_then_the_learners_own_parameters(learner: Any) -> None:
    answer_history(learner, 20)
    model = learner.quiz.review_model()
    assert not model.fitted and model.long_term_reviews < model.needed == MIN_REVIEWS
    assert learner.quiz.refit() is False
    assert learner.quiz.fsrs.parameters == DEFAULT_PARAMETERS

    answer_history(learner, 70, seed=8)  # 90 questions x 8 reviews: above the threshold
    future = learner.quiz.schedule_refit()  # what a finished quiz run does
    assert future is not None and future.result(timeout=120) is True
    model = learner.quiz.review_model()
    assert model.fitted and model.fitted_on == model.long_term_reviews >= MIN_REVIEWS
    fitted = learner.quiz.fsrs
    assert fitted.parameters != DEFAULT_PARAMETERS
    # a forgetful learner: their new memories are judged weaker than the defaults say
    assert fitted.first(Grade.GOOD).stability < Fsrs().first(Grade.GOOD).stability
    # kept in the profile: a new service over the same database schedules with them
    stored = learner.quiz.values.get(FIT_VALUE)
    assert stored["reviews"] == model.fitted_on
    fresh = QuizService(learner.db, learner.bus, learner.account, learner.library,
                        learner.progress)
    assert fresh.fsrs.parameters == fitted.parameters
    # no new reviews: no new fit
    assert learner.quiz.refit() is False


def test_a_higher_target_retention_brings_more_reviews(learner: Any) -> None:
    answer_history(learner, 30)
    today = date.today()
    loads = learner.quiz.review_load({"low": 0.75, "mid": 0.9, "high": 0.97}, today=today)
    assert loads["low"] < loads["mid"] < loads["high"]
    learner.update_settings({**learner.settings, "target_retention": 0.75})
    relaxed = len(learner.quiz.reviews_due(1000, today=today))
    assert learner.quiz.review_load(today=today)["current"] == pytest.approx(loads["low"])
    learner.update_settings({**learner.settings, "target_retention": 0.97})
    strict = len(learner.quiz.reviews_due(1000, today=today))
    assert strict > relaxed
