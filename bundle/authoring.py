"""`satchel-bundle new`: a starter course an instructor can edit, valid as written.

The starter holds a manifest, one lesson of each kind (Markdown text, PDF, audio with a
transcript, video with a transcript), a quiz with every question type and two skills. JSON
has no comments, so the explanations live in the Markdown lessons (HTML comments the learner
never sees) and in `.authoring-guide.md`, a dotfile the packer leaves out. English and
Simplified Chinese texts. Pure file writing; runs on the calling thread.
"""

from __future__ import annotations

import io
import json
import math
import re
import struct
import wave
from importlib.resources import files
from pathlib import Path
from typing import Any

from bundle.errors import BundleError

LANGUAGES = {"en": "en", "zh_CN": "zh-CN", "zh-CN": "zh-CN"}
_SLUG = re.compile(r"[^a-z0-9]+")

_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "author": "Your Name",
        "description": "What learners will be able to do after this course, in two or "
        "three sentences. **Markdown** works here.",
        "module1": "Getting started",
        "module2": "Practice",
        "welcome": "Welcome",
        "handout": "Handout (PDF)",
        "audio": "Listen: the course in one minute",
        "video": "Watch: a short demonstration",
        "quiz": "Check what you learned",
        "skill_basics": "The basics",
        "skill_practice": "Putting it into practice",
        "welcome_md": (
            '<!-- This is a Markdown lesson (kind "text" in manifest.json). Learners do not '
            "see HTML comments like this one. Headings, lists, tables, code blocks and images "
            "work; put pictures in media/ and link them from here. -->\n\n"
            "# Welcome\n\nThis course shows how a Satchel course is built. Replace this text "
            "with your first lesson.\n\n"
            "- Keep lessons short: 5 to 15 minutes each.\n"
            "- Say at the start what the learner will be able to do at the end.\n"
        ),
        "transcript_md": (
            "<!-- A transcript is shown next to an audio or video lesson (the item's "
            '"transcript" field). Learners can read instead of listening. -->\n\n'
            "# Transcript\n\nA one-second tone: replace the media file with your recording "
            "and this text with what is said in it.\n"
        ),
        "pdf_text": "Handout: replace lessons/handout.pdf with your own PDF.",
        "q_single": "Which kind of lesson is a Markdown file?",
        "q_multiple": "Which of these can a lesson be? Select all that apply.",
        "q_true_false": "A course bundle can be previewed before it is published.",
        "q_numeric": "How many minutes long should one lesson be, at most, by this course's "
        "advice?",
        "q_short_text": "Which command checks a course folder? (one word after satchel-bundle)",
        "explanation": "Explain why the answer is right; learners see this after answering.",
        "choice_text": "text",
        "choice_pdf": "pdf",
        "choice_quiz": "quiz",
        "choice_song": "a song lyric",
    },
    "zh-CN": {
        "author": "你的名字",
        "description": "用两三句话说明学完本课程后学员能做什么。这里可以使用 **Markdown**。",
        "module1": "入门",
        "module2": "练习",
        "welcome": "欢迎",
        "handout": "讲义（PDF）",
        "audio": "收听：一分钟了解本课程",
        "video": "观看：简短演示",
        "quiz": "检查学习成果",
        "skill_basics": "基础知识",
        "skill_practice": "实践应用",
        "welcome_md": (
            '<!-- 这是一节 Markdown 课（manifest.json 中 kind 为 "text"）。学员看不到这样的 '
            "HTML 注释。可以使用标题、列表、表格、代码块和图片"
            "（图片放在 media/ 文件夹中）。 -->\n\n"
            "# 欢迎\n\n本课程展示 Satchel 课程的结构。请把这段文字换成你的第一课。\n\n"
            "- 每节课保持简短：5 到 15 分钟。\n"
            "- 开头说明学员学完后能做什么。\n"
        ),
        "transcript_md": (
            '<!-- 文字稿显示在音频或视频课旁边（条目的 "transcript" 字段），'
            "学员可以阅读而不必收听。 -->\n\n"
            "# 文字稿\n\n一秒钟的提示音：请换成你的录音，并把这段文字换成录音内容。\n"
        ),
        "pdf_text": "Handout: replace lessons/handout.pdf with your own PDF.",
        "q_single": "Markdown 文件是哪一种课？",
        "q_multiple": "课可以是下面哪些类型？请选出所有正确答案。",
        "q_true_false": "课程包在发布之前可以预览。",
        "q_numeric": "按照本课程的建议，一节课最多应该多少分钟？",
        "q_short_text": "哪个命令检查课程文件夹？（satchel-bundle 后面的一个词）",
        "explanation": "解释答案为什么正确；学员答题后会看到这段说明。",
        "choice_text": "text",
        "choice_pdf": "pdf",
        "choice_quiz": "quiz",
        "choice_song": "歌词",
    },
}

GUIDE = """\
# Authoring guide for this course (not packed: files starting with "." stay out)

Edit, then check and look:

    satchel-bundle validate .          # every problem, with file:line
    satchel preview . --watch          # reloads on every save
    satchel-bundle publish . --store https://your.store   # upload, review, publish

## manifest.json, field by field

- `format`: always "satchel-bundle/1".
- `id`: the course's permanent id (lower-case letters, digits, "-"); never change it
  after the first publish: new versions of the course keep it.
- `version`: MAJOR.MINOR.PATCH; every publish needs a higher one.
- `min_app_version`: the oldest Satchel that can open the course.
- `title`, `description` (Markdown), `language` (en or zh-CN), `authors`, `licence`
  (an SPDX id such as CC-BY-4.0, or "proprietary").
- `topic`: programming, data, fitness, arts, language, finance or other; `tags`: lower-case.
- `skills`: what the course teaches; every lesson and question names the skills it trains.
- `price_hint`: price in minor units (1999 = 19.99) and an ISO currency; 0 = free.
- `outline`: modules, each with items. An item is a lesson or a quiz:
  - `kind`: text (.md), pdf, audio (.ogg .wav .mp3 .m4a), video (.mp4 .webm), quiz (.json);
  - `duration_min`: expected minutes; `completion`: {"type": "viewed"},
    {"type": "time", "min_seconds": N} or, for quizzes, {"type": "score", "min": 0.7};
  - `free_preview`: true lets people open it before buying;
  - `transcript`: a Markdown file shown next to audio and video.
- `files` is written by `satchel-bundle pack`; leave it out while authoring.

## quizzes/*.json

Question types: single, multiple, true_false, numeric (with `tolerance`, optional `unit`),
short_text (a list of accepted answers, `case_sensitive`). Each question has a prompt, the
answer, an explanation shown after answering, its skills and a difficulty from 0 to 1.
The quiz `id` must equal the id of the outline item that points at it.
"""


def slug(title: str) -> str:
    """A course id from a title ("My First Course" -> "my-first-course")."""
    text = _SLUG.sub("-", title.lower()).strip("-")
    if len(text) < 3:
        text = (text + "-course").strip("-")
    return text[:64].strip("-")


def tone_wav(seconds: float = 1.0, hz: float = 440.0, rate: int = 8000) -> bytes:
    """A short sine tone as 16-bit mono WAV: a real, playable placeholder recording."""
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        frames = b"".join(
            struct.pack("<h", int(9000 * math.sin(2 * math.pi * hz * i / rate)))
            for i in range(int(seconds * rate))
        )
        w.writeframes(frames)
    return buf.getvalue()


def simple_pdf(lines: list[str]) -> bytes:
    """A one-page PDF (Helvetica) with `lines` of ASCII text; a valid placeholder."""

    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text = "BT /F1 14 Tf 72 760 Td 18 TL " + " ".join(f"({esc(s)}) '" for s in lines) + " ET"
    stream = text.encode("latin-1", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _quiz(t: dict[str, str]) -> dict[str, Any]:
    common = {"explanation": t["explanation"]}
    return {
        "id": "q-check",
        "title": t["quiz"],
        "questions": [
            {
                "id": "q1",
                "type": "single",
                "prompt": t["q_single"],
                "choices": [
                    {"id": "a", "text": t["choice_text"]},
                    {"id": "b", "text": t["choice_pdf"]},
                    {"id": "c", "text": t["choice_quiz"]},
                ],
                "answer": "a",
                "skills": ["basics"],
                "difficulty": 0.2,
                **common,
            },
            {
                "id": "q2",
                "type": "multiple",
                "prompt": t["q_multiple"],
                "choices": [
                    {"id": "a", "text": t["choice_text"]},
                    {"id": "b", "text": t["choice_pdf"]},
                    {"id": "c", "text": t["choice_song"]},
                ],
                "answer": ["a", "b"],
                "skills": ["basics"],
                "difficulty": 0.4,
                **common,
            },
            {
                "id": "q3",
                "type": "true_false",
                "prompt": t["q_true_false"],
                "answer": True,
                "skills": ["practice"],
                "difficulty": 0.1,
                **common,
            },
            {
                "id": "q4",
                "type": "numeric",
                "prompt": t["q_numeric"],
                "answer": 15,
                "tolerance": 0,
                "unit": "min",
                "skills": ["practice"],
                "difficulty": 0.5,
                **common,
            },
            {
                "id": "q5",
                "type": "short_text",
                "prompt": t["q_short_text"],
                "answer": ["validate"],
                "case_sensitive": False,
                "skills": ["practice"],
                "difficulty": 0.6,
                **common,
            },
        ],
    }


def starter_manifest(course_id: str, title: str, language: str) -> dict[str, Any]:
    t = _TEXT[language]

    def item(id_: str, kind: str, title_key: str, path: str, minutes: float, **kw: Any) -> Any:
        return {
            "id": id_,
            "kind": kind,
            "title": t[title_key],
            "path": path,
            "duration_min": minutes,
            "skills": kw.pop("skills", ["basics"]),
            "completion": kw.pop("completion", {"type": "viewed"}),
            **kw,
        }

    return {
        "format": "satchel-bundle/1",
        "id": course_id,
        "version": "0.1.0",
        "min_app_version": "0.1.0",
        "title": title,
        "language": language,
        "authors": [{"name": t["author"]}],
        "licence": "proprietary",
        "description": t["description"],
        "topic": "other",
        "tags": ["starter"],
        "skills": [
            {"id": "basics", "name": t["skill_basics"]},
            {"id": "practice", "name": t["skill_practice"]},
        ],
        "price_hint": {"amount": 0, "currency": "CNY" if language == "zh-CN" else "USD"},
        "outline": [
            {
                "id": "m1",
                "title": t["module1"],
                "items": [
                    item("welcome", "text", "welcome", "lessons/01-welcome.md", 5,
                         free_preview=True),
                    item("handout", "pdf", "handout", "lessons/02-handout.pdf", 5),
                    item("listen", "audio", "audio", "lessons/03-listen.wav", 1,
                         completion={"type": "time", "min_seconds": 1},
                         transcript="lessons/03-listen.md"),
                ],
            },
            {
                "id": "m2",
                "title": t["module2"],
                "items": [
                    item("watch", "video", "video", "lessons/04-watch.mp4", 2,
                         skills=["practice"], completion={"type": "time", "min_seconds": 5},
                         transcript="lessons/04-watch.md"),
                    item("q-check", "quiz", "quiz", "quizzes/q-check.json", 5,
                         skills=["basics", "practice"],
                         completion={"type": "score", "min": 0.6}),
                ],
            },
        ],
    }  # fmt: skip


def new_course(folder: Path, title: str, language: str = "en", course_id: str = "") -> Path:
    """Write a starter course into `folder` (which must not exist or be empty)."""
    lang = LANGUAGES.get(language)
    if lang is None:
        raise BundleError(f"language {language!r}: use en or zh_CN")
    if not title.strip():
        raise BundleError("the course needs a title (--title)")
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise BundleError(f"{folder}: exists and is not empty; choose a new folder")
    cid = course_id or slug(title) or "my-course"
    if cid == "course" or len(cid) < 3:
        cid = "my-course"
    t = _TEXT[lang]
    (folder / "lessons").mkdir(parents=True, exist_ok=True)
    (folder / "quizzes").mkdir()
    manifest = starter_manifest(cid, title.strip(), lang)
    (folder / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (folder / "lessons/01-welcome.md").write_text(t["welcome_md"], encoding="utf-8")
    (folder / "lessons/02-handout.pdf").write_bytes(
        simple_pdf([title.strip(), t["pdf_text"]] if title.isascii() else [t["pdf_text"]])
    )
    (folder / "lessons/03-listen.wav").write_bytes(tone_wav())
    (folder / "lessons/03-listen.md").write_text(t["transcript_md"], encoding="utf-8")
    video = files("bundle").joinpath("starter/video.mp4").read_bytes()
    (folder / "lessons/04-watch.mp4").write_bytes(video)
    (folder / "lessons/04-watch.md").write_text(t["transcript_md"], encoding="utf-8")
    (folder / "quizzes/q-check.json").write_text(
        json.dumps(_quiz(t), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    (folder / ".authoring-guide.md").write_text(GUIDE, encoding="utf-8")
    return folder
