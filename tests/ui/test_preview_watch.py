"""`satchel preview DIR --watch` on a course made by `satchel-bundle new`: a save reloads
the preview within a second, the open lesson keeps its scroll position, and a manifest
broken by hand only shows up in the report (no crash), until it is fixed."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from bundle.authoring import new_course
from ui.preview import PreviewWindow


def _open(qtbot: Any, folder: Path) -> PreviewWindow:
    win = PreviewWindow(folder, watch=True)
    qtbot.addWidget(win)
    win.resize(900, 500)
    win.show()
    win.load()
    qtbot.waitUntil(
        lambda: win.bundle is not None and win.lesson.lesson is not None, timeout=10_000
    )
    return win


def _save(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def test_a_save_reloads_within_a_second_and_keeps_the_scroll_position(
    qtbot: Any, tmp_path: Path
) -> None:
    folder = new_course(tmp_path / "course", "Knots for sailors", "en")
    lesson = folder / "lessons/01-welcome.md"
    _save(lesson, "# Welcome\n\n" + "".join(f"Paragraph {i} about knots.\n\n" for i in range(200)))
    win = _open(qtbot, folder)
    qtbot.waitUntil(
        lambda: "Paragraph 199" in win.lesson.text_page.browser.toPlainText(), timeout=5_000
    )
    bar = win.lesson.text_page.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 1000, timeout=5_000)
    bar.setValue(bar.maximum() // 2)
    kept = bar.value()
    before = win.reloads

    started = time.monotonic()
    _save(lesson, lesson.read_text(encoding="utf-8") + "A bowline never slips.\n")
    qtbot.waitUntil(
        lambda: "A bowline never slips." in win.lesson.text_page.browser.toPlainText(),
        timeout=3_000,
    )
    assert time.monotonic() - started < 1.0
    assert win.reloads == before + 1
    qtbot.waitUntil(lambda: bar.value() == kept, timeout=2_000)


def test_a_hand_broken_manifest_shows_in_the_report_and_a_fix_brings_the_lesson_back(
    qtbot: Any, tmp_path: Path
) -> None:
    folder = new_course(tmp_path / "course", "Knots for sailors", "en")
    win = _open(qtbot, folder)
    win.open_item("handout")
    qtbot.waitUntil(
        lambda: win.lesson.lesson is not None and win.lesson.lesson.item.id == "handout",
        timeout=5_000,
    )
    manifest = folder / "manifest.json"
    good = manifest.read_text(encoding="utf-8")
    reloads = win.reloads

    _save(manifest, good.replace('"title": "Knots for sailors",', '"title": "Knots",,'))
    qtbot.waitUntil(lambda: win.reloads > reloads, timeout=3_000)
    problems = [win.report_model.problem(r) for r in range(win.report_model.rowCount())]
    assert any(
        p.file == "manifest.json" and p.line == 6 and "invalid JSON" in p.message for p in problems
    ), problems
    assert win.report_summary.text().startswith("✗ Not valid")
    assert win.outline_model.rowCount() == 0

    data = json.loads(good)
    data["outline"][0]["items"][0]["duration_min"] = "five"
    reloads = win.reloads
    _save(manifest, json.dumps(data, indent=2))
    qtbot.waitUntil(lambda: win.reloads > reloads, timeout=3_000)
    shown = win.report_model.index(0, 1).data()
    assert shown.startswith("manifest.json:") and int(shown.split(":")[1]) > 1

    reloads = win.reloads
    _save(manifest, good)
    qtbot.waitUntil(
        lambda: (
            win.reloads > reloads
            and win.lesson.lesson is not None
            and win.lesson.lesson.item.id == "handout"
        ),
        timeout=3_000,
    )
    assert win.report_model.rowCount() == 0
