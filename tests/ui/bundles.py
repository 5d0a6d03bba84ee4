"""Small but complete course bundles written on the fly for UI tests (no demo data needed).

`write_bundle(folder)` makes a folder bundle with a Markdown lesson (with an image), a PDF,
an audio lesson with transcript, and a quiz with all five question types.
"""

from __future__ import annotations

import json
import struct
import wave
import zlib
from pathlib import Path
from typing import Any

COURSE_ID = "ui-test-course"


def tiny_pdf(pages: int = 2) -> bytes:
    """A valid PDF with ``pages`` pages of text, built by hand with a correct xref table."""
    objects: list[bytes] = []
    kids = " ".join(f"{3 + 2 * i} 0 R" for i in range(pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>".encode())
    font_obj = 3 + 2 * pages
    for i in range(pages):
        content_obj = 4 + 2 * i
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents {content_obj} 0 R "
            f"/Resources << /Font << /F1 {font_obj} 0 R >> >> >>".encode()
        )
        stream = f"BT /F1 18 Tf 30 120 Td (Page {i + 1} of the handout) Tj ET".encode()
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for off in offsets:
        out += f"{off:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def tiny_png() -> bytes:
    """A 4x4 blue PNG."""
    raw = b"".join(b"\x00" + b"\x20\x60\xd0" * 4 for _ in range(4))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(
            ">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 4, 4, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def write_wav(path: Path, seconds: float = 0.5) -> None:
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(8000)
        w.writeframes(b"\0\0" * int(8000 * seconds))


QUIZ: dict[str, Any] = {
    "id": "check",
    "title": "Check your understanding",
    "questions": [
        {"id": "q1", "type": "single", "prompt": "What is `2 + 2`?",
         "choices": [{"id": "a", "text": "3"}, {"id": "b", "text": "4"}],
         "answer": "b", "explanation": "Two plus two is four.", "skills": ["s.add"],
         "difficulty": 0.1},
        {"id": "q2", "type": "multiple", "prompt": "Which are even?",
         "choices": [{"id": "a", "text": "2"}, {"id": "b", "text": "3"}, {"id": "c", "text": "4"}],
         "answer": ["a", "c"], "explanation": "2 and 4 divide by two.", "skills": ["s.add"],
         "difficulty": 0.3},
        {"id": "q3", "type": "true_false", "prompt": "Zero is even.", "answer": True,
         "explanation": "0 = 2 × 0.", "skills": ["s.add"], "difficulty": 0.2},
        {"id": "q4", "type": "numeric", "prompt": "Half of 7?", "answer": 3.5,
         "tolerance": 0.01, "unit": "kg", "explanation": "7 / 2 = 3.5.", "skills": ["s.div"],
         "difficulty": 0.4},
        {"id": "q5", "type": "short_text", "prompt": "Name the function that prints.",
         "answer": ["print", "print()"], "case_sensitive": False,
         "explanation": "`print` writes to the screen.", "skills": ["s.div"], "difficulty": 0.5},
    ],
}

LESSON_MD = """# Adding numbers

Adding is **combining** amounts.

![dots](../media/dots.png)

| a | b | a + b |
|---|---|-------|
| 1 | 2 | 3     |

""" + "\n\n".join(f"Paragraph {i}: practice makes permanent." for i in range(40))


def manifest(course_id: str = COURSE_ID, title: str = "Numbers for beginners") -> dict[str, Any]:
    return {
        "format": "satchel-bundle/1",
        "id": course_id,
        "version": "1.0.0",
        "min_app_version": "0.1.0",
        "title": title,
        "language": "en",
        "authors": [{"name": "Test Author"}],
        "licence": "CC-BY-4.0",
        "description": "Counting and adding, for UI tests.",
        "topic": "other",
        "tags": ["maths"],
        "skills": [{"id": "s.add", "name": "Addition"}, {"id": "s.div", "name": "Division"}],
        "price_hint": {"amount": 0, "currency": "USD"},
        "outline": [
            {"id": "m1", "title": "Basics", "items": [
                {"id": "l-add", "kind": "text", "title": "Adding numbers",
                 "path": "lessons/add.md", "duration_min": 5, "skills": ["s.add"],
                 "completion": {"type": "viewed"}, "free_preview": True},
                {"id": "l-pdf", "kind": "pdf", "title": "Handout", "path": "lessons/handout.pdf",
                 "duration_min": 3, "skills": ["s.add"], "completion": {"type": "viewed"}},
                {"id": "l-audio", "kind": "audio", "title": "Listen: halves",
                 "path": "lessons/halves.wav", "duration_min": 1, "skills": ["s.div"],
                 "completion": {"type": "viewed"}, "transcript": "lessons/halves.md"},
            ]},
            {"id": "m2", "title": "Practice", "items": [
                {"id": "check", "kind": "quiz", "title": "Check your understanding",
                 "path": "quizzes/check.json", "duration_min": 4, "skills": ["s.add", "s.div"],
                 "completion": {"type": "score", "min": 0.6}},
            ]},
        ],
    }


def write_bundle(folder: Path, **kw: Any) -> Path:
    (folder / "lessons").mkdir(parents=True, exist_ok=True)
    (folder / "quizzes").mkdir(exist_ok=True)
    (folder / "media").mkdir(exist_ok=True)
    (folder / "manifest.json").write_text(json.dumps(manifest(**kw), indent=1), encoding="utf-8")
    (folder / "lessons" / "add.md").write_text(LESSON_MD, encoding="utf-8")
    (folder / "lessons" / "handout.pdf").write_bytes(tiny_pdf())
    write_wav(folder / "lessons" / "halves.wav")
    (folder / "lessons" / "halves.md").write_text("Half of seven is **three and a half**.",
                                                  encoding="utf-8")
    (folder / "media" / "dots.png").write_bytes(tiny_png())
    (folder / "quizzes" / "check.json").write_text(json.dumps(QUIZ, indent=1), encoding="utf-8")
    return folder
