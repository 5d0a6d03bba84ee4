"""The review model on the real review log vendored for the bench (bench/data/reviews/):
the pipeline reproduces the log's published reference figure, and the learner's own fitted
parameters predict the later part of the timeline better than the defaults."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import eval_reviews as ev  # type: ignore[import-not-found]

from scoring.metrics import log_loss, roc_auc
from scoring.review_fit import fit_parameters
from scoring.reviews import DEFAULT_PARAMETERS


def test_the_vendored_log_ships_with_its_licence() -> None:
    folder = ev.LOG.parent
    assert ev.LOG.is_file() and (folder / "LICENSE-py-fsrs").is_file()
    assert "MIT" in (folder / "LICENSE-py-fsrs").read_text(encoding="utf-8")


def test_defaults_reproduce_the_published_figure_and_fitting_beats_them_later() -> None:
    reviews = ev.load()
    cards = ev.by_card(reviews)
    everything = ev.scored_reviews(cards, since=-np.inf)
    assert everything.y.size == 6276
    p = ev.fsrs_predictions(cards, DEFAULT_PARAMETERS, everything.keys)
    assert log_loss(everything.y, p) == pytest.approx(0.4650, abs=5e-4)
    assert roc_auc(everything.y, p) == pytest.approx(0.727, abs=5e-4)

    cutoff = reviews[int(ev.TRAIN_SHARE * len(reviews))].at
    train = ev.by_card([r for r in reviews if r.at < cutoff])
    test = ev.scored_reviews(cards, since=cutoff)
    fitted = fit_parameters([ev.history(seq) for seq in train.values()])
    default_loss = log_loss(test.y, ev.fsrs_predictions(cards, DEFAULT_PARAMETERS, test.keys))
    fitted_loss = log_loss(test.y, ev.fsrs_predictions(cards, fitted, test.keys))
    assert fitted_loss < default_loss
