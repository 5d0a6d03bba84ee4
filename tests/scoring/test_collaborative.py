"""Co-enrolment aggregation, item-item cosine with shrinkage, and EASE."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import collaborative as collab
from scoring.collaborative import co_enrolment_from_pairs, fit_ease, item_neighbours

pairs = st.lists(st.tuples(st.integers(0, 9), st.integers(0, 7)), min_size=1, max_size=60)


def _brute_force(pairs_: list[tuple[int, int]], n_items: int) -> np.ndarray:
    x = np.zeros((10, n_items))
    for u, i in pairs_:
        x[u, i] = 1
    return x.T @ x


@given(pairs)
@settings(max_examples=60)
def test_co_enrolment_counts_match_the_gram_matrix(pairs_: list[tuple[int, int]]) -> None:
    g = _brute_force(pairs_, 8)
    for dense_limit in (10**9, 0):  # both the dense and the pair-enumeration path
        old = collab._DENSE_LIMIT
        collab._DENSE_LIMIT = dense_limit
        try:
            co = co_enrolment_from_pairs([p[0] for p in pairs_], [p[1] for p in pairs_], 8)
        finally:
            collab._DENSE_LIMIT = old
        got = np.zeros((8, 8))
        got[co.rows, co.cols] = co.counts
        np.fill_diagonal(got, co.enrolments)
        np.testing.assert_array_equal(got, g)


def test_item_neighbours_rank_the_most_co_enrolled_course_first() -> None:
    # course 0 is taken with course 1 by three learners, with course 2 by one
    co = co_enrolment_from_pairs([0, 0, 1, 1, 2, 2, 3, 3], [0, 1, 0, 1, 0, 1, 0, 2], 3)
    nn = item_neighbours(co, k=2, shrinkage=0.0)
    assert nn.index[0, 0] == 1
    assert nn.weight[0, 0] > nn.weight[0, 1] > 0


def test_shrinkage_lowers_similarity_backed_by_few_learners() -> None:
    co = co_enrolment_from_pairs([0, 0], [0, 1], 2)
    raw = item_neighbours(co, k=1, shrinkage=0.0).weight[0, 0]
    shrunk = item_neighbours(co, k=1, shrinkage=10.0).weight[0, 0]
    assert raw == pytest.approx(1.0) and shrunk < 0.1


def test_ease_has_zero_diagonal_and_scores_co_enrolled_courses_higher() -> None:
    rng = np.random.default_rng(0)
    learners, items = [], []
    for u in range(200):
        group = [0, 1, 2] if u % 2 else [3, 4, 5]
        for i in rng.choice(group, 2, replace=False):
            learners.append(u)
            items.append(int(i))
    co = co_enrolment_from_pairs(learners, items, 6)
    ease = fit_ease(co, regularisation=10.0)
    assert np.allclose(np.diag(ease.weights), 0.0)
    scores = ease.scores(np.array([0]), 6)
    assert min(scores[1], scores[2]) > max(scores[3], scores[4], scores[5])


def test_ease_only_models_the_most_enrolled_courses_when_capped() -> None:
    co = co_enrolment_from_pairs([0, 0, 1, 1, 2], [0, 1, 0, 1, 2], 4)
    ease = fit_ease(co, max_items=2)
    assert sorted(ease.items.tolist()) == [0, 1]
    assert ease.scores(np.array([2]), 4).tolist() == [0.0] * 4


def test_bad_input_is_refused() -> None:
    with pytest.raises(ValueError, match="out of range"):
        co_enrolment_from_pairs([0], [5], 3)
    with pytest.raises(ValueError, match="same length"):
        co_enrolment_from_pairs([0, 1], [0], 3)


def test_rating_weights_weaken_the_links_of_a_poorly_rated_course() -> None:
    from scoring.collaborative import co_enrolment_from_pairs, fit_ease

    # 30 learners take a and b; everyone who took c rated it poorly (weight 0.2)
    learners = [u for u in range(30) for _ in range(2)] + list(range(30))
    items = [i for _ in range(30) for i in (0, 1)] + [2] * 30
    plain = co_enrolment_from_pairs(learners, items, 3)
    rated = co_enrolment_from_pairs(learners, items, 3, weight=[1.0] * 60 + [0.2] * 30)
    assert rated.enrolments.tolist() == plain.enrolments.tolist() == [30, 30, 30]
    w_plain, w_rated = fit_ease(plain, 10.0).weights, fit_ease(rated, 10.0).weights
    # from a, the poorly rated c now scores well below b; unweighted they tie
    assert w_plain[0, 1] == pytest.approx(w_plain[0, 2])
    assert w_rated[0, 2] < 0.5 * w_rated[0, 1]
    with pytest.raises(ValueError):
        co_enrolment_from_pairs([0], [0], 1, weight=[0.0])
