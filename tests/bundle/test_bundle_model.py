"""The model: strict parsing and answer checking (`Question.check`)."""

from __future__ import annotations

import copy
import math
import posixpath
import string
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bundle.errors import BundleError
from bundle.model import Price, Question
from bundle.parsing import load_manifest, load_quiz
from bundle.paths import is_safe_path, path_problem, resolve_link

SKILLS = ["py.variables", "py.print"]


def question(**fields: Any) -> Question:
    base: dict[str, Any] = {
        "id": "q",
        "prompt": "?",
        "explanation": "because",
        "skills": ["py.print"],
        "difficulty": 0.5,
    }
    base.update(fields)
    quiz = load_quiz(
        {"id": "quiz", "title": "Quiz", "questions": [base]}, declared_skills=SKILLS
    )
    return quiz.questions[0]


CHOICES = [{"id": c, "text": c.upper()} for c in "abcd"]


def test_single() -> None:
    q = question(type="single", choices=CHOICES, answer="b")
    assert q.check("b")
    assert not q.check("a")
    assert not q.check(["b"])
    assert not q.check(None)


def test_multiple_is_an_exact_set() -> None:
    q = question(type="multiple", choices=CHOICES, answer=["a", "c"])
    assert q.check(["c", "a"])
    assert q.check({"a", "c"})
    assert not q.check(["a"])
    assert not q.check(["a", "c", "d"])
    assert not q.check("ac")


def test_true_false() -> None:
    q = question(type="true_false", answer=False)
    assert q.check(False)
    assert not q.check(True)
    assert not q.check(0)
    assert not q.check("false")


def test_numeric_with_tolerance() -> None:
    q = question(type="numeric", answer=3.5, tolerance=0.01, unit="kg")
    assert q.check(3.5)
    assert q.check(3.509)
    assert q.check(" 3.491 ")
    assert not q.check(3.52)
    assert not q.check("three")
    assert not q.check(True)
    assert not q.check(math.nan)
    exact = question(type="numeric", answer=0.3)
    assert exact.check(0.1 + 0.2)  # float noise is not a wrong answer
    assert not exact.check(0.31)


def test_short_text() -> None:
    q = question(type="short_text", answer=["print", "print()"])
    assert q.check("  PRINT() ")
    assert q.check("Print")
    assert not q.check("printf")
    strict = question(type="short_text", answer=["NaCl"], case_sensitive=True)
    assert strict.check(" NaCl")
    assert not strict.check("nacl")


@given(
    answer=st.floats(-1e6, 1e6, allow_nan=False),
    tolerance=st.floats(0, 100, allow_nan=False),
    offset=st.floats(-1, 1, allow_nan=False),
)
def test_numeric_accepts_exactly_the_tolerance_band(
    answer: float, tolerance: float, offset: float
) -> None:
    q = Question("q", "numeric", "?", answer, "", ("s",), 0.5, tolerance=tolerance)
    response = answer + offset * tolerance * 0.999
    assert q.check(response)
    assert q.check(str(response))
    outside = answer + (tolerance + 1e-3 * max(1.0, abs(answer))) * (1 if offset >= 0 else -1)
    assert not q.check(outside)


@given(
    answer=st.text(
        st.sampled_from(string.ascii_letters + string.digits + "äöüéñçå你好-_.() "), min_size=1
    ).filter(str.strip),
    left=st.text(" \t", max_size=3),
    right=st.text(" \t\n", max_size=3),
)
def test_short_text_ignores_case_and_surrounding_whitespace(
    answer: str, left: str, right: str
) -> None:
    q = Question("q", "short_text", "?", (answer,), "", ("s",), 0.5)
    assert q.check(left + answer.upper() + right)
    assert q.check(left + answer.lower() + right)
    assert not q.check(answer + "x")
    sensitive = Question("q", "short_text", "?", (answer,), "", ("s",), 0.5, case_sensitive=True)
    assert sensitive.check(left + answer + right)


@given(
    key=st.sets(st.sampled_from("abcdef"), min_size=1),
    response=st.lists(st.sampled_from("abcdef")),
)
def test_multiple_is_correct_iff_same_set(key: set[str], response: list[str]) -> None:
    q = Question("q", "multiple", "?", tuple(sorted(key)), "", ("s",), 0.5)
    assert q.check(response) == (set(response) == key)


def test_strict_parse_raises_with_every_problem(builder: Any) -> None:
    manifest = copy.deepcopy(builder.manifest)
    assert load_manifest(manifest).title == "Python basics"
    manifest["title"] = ""
    manifest["topic"] = "cooking"
    with pytest.raises(BundleError) as err:
        load_manifest(manifest)
    assert "title: must not be empty" in str(err.value)
    assert 'topic: "cooking" is not a known topic' in str(err.value)


def test_manifest_helpers(builder: Any) -> None:
    m = load_manifest(builder.manifest)
    assert [i.id for i in m.items()] == ["intro", "talk", "q-basics"]
    assert m.item("talk").paths == ("lessons/talk.ogg", "lessons/talk.md")
    assert m.total_duration_min == 10.5
    assert m.skill_ids == frozenset(SKILLS)
    assert m.files is None and m.encryption is None
    assert m.price_hint.format() == "USD 19.99"
    assert Price(0, "CNY").format() == "free"
    assert Price(500, "JPY").format() == "JPY 500"


# --------------------------------------------------------------------------- paths
@pytest.mark.parametrize(
    "path",
    ["", "/a", "a/../b", "..", "a\\b", "C:/x", "c:x", "a//b", "a/", "./a", "a/\x00b"],
)
def test_unsafe_paths(path: str) -> None:
    assert path_problem(path) is not None


@pytest.mark.parametrize("path", ["a", "lessons/intro.md", "media/图.png", "a/b.c/d-e_f"])
def test_safe_paths(path: str) -> None:
    assert path_problem(path) is None


@given(st.lists(st.sampled_from(["a", "b", "..", ".", "", "c.md", "/", "\\", "C:"]), max_size=6))
def test_a_safe_path_never_leaves_the_bundle(parts: list[str]) -> None:
    path = "/".join(parts)
    if is_safe_path(path):
        normal = posixpath.normpath(path)
        assert normal == path
        assert not normal.startswith(("/", ".."))


def test_resolve_link() -> None:
    assert resolve_link("lessons/intro.md", "../media/a.png") == "media/a.png"
    assert resolve_link("lessons/intro.md", "img/a%20b.png") == "lessons/img/a b.png"
    assert resolve_link("lessons/intro.md", "https://example.com/a.png") is None
    assert resolve_link("lessons/intro.md", "../../etc/passwd") == ""
    assert resolve_link("lessons/intro.md", "/etc/passwd") == ""
