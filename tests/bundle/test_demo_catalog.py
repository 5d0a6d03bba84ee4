"""The demo catalog in resources/demo/: every course folder is a valid bundle with no
problems at all, and packs into a `.satchel` file that validates too. Folders starting with
"." or "_" (such as `_build`) are not courses."""

from __future__ import annotations

from pathlib import Path

import pytest

from bundle.pack import pack
from bundle.reader import open_bundle
from bundle.validate import validate

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"
COURSES = (
    sorted(p for p in DEMO.iterdir() if p.is_dir() and not p.name.startswith((".", "_")))
    if DEMO.is_dir()
    else []
)


def test_there_is_a_demo_catalog() -> None:
    assert len(COURSES) >= 2, f"expected demo courses in {DEMO}"


@pytest.mark.parametrize("course", COURSES, ids=[c.name for c in COURSES])
def test_demo_course_is_valid_and_packs(course: Path, tmp_path: Path) -> None:
    report = validate(course)
    assert report.problems == (), report.format()

    packed = pack(course, tmp_path / f"{course.name}.satchel")
    report = validate(packed)
    assert report.ok and report.problems == (), report.format()
    with open_bundle(packed) as bundle:
        assert bundle.manifest.id == course.name
        for item in bundle.manifest.items():
            if item.is_quiz:
                assert bundle.quiz(item).questions
            elif item.kind == "text":
                assert bundle.read_text(item).strip()
