"""Video lessons: the demo course's real video plays in the Course screen (bought, downloaded
and decrypted like any paid course), and a file that cannot be decoded says so plainly
instead of leaving a dead player."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import support  # type: ignore[import-not-found]
from bundles import write_bundle  # type: ignore[import-not-found]
from support import _window, new_email  # type: ignore[import-not-found]

from ui.resources import demo_dir

MUSIC = "music-theory-ear"


@pytest.fixture
def music_store(tmp_path: Path) -> Iterator[Any]:
    """A store selling the demo music course (paid, so its content is encrypted)."""
    catalog = tmp_path / "catalog"
    shutil.copytree(demo_dir() / MUSIC, catalog / MUSIC)
    store = support.TestStore(tmp_path / "store", catalog)
    yield store
    store.stop()
    store.ctx.db.dispose()


@pytest.fixture
def music_window(qtbot: Any, music_store: Any) -> Iterator[Any]:
    yield from _window(qtbot, music_store.url)


@pytest.mark.slow
def test_the_demo_video_lesson_plays_with_its_transcript(music_window: Any, qtbot: Any) -> None:
    win = music_window
    services = win.controller.services
    services.account.register(new_email(), "password123", "Ada")
    win.controller.accountChanged.emit()
    services.catalog.buy(MUSIC, card="4242 4242 4242 4242", expected_amount=1499,
                         expected_currency="USD")
    services.library.download(MUSIC)

    win.go("course", course_id=MUSIC, item_id="l-scale-keyboard")
    course = win.screens["course"]
    qtbot.waitUntil(lambda: course.item is not None and course.item.id == "l-scale-keyboard",
                    timeout=20_000)
    assert course.item.kind == "video"
    media = course.lesson.media_page
    assert course.lesson.current_page() is media
    assert media.video.isVisible() and not media.art.isVisible()
    assert media.transcript_box.isVisible()
    assert "The major scale on the keyboard" in media.transcript.toPlainText()
    assert "whole, whole, half" in media.transcript.toPlainText()

    from PySide6.QtMultimedia import QMediaPlayer  # loaded by the player page first

    player = media.player
    qtbot.waitUntil(lambda: player.mediaStatus() in (QMediaPlayer.MediaStatus.LoadedMedia,
                                                     QMediaPlayer.MediaStatus.BufferedMedia),
                    timeout=15_000)
    assert player.hasVideo() and player.hasAudio()
    assert 12_000 < player.duration() < 15_000  # about 13 seconds
    media.play_button.click()
    qtbot.waitUntil(lambda: player.position() >= 400, timeout=15_000)
    assert player.playbackState() == QMediaPlayer.PlaybackState.PlayingState
    assert media.play_button.text() == "Pause"
    assert media.time_label.text().endswith(" / 0:13")
    assert not media.error_label.isVisible()
    media.play_button.click()
    assert player.playbackState() == QMediaPlayer.PlaybackState.PausedState
    assert media.play_button.text() == "Play"
    win.go("library")  # leaving the course stops the player
    assert player.playbackState() == QMediaPlayer.PlaybackState.StoppedState


@pytest.mark.qt_log_ignore(r"Could not open media\. FFmpeg error description",  # expected
                           r"This plugin does not support propagateSizeHints\(\)")
def test_a_video_that_cannot_be_decoded_shows_a_plain_error(qtbot: Any, tmp_path: Path) -> None:
    from ui.preview import PreviewWindow

    folder = write_bundle(tmp_path / "bundle")
    (folder / "lessons" / "broken.mp4").write_bytes(b"this is not a video at all " * 200)
    (folder / "lessons" / "broken.md").write_text("A video that was damaged on the way.",
                                                  encoding="utf-8")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["outline"][0]["items"].append({
        "id": "l-video", "kind": "video", "title": "Watch: halves", "path": "lessons/broken.mp4",
        "duration_min": 1, "skills": ["s.div"], "completion": {"type": "viewed"},
        "transcript": "lessons/broken.md"})
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    win = PreviewWindow(folder)
    qtbot.addWidget(win)
    win.show()
    win.load()
    qtbot.waitUntil(lambda: win.bundle is not None, timeout=10_000)
    win.open_item("l-video")
    qtbot.waitUntil(lambda: win.lesson.lesson is not None
                    and win.lesson.lesson.item.id == "l-video", timeout=10_000)
    media = win.lesson.media_page
    qtbot.waitUntil(lambda: media.error_label.isVisible(), timeout=15_000)
    assert media.error_label.text().startswith("This media file cannot be played: ")
    assert media.transcript_box.isVisible()  # the transcript is still there to read
    win.close()
