"""Hybrid course recommender: TF-IDF content similarity + co-enrolment collaborative filtering,
combined with the article's formulas 4.1 and 4.3 (`scoring.seed`).

Combining rule, per candidate course ``j`` (everything in [0, 1] before the last step):

- ``history_j``    cosine of ``j``'s TF-IDF row to the centroid of the learner's owned/finished
  courses (formula 4.1's "history similarity");
- ``preference_j`` cosine of ``j`` to the learner's stated interests (4.1's "preference");
- ``behaviour_j``  collaborative score from the learner's courses, divided by its maximum
  over the catalog (4.1's "behaviour"): EASE with EDLAE's dropout penalty plus
  `TUNED_LOW_RANK_WEIGHT` × a low-rank (PureSVD) score, each first divided by its own maximum
  (or item-item kNN instead), then each course's score divided by ``max(1, enrolments_j) **
  TUNED_POPULARITY_DEBIAS`` (popularity debiasing; the popularity term below rewards popular
  courses on its own); both are sums over the learner's courses, so each course of the
  history has a known part in it (the "learners who took X" reason names the largest);
- ``relevance_j = behaviour_score(history, preference, behaviour, weights)`` (4.1); a new
  course (no enrolment yet, while others have some) has no behaviour evidence and is scored
  ``new_course_weights`` · (history, preference) instead, tuned on held-out courses. A signal
  the learner has no data for (no history yet, no stated interest, no co-enrolment data) is
  dropped and the remaining weights are renormalised to sum to 1 (equal weights if all the
  remaining ones are 0) — this is the cold start: a new learner with only stated interests is
  ranked by ``preference``.
- ``interest_j = floor + (1 - floor) * preference_j`` when interests are stated, else 1;
- ``popularity_j = popularity_weight * log1p(enrolments_j) / log1p(max enrolments)`` (plus a
  1e-6 share as a tie-break; with no signal at all the weight is 1: rank by popularity);
- ``quality_j`` learners' ratings (1-5 stars, where the catalog has them; those of the
  learners who share one of this learner's goals instead, when the store has 5 of them): the
  course's
  average shrunk towards the catalog's mean by `RATING_PRIOR` pseudo-ratings, as a signed
  distance from that mean in [-1, 1]; ``relevance_j *= 1 + RATING_WEIGHT * quality_j``
  (a course rated above the catalog's mean moves up, one below it down; no ratings: 0,
  no change — so the MovieLens-tuned weights above are untouched where nobody rated); a
  learner with no signal at all gets ``relevance_j = NO_SIGNAL_RELEVANCE`` before the
  ratings move it, so the best-rated courses come first;
- ``score_j = recommendation_score(relevance, interest, popularity)`` (4.3).

The weights below were tuned on MovieLens-100k (see `bench/eval_scoring.py --tune` and
`bench/data_sources.md`). Owned and finished courses are never recommended. Each result
carries structured `Reason`s (kind + the course id or interest it refers to) for the UI to
translate: only reasons that are true on their own evidence and carry a real share of the
score, else the generic `EXPLORE` (see `_explain`). Build a `RecommenderIndex` once
(O(catalog)); `recommend` is then a few vector operations over the catalog (well under
100 ms for 50,000 courses). Both are immutable and thread-safe.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Literal

import numpy as np
import numpy.typing as npt

from scoring.collaborative import (
    CoEnrolment,
    EaseModel,
    ItemNeighbours,
    LowRankModel,
    fit_ease,
    fit_low_rank,
    item_neighbours,
)
from scoring.seed import behaviour_score, recommendation_score
from scoring.text import SparseVector, TfidfMatrix, TfidfModel, fit_tfidf, tokenize

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

# Tuned on MovieLens-100k (RecBole 1.2.1 wheel; movies as courses, genres as tags, the two
# most frequent genres of a user's training history as stated interests): random 20% holdout
# per user, grid search on validation splits carved from the training part only, on what
# the app receives (co-enrolment counts as the store publishes them, courses' rating
# averages). `python bench/eval_scoring.py --tune` reprints the grid. Validation NDCG@10
# (mean of the first two splits): this blend 0.2704; the previous constants ((0.1, 0.2, 0.7),
# no popularity, interest floor 0.75) 0.2679; item-kNN shrinkage 0..100 all within 0.0045
# (0 best: the counts are dense; keep shrinkage > 0 for sparse co-enrolment data).
TUNED_WEIGHTS_4_1: tuple[float, float, float] = (0.2, 0.1, 0.7)  # history, preference, behaviour
# A new course (no enrolment yet) has no behaviour score: it is ranked by its content, with
# these (history, preference) weights, tuned on courses held out of training entirely
# (`bench/eval_scoring.py`, cold start; MovieLens validation item splits).
TUNED_NEW_COURSE_WEIGHTS: tuple[float, float] = (1.0, 0.0)
TUNED_POPULARITY_WEIGHT = 0.05
TUNED_INTEREST_FLOOR = 1.0  # interests count through 4.1's preference only
TUNED_EASE_LAMBDA = 300.0
# EDLAE dropout penalty q = p/(1-p) and the low-rank part: chosen on the validation splits
# carved from the training part of the first two warm splits, on the co-enrolment counts as
# the store publishes them (pairs and courses below 3 learners withheld), validation NDCG@10
# of the collaborative part alone: EASE lambda 300 0.2613; + dropout q 2 0.2641; + 16 factors
# at weight 0.75 0.2676 (the weight is now 0.5, see below) (`bench/eval_scoring.py --tune`
# reprints the grid: lambda 200/300/500, q 0/1/2, factors 0/12/16/20, weight 0.3-1.0; its
# best, 12 factors at weight 1.0, 0.2684, is within noise of these, which came from a first
# grid on the same splits; plain EASE at lambda 200 falls to 0.1517 on these counts: withheld
# pairs leave the Gram matrix indefinite, and the dropout penalty, growing with enrolments,
# repairs it).
TUNED_EASE_DROPOUT = 2.0
TUNED_LOW_RANK_FACTORS = 16
# Popularity debiasing and the low-rank weight, chosen on the hybrid as the app runs it (the
# shipped blend constants, published counts, course ratings), validation NDCG@10 averaged over
# the validation splits carved from the training part of all five warm splits (no split's own
# test items looked at, though each training part holds the other splits' test items;
# `bench/eval_scoring.py --tune` reprints the grid): the collaborative score of course j
# divided by max(1, enrolments_j) ** beta before its final scaling. Low-rank weight
# 0.25/0.5/0.75 x beta 0-0.25 x popularity weight 0/0.05/0.1; the previous constants (0.75, no
# debiasing) 0.2712, these 0.2724 (4 of the 5 validation splits up). Tried on the first two of
# those validation splits and not kept: an RP3beta-style graph part from the counts (alone
# 0.23, blended <= +0.0000), a two-hop term, an ensemble of EASE at lambda 100/300/1000, the
# Gram matrix projected on its positive eigenvalues, the learner's own ratings weighting their
# history, several low-rank sizes at once, per-learner low-rank weights by history length,
# RATING_WEIGHT 0-0.8 (all within +-0.001 of the previous constants).
TUNED_LOW_RANK_WEIGHT = 0.5
TUNED_POPULARITY_DEBIAS = 0.1
TUNED_KNN_SHRINKAGE = 0.0
POPULARITY_TIE_BREAK = 1e-6  # always added to the popularity term, so ties go to popular courses
KNN_NEIGHBOURS = 100
EASE_MAX_ITEMS = 3000

TITLE_WEIGHT = 2  # repetitions of title and tag tokens relative to the description
TAG_WEIGHT = 2
INTEREST_CACHE_SIZE = 10_000  # interest phrases whose TF-IDF vectors are kept
REASON_SHARE = 0.15  # a component must carry this share of the score to be named as a reason
# A reason must also be *true*, whatever its share (a share is relative: with only weak
# signals, a weak one can carry all of a small score):
SIMILARITY_FLOOR = 0.1  # "similar to X": the pair's cosine is above this and above
SIMILARITY_SIGMAS = 3.0  # the catalog's typical pair similarity + 3 sd (calibrated at build)
SIMILARITY_SAMPLE = 20_000  # random course pairs the calibration looks at
INTEREST_MIN = 0.05  # "matches your interest": the course's text shares weighted words with it
MIN_SHARED_LEARNERS = 3  # "popular with learners who took X": at least 3 took both
POPULAR_SHARE = 0.2  # "popular in the store": among the 20 % most-enrolled courses
# Learners' ratings. Not tuned on data (no public dataset pairs course ratings with
# enrolments); a modest weight, so ratings reorder close calls rather than the whole list.
RATING_WEIGHT = 0.2  # relevance moves by at most ±20 % with the ratings
RATING_PRIOR = 5.0  # pseudo-ratings at the catalog's mean: 1 five-star rating moves little
RATED_HIGHLY_MIN = 4.0  # "rated 4.6 by 12 learners": an average of at least this …
RATED_HIGHLY_COUNT = 5  # … from at least this many learners, and it raised the score
NO_SIGNAL_RELEVANCE = 0.5  # a new learner (no history, no interest): ratings rank alone

Collaborative = Literal["ease", "item_knn"]


@dataclass(frozen=True)
class Course:
    course_id: str
    title: str
    description: str = ""
    tags: tuple[str, ...] = ()
    rating_average: float | None = None  # learners' visible ratings, 1-5 (the store's)
    rating_count: int = 0
    # (the learner's goal course, average, count) from learners who share that goal; used
    # instead of the overall figures when present (closer to this learner)
    goal_rating: tuple[str, float, int] | None = None

    def tokens(self) -> list[str]:
        tag_tokens = [t for tag in self.tags for t in tokenize(tag)]
        return (
            tokenize(self.title) * TITLE_WEIGHT
            + tag_tokens * TAG_WEIGHT
            + tokenize(self.description)
        )


class ReasonKind(StrEnum):
    BECAUSE_YOU_FINISHED = "because_you_finished"  # ref: a finished course id
    SIMILAR_TO_YOUR_COURSE = "similar_to_your_course"  # ref: an owned (unfinished) course id
    MATCHES_INTEREST = "matches_interest"  # ref: the stated interest, as the learner wrote it
    POPULAR_WITH_LEARNERS_LIKE_YOU = "popular_with_learners_like_you"  # ref: course id they share
    POPULAR = "popular"  # ref: None; only for courses among the most enrolled
    RATED_HIGHLY = "rated_highly"  # ref: None; value = the average, count = how many rated
    RATED_HIGHLY_BY_YOUR_GOAL = "rated_highly_by_your_goal"  # ref: the goal's course id
    EXPLORE = "explore"  # ref: None; no specific reason is strong enough (honest generic)


@dataclass(frozen=True)
class Reason:
    kind: ReasonKind
    ref: str | None
    share: float  # part of the score this reason accounts for, 0..1
    value: float | None = None  # RATED_HIGHLY: the average rating
    count: int = 0  # RATED_HIGHLY: how many learners rated


@dataclass(frozen=True)
class ScoreParts:
    history: float
    preference: float
    behaviour: float
    relevance: float
    interest: float
    popularity: float
    quality: float = 0.0  # the ratings' signed distance from the catalog's mean, -1..1


@dataclass(frozen=True)
class Recommendation:
    course_id: str
    score: float
    parts: ScoreParts
    reasons: tuple[Reason, ...]


@dataclass(frozen=True)
class BlendWeights:
    """Weights of formula 4.1 plus the two 4.3 knobs; defaults are the tuned values."""

    weights_4_1: tuple[float, float, float] = TUNED_WEIGHTS_4_1
    popularity_weight: float = TUNED_POPULARITY_WEIGHT
    interest_floor: float = TUNED_INTEREST_FLOOR
    new_course_weights: tuple[float, float] = TUNED_NEW_COURSE_WEIGHTS

    def __post_init__(self) -> None:
        w = self.weights_4_1
        if len(w) != 3 or min(w) < 0 or not np.isclose(sum(w), 1.0):
            raise ValueError("weights_4_1 must be three non-negative numbers summing to 1")
        nw = self.new_course_weights
        if len(nw) != 2 or min(nw) < 0 or not np.isclose(sum(nw), 1.0):
            raise ValueError("new_course_weights must be two non-negative numbers summing to 1")
        if not 0.0 <= self.popularity_weight <= 1.0 or not 0.0 <= self.interest_floor <= 1.0:
            raise ValueError("popularity_weight and interest_floor must lie in [0, 1]")


@dataclass(frozen=True)
class RecommenderIndex:
    """Precomputed matrices for one catalog. Build with `RecommenderIndex.build`."""

    course_ids: tuple[str, ...]
    position: dict[str, int]
    tfidf: TfidfModel
    content: TfidfMatrix
    popularity: FloatArray
    neighbours: ItemNeighbours | None = None
    ease: EaseModel | None = None
    low_rank: LowRankModel | None = None  # with EASE only
    low_rank_weight: float = TUNED_LOW_RANK_WEIGHT
    # per course, what its collaborative score is multiplied by (1 / max(1, enrolments)^beta);
    # None: no debiasing
    debias: FloatArray | None = None
    similarity_threshold: float = SIMILARITY_FLOOR
    popular_cutoff: float = np.inf  # popularity a course needs to be called popular
    quality: FloatArray | None = None  # per course, -1..1 (None: nobody rated anything)
    ratings: tuple[tuple[float | None, int], ...] = ()  # per course (average, count)
    rating_scope: tuple[str | None, ...] = ()  # per course: the goal course those came from
    shared: dict[tuple[int, int], float] = field(default_factory=dict, compare=False)
    _interest_cache: dict[str, SparseVector] = field(default_factory=dict, compare=False)

    @property
    def n_courses(self) -> int:
        return len(self.course_ids)

    @classmethod
    def build(
        cls,
        courses: Sequence[Course],
        co_enrolment: CoEnrolment | None = None,
        *,
        collaborative: Collaborative = "ease",
        ease_lambda: float = TUNED_EASE_LAMBDA,
        ease_dropout: float = TUNED_EASE_DROPOUT,
        low_rank_factors: int = TUNED_LOW_RANK_FACTORS,
        low_rank_weight: float = TUNED_LOW_RANK_WEIGHT,
        popularity_debias: float = TUNED_POPULARITY_DEBIAS,
        knn_shrinkage: float = TUNED_KNN_SHRINKAGE,
        knn_neighbours: int = KNN_NEIGHBOURS,
        ease_max_items: int = EASE_MAX_ITEMS,
    ) -> RecommenderIndex:
        """Index a catalog; `co_enrolment` uses the catalog's order as course indices.
        `low_rank_factors` 0 or `low_rank_weight` 0: EASE alone. `popularity_debias` beta:
        each course's collaborative score is divided by max(1, enrolments) ** beta (0: none)."""
        if popularity_debias < 0:
            raise ValueError("popularity_debias must be >= 0")
        ids = tuple(c.course_id for c in courses)
        position = {cid: i for i, cid in enumerate(ids)}
        if len(position) != len(ids):
            raise ValueError("course ids must be unique")
        model, matrix = fit_tfidf([c.tokens() for c in courses])
        popularity = np.zeros(len(ids), np.float64)
        neighbours: ItemNeighbours | None = None
        ease: EaseModel | None = None
        low_rank: LowRankModel | None = None
        debias: FloatArray | None = None
        if co_enrolment is not None:
            if popularity_debias > 0:
                debias = np.maximum(co_enrolment.enrolments, 1.0) ** -popularity_debias
            if co_enrolment.n_items != len(ids):
                raise ValueError("co-enrolment counts must cover exactly the catalog")
            top = float(np.log1p(co_enrolment.enrolments.max(initial=0.0)))
            if top > 0:
                popularity = np.log1p(co_enrolment.enrolments) / top
            if collaborative == "ease":
                ease = fit_ease(co_enrolment, ease_lambda, ease_max_items, ease_dropout)
                if low_rank_factors > 0 and low_rank_weight > 0:
                    low_rank = fit_low_rank(co_enrolment, low_rank_factors, ease_max_items)
            else:
                neighbours = item_neighbours(co_enrolment, knn_neighbours, knn_shrinkage)
        shared: dict[tuple[int, int], float] = {}
        popular_cutoff = np.inf
        if co_enrolment is not None:
            strong = co_enrolment.counts >= MIN_SHARED_LEARNERS
            shared = {(int(a), int(b)): float(c) for a, b, c in zip(
                co_enrolment.rows[strong], co_enrolment.cols[strong],
                co_enrolment.counts[strong], strict=True)}
            if popularity.any():
                popular_cutoff = max(float(np.quantile(popularity, 1.0 - POPULAR_SHARE)), 1e-9)
        ratings, scope = _ratings_of(courses)
        return cls(ids, position, model, matrix, popularity, neighbours, ease,
                   low_rank, low_rank_weight, debias, calibrate_similarity(matrix, len(ids)),
                   popular_cutoff, rating_quality(ratings), ratings, scope, shared)

    def with_ratings(self, courses: Sequence[Course]) -> RecommenderIndex:
        """This index with the ratings of `courses` (the same ids, in the same order): the
        text and collaborative parts are kept, nothing is refitted."""
        if tuple(c.course_id for c in courses) != self.course_ids:
            raise ValueError("with_ratings needs the index's own courses, in its order")
        ratings, scope = _ratings_of(courses)
        return replace(self, quality=rating_quality(ratings), ratings=ratings,
                       rating_scope=scope)

    def interest_vector(self, interest: str) -> SparseVector:
        vec = self._interest_cache.get(interest)
        if vec is None:
            vec = self.tfidf.vector_of_text(interest)
            if len(self._interest_cache) < INTEREST_CACHE_SIZE:
                self._interest_cache[interest] = vec
        return vec

    def _collab_raw(self, history: IntArray) -> tuple[FloatArray, float, FloatArray, float]:
        """The main collaborative part's scores (EASE or kNN) and the low-rank part's, each
        clipped at 0 with the history zeroed, and the scale of each in `behaviour`
        (1 / its maximum, the low-rank one times its weight; 0 when it is all zero)."""
        zeros = np.zeros(self.n_courses, np.float64)
        parts: list[tuple[FloatArray, float]] = []
        models: list[tuple[EaseModel | ItemNeighbours | LowRankModel | None, float]] = [
            (self.ease if self.ease is not None else self.neighbours, 1.0),
            (self.low_rank, self.low_rank_weight),
        ]
        for model, weight in models:
            if model is None:
                parts.append((zeros, 0.0))
                continue
            raw = np.clip(model.scores(history, self.n_courses), 0.0, None)
            if history.size:
                raw[history] = 0.0
            top = float(raw.max(initial=0.0))
            parts.append((raw, weight / top if top > 0 else 0.0))
        return parts[0][0], parts[0][1], parts[1][0], parts[1][1]

    def behaviour(self, history: IntArray) -> FloatArray:
        """Collaborative scores of every course for a history, scaled to [0, 1]."""
        main, main_scale, low, low_scale = self._collab_raw(history)
        raw = main * main_scale + low * low_scale
        if self.debias is not None:
            raw = raw * self.debias
        top = float(raw.max(initial=0.0))
        out: FloatArray = raw / top if top > 0 else raw
        return out

    def _collab_pair(self, history: IntArray, j: int) -> FloatArray:
        """Contribution of each history course to course j's collaborative score (in the
        units of `behaviour` before its final scaling)."""
        if self.ease is not None:
            rows = self.ease.position[history]
            col = int(self.ease.position[j])
            out = np.zeros(history.size, np.float64)
            if col >= 0:
                ok = rows >= 0
                out[ok] = self.ease.weights[rows[ok], col]
            if self.low_rank is not None:
                _, main_scale, _, low_scale = self._collab_raw(history)
                out = out * main_scale + self.low_rank.pair(history, j) * low_scale
            return out if self.debias is None else out * self.debias[j]
        if self.neighbours is not None:
            hit = self.neighbours.index[history] == j
            contrib: FloatArray = (self.neighbours.weight[history] * hit).sum(axis=1)
            return contrib if self.debias is None else contrib * self.debias[j]
        return np.zeros(history.size, np.float64)


def _ratings_of(
    courses: Sequence[Course],
) -> tuple[tuple[tuple[float | None, int], ...], tuple[str | None, ...]]:
    """Per course, the (average, count) the ranking uses — those of learners who share a
    goal when present, else the overall ones — and the goal course they came from."""
    ratings = tuple(
        (c.goal_rating[1], max(0, c.goal_rating[2])) if c.goal_rating
        else (c.rating_average, max(0, c.rating_count)) for c in courses
    )
    return ratings, tuple(c.goal_rating[0] if c.goal_rating else None for c in courses)


def rating_quality(ratings: Sequence[tuple[float | None, int]]) -> FloatArray | None:
    """Per course, how far its learners' ratings sit above (+) or below (−) the catalog's
    mean, in [-1, 1]: the average is first shrunk towards that mean by `RATING_PRIOR`
    pseudo-ratings (a course with one 5-star rating is not "the best"). None when no
    course has a rating."""
    avg = np.array([a if a is not None and n > 0 else np.nan for a, n in ratings], np.float64)
    count = np.array([n if a is not None else 0 for a, n in ratings], np.float64)
    rated = count > 0
    if not rated.any():
        return None
    mean = float((avg[rated] * count[rated]).sum() / count[rated].sum())
    shrunk = np.where(rated, (np.nan_to_num(avg) * count + mean * RATING_PRIOR)
                      / (count + RATING_PRIOR), mean)
    spread = max(mean - 1.0, 5.0 - mean, 1e-9)
    out: FloatArray = np.clip((shrunk - mean) / spread, -1.0, 1.0)
    return out


def calibrate_similarity(content: TfidfMatrix, n: int, seed: int = 0) -> float:
    """The cosine a pair of courses needs to be called similar in this catalog: above the
    catalog's typical pair similarity by `SIMILARITY_SIGMAS` standard deviations (random
    pairs are mostly unrelated), and at least `SIMILARITY_FLOOR`."""
    if n < 3:
        return SIMILARITY_FLOOR
    rng = np.random.default_rng(seed)
    if n * (n - 1) // 2 <= SIMILARITY_SAMPLE:
        a, b = np.triu_indices(n, 1)
    else:
        a = rng.integers(0, n, SIMILARITY_SAMPLE)
        b = rng.integers(0, n, SIMILARITY_SAMPLE)
        keep = a != b
        a, b = a[keep], b[keep]
    sims = np.array([content.row(int(i)).dot(content.row(int(j))) for i, j in
                     zip(a, b, strict=True)])
    return float(max(SIMILARITY_FLOOR, sims.mean() + SIMILARITY_SIGMAS * sims.std()))


def _combined_interest(index: RecommenderIndex, interests: Sequence[str]) -> SparseVector:
    vecs = [index.interest_vector(i) for i in interests]
    vecs = [v for v in vecs if not v.is_empty]
    if not vecs:
        return SparseVector(np.zeros(0, np.int64), np.zeros(0, np.float64))
    idx = np.concatenate([v.indices for v in vecs])
    val = np.concatenate([v.values for v in vecs])
    uniq, inv = np.unique(idx, return_inverse=True)
    summed = np.bincount(inv, weights=val, minlength=uniq.size)
    norm = float(np.linalg.norm(summed))
    return SparseVector(uniq.astype(np.int64), summed / norm)


def _indices(index: RecommenderIndex, ids: Collection[str]) -> IntArray:
    return np.fromiter(
        sorted({index.position[c] for c in ids if c in index.position}), np.int64
    )


def score_catalog(
    index: RecommenderIndex,
    *,
    owned: Collection[str] = (),
    finished: Collection[str] = (),
    interests: Sequence[str] = (),
    blend: BlendWeights | None = None,
) -> tuple[FloatArray, dict[str, FloatArray]]:
    """Scores of every course (−inf for owned/finished) and the per-component arrays."""
    blend = blend or BlendWeights()
    history = _indices(index, set(owned) | set(finished))
    n = index.n_courses
    zeros = np.zeros(n, np.float64)
    hist_sim = (
        index.content.scores(index.content.centroid(list(history))) if history.size else zeros
    )
    query = _combined_interest(index, interests)
    pref = index.content.scores(query)
    behav = index.behaviour(history)
    available = np.array(
        [history.size > 0, not query.is_empty, bool(behav.any())], dtype=np.float64
    )
    w = np.asarray(blend.weights_4_1, np.float64) * available
    if w.sum() == 0:  # the learner only has signals the blend gives no weight: weigh them equally
        w = available
    if w.sum() > 0:
        relevance = behaviour_score(
            np.clip(hist_sim, 0, 1), np.clip(pref, 0, 1), np.clip(behav, 0, 1),
            weights=(float(w[0] / w.sum()), float(w[1] / w.sum()), float(w[2] / w.sum())),
        )
    elif index.quality is not None:
        # nothing known about the learner, but learners rated courses: every course is
        # equally relevant before the ratings move it (so the best rated comes first)
        relevance = np.full(n, NO_SIGNAL_RELEVANCE, np.float64)
    else:
        relevance = zeros
    new = index.popularity <= 0  # no enrolment: a new course, no behaviour evidence
    new_weights = np.zeros(3, np.float64)
    if not (behav.any() and available[:2].any()):
        new = np.zeros(n, bool)
    if new.any():
        # new courses, while the others have collaborative scores: by content alone
        nw = np.asarray(blend.new_course_weights, np.float64) * available[:2]
        if nw.sum() == 0:
            nw = available[:2]
        nw = nw / nw.sum()
        new_weights[:2] = nw
        relevance = np.where(
            new, nw[0] * np.clip(hist_sim, 0, 1) + nw[1] * np.clip(pref, 0, 1), relevance)
    quality = index.quality if index.quality is not None else zeros
    if index.quality is not None:
        relevance = np.asarray(relevance, np.float64) * (1.0 + RATING_WEIGHT * quality)
    interest = (
        blend.interest_floor + (1.0 - blend.interest_floor) * pref if not query.is_empty
        else np.ones(n, np.float64)
    )
    pop_weight = blend.popularity_weight if w.sum() > 0 else 1.0  # no signal: by popularity
    popularity = np.minimum(1.0, (pop_weight + POPULARITY_TIE_BREAK) * index.popularity)
    score = np.asarray(
        recommendation_score(np.clip(relevance, 0, 1), np.clip(interest, 0, 1), popularity),
        dtype=np.float64,
    ).copy()
    if history.size:
        score[history] = -np.inf
    wn = w / w.sum() if w.sum() > 0 else w
    parts = {
        "history": hist_sim, "preference": pref, "behaviour": behav,
        "relevance": np.asarray(relevance, np.float64), "interest": interest,
        "popularity": popularity, "weights": wn, "quality": quality,
        "new": new.astype(np.float64), "new_weights": new_weights,  # new: by content alone
    }
    return score, parts


def recommend(
    index: RecommenderIndex,
    *,
    owned: Collection[str] = (),
    finished: Collection[str] = (),
    interests: Sequence[str] = (),
    k: int = 10,
    blend: BlendWeights | None = None,
) -> list[Recommendation]:
    """Top-`k` courses for one learner, best first, each with its score parts and reasons."""
    if k < 1:
        raise ValueError("k must be >= 1")
    score, parts = score_catalog(
        index, owned=owned, finished=finished, interests=interests, blend=blend
    )
    candidates = np.flatnonzero(np.isfinite(score))
    if candidates.size == 0:
        return []
    kk = min(k, candidates.size)
    top = candidates[np.argpartition(-score[candidates], kk - 1)[:kk]]
    top = top[np.lexsort((top, -score[top]))]
    finished_set = set(finished)
    history = _indices(index, set(owned) | finished_set)
    results = []
    for j in top:
        j = int(j)
        p = ScoreParts(
            history=float(parts["history"][j]), preference=float(parts["preference"][j]),
            behaviour=float(parts["behaviour"][j]), relevance=float(parts["relevance"][j]),
            interest=float(parts["interest"][j]), popularity=float(parts["popularity"][j]),
            quality=float(parts["quality"][j]),
        )
        weights = parts["new_weights"] if parts["new"][j] > 0 else parts["weights"]
        reasons = _explain(index, j, p, weights, history, finished_set, interests)
        results.append(Recommendation(index.course_ids[j], float(score[j]), p, reasons))
    return results


def _explain(
    index: RecommenderIndex,
    j: int,
    p: ScoreParts,
    w: FloatArray,
    history: IntArray,
    finished: set[str],
    interests: Sequence[str],
) -> tuple[Reason, ...]:
    """The reasons that are both true and carry `REASON_SHARE` of the score, strongest first.

    Shares come from the same parts that ranked the course. A reason is kept only when its
    evidence holds on its own: the named course's cosine to this one passes the catalog's
    calibrated `similarity_threshold`; the named interest shares weighted words with it
    (`INTEREST_MIN`); at least `MIN_SHARED_LEARNERS` learners took the named course and this
    one; the course is among the `POPULAR_SHARE` most enrolled. With none left the reason is
    `EXPLORE` (nothing specific), never a false one.
    """
    total = p.relevance * p.interest + p.popularity
    if total <= 0:
        return (Reason(ReasonKind.EXPLORE, None, 1.0),)
    row = index.content.row(j)
    found: list[Reason] = []
    contrib_hist = w[0] * p.history * p.interest / total
    if contrib_hist > 0 and history.size:
        sims = index.content.scores(row)[history]
        k = int(np.argmax(sims))
        if sims[k] >= index.similarity_threshold:
            ref = index.course_ids[int(history[k])]
            kind = (
                ReasonKind.BECAUSE_YOU_FINISHED if ref in finished
                else ReasonKind.SIMILAR_TO_YOUR_COURSE
            )
            found.append(Reason(kind, ref, float(contrib_hist)))
    contrib_pref = w[1] * p.preference * p.interest / total
    if contrib_pref > 0 and interests:
        sims = np.array([row.dot(index.interest_vector(i)) for i in interests])
        k = int(np.argmax(sims))
        if sims[k] >= INTEREST_MIN:
            found.append(Reason(ReasonKind.MATCHES_INTEREST, interests[k], float(contrib_pref)))
    contrib_beh = w[2] * p.behaviour * p.interest / total
    if contrib_beh > 0 and history.size:
        pair = index._collab_pair(history, j)
        k = int(np.argmax(pair))
        if pair[k] > 0 and index.shared.get((int(history[k]), j), 0.0) >= MIN_SHARED_LEARNERS:
            ref = index.course_ids[int(history[k])]
            found.append(Reason(ReasonKind.POPULAR_WITH_LEARNERS_LIKE_YOU, ref,
                                float(contrib_beh)))
    if p.popularity > 0 and index.popularity[j] >= index.popular_cutoff:
        found.append(Reason(ReasonKind.POPULAR, None, p.popularity / total))
    found.sort(key=lambda r: -r.share)
    named = [r for r in found if r.share >= REASON_SHARE]
    rated = _rated_highly(index, j, p, total)
    if rated is not None:
        named.append(rated)  # a supporting fact: true, and it did raise this course
    return tuple(named or [Reason(ReasonKind.EXPLORE, None, 1.0)])


def _rated_highly(index: RecommenderIndex, j: int, p: ScoreParts, total: float) -> Reason | None:
    """"Rated 4.6 by 12 learners", only when it is so and it moved this course up: at least
    `RATED_HIGHLY_COUNT` ratings averaging `RATED_HIGHLY_MIN` or more, above the catalog's
    mean. Its share is the part of the score the rating term added. The weight is small on
    purpose, so this reason comes after the main ones rather than passing `REASON_SHARE`."""
    if not index.ratings or p.quality <= 0:
        return None
    avg, count = index.ratings[j]
    if avg is None or count < RATED_HIGHLY_COUNT or avg < RATED_HIGHLY_MIN:
        return None
    base = p.relevance / (1.0 + RATING_WEIGHT * p.quality)
    share = base * RATING_WEIGHT * p.quality * p.interest / total
    goal = index.rating_scope[j] if index.rating_scope else None
    if goal is not None:  # the figures are those of learners who share this learner's goal
        return Reason(ReasonKind.RATED_HIGHLY_BY_YOUR_GOAL, goal, float(share),
                      round(float(avg), 1), count)
    return Reason(ReasonKind.RATED_HIGHLY, None, float(share), round(float(avg), 1), count)
