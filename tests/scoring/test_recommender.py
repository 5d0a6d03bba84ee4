"""Hybrid recommender: cold start, explanations, exclusions, Chinese text, score ranges."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.collaborative import co_enrolment_from_pairs
from scoring.recommender import (
    BlendWeights,
    Course,
    ReasonKind,
    RecommenderIndex,
    recommend,
    score_catalog,
)

CATALOG = [
    Course("py-intro", "Introduction to Python", "variables, loops and functions", ("python",)),
    Course("py-web", "Web apps with Python", "build sites with Flask", ("python", "web")),
    Course("py-data", "Data analysis with Python", "pandas and plots", ("python", "data")),
    Course("watercolour", "Watercolour painting", "brushes, paper and colour", ("art",)),
    Course("guitar", "Guitar for beginners", "chords and strumming", ("music",)),
    Course("sql", "SQL fundamentals", "queries, joins and indexes", ("databases",)),
    Course("zh-data", "Python数据分析", "用Python进行数据分析和可视化", ("数据分析",)),
    Course("zh-ml", "机器学习入门", "监督学习与模型评估", ("机器学习",)),
    Course("zh-cook", "家常菜烹饪", "炒菜和汤", ("烹饪",)),
]
IDS = [c.course_id for c in CATALOG]

# learners who take guitar also take watercolour; python learners take sql
ENROLMENTS = (
    [(u, "guitar") for u in range(20)] + [(u, "watercolour") for u in range(20)]
    + [(u, "py-intro") for u in range(20, 40)] + [(u, "sql") for u in range(20, 40)]
    + [(u, "py-web") for u in range(40, 45)]
)


def _index(collaborative: str = "ease") -> RecommenderIndex:
    co = co_enrolment_from_pairs(
        [u for u, _ in ENROLMENTS], [IDS.index(c) for _, c in ENROLMENTS], len(IDS)
    )
    return RecommenderIndex.build(CATALOG, co, collaborative=collaborative)  # type: ignore[arg-type]


INDEX = _index()


def test_cold_start_recommends_courses_matching_the_stated_interest() -> None:
    index = RecommenderIndex.build(CATALOG)  # no enrolment data at all
    recs = recommend(index, interests=["python"], k=3)
    assert {r.course_id for r in recs} <= {"py-intro", "py-web", "py-data", "zh-data"}
    assert recs[0].reasons[0].kind == ReasonKind.MATCHES_INTEREST
    assert recs[0].reasons[0].ref == "python"


def test_cold_start_with_popularity_still_puts_the_interest_first() -> None:
    recs = recommend(INDEX, interests=["painting"], k=2)
    assert recs[0].course_id == "watercolour"


def test_explanation_names_the_finished_course() -> None:
    recs = recommend(INDEX, finished=["py-intro"], k=3,
                     blend=BlendWeights((1.0, 0.0, 0.0), 0.0, 1.0))
    assert recs[0].course_id in {"py-web", "py-data"}
    reason = recs[0].reasons[0]
    assert reason.kind == ReasonKind.BECAUSE_YOU_FINISHED and reason.ref == "py-intro"


def test_collaborative_reason_names_the_shared_course() -> None:
    recs = recommend(INDEX, finished=["guitar"], k=1)
    assert recs[0].course_id == "watercolour"
    kinds = {(r.kind, r.ref) for r in recs[0].reasons}
    assert (ReasonKind.POPULAR_WITH_LEARNERS_LIKE_YOU, "guitar") in kinds


@pytest.mark.parametrize("collaborative", ["ease", "item_knn"])
def test_owned_and_finished_courses_are_never_recommended(collaborative: str) -> None:
    index = _index(collaborative)
    owned, finished = ["py-intro", "sql"], ["guitar"]
    recs = recommend(index, owned=owned, finished=finished, interests=["python"], k=len(IDS))
    got = {r.course_id for r in recs}
    assert not got & {*owned, *finished}
    assert len(recs) == len(IDS) - 3


def test_chinese_interest_finds_chinese_courses() -> None:
    recs = recommend(INDEX, interests=["数据分析"], k=1)
    assert recs[0].course_id == "zh-data"
    recs = recommend(INDEX, interests=["机器学习"], k=1)
    assert recs[0].course_id == "zh-ml"
    assert recs[0].reasons[0].ref == "机器学习"


def test_unknown_course_ids_in_history_are_ignored() -> None:
    with_unknown = recommend(INDEX, owned=["gone-course"], k=2)
    assert len(with_unknown) == 2
    assert with_unknown == recommend(INDEX, k=2)


@given(
    st.lists(st.sampled_from(IDS), max_size=4),
    st.lists(st.sampled_from(["python", "art", "数据", "chords", "nothing-matches"]), max_size=3),
    st.tuples(st.integers(0, 10), st.integers(0, 10)).filter(lambda t: sum(t) <= 10),
    st.floats(0, 1), st.floats(0, 1),
)
@settings(max_examples=60, deadline=None)
def test_scores_stay_in_range_and_parts_explain_them(
    owned: list[str], interests: list[str], w: tuple[int, int], pop: float, floor: float
) -> None:
    blend = BlendWeights((w[0] / 10, w[1] / 10, (10 - w[0] - w[1]) / 10), pop, floor)
    score, _ = score_catalog(INDEX, owned=owned, interests=interests, blend=blend)
    finite = score[np.isfinite(score)]
    assert np.all(finite >= 0) and np.all(finite <= 2)
    assert np.sum(~np.isfinite(score)) == len(set(owned))
    for rec in recommend(INDEX, owned=owned, interests=interests, k=3, blend=blend):
        p = rec.parts
        assert rec.score == pytest.approx(p.relevance * p.interest + p.popularity)
        assert rec.reasons
        assert sum(r.share for r in rec.reasons) <= 1.0 + 1e-9


def test_blend_weights_are_validated() -> None:
    with pytest.raises(ValueError, match="summing to 1"):
        BlendWeights((0.5, 0.5, 0.5))
    with pytest.raises(ValueError, match="must be >= 1"):
        recommend(INDEX, k=0)


def test_cold_start_follows_interests_even_when_the_blend_only_weighs_behaviour() -> None:
    recs = recommend(INDEX, interests=["guitar"], k=1, blend=BlendWeights((0.0, 0.0, 1.0), 0, 1))
    assert recs[0].course_id == "guitar"


def test_no_signal_at_all_falls_back_to_popularity() -> None:
    recs = recommend(INDEX, k=2)
    assert {r.course_id for r in recs} <= {"guitar", "watercolour", "py-intro", "sql"}
    assert recs[0].reasons[0].kind == ReasonKind.POPULAR


# -- reasons are true on the demo catalog ---------------------------------------------------
def _demo_courses() -> list[Course]:
    from pathlib import Path

    from bundle.reader import open_bundle

    demo = Path(__file__).resolve().parents[2] / "resources" / "demo"
    out = []
    for folder in sorted(p for p in demo.iterdir() if p.is_dir() and p.name[0] not in "._"):
        with open_bundle(folder) as b:
            m = b.manifest
            # as the app indexes the catalog: tags plus the topic
            out.append(Course(m.id, m.title, m.description or "", (*m.tags, m.topic)))
    return out


# what a person would call related in the demo catalog (everything else is unrelated)
DEMO_RELATED = {frozenset({"python-foundations", "data-analysis-numpy"}),
                frozenset({"data-analysis-numpy", "data-visualization-zh"})}


def test_demo_catalog_reasons_never_name_an_unrelated_course() -> None:
    courses = _demo_courses()
    index = RecommenderIndex.build(courses)
    assert len(courses) >= 6
    named = []
    for c in courses:
        for finished in (False, True):
            kw = {"finished": [c.course_id]} if finished else {"owned": [c.course_id]}
            for r in recommend(index, k=len(courses) - 1, **kw):  # type: ignore[arg-type]
                for reason in r.reasons:
                    if reason.kind in (ReasonKind.SIMILAR_TO_YOUR_COURSE,
                                       ReasonKind.BECAUSE_YOU_FINISHED):
                        pair = frozenset({reason.ref, r.course_id})
                        assert pair in DEMO_RELATED, (r.course_id, reason)
                        named.append(pair)
                    else:  # no co-enrolment data here: nothing may claim popularity
                        assert reason.kind == ReasonKind.EXPLORE, (r.course_id, reason)
    # the true pair is still explained (a threshold that hides everything would be useless)
    assert frozenset({"python-foundations", "data-analysis-numpy"}) in named
    music = recommend(index, owned=["python-foundations"], k=len(courses) - 1)
    by_id = {r.course_id: r for r in music}
    assert [x.kind for x in by_id["music-theory-ear"].reasons] == [ReasonKind.EXPLORE]


def test_reason_for_an_interest_needs_words_in_common() -> None:
    recs = recommend(INDEX, interests=["guitar"], k=len(CATALOG))
    for r in recs:
        for reason in r.reasons:
            if reason.kind == ReasonKind.MATCHES_INTEREST:
                assert r.course_id == "guitar"


def test_popular_is_said_only_of_the_most_enrolled_courses() -> None:
    recs = recommend(INDEX, interests=["cooking"], k=len(CATALOG))
    enrolled = {"guitar", "watercolour", "py-intro", "sql"}
    for r in recs:
        if any(x.kind == ReasonKind.POPULAR for x in r.reasons):
            assert r.course_id in enrolled
    assert any(x.kind == ReasonKind.EXPLORE for r in recs for x in r.reasons
               if r.course_id not in enrolled | {"py-web"})


def test_a_new_course_is_ranked_by_its_content_and_says_so() -> None:
    catalog = [*CATALOG, Course("py-advanced", "Advanced Python", "functions, loops and more",
                                ("python",)),
               Course("pottery", "Pottery at home", "clay and glaze", ("crafts",))]
    ids = [c.course_id for c in catalog]
    co = co_enrolment_from_pairs([u for u, _ in ENROLMENTS],
                                 [ids.index(c) for _, c in ENROLMENTS], len(ids))
    index = RecommenderIndex.build(catalog, co)
    recs = {r.course_id: r for r in recommend(index, owned=["py-intro"], k=len(catalog))}
    new, unrelated = recs["py-advanced"], recs["pottery"]  # neither has any enrolment
    assert new.score > unrelated.score and new.parts.behaviour == 0.0
    # scored by its content alone (not by 4.1's weights, whose behaviour share it cannot earn)
    assert new.parts.relevance == pytest.approx(new.parts.history) and new.parts.history > 0.1
    assert new.reasons[0].kind == ReasonKind.SIMILAR_TO_YOUR_COURSE
    assert new.reasons[0].ref == "py-intro"
    assert [r.kind for r in unrelated.reasons] == [ReasonKind.EXPLORE]


def _twins(ratings: list[tuple[float | None, int]]) -> RecommenderIndex:
    """Three courses with the same text (so content cannot tell them apart), rated as
    given, plus unrelated ones."""
    twins = [
        Course(f"sql-{i}", "SQL fundamentals", "queries, joins and indexes", ("databases",),
               rating_average=avg, rating_count=n)
        for i, (avg, n) in enumerate(ratings)
    ]
    return RecommenderIndex.build(twins + CATALOG[:5])


def test_well_rated_courses_move_up_and_say_so_truthfully() -> None:
    index = _twins([(2.1, 20), (4.8, 20), (None, 0)])
    recs = recommend(index, interests=["sql queries"], k=3)
    assert [r.course_id for r in recs] == ["sql-1", "sql-2", "sql-0"]  # unrated sits between
    rated = {r.course_id: [x for x in r.reasons if x.kind == ReasonKind.RATED_HIGHLY]
             for r in recs}
    [reason] = rated["sql-1"]
    assert (reason.value, reason.count) == (4.8, 20) and reason.share > 0
    assert rated["sql-0"] == [] and rated["sql-2"] == []
    # the interest stays the main reason; the rating is named after it
    assert recs[0].reasons[0].kind == ReasonKind.MATCHES_INTEREST


def test_rated_highly_needs_enough_ratings_and_an_above_average_score() -> None:
    few = _twins([(5.0, 3), (3.0, 40)])
    rec = recommend(few, interests=["sql queries"], k=1)[0]
    assert rec.course_id == "sql-0"  # three 5-star ratings still count a little …
    assert all(r.kind != ReasonKind.RATED_HIGHLY for r in rec.reasons)  # … but are not "rated"
    crowded = _twins([(4.2, 30), (4.9, 30)])  # 4.2 is below this catalog's mean
    recs = {r.course_id: r for r in recommend(crowded, interests=["sql queries"], k=2)}
    assert all(r.kind != ReasonKind.RATED_HIGHLY for r in recs["sql-0"].reasons)
    assert any(r.kind == ReasonKind.RATED_HIGHLY for r in recs["sql-1"].reasons)


def test_without_ratings_the_scores_are_unchanged() -> None:
    plain = RecommenderIndex.build(CATALOG)
    assert plain.quality is None
    a, _ = score_catalog(plain, interests=["python data"])
    b, _ = score_catalog(RecommenderIndex.build(CATALOG), interests=["python data"])
    rated = RecommenderIndex.build([*CATALOG[:-1], Course(
        CATALOG[-1].course_id, CATALOG[-1].title, CATALOG[-1].description, CATALOG[-1].tags,
        rating_average=4.0, rating_count=10)])
    c, _ = score_catalog(rated, interests=["python data"])
    assert np.array_equal(a, b)
    # one rated course alone is at the catalog's mean: nothing moves
    assert np.allclose(a, c)


def test_ratings_of_learners_with_your_goal_are_used_and_named() -> None:
    """Learners who share the goal liked sql-0 (overall it is average): it moves up, and
    the reason names the goal, with their figures, not the overall ones."""
    twins = [
        Course("sql-0", "SQL fundamentals", "queries, joins and indexes", ("databases",),
               rating_average=3.0, rating_count=40, goal_rating=("py-intro", 4.7, 6)),
        Course("sql-1", "SQL fundamentals", "queries, joins and indexes", ("databases",),
               rating_average=3.9, rating_count=40),
    ]
    index = RecommenderIndex.build(twins + CATALOG[:5])
    recs = recommend(index, interests=["sql queries"], k=2)
    assert [r.course_id for r in recs] == ["sql-0", "sql-1"]
    [reason] = [x for x in recs[0].reasons if x.kind == ReasonKind.RATED_HIGHLY_BY_YOUR_GOAL]
    assert (reason.ref, reason.value, reason.count) == ("py-intro", 4.7, 6)
    assert all(x.kind != ReasonKind.RATED_HIGHLY for x in recs[0].reasons)


def test_new_ratings_on_a_built_index_rank_as_a_fresh_build() -> None:
    rated = [Course(c.course_id, c.title, c.description, c.tags,
                    rating_average=2.0 + i % 3, rating_count=10) for i, c in enumerate(CATALOG)]
    fresh, _ = score_catalog(RecommenderIndex.build(rated), interests=["python data"])
    updated, _ = score_catalog(RecommenderIndex.build(CATALOG).with_ratings(rated),
                               interests=["python data"])  # fmt: skip
    assert np.array_equal(fresh, updated)
    with pytest.raises(ValueError):
        RecommenderIndex.build(CATALOG).with_ratings(rated[::-1])


def test_low_rank_part_keeps_the_learners_reason_true() -> None:
    """With a catalog large enough for the low-rank part, behaviour is still the sum of each
    owned course's part, and "learners who took X" names the largest one, shared by 3+."""
    rng = np.random.default_rng(1)
    topics = ["python", "painting", "guitar", "cooking"]
    catalog = [Course(f"c{i}", f"{topics[i % 4]} course {i}", f"lesson {i}", (topics[i % 4],))
               for i in range(80)]
    learners, items = [], []
    for u in range(300):
        for i in rng.choice(np.arange(u % 4, 80, 4), 5, replace=False):
            learners.append(u)
            items.append(int(i))
    co = co_enrolment_from_pairs(learners, items, 80)
    index = RecommenderIndex.build(catalog, co)
    plain = RecommenderIndex.build(catalog, co, low_rank_factors=0)
    assert index.low_rank is not None and plain.low_rank is None
    owned = ["c0", "c4", "c8"]
    history = np.array([0, 4, 8])
    behaviour = index.behaviour(history)
    assert not np.allclose(behaviour, plain.behaviour(history))
    pair_sums = np.array([index._collab_pair(history, j).sum() for j in range(80)])
    top = np.argsort(-behaviour)[:10]
    assert np.allclose(behaviour[top], pair_sums[top] / pair_sums[top].max())
    owners: dict[str, set[int]] = {}
    for u, i in zip(learners, items, strict=True):
        owners.setdefault(f"c{i}", set()).add(u)
    said = 0
    for r in recommend(index, owned=owned, k=10):
        assert int(r.course_id[1:]) % 4 == 0  # the python block
        for reason in r.reasons:
            if reason.kind == ReasonKind.POPULAR_WITH_LEARNERS_LIKE_YOU:
                said += 1
                parts = index._collab_pair(history, index.position[r.course_id])
                assert reason.ref == owned[int(np.argmax(parts))]
                assert len(owners[reason.ref] & owners[r.course_id]) >= 3
    assert said >= 5


def test_popularity_debiasing_divides_each_course_by_its_enrolments() -> None:
    """beta > 0: a course's collaborative score is divided by max(1, enrolments) ** beta,
    and the per-course parts the reasons use are scaled the same way."""
    rng = np.random.default_rng(2)
    catalog = [Course(f"c{i}", f"course {i}", f"lesson {i}") for i in range(80)]
    pop = 1.0 / np.arange(1, 81)
    learners = np.repeat(np.arange(300), 6)
    items = rng.choice(80, learners.size, p=pop / pop.sum())
    co = co_enrolment_from_pairs(learners, items, 80)
    history = np.unique(items[learners == 0])
    for collaborative in ("ease", "item_knn"):
        plain = RecommenderIndex.build(catalog, co, collaborative=collaborative,
                                       popularity_debias=0.0)
        debiased = RecommenderIndex.build(catalog, co, collaborative=collaborative,
                                          popularity_debias=0.5)
        assert plain.debias is None and debiased.debias is not None
        expected = plain.behaviour(history) / np.maximum(co.enrolments, 1.0) ** 0.5
        assert np.allclose(debiased.behaviour(history), expected / expected.max())
        for j in range(80):
            assert np.allclose(debiased._collab_pair(history, j),
                               plain._collab_pair(history, j) / max(co.enrolments[j], 1.0) ** 0.5)
    with pytest.raises(ValueError):
        RecommenderIndex.build(catalog, co, popularity_debias=-0.1)
