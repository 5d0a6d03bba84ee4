"""Typo-tolerant catalog search (rapidfuzz) over titles, tags, ids and descriptions.

Text is cut into tokens: Latin words (lower case) and, for Chinese, character bigrams of
each run of CJK characters (single characters for a one-character run), so "数据可视化"
finds "数据 可视化" and a two-character query finds a four-character title. A query word
matches a token exactly, as a prefix (3+ letters), or — from 4 letters — by
`fuzz.ratio` above a length-dependent cutoff ("mandrin" finds "mandarin"). Every query word
must match (AND); courses rank by the matched fields (title 3, tags and id 2, description
1) times the match quality. `suggest` proposes the nearest words of the whole catalog for a
"did you mean" when nothing matched.

`SearchIndex` is immutable once built; build it off the GUI thread (a worker) and share it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN = re.compile(r"[0-9a-z\u00c0-\u024f]+")
WEIGHTS = {"title": 3.0, "tags": 2.0, "id": 2.0, "description": 1.0}
SUGGEST_CUTOFF = 60.0


def tokens(text: str) -> list[str]:
    text = text.lower()
    out = _LATIN.findall(_CJK.sub(" ", text))
    for run in _CJK.findall(text):
        out += [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
    return out


def _is_cjk(token: str) -> bool:
    return bool(_CJK.fullmatch(token))


def _cutoff(word: str) -> float | None:
    """The fuzzy cutoff for a query word of this length (None: no fuzzy match)."""
    n = len(word)
    if n < 4:
        return None
    return 80.0 if n < 7 else 75.0


@dataclass(frozen=True)
class Doc:
    id: str
    title: str
    tags: Sequence[str] = ()
    description: str = ""


@dataclass
class SearchIndex:
    """Token → {course id: field weight} for the whole local catalog."""

    postings: dict[str, dict[str, float]] = field(default_factory=dict)
    vocabulary: list[str] = field(default_factory=list)  # Latin tokens, for fuzzy matching
    titles: dict[str, str] = field(default_factory=dict)  # course id: title

    @classmethod
    def build(cls, docs: Iterable[Doc]) -> SearchIndex:
        postings: dict[str, dict[str, float]] = defaultdict(dict)
        titles: dict[str, str] = {}
        for d in docs:
            titles[d.id] = d.title
            fields = {"title": d.title, "tags": " ".join(d.tags), "id": d.id.replace("-", " "),
                      "description": d.description}
            for name, text in fields.items():
                w = WEIGHTS[name]
                for tok in tokens(text):
                    if postings[tok].get(d.id, 0.0) < w:
                        postings[tok][d.id] = w
        vocab = sorted(t for t in postings if not _is_cjk(t))
        return cls(dict(postings), vocab, titles)

    def _word_matches(self, word: str) -> dict[str, float]:
        """{token: quality 0..1} the query ``word`` (one token) matches."""
        found: dict[str, float] = {}
        if word in self.postings:
            found[word] = 1.0
        if _is_cjk(word):
            return found
        if len(word) >= 3:
            for tok in self.vocabulary:
                if tok != word and tok.startswith(word):
                    found.setdefault(tok, 0.9)
        cutoff = _cutoff(word)
        if cutoff is not None:
            for tok, score, _i in process.extract(word, self.vocabulary, scorer=fuzz.ratio,
                                                  score_cutoff=cutoff, limit=20):
                found.setdefault(tok, 0.8 * score / 100)
        return found

    def _part_scores(self, part: str) -> dict[str, float]:
        """{course id: score} of one whitespace-separated part of the query."""
        toks = tokens(part)
        if not toks:
            return {}
        if all(_is_cjk(t) for t in toks):
            if len(toks) == 1 and len(toks[0]) == 1:  # one character: any token with it
                toks = [t for t in self.postings if toks[0] in t and _is_cjk(t)]
                scores: dict[str, float] = defaultdict(float)
                for t in toks:
                    for cid, w in self.postings[t].items():
                        scores[cid] = max(scores[cid], w)
                return dict(scores)
            # Chinese: most of the query's bigrams must appear in the course
            hits: dict[str, float] = defaultdict(float)
            counts: dict[str, int] = defaultdict(int)
            for t in toks:
                for cid, w in self.postings.get(t, {}).items():
                    hits[cid] += w / len(toks)
                    counts[cid] += 1
            need = max(1, -(-len(toks) * 3 // 5))  # 60 %, rounded up
            return {cid: sc for cid, sc in hits.items() if counts[cid] >= need}
        total: dict[str, float] | None = None
        for t in toks:  # e.g. "data-analysis" → "data", "analysis": all of them
            scores = defaultdict(float)
            for tok, quality in self._word_matches(t).items():
                for cid, w in self.postings[tok].items():
                    scores[cid] = max(scores[cid], w * quality)
            total = dict(scores) if total is None else {
                cid: total[cid] + s for cid, s in scores.items() if cid in total}
        return total or {}

    def search(self, query: str) -> list[tuple[str, float]]:
        """(course id, score), best first; every part of the query must match."""
        total: dict[str, float] | None = None
        for part in query.split():
            scores = self._part_scores(part)
            total = scores if total is None else {
                cid: total[cid] + s for cid, s in scores.items() if cid in total}
            if not total:
                return []
        if total is None:
            return []
        return sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))

    def suggest(self, query: str) -> str | None:
        """The query with each unknown word replaced by the nearest catalog word, or else
        the course title nearest to the query, when that finds something; None otherwise."""
        fixed = self._respelled(query)
        if fixed is not None:
            return fixed
        best = process.extractOne(query.lower(), {k: v.lower() for k, v in self.titles.items()},
                                  scorer=fuzz.partial_ratio, score_cutoff=SUGGEST_CUTOFF)
        if best is None:
            return None
        title = self.titles[best[2]]
        return title if self.search(title) else None

    def _respelled(self, query: str) -> str | None:
        words = query.lower().split()
        out, changed = [], False
        for w in words:
            if w in self.postings or _is_cjk(w) or self._part_scores(w):
                out.append(w)
                continue
            best = process.extractOne(w, self.vocabulary, scorer=fuzz.ratio,
                                      score_cutoff=SUGGEST_CUTOFF)
            if best is None:
                return None
            out.append(str(best[0]))
            changed = True
        fixed = " ".join(out)
        return fixed if changed and self.search(fixed) else None
