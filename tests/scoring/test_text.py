"""Tokenising and TF-IDF: Latin words, CJK bigrams, cosine similarities in [0, 1]."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from scoring.text import fit_tfidf, tokenize


def test_latin_words_are_folded_stemmed_and_stop_words_dropped() -> None:
    assert tokenize("The Python Courses for DATA analysis") == [
        "python", "course", "data", "analysis",
    ]


def test_chinese_text_becomes_character_bigrams() -> None:
    assert tokenize("数据分析") == ["数据", "据分", "分析"]
    assert tokenize("书") == ["书"]
    assert tokenize("Python数据") == ["python", "数据"]


def test_a_chinese_interest_matches_a_chinese_title_and_not_an_unrelated_one() -> None:
    docs = [tokenize("Python数据分析入门"), tokenize("意大利烹饪"), tokenize("Intro to cooking")]
    model, matrix = fit_tfidf(docs)
    scores = matrix.scores(model.vector_of_text("数据分析"))
    assert scores[0] > 0.3
    assert scores[1] == 0.0 and scores[2] == 0.0


texts = st.lists(st.text(alphabet="abc xyz数据分析学习", min_size=0, max_size=30), min_size=1,
                 max_size=8)


@given(texts, st.text(alphabet="abc xyz数据分析学习", max_size=20))
def test_cosine_scores_lie_in_unit_range_and_match_pairwise_dots(docs: list[str], q: str) -> None:
    model, matrix = fit_tfidf([tokenize(d) for d in docs])
    query = model.vector_of_text(q)
    scores = matrix.scores(query)
    assert scores.shape == (len(docs),)
    assert np.all(scores >= 0) and np.all(scores <= 1)
    for i in range(len(docs)):
        assert abs(scores[i] - min(1.0, matrix.row(i).dot(query))) < 1e-9


def test_a_document_is_most_similar_to_itself() -> None:
    docs = [tokenize(t) for t in ("python basics", "advanced python", "watercolour painting")]
    _, matrix = fit_tfidf(docs)
    for i in range(3):
        scores = matrix.scores(matrix.row(i))
        assert int(np.argmax(scores)) == i
        assert abs(scores[i] - 1.0) < 1e-9
