"""Evaluate the spaced-review model on a real review log, offline, in one run.

    python bench/eval_reviews.py

Data: `bench/data/reviews/py-fsrs-review-log.csv.gz` — 12,580 reviews of 1,205 cards by one
learner (2024-03-29 to 2024-10-06), from the open-spaced-repetition/py-fsrs repository's
tests, MIT (`bench/data/reviews/LICENSE-py-fsrs`; `README.md` there says where it came from).

Split by time: the first 70 % of reviews (by timestamp) are the training part; parameters are
fitted on it only (fsrs-rs-python, as the app does: `scoring.review_fit`). Every review in
the last 30 % that comes at least one day after the card's previous review is scored, with
the card's whole earlier history replayed by the app's scheduler (`scoring.reviews.Fsrs`,
py-fsrs). Days start at 04:00 UTC (the log has no time zone). Printed side by side:

- FSRS-6 with the published default parameters (what a new learner gets);
- FSRS-6 with parameters fitted on the training part (what the app switches to);
- a constant: the training part's mean recall;
- a half-life baseline (Pimsleur/Leitner style): p = 2^(-Δt/h), h starting at h0 days,
  multiplied by g after a success and divided by g after a lapse; h0 and g chosen on the
  training part (grid search, log loss).

Metrics: log loss, AUC, RMSE (root of the mean squared error, as in the README of the
data), RMSE (bins) — the FSRS benchmark's: predictions and outcomes averaged
in bins of interval, review number and lapse count, RMSE weighted by bin size — and a
calibration table. The published reference (defaults on all 6,276 reviews ≥ 1 day apart) is
reproduced first as a check of the pipeline.
"""

from __future__ import annotations

import csv
import gzip
import itertools
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from scoring.metrics import log_loss, roc_auc  # noqa: E402
from scoring.review_fit import fit_parameters  # noqa: E402
from scoring.reviews import DEFAULT_PARAMETERS, Fsrs, Grade  # noqa: E402

LOG = ROOT / "bench" / "data" / "reviews" / "py-fsrs-review-log.csv.gz"
DAY_START_HOURS = 4.0
TRAIN_SHARE = 0.7


@dataclass(frozen=True)
class Review:
    card: int
    rating: int
    at: float  # unix seconds
    day: int  # day number (days start at 04:00 UTC)


def load() -> list[Review]:
    out = []
    with gzip.open(LOG, "rt", newline="") as f:
        for row in csv.DictReader(f):
            at = datetime.fromisoformat(row["review_time"]).timestamp()
            day = int((at - DAY_START_HOURS * 3600) // 86400)
            out.append(Review(int(row["card_id"]), int(row["review_rating"]), at, day))
    out.sort(key=lambda r: (r.at, r.card))
    return out


def by_card(reviews: Sequence[Review]) -> dict[int, list[Review]]:
    cards: dict[int, list[Review]] = defaultdict(list)
    for r in reviews:
        cards[r.card].append(r)
    return cards


def history(seq: Sequence[Review]) -> list[tuple[int, Grade]]:
    return [(0 if i == 0 else r.day - seq[i - 1].day, Grade(r.rating)) for i, r in enumerate(seq)]


@dataclass
class Scored:
    """The reviews that are scored: outcome and the features RMSE (bins) groups by."""

    keys: list[tuple[int, int]]  # (card, index in the card's history)
    y: np.ndarray
    delta: np.ndarray
    review_no: np.ndarray
    lapses: np.ndarray


def scored_reviews(cards: dict[int, list[Review]], since: float) -> Scored:
    keys, y, delta, no, lapses = [], [], [], [], []
    for card, seq in cards.items():
        n_lapses = 0
        for i in range(1, len(seq)):
            d = seq[i].day - seq[i - 1].day
            if d >= 1 and seq[i].at >= since:
                keys.append((card, i))
                y.append(int(seq[i].rating > 1))
                delta.append(d)
                no.append(i + 1)
                lapses.append(n_lapses)
            if d >= 1 and seq[i].rating == 1:
                n_lapses += 1
    return Scored(keys, np.array(y), np.array(delta, float), np.array(no, float),
                  np.array(lapses, float))


def fsrs_predictions(cards: dict[int, list[Review]], params: Sequence[float],
                     keys: Sequence[tuple[int, int]]) -> np.ndarray:
    fsrs = Fsrs(tuple(params))
    preds: dict[tuple[int, int], float] = {}
    for card, seq in cards.items():
        p, _ = fsrs.replay([(float(d), g) for d, g in history(seq)])
        for i in range(1, len(seq)):
            preds[(card, i)] = float(p[i])
    return np.array([preds[k] for k in keys])


def half_life_predictions(cards: dict[int, list[Review]], h0: float, growth: float,
                          keys: Sequence[tuple[int, int]]) -> np.ndarray:
    preds: dict[tuple[int, int], float] = {}
    for card, seq in cards.items():
        h = h0 * (growth if seq[0].rating > 1 else 1.0)
        for i in range(1, len(seq)):
            d = seq[i].day - seq[i - 1].day
            preds[(card, i)] = 2.0 ** (-max(d, 0) / h)
            if d >= 1:
                h = h * growth if seq[i].rating > 1 else max(h / growth, 0.25)
    return np.array([preds[k] for k in keys])


def rmse_bins(s: Scored, p: np.ndarray) -> float:
    """The FSRS benchmark's RMSE (bins): group by binned interval, review number and lapses."""
    def binned(x: np.ndarray, a: float, b: float) -> np.ndarray:
        out = np.zeros_like(x)
        pos = x > 0
        out[pos] = np.round(a * b ** np.floor(np.log(x[pos]) / np.log(b)), 2)
        return out

    key = np.stack([binned(s.delta, 2.48, 3.62), np.round(binned(s.review_no, 1.99, 1.89)),
                    np.round(binned(s.lapses, 1.65, 1.73))], axis=1)
    _, group = np.unique(key, axis=0, return_inverse=True)
    group = group.ravel()
    n = np.bincount(group).astype(float)
    y_mean = np.bincount(group, weights=s.y) / n
    p_mean = np.bincount(group, weights=p) / n
    return float(np.sqrt(np.sum(n * (y_mean - p_mean) ** 2) / n.sum()))


CAL_EDGES = (0.0, 0.5, 0.7, 0.8, 0.9, 0.95, 1.0001)


def calibration(y: np.ndarray, p: np.ndarray) -> list[tuple[int, float, float]]:
    rows = []
    for lo, hi in itertools.pairwise(CAL_EDGES):
        m = (p >= lo) & (p < hi)
        rows.append((int(m.sum()), float(p[m].mean()) if m.any() else float("nan"),
                     float(y[m].mean()) if m.any() else float("nan")))
    return rows


def report(title: str, s: Scored, models: dict[str, np.ndarray]) -> None:
    print(f"\n{title}")
    print(f"{'predictor':<52} log loss  AUC     RMSE    RMSE(bins)")
    for name, p in models.items():
        auc = roc_auc(s.y, p) if np.ptp(p) > 0 else 0.5
        rmse = float(np.sqrt(np.mean((s.y - p) ** 2)))
        print(f"{name:<52} {log_loss(s.y, p):.4f}    {auc:.4f}  {rmse:.4f}  "
              f"{rmse_bins(s, p):.4f}")


def main() -> None:
    t0 = time.perf_counter()
    reviews = load()
    cards = by_card(reviews)
    print(f"== Spaced reviews: {LOG.relative_to(ROOT)} ==")
    print(f"{len(reviews):,} reviews of {len(cards):,} cards by one learner, "
          f"{datetime.fromtimestamp(reviews[0].at).date()} to "
          f"{datetime.fromtimestamp(reviews[-1].at).date()}; source: open-spaced-repetition/"
          f"py-fsrs tests (MIT, LICENSE-py-fsrs next to the file)")

    # 1. the reference figure, in-sample, as a check of the pipeline
    everything = scored_reviews(cards, since=-np.inf)
    p_all = fsrs_predictions(cards, DEFAULT_PARAMETERS, everything.keys)
    report(f"Check against the file's README: all {everything.y.size:,} reviews >= 1 day apart "
           f"(README: defaults 0.4650 / 0.727 / 0.385; constant 0.5272 / 0.500 / 0.414)",
           everything, {"FSRS-6 default parameters": p_all,
                        "constant = mean recall (in-sample)":
                            np.full(everything.y.size, everything.y.mean())})

    # 2. time split
    cutoff = reviews[int(TRAIN_SHARE * len(reviews))].at
    train_cards = by_card([r for r in reviews if r.at < cutoff])
    test = scored_reviews(cards, since=cutoff)
    train_scored = scored_reviews(train_cards, since=-np.inf)
    t1 = time.perf_counter()
    fitted = fit_parameters([history(seq) for seq in train_cards.values()])
    fit_s = time.perf_counter() - t1
    grid = [(h, g) for h in (0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 13.0, 21.0, 34.0)
            for g in (1.25, 1.5, 2.0, 3.0)]
    h0, growth = min(grid, key=lambda hg: log_loss(
        train_scored.y, half_life_predictions(train_cards, *hg, train_scored.keys)))
    models: dict[str, np.ndarray] = {
        "FSRS-6 default parameters (py-fsrs)": fsrs_predictions(cards, DEFAULT_PARAMETERS,
                                                                test.keys),
        "FSRS-6 fitted on the first 70 % (fsrs-rs-python)": fsrs_predictions(cards, fitted,
                                                                             test.keys),
        "constant = training mean recall": np.full(test.y.size, train_scored.y.mean()),
        f"half-life 2^(-t/h), h0 {h0:g} d, x{growth:g} (train-fit)": half_life_predictions(
            cards, h0, growth, test.keys),
    }
    report(f"Held out by time: fitted on the {sum(len(v) for v in train_cards.values()):,} "
           f"reviews before {datetime.fromtimestamp(cutoff).date()} "
           f"({train_scored.y.size:,} of them >= 1 day apart; fit {fit_s:.1f}s); scored on "
           f"the {test.y.size:,} later reviews >= 1 day after the card's previous one",
           test, models)
    print("\nCalibration on the held-out part (n / mean predicted / observed recall):")
    head = "".join(f"  {f'{lo:.2f}-{min(hi, 1):.2f}':>21}" for lo, hi in
                   itertools.pairwise(CAL_EDGES))
    print(f"{'predictor':<30}{head}")
    for name, p in models.items():
        cells = "".join(f"  {n:>5} {mp:>6.3f} {obs:>6.3f}  " if n else f"  {'-':>21}"
                        for n, mp, obs in calibration(test.y, p))
        print(f"{name[:30]:<30}{cells}")
    print("\nfitted parameters:", ", ".join(f"{w:.4f}" for w in fitted))
    print(f"\ntotal {time.perf_counter() - t0:.1f}s")


if __name__ == "__main__":
    main()
