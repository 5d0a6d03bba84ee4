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


def _clustered(n_items: int = 80, n_learners: int = 400, seed: int = 0
               ) -> tuple[np.ndarray, collab.CoEnrolment]:
    """Learners who each take 6 courses of one of 4 topic blocks (plus one stray course)."""
    rng = np.random.default_rng(seed)
    x = np.zeros((n_learners, n_items))
    block = n_items // 4
    for u in range(n_learners):
        b = u % 4
        x[u, rng.choice(np.arange(b * block, (b + 1) * block), 6, replace=False)] = 1
        x[u, rng.integers(n_items)] = 1
    lrn, itm = np.nonzero(x)
    return x, co_enrolment_from_pairs(lrn, itm, n_items)


def test_edlae_dropout_matches_the_closed_form_and_plain_ease_without_it() -> None:
    x, co = _clustered()
    g = x.T @ x
    lam, q = 20.0, 1.5
    p = np.linalg.inv(g + np.diag(lam + q * np.diag(g)))
    expected = -p / np.diag(p)
    np.fill_diagonal(expected, 0.0)
    got = fit_ease(co, lam, dropout=q)
    assert np.allclose(got.weights, expected)
    plain = np.linalg.inv(g + lam * np.eye(g.shape[0]))
    plain = -plain / np.diag(plain)
    np.fill_diagonal(plain, 0.0)
    assert np.allclose(fit_ease(co, lam).weights, plain)
    assert not np.allclose(got.weights, plain)
    with pytest.raises(ValueError):
        fit_ease(co, lam, dropout=-0.1)


def test_low_rank_scores_are_the_sum_of_their_per_course_parts() -> None:
    x, co = _clustered()
    model = collab.fit_low_rank(co, factors=4)
    assert model is not None and model.factors.shape == (80, 4)
    # the factors span G's leading eigenvectors: G V = V diag(eigenvalues)
    g = x.T @ x
    gv = g @ model.factors
    assert np.allclose(gv, model.factors * (model.factors * gv).sum(axis=0))
    history = np.array([0, 3, 7])
    scores = model.scores(history, 80)
    for j in (1, 25, 79):
        assert model.pair(history, j).sum() == pytest.approx(scores[j])
    # taking courses of block 0 scores block 0 above the other blocks
    assert scores[1:20].mean() > 3 * np.abs(scores[20:]).mean()


def test_low_rank_is_skipped_for_a_catalog_too_small_to_compress() -> None:
    _, co = _clustered(n_items=40)
    assert collab.fit_low_rank(co, factors=16) is None
    assert collab.fit_low_rank(co, factors=8) is not None


def test_withhold_below_keeps_only_what_the_store_publishes() -> None:
    # a+b: 4 learners, a+c: 2, d: 2 learners alone
    learners = [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7]
    items = [0, 1, 0, 1, 0, 1, 0, 1, 0, 2, 0, 2, 3, 3]
    co = co_enrolment_from_pairs(learners, items, 4)
    published = collab.withhold_below(co, 3)
    pairs = {(int(a), int(b)): float(c) for a, b, c in
             zip(published.rows, published.cols, published.counts, strict=True)}
    assert pairs == {(0, 1): 4.0, (1, 0): 4.0}
    assert published.enrolments.tolist() == [6.0, 4.0, 0.0, 0.0]  # c: 2, d: 2 withheld


def test_subspace_iteration_finds_the_same_leading_subspace_as_the_full_decomposition(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, co = _clustered(n_items=200, n_learners=1500)  # 4 blocks: 4 well-separated factors
    exact = collab.fit_low_rank(co, factors=4)
    monkeypatch.setattr(collab, "EXACT_EIGEN_LIMIT", 10)
    approx = collab.fit_low_rank(co, factors=4)
    assert exact is not None and approx is not None
    p_exact = exact.factors @ exact.factors.T
    p_approx = approx.factors @ approx.factors.T
    assert np.abs(p_exact - p_approx).max() < 1e-6
