"""Message catalogue for personalised feedback, keyed by language code ('en', 'zh-CN').

Each message is a `str.format` template; `render` fills it, formatting skill lists, dates and
numbers the way each language writes them. Unknown language codes fall back to English;
'zh', 'zh_CN' and 'zh-Hans' mean 'zh-CN'. Pure; thread-safe.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date

LANGUAGES = ("en", "zh-CN")

CATALOGUE: Mapping[str, Mapping[str, str]] = {
    "en": {
        "strengths": "You are strong in {skills}.",
        "weak_skills": "Work on {skills}: your mastery there is below {threshold}%.",
        "no_evidence": "Take a quiz so we can see which skills you have mastered.",
        "on_track": "You are on track to finish “{goal}” by {due}.",
        "ahead": "You are {minutes} minutes ahead of plan for “{goal}”.",
        "behind": (
            "You are {minutes} minutes behind plan for “{goal}”; the rest has been "
            "spread over your next study days."
        ),
        "not_achievable": (
            "“{goal}” can no longer be finished by {due} with your current study time: "
            "{minutes} minutes short. Add about {per_day} minutes per study day, or move "
            "the due date to {finish}."
        ),
        "done": "You have finished everything in “{goal}”. Well done!",
        "next_strengthen_weak_skill": "Next: {item}, to strengthen {skill}.",
        "next_review_weak_skill": "Go back over {item} to review {skill}.",
        "next_prerequisite_of": "Next: {item}, which {target} builds on.",
        "next_next_in_outline": "Next: {item}.",
        "reviews_due": "{count} review questions are due today.",
        "outcome": "Your expected score on a check of the whole course is {score}%.",
    },
    "zh-CN": {
        "strengths": "你在{skills}方面掌握得很好。",
        "weak_skills": "需要加强：{skills}（掌握度低于{threshold}%）。",
        "no_evidence": "先做一次测验，我们才能了解你掌握了哪些技能。",
        "on_track": "你正按计划推进，可以在{due}前完成“{goal}”。",
        "ahead": "“{goal}”的进度比计划提前了{minutes}分钟。",
        "behind": "“{goal}”的进度落后计划{minutes}分钟，剩余内容已重新分配到接下来的学习日。",
        "not_achievable": (
            "按你目前的学习时间，“{goal}”已无法在{due}前完成：还差{minutes}分钟。"
            "请每个学习日增加约{per_day}分钟，或把截止日期改到{finish}。"
        ),
        "done": "“{goal}”的全部内容你都已完成，做得好！",
        "next_strengthen_weak_skill": "下一步：学习{item}，加强{skill}。",
        "next_review_weak_skill": "回顾{item}，复习{skill}。",
        "next_prerequisite_of": "下一步：学习{item}，它是{target}的基础。",
        "next_next_in_outline": "下一步：学习{item}。",
        "reviews_due": "今天有{count}道复习题到期。",
        "outcome": "你在整门课程测验中的预期得分为{score}%。",
    },
}

_ALIASES = {"zh": "zh-CN", "zh_cn": "zh-CN", "zh-cn": "zh-CN", "zh-hans": "zh-CN"}


def language_of(code: str) -> str:
    if code in CATALOGUE:
        return code
    return _ALIASES.get(code.lower(), "en")


def _format_value(language: str, value: object) -> str:
    if isinstance(value, date):
        if language == "zh-CN":
            return f"{value.year}年{value.month}月{value.day}日"
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        items = [str(v) for v in value]
        if language == "zh-CN":
            return "、".join(items)
        return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)
    return str(value)


def render(language: str, key: str, params: Mapping[str, object] | None = None) -> str:
    lang = language_of(language)
    template = CATALOGUE[lang][key]
    values = {k: _format_value(lang, v) for k, v in (params or {}).items()}
    return template.format(**values)


def keys() -> Sequence[str]:
    return tuple(CATALOGUE["en"])
