"""`satchel-bundle new`: a starter course that validates as written, in English and
Chinese, with every lesson kind and every question type, and a report that points at
file:line once the author breaks something."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bundle.cli import main
from bundle.pack import pack
from bundle.validate import check


@pytest.mark.parametrize(("language", "tag"), [("en", "en"), ("zh_CN", "zh-CN")])
def test_new_writes_a_valid_course_with_every_kind(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], language: str, tag: str
) -> None:
    folder = tmp_path / "course"
    assert main(["new", str(folder), "--title", "Ropes and Knots", "--language", language]) == 0
    assert "valid, no problems found" in capsys.readouterr().out
    result = check(folder)
    assert result.report.ok and result.report.problems == (), result.report.format()
    manifest = result.manifest
    assert manifest is not None
    assert (manifest.id, manifest.title, manifest.language) == (
        "ropes-and-knots",
        "Ropes and Knots",
        tag,
    )
    assert {item.kind for item in manifest.items()} == {"text", "pdf", "audio", "video", "quiz"}
    quiz = json.loads((folder / "quizzes/q-check.json").read_text(encoding="utf-8"))
    assert {q["type"] for q in quiz["questions"]} == {
        "single",
        "multiple",
        "true_false",
        "numeric",
        "short_text",
    }
    assert len(manifest.skills) == 2
    # the commented guide stays out of the packed bundle
    assert "satchel-bundle/1" in (folder / ".authoring-guide.md").read_text(encoding="utf-8")
    packed = pack(folder, tmp_path / "c.satchel")
    assert check(packed).report.ok
    assert ".authoring-guide.md" not in {f.path for f in (check(packed).manifest.files or ())}  # type: ignore[union-attr]


def test_new_refuses_a_folder_with_files_and_a_bad_language(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    assert main(["new", str(tmp_path / "busy"), "--title", "X course"]) == 1
    assert "exists and is not empty" in capsys.readouterr().err
    assert (tmp_path / "busy" / "notes.txt").read_text() == "mine"
    assert main(["new", str(tmp_path / "c"), "--title", "X", "--language", "fr"]) == 2


def test_problems_in_a_starter_point_at_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "course"
    assert main(["new", str(folder), "--title", "Ropes and Knots"]) == 0
    manifest = folder / "manifest.json"
    lines = manifest.read_text(encoding="utf-8").splitlines()
    where = next(i for i, line in enumerate(lines, 1) if '"lessons/02-handout.pdf"' in line)
    manifest.write_text(
        "\n".join(lines).replace('"lessons/02-handout.pdf"', '"lessons/02-handout.doc"'),
        encoding="utf-8",
    )
    capsys.readouterr()
    assert main(["validate", str(folder)]) == 1
    out = capsys.readouterr().out
    assert f"manifest.json:{where}: outline[0].items[1].path:" in out
