"""Catalog search over the demo catalog: misspellings still find the course, Chinese is
matched by characters (not a LIKE on the whole phrase), and an unknown word gets a
"did you mean" that finds something."""

from __future__ import annotations

import json

import pytest

from app.services.search import Doc, SearchIndex
from ui.resources import demo_dir


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    docs = []
    for manifest in sorted(demo_dir().glob("*/manifest.json")):
        m = json.loads(manifest.read_text(encoding="utf-8"))
        docs.append(Doc(m["id"], m["title"], tuple(m["tags"]), m["description"]))
    assert len(docs) == 7
    return SearchIndex.build(docs)


def ids(index: SearchIndex, query: str) -> list[str]:
    return [cid for cid, _s in index.search(query)]


@pytest.mark.parametrize(("query", "first"), [
    ("mandrin", "everyday-mandarin"),  # the misspelling
    ("Mandarin", "everyday-mandarin"),
    ("numpi", "data-analysis-numpy"),
    ("strenght training", "strength-training-basics"),
    ("musc theory", "music-theory-ear"),
    ("可视化", "data-visualization-zh"),  # part of a longer Chinese title
    ("理财", "personal-finance-zh"),
    ("个人理财", "personal-finance-zh"),
])
def test_misspelt_and_chinese_queries_find_the_course(index: SearchIndex, query: str,
                                                      first: str) -> None:
    assert ids(index, query)[0] == first


def test_every_word_must_match(index: SearchIndex) -> None:
    assert ids(index, "python numpy")[0] == "data-analysis-numpy"
    assert "python-foundations" not in ids(index, "python numpy")
    assert ids(index, "mandarin numpy") == []


def test_short_words_are_not_fuzzy(index: SearchIndex) -> None:
    # "gym" is a tag of one course; "gum" must not drag it (or anything) in
    assert ids(index, "gym") == ["strength-training-basics"]
    assert ids(index, "gum") == []


def test_did_you_mean_finds_something(index: SearchIndex) -> None:
    assert ids(index, "mndrnn") == []
    assert index.suggest("mndrnn") == "mandarin"
    assert ids(index, "mandarin")[0] == "everyday-mandarin"
    assert index.suggest("qwxzv") is None
