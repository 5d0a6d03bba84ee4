"""Lessons count as done by a rule the learner can see: a text read to the end after a
plausible time (its words at a brisk pace, not the author's 10 minutes), a recording by
the share actually played, or "Mark as done" (with its undo). Progress, the Library and
"Continue learning" follow; the instructor preview shows the same rule."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import support  # type: ignore[import-not-found]
from bundles import write_bundle, write_wav  # type: ignore[import-not-found]
from support import _window, wait_idle  # type: ignore[import-not-found]

import ui.screens.course as course_module

COURSE = "reading-course"
WORDS = 1500  # at 300 words a minute: 5 minutes of reading; the author asks for 10
AUTHOR_S = 600
AUDIO_S = 3.0


def long_lesson() -> str:
    sentence = "Practice adding small numbers until the sums come without counting."
    per = len(sentence.split())  # 10 words
    return "# Adding numbers\n\n" + "\n\n".join(sentence for _ in range(WORDS // per))


def write_course(folder: Path) -> Path:
    write_bundle(folder, course_id=COURSE, title="Reading numbers")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    lesson = manifest["outline"][0]["items"][0]
    lesson["completion"] = {"type": "time", "min_seconds": AUTHOR_S}
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (folder / "lessons" / "add.md").write_text(long_lesson(), encoding="utf-8")
    write_wav(folder / "lessons" / "halves.wav", seconds=AUDIO_S)
    return folder


@pytest.fixture(scope="module")
def reading_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    catalog = tmp_path_factory.mktemp("catalog")
    write_course(catalog / COURSE)
    store = support.TestStore(tmp_path_factory.mktemp("store"), catalog)
    yield store
    store.stop()
    store.ctx.db.dispose()


@pytest.fixture
def win(qtbot: Any, reading_store: Any) -> Iterator[Any]:
    yield from _window(qtbot, reading_store.url)


class Clock:
    """The course screen's clock, moved by the test (minutes on a page, in no time)."""

    def __init__(self) -> None:
        import time

        self.offset = 0.0
        self._mono = time.monotonic

    def __call__(self) -> float:
        return self._mono() + self.offset


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(course_module, "_now", c)
    return c


def open_course(win: Any, qtbot: Any, item_id: str = "l-add") -> Any:
    services = win.controller.services
    services.catalog.buy(COURSE, expected_amount=0, expected_currency="USD")
    services.library.download(COURSE)
    win.go("course", course_id=COURSE, item_id=item_id)
    course = win.screens["course"]
    qtbot.waitUntil(
        lambda: (
            course.item is not None and course.item.id == item_id and course._standing is not None
        ),
        timeout=20_000,
    )
    return course


def test_reading_to_the_end_with_a_plausible_time_counts(
    win: Any, qtbot: Any, clock: Clock
) -> None:
    course = open_course(win, qtbot)
    rule = course.rule_label
    assert rule.isVisible()
    # the rule says what counts and how far along: 5 minutes of reading, not the author's 10
    assert rule.text() == (
        "To complete: read to the end (at least 5 min on the page) · "
        "0 of 5 min · not at the end yet"
    )
    assert course.progress_label.text() == "0 of 4 lessons done"

    bar = course.lesson.text_page.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())  # at the end at once: skimmed, not read
    qtbot.waitUntil(lambda: "at the end ✓" in rule.text(), timeout=5_000)
    wait_idle(win)
    assert course.progress_label.text() == "0 of 4 lessons done"
    assert not course.outline_model.is_done("l-add")

    clock.offset += 2 * 60
    qtbot.waitUntil(lambda: "2 of 5 min" in rule.text(), timeout=5_000)
    assert not course.outline_model.is_done("l-add")
    clock.offset += 3 * 60 + 1  # 5 minutes on the page, and at the end: done
    qtbot.waitUntil(lambda: course.outline_model.is_done("l-add"), timeout=10_000)
    assert rule.text() == "Done ✓"
    assert course.progress_label.text() == "1 of 4 lessons done"
    services = win.controller.services
    assert services.progress.completed(COURSE) == {"l-add"}

    # the Library, "Continue learning" on Home and the progress figures follow
    win.go("library")
    wait_idle(win)
    lib = win.screens["library"]
    assert lib.model.index(0, 2).data() == "1 of 4 done"
    win.go("home")
    wait_idle(win)
    home = win.screens["home"]
    assert [n.item_key for n in home.summary.next_lessons][:1] == ["l-pdf"]
    assert services.guidance.progress_summary().total_minutes >= 5


def test_the_author_time_alone_counts_without_reaching_the_end(
    win: Any, qtbot: Any, clock: Clock
) -> None:
    course = open_course(win, qtbot)
    clock.offset += AUTHOR_S + 1  # ten minutes on the page, never scrolled down
    qtbot.waitUntil(lambda: course.outline_model.is_done("l-add"), timeout=10_000)
    assert course.progress_label.text() == "1 of 4 lessons done"


def test_mark_as_done_and_undo(win: Any, qtbot: Any) -> None:
    course = open_course(win, qtbot)
    button = course.done_button
    assert button.isVisible() and button.text() == "Mark as done"
    button.click()
    qtbot.waitUntil(lambda: course.outline_model.is_done("l-add"), timeout=10_000)
    assert course.rule_label.text() == "Done ✓ · marked by you"
    assert course.progress_label.text() == "1 of 4 lessons done"
    assert button.text() == "Mark as not done"
    services = win.controller.services
    assert services.progress.completed(COURSE) == {"l-add"}

    button.click()  # undo
    qtbot.waitUntil(lambda: not course.outline_model.is_done("l-add"), timeout=10_000)
    assert course.progress_label.text() == "0 of 4 lessons done"
    assert button.text() == "Mark as done"
    assert course.rule_label.text().startswith("To complete: read to the end")
    assert services.progress.completed(COURSE) == set()
    # the undo holds in the record: a fresh read agrees, and Home offers it again
    win.go("home")
    wait_idle(win)
    assert win.screens["home"].summary.next_lessons[0].item_key == "l-add"


@pytest.mark.slow
def test_a_recording_counts_by_the_share_actually_played(win: Any, qtbot: Any) -> None:
    course = open_course(win, qtbot, "l-audio")
    media = course.lesson.media_page
    from PySide6.QtMultimedia import QMediaPlayer  # loaded by the player page first

    player = media.player
    qtbot.waitUntil(lambda: player.duration() > 0, timeout=15_000)
    assert course.rule_label.text().startswith("To complete: play at least 90% of it")
    # skip to near the end and let it play out: the end is reached, most of it unheard
    player.setPosition(int(player.duration() * 0.6))
    qtbot.waitUntil(lambda: player.position() >= int(player.duration() * 0.6) - 50, timeout=5_000)
    player.play()
    qtbot.waitUntil(
        lambda: player.mediaStatus() == QMediaPlayer.MediaStatus.EndOfMedia, timeout=15_000
    )
    wait_idle(win)
    qtbot.wait(1_200)  # a tick of the completion line
    assert not course.outline_model.is_done("l-audio")
    assert "of 0:03 played" in course.rule_label.text()
    assert course.rule_label.text().split(" · ")[1] in (
        "0:01 of 0:03 played",
        "0:02 of 0:03 played",
    )
    # from the start to the end: now it counts
    player.setPosition(0)
    player.play()
    qtbot.waitUntil(lambda: course.outline_model.is_done("l-audio"), timeout=20_000)
    assert course.rule_label.text() == "Done ✓"
    standing = win.controller.services.progress.standing(
        COURSE, win.controller.services.library.manifest(COURSE).item("l-audio")
    )
    assert standing.done and standing.played_s >= 0.9 * AUDIO_S - 0.1


def test_the_preview_shows_the_same_rule(qtbot: Any, tmp_path: Path) -> None:
    from ui.preview import PreviewWindow

    preview = PreviewWindow(write_course(tmp_path / "bundle"))
    qtbot.addWidget(preview)
    preview.show()
    preview.load()
    qtbot.waitUntil(lambda: preview.lesson.lesson is not None, timeout=10_000)
    assert preview.rule_label.text() == (
        "To complete: read to the end (at least 5 min on the page)"
    )
    preview.open_item("l-pdf")
    qtbot.waitUntil(
        lambda: preview.lesson.lesson is not None and preview.lesson.lesson.item.id == "l-pdf",
        timeout=10_000,
    )
    assert preview.rule_label.text() == "To complete: reach the last page"
    from PySide6.QtWidgets import QApplication

    from ui.i18n import set_language

    set_language(QApplication.instance(), "zh_CN")  # the rule follows the language
    assert preview.rule_label.text() == "完成条件：翻到最后一页"
    set_language(QApplication.instance(), "en")
    assert preview.rule_label.text() == "To complete: reach the last page"
