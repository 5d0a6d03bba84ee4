"""Tokenising and TF-IDF over course text (titles, descriptions, tags), Latin and CJK scripts.

- `tokenize` folds case (NFKC + casefold), splits Latin/Cyrillic/... text into words (a small
  English stop-word list dropped, a trailing plural "s" stripped) and CJK runs (Han, kana,
  Hangul) into overlapping character bigrams (a lone CJK character stays a unigram), so
  "数据分析" and "数据" share the token "数据" without a dictionary segmenter.
- `fit_tfidf` learns the vocabulary and smoothed idf, ``idf = ln((1+N)/(1+df)) + 1``, with
  sublinear term frequency ``1 + ln(tf)``; every document row is L2-normalised so a dot product
  is a cosine similarity in [0, 1] (all weights are non-negative).
- `TfidfMatrix` keeps the rows both by document (CSR) and by term (CSC postings), so scoring a
  query against a 50,000-document catalog costs only the postings of the query's terms.

Everything is immutable after construction and safe to share between threads.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

_CJK_CLASS = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
_TOKEN_RE = re.compile(rf"([{_CJK_CLASS}]+)|((?:(?![{_CJK_CLASS}])[^\W_])+)")

STOP_WORDS = frozenset({
    "a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "how", "in", "into", "is",
    "it", "its", "of", "on", "or", "the", "this", "that", "to", "with", "your", "you", "we", "our",
})


@functools.lru_cache(maxsize=65536)
def _term(word: str) -> str | None:
    """Index term of a Latin-script word: None for stop words, trailing plural 's' removed."""
    if word in STOP_WORDS:
        return None
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokenize(text: str) -> list[str]:
    """Split text into index terms: Latin-script words and CJK character bigrams."""
    tokens: list[str] = []
    folded = unicodedata.normalize("NFKC", text).casefold()
    for cjk, word in _TOKEN_RE.findall(folded):
        if cjk:
            if len(cjk) == 1:
                tokens.append(cjk)
            else:
                tokens.extend(cjk[i : i + 2] for i in range(len(cjk) - 1))
        else:
            term = _term(word)
            if term is not None:
                tokens.append(term)
    return tokens


@dataclass(frozen=True)
class SparseVector:
    """A sparse row: sorted term ids and their weights (L2-normalised unless empty)."""

    indices: IntArray
    values: FloatArray

    @property
    def is_empty(self) -> bool:
        return self.indices.size == 0

    def dot(self, other: SparseVector) -> float:
        common, ia, ib = np.intersect1d(
            self.indices, other.indices, assume_unique=True, return_indices=True
        )
        if common.size == 0:
            return 0.0
        return float(np.dot(self.values[ia], other.values[ib]))


def _normalise(indices: IntArray, values: FloatArray) -> SparseVector:
    norm = float(np.linalg.norm(values))
    if norm > 0:
        values = values / norm
    order = np.argsort(indices, kind="stable")
    return SparseVector(indices[order], values[order])


@dataclass(frozen=True)
class TfidfModel:
    """Vocabulary (term -> column) and idf weights learnt from a corpus."""

    vocabulary: dict[str, int]
    idf: FloatArray

    def vector(self, tokens: Iterable[str]) -> SparseVector:
        """TF-IDF vector of a token list; tokens outside the vocabulary are ignored."""
        counts = Counter(t for t in tokens if t in self.vocabulary)
        if not counts:
            return SparseVector(np.zeros(0, np.int64), np.zeros(0, np.float64))
        idx = np.fromiter((self.vocabulary[t] for t in counts), np.int64, len(counts))
        tf = np.fromiter((1.0 + math.log(c) for c in counts.values()), np.float64, len(counts))
        return _normalise(idx, tf * self.idf[idx])

    def vector_of_text(self, text: str) -> SparseVector:
        return self.vector(tokenize(text))


@dataclass(frozen=True)
class TfidfMatrix:
    """L2-normalised TF-IDF rows of a document collection, stored as CSR and CSC."""

    n_rows: int
    n_cols: int
    row_ptr: IntArray
    row_cols: IntArray
    row_vals: FloatArray
    col_ptr: IntArray
    col_rows: IntArray
    col_vals: FloatArray

    @classmethod
    def from_rows(cls, rows: Sequence[SparseVector], n_cols: int) -> TfidfMatrix:
        lengths = np.fromiter((r.indices.size for r in rows), np.int64, len(rows))
        row_ptr = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        if rows:
            row_cols = np.concatenate([r.indices for r in rows]).astype(np.int64)
            row_vals = np.concatenate([r.values for r in rows]).astype(np.float64)
        else:
            row_cols = np.zeros(0, np.int64)
            row_vals = np.zeros(0, np.float64)
        row_ids = np.repeat(np.arange(len(rows), dtype=np.int64), lengths)
        order = np.lexsort((row_ids, row_cols))
        col_rows = row_ids[order]
        col_vals = row_vals[order]
        col_counts = np.bincount(row_cols, minlength=n_cols)
        col_ptr = np.concatenate([[0], np.cumsum(col_counts)]).astype(np.int64)
        return cls(len(rows), n_cols, row_ptr, row_cols, row_vals, col_ptr, col_rows, col_vals)

    def row(self, i: int) -> SparseVector:
        a, b = int(self.row_ptr[i]), int(self.row_ptr[i + 1])
        return SparseVector(self.row_cols[a:b], self.row_vals[a:b])

    def scores(self, query: SparseVector) -> FloatArray:
        """Cosine similarity of every row to a (normalised) query: one float per row."""
        if query.is_empty:
            return np.zeros(self.n_rows, np.float64)
        starts = self.col_ptr[query.indices]
        lengths = self.col_ptr[query.indices + 1] - starts
        total = int(lengths.sum())
        if total == 0:
            return np.zeros(self.n_rows, np.float64)
        offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        positions = np.repeat(starts - offsets, lengths) + np.arange(total)
        weights = self.col_vals[positions] * np.repeat(query.values, lengths)
        out = np.bincount(self.col_rows[positions], weights=weights, minlength=self.n_rows)
        return np.clip(out, 0.0, 1.0)

    def centroid(self, rows: Sequence[int]) -> SparseVector:
        """Normalised mean of some rows (e.g. a learner's finished courses)."""
        if not rows:
            return SparseVector(np.zeros(0, np.int64), np.zeros(0, np.float64))
        parts = [self.row(i) for i in rows]
        idx = np.concatenate([p.indices for p in parts])
        val = np.concatenate([p.values for p in parts])
        uniq, inverse = np.unique(idx, return_inverse=True)
        summed = np.bincount(inverse, weights=val, minlength=uniq.size).astype(np.float64)
        return _normalise(uniq.astype(np.int64), summed)


def fit_tfidf(documents: Sequence[Sequence[str]]) -> tuple[TfidfModel, TfidfMatrix]:
    """Learn vocabulary and idf from token lists and return the model and the document rows."""
    df: Counter[str] = Counter()
    for doc in documents:
        df.update(set(doc))
    vocabulary = {term: i for i, term in enumerate(sorted(df))}
    n = len(documents)
    df_arr = np.zeros(len(vocabulary), np.float64)
    for term, count in df.items():
        df_arr[vocabulary[term]] = count
    idf = np.log((1.0 + n) / (1.0 + df_arr)) + 1.0
    model = TfidfModel(vocabulary, idf)
    rows = [model.vector(doc) for doc in documents]
    return model, TfidfMatrix.from_rows(rows, len(vocabulary))
