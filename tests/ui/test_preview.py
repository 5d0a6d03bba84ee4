"""`satchel preview PATH`: a bundle exactly as a learner sees it, answers not recorded, and
the validator's report beside it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from bundles import write_bundle  # type: ignore[import-not-found]
from PySide6.QtWidgets import QCheckBox, QRadioButton

from app import paths
from ui.preview import PreviewWindow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def preview(qtbot: Any, tmp_path: Path) -> Any:
    return open_preview(qtbot, write_bundle(tmp_path / "bundle"))


def open_preview(qtbot: Any, path: Path) -> PreviewWindow:
    win = PreviewWindow(path)
    qtbot.addWidget(win)
    win.show()
    win.load()
    qtbot.waitUntil(lambda: win.bundle is not None, timeout=10_000)
    return win


def wait_lesson(qtbot: Any, win: PreviewWindow, item_id: str) -> None:
    qtbot.waitUntil(lambda: win.lesson.lesson is not None
                    and win.lesson.lesson.item.id == item_id, timeout=10_000)


def test_valid_bundle_shows_outline_first_lesson_and_a_clean_report(preview: Any,
                                                                    qtbot: Any) -> None:
    win = preview
    assert win.title.text() == "Numbers for beginners"
    assert win.windowTitle() == "Preview — Numbers for beginners"
    model = win.outline_model
    assert [model.index(i, 0).data() for i in range(model.rowCount())] == ["Basics", "Practice"]
    wait_lesson(qtbot, win, "l-add")
    html = win.lesson.text_page.browser.toHtml()
    assert "Adding numbers" in html and "combining" in html
    assert win.report_model.rowCount() == 0
    assert win.report_summary.text() == "✓ Valid: no problems found."
    assert "4 items" in win.meta.text()


def test_quiz_all_five_types_with_feedback_explanation_and_retry(preview: Any,
                                                                 qtbot: Any) -> None:
    win = preview
    win.open_item("check")
    wait_lesson(qtbot, win, "check")
    quiz = win.lesson.quiz_view
    answered: list[Any] = []
    quiz.answered.connect(answered.append)
    assert quiz.counter.text() == "Question 1 of 5"

    def choose(label_value: Any) -> None:
        for b in quiz.area.buttons:
            if b.property("value") == label_value:
                b.click()

    # 1 single choice: wrong first, then retry and get it right
    choose("a")
    quiz.check_button.click()
    assert quiz.feedback.text().startswith("✗ Not quite")
    assert "the answer is: 4" in quiz.feedback.text()
    assert "Two plus two is four." in quiz.explanation.text()
    assert quiz.retry_button.isVisible()
    quiz.retry_button.click()
    choose("b")
    quiz.check_button.click()
    assert quiz.feedback.text() == "✓ Correct"
    quiz.next_button.click()
    # 2 multiple choice
    assert all(isinstance(b, QCheckBox) for b in quiz.area.buttons)
    choose("a")
    choose("c")
    quiz.check_button.click()
    assert quiz.feedback.text() == "✓ Correct"
    quiz.next_button.click()
    # 3 true/false
    assert all(isinstance(b, QRadioButton) for b in quiz.area.buttons)
    choose(True)
    quiz.check_button.click()
    assert quiz.feedback.text() == "✓ Correct"
    quiz.next_button.click()
    # 4 numeric with unit and tolerance
    qtbot.keyClicks(quiz.area.line, "3.5")
    quiz.check_button.click()
    assert quiz.feedback.text() == "✓ Correct"
    quiz.next_button.click()
    # 5 short text, case-insensitive
    qtbot.keyClicks(quiz.area.line, "PRINT")
    quiz.check_button.click()
    assert quiz.feedback.text() == "✓ Correct"
    assert quiz.next_button.text() == "See results"
    quiz.next_button.click()
    assert quiz.summary_title.text() == "Quiz complete"
    assert "4 of 5 correct on the first try (80%)" in quiz.summary_text.text()
    assert [a.correct for a in answered] == [False, True, True, True, True, True]
    assert answered[1].attempt == 2
    quiz.restart_button.click()
    assert quiz.counter.text() == "Question 1 of 5"
    # preview records nothing: there is no database at all
    assert not paths.database_path().exists()


def test_check_is_disabled_until_an_answer_is_given(preview: Any, qtbot: Any) -> None:
    win = preview
    win.open_item("check")
    wait_lesson(qtbot, win, "check")
    quiz = win.lesson.quiz_view
    assert not quiz.check_button.isEnabled()
    quiz.area.buttons[0].click()
    assert quiz.check_button.isEnabled()


def test_pdf_lesson_shows_pages(preview: Any, qtbot: Any) -> None:
    win = preview
    win.open_item("l-pdf")
    wait_lesson(qtbot, win, "l-pdf")
    page = win.lesson.pdf_page
    qtbot.waitUntil(lambda: page.document.pageCount() == 2)
    assert page.page_label.text() == "Page 1 of 2"
    image = page.document.render(0, page.document.pagePointSize(0).toSize())
    assert not image.isNull()


def test_audio_lesson_has_player_and_transcript(preview: Any, qtbot: Any) -> None:
    win = preview
    win.open_item("l-audio")
    wait_lesson(qtbot, win, "l-audio")
    media = win.lesson.media_page
    assert "three and a half" in media.transcript.toPlainText()
    assert media.transcript_box.isVisible()
    assert media.play_button.text() == "Play"
    qtbot.waitUntil(lambda: media.slider.maximum() > 0, timeout=10_000)
    assert media.time_label.text().endswith("/ 0:00")  # a half-second clip
    win.close()


def test_bad_bundle_shows_every_problem_with_file_and_field(qtbot: Any, tmp_path: Path) -> None:
    folder = write_bundle(tmp_path / "bad")
    quiz = json.loads((folder / "quizzes" / "check.json").read_text())
    del quiz["questions"][0]["answer"]
    quiz["questions"][1]["type"] = "essay"
    (folder / "quizzes" / "check.json").write_text(json.dumps(quiz))
    (folder / "lessons" / "handout.pdf").unlink()
    win = open_preview(qtbot, folder)
    model = win.report_model
    rows = [tuple(model.index(r, c).data() for c in range(4)) for r in range(model.rowCount())]
    files = {r[1] for r in rows}
    assert "quizzes/check.json:1" in files  # file:line (the quiz is written on one line)
    assert any(r[2] == "questions[0].answer" and "answer key is missing" in r[3] for r in rows)
    assert any("essay" in r[3] for r in rows)
    assert any("handout.pdf" in r[1] + r[3] for r in rows)
    assert win.report_summary.text().startswith("✗ Not valid:")
    # the lessons that are fine still open
    wait_lesson(qtbot, win, "l-add")
    win.open_item("l-pdf")
    qtbot.waitUntil(lambda: "cannot be opened" in win.lesson.message.text(), timeout=10_000)
    assert "handout.pdf" in win.lesson.message.text()


def test_missing_path_is_reported_plainly(qtbot: Any, tmp_path: Path) -> None:
    win = open_preview(qtbot, tmp_path / "nowhere")
    assert win.report_model.rowCount() == 1
    assert "there is no file or folder" in win.report_model.index(0, 3).data()
    assert "cannot be shown" in win.lesson.message.text()


def _run_app(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", SATCHEL_HOME=str(home))
    return subprocess.run([sys.executable, "-m", "ui.main", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=240)


@pytest.mark.slow
def test_self_test_opens_the_window_and_a_demo_bundle(tmp_path: Path) -> None:
    res = _run_app("--self-test", home=tmp_path)
    assert res.returncode == 0, res.stdout + res.stderr
    assert "self-test: main window shown" in res.stdout
    assert "self-test: services started" in res.stdout
    assert "self-test: demo bundle opened" in res.stdout
