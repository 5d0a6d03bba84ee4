"""Personalised feedback in English and Simplified Chinese."""

from __future__ import annotations

from datetime import date, timedelta

from scoring.feedback import feedback
from scoring.messages import CATALOGUE, render
from scoring.next_lesson import NextLesson, NextReason
from scoring.planner import Availability, Goal, StudyItem, make_plan, replan

START = date(2025, 3, 3)
GOAL = Goal("Python basics", tuple(StudyItem(f"i{k}", 60, ("loops",)) for k in range(10)),
            START + timedelta(days=20))
PLAN = make_plan(GOAL, Availability((60, 60, 60, 60, 60, 0, 0)), START)
MASTERY = {"loops": 0.35, "variables": 0.92, "functions": 0.7, "files": 0.5}
NEXT = NextLesson("i3", NextReason.STRENGTHEN_WEAK_SKILL, "loops", 0.35)


def test_english_feedback_lists_strengths_weak_skills_and_the_next_step() -> None:
    fb = feedback(MASTERY, language="en", replan=replan(PLAN, {}, START + timedelta(days=2)),
                  next_lesson=NEXT, titles={"i3": "While loops"}, reviews_due=4)
    assert fb.strengths == ("variables",)
    assert fb.weak_skills == ("loops", "files")  # weakest first
    text = "\n".join(fb.text)
    assert "You are strong in variables." in text
    assert "Work on loops and files" in text
    assert "behind plan" in text
    assert "Next: While loops, to strengthen loops." in text
    assert "4 review questions are due today." in text
    assert [m.key for m in fb.messages][:2] == ["strengths", "weak_skills"]


def test_chinese_feedback_uses_the_chinese_catalogue_and_date_format() -> None:
    late = replan(PLAN, {}, START + timedelta(days=14))
    fb = feedback(MASTERY, language="zh-CN", replan=late, next_lesson=NEXT,
                  titles={"i3": "循环"})
    text = "\n".join(fb.text)
    assert fb.language == "zh-CN"
    assert "你在variables方面掌握得很好。" in text
    assert "需要加强：loops、files" in text
    assert "已无法在2025年3月23日前完成" in text
    assert "下一步：学习循环，加强loops。" in text


def test_language_aliases_and_fallback() -> None:
    assert feedback({}, language="zh").language == "zh-CN"
    fb = feedback({}, language="fr")
    assert fb.language == "en"
    assert fb.text == ("Take a quiz so we can see which skills you have mastered.",)


def test_every_message_exists_in_both_languages_with_the_same_placeholders() -> None:
    import string

    def fields(t: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(t) if f}

    assert set(CATALOGUE["en"]) == set(CATALOGUE["zh-CN"])
    for key, template in CATALOGUE["en"].items():
        assert fields(template) == fields(CATALOGUE["zh-CN"][key]), key
    assert render("en", "ahead", {"goal": "SQL", "minutes": 30}).startswith("You are 30")
