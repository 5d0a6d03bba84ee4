"""Small but real course bundles for the store tests, packed with `bundle.pack`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bundle.crypto import generate_content_key
from bundle.pack import pack

LESSON_TWO = "# Lesson two\n\n" + "Paid content paragraph. " * 400 + "\n"


def write_course(
    folder: Path,
    course_id: str,
    *,
    title: str = "Test course",
    description: str = "A tiny course for tests.",
    price: int = 1999,
    currency: str = "USD",
    topic: str = "programming",
    language: str = "en",
    tags: list[str] | None = None,
    version: str = "1.0.0",
    lesson_two: str = LESSON_TWO,
) -> Path:
    """An authoring folder with two Markdown lessons and a quiz."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "lessons").mkdir(exist_ok=True)
    (folder / "quizzes").mkdir(exist_ok=True)
    manifest: dict[str, Any] = {
        "format": "satchel-bundle/1",
        "id": course_id,
        "version": version,
        "min_app_version": "0.1.0",
        "title": title,
        "language": language,
        "authors": [{"name": "Ann Author"}],
        "licence": "CC-BY-4.0",
        "description": description,
        "topic": topic,
        "tags": tags if tags is not None else ["testing"],
        "skills": [{"id": "t.basics", "name": "Basics"}],
        "price_hint": {"amount": price, "currency": currency},
        "outline": [
            {
                "id": "m1",
                "title": "Module one",
                "items": [
                    {
                        "id": "intro",
                        "kind": "text",
                        "title": "Introduction",
                        "path": "lessons/intro.md",
                        "duration_min": 5,
                        "skills": ["t.basics"],
                        "completion": {"type": "viewed"},
                        "free_preview": True,
                    },
                    {
                        "id": "two",
                        "kind": "text",
                        "title": "Lesson two",
                        "path": "lessons/two.md",
                        "duration_min": 7.5,
                        "skills": ["t.basics"],
                        "completion": {"type": "viewed"},
                    },
                    {
                        "id": "q-basics",
                        "kind": "quiz",
                        "title": "Check",
                        "path": "quizzes/q-basics.json",
                        "duration_min": 3,
                        "skills": ["t.basics"],
                        "completion": {"type": "score", "min": 0.5},
                    },
                ],
            }
        ],
    }
    (folder / "manifest.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    (folder / "lessons" / "intro.md").write_text(f"# {title}\n\nWelcome.\n", encoding="utf-8")
    (folder / "lessons" / "two.md").write_text(lesson_two, encoding="utf-8")
    quiz = {
        "id": "q-basics",
        "title": "Check",
        "questions": [
            {
                "id": "q1",
                "type": "true_false",
                "prompt": "Is this a test?",
                "answer": True,
                "explanation": "It is.",
                "skills": ["t.basics"],
                "difficulty": 0.2,
            }
        ],
    }
    (folder / "quizzes" / "q-basics.json").write_text(json.dumps(quiz), encoding="utf-8")
    return folder


def pack_course(
    workdir: Path, course_id: str, *, encrypt: bool = False, **fields: Any
) -> tuple[Path, bytes | None]:
    """Write and pack a course; returns (bundle path, content key if encrypted)."""
    folder = write_course(
        workdir / f"{course_id}-{fields.get('version', '1.0.0')}", course_id, **fields
    )
    key = generate_content_key() if encrypt else None
    out = workdir / f"{course_id}-{fields.get('version', '1.0.0')}.satchel"
    pack(folder, out, encrypt_with=key)
    return out, key
