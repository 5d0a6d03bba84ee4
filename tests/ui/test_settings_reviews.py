"""Settings → Spaced reviews: the target retention and the daily load it implies."""

from __future__ import annotations

from typing import Any

from support import buy_and_download, wait_idle  # type: ignore[import-not-found]


def test_target_retention_shows_the_review_load_and_is_saved_in_the_profile(
        signed_in: Any, qtbot: Any) -> None:
    buy_and_download(signed_in)
    services = signed_in.controller.services
    quiz = services.quiz.load("paid-course", "check")
    for q in quiz.questions:
        services.quiz.record_answer("paid-course", "check", q, "x", True, 1, 20)
    signed_in.go("settings")
    wait_idle(signed_in)
    screen = signed_in.screens["settings"]
    assert screen.retention.value() == 90
    qtbot.waitUntil(lambda: screen.review_load.text().startswith("At 90 %"), timeout=10_000)
    assert f"for the {len(quiz.questions)} questions you have answered" in \
        screen.review_load.text()
    assert "For comparison: 80 %:" in screen.review_load.text()
    assert "standard FSRS parameters until you have 400 reviews" in \
        screen.review_model.text()
    screen.retention.setValue(95)
    qtbot.waitUntil(lambda: screen.review_load.text().startswith("At 95 %"), timeout=10_000)
    assert signed_in.controller.settings["target_retention"] == 0.95
    assert services.quiz.target_retention == 0.95  # the queue uses it at once
    outlook = screen._outlook
    assert outlook.loads[0.95] >= outlook.loads[0.8]
    assert f"{outlook.loads[0.95]:.1f} reviews a day" in screen.review_load.text()
