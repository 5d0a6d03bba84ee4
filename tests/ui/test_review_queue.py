"""Reviews have one source of truth: the count on Home, the count on the Quiz screen and
the questions of the review session agree, and reviews waiting in a locked course say
which course, why and how to unlock it — in both places."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from support import buy_and_download, wait_idle  # type: ignore[import-not-found]

import app.db.events


def answer_last_week(window: Any, monkeypatch: pytest.MonkeyPatch, course_id: str) -> int:
    """The learner took the course's quiz five days ago and got most of it wrong; returns
    how many questions were answered wrongly (those are due again by now)."""
    services = window.controller.services
    past = datetime.now(UTC) - timedelta(days=5)
    with monkeypatch.context() as m:
        m.setattr(app.db.events, "utcnow", lambda: past)
        quiz = services.quiz.load(course_id, "check")
        for q in quiz.questions:
            services.quiz.record_answer(course_id, "check", q, "x", q.id == "q1", 1, 20)
    return len(quiz.questions) - 1


def home_and_panel(window: Any) -> tuple[Any, Any]:
    window.go("home")
    wait_idle(window)
    home = window.screens["home"]
    window.go("quiz")
    wait_idle(window)
    return home, window.screens["quiz"]


def test_home_and_the_review_panel_agree_and_a_locked_course_says_why(
        window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    buy_and_download(window)  # paid-course
    buy_and_download(window, "free-course")
    wrong_paid = answer_last_week(window, monkeypatch, "paid-course")
    wrong_free = answer_last_week(window, monkeypatch, "free-course")
    home, panel = home_and_panel(window)
    due = int(home.review_count.text())
    assert due >= wrong_paid + wrong_free - 1  # the forgotten ones are due by now
    assert panel.reviews_text.text() == f"{due} questions due today"

    # the learner removes the paid course's download: its reviews cannot be studied
    window.controller.services.library.remove_download("paid-course")
    home, panel = home_and_panel(window)
    studyable = int(home.review_count.text())
    locked = due - studyable
    assert 0 < studyable < due and locked >= wrong_paid - 1
    expected_locked = (f"{locked} more due in “Paid numbers”, which is locked: This course "
                       "is not downloaded yet. Download it from your Library to study it "
                       "offline.")
    assert home.review_text.text().endswith("\n" + expected_locked)
    assert panel.reviews_text.text() == f"{studyable} questions due today\n{expected_locked}"

    panel.reviews_button.click()  # the session holds exactly what Home counted
    qtbot.waitUntil(lambda: panel.review_mode, timeout=10_000)
    assert len(panel.view.quiz.questions) == studyable
    assert set(panel._review_courses.values()) == {"free-course"}


def test_reviews_all_locked_by_an_expired_lease_say_how_to_unlock(
        window: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    buy_and_download(window)
    wrong = answer_last_week(window, monkeypatch, "paid-course")
    services = window.controller.services
    clock = services.library.sync.engine.lease_clock
    later = clock.now() + 60 * 86400  # two months offline: the 30-day lease ran out
    monkeypatch.setattr(clock, "now", lambda: later)
    home, panel = home_and_panel(window)
    assert home.review_count.text() == "0"
    assert not home.review_button.isEnabled()
    reason = ("Your offline access has expired. Connect to the internet once so Satchel can "
              "renew it with the store.")
    assert home.review_text.text().startswith("None you can study now.\n")
    assert "“Paid numbers”, which is locked: " + reason in home.review_text.text()
    count = int(home.review_text.text().split("\n")[1].split(" ")[0])
    assert count >= wrong - 1
    assert panel.reviews_text.text().startswith("0 questions due today\n")
    assert reason in panel.reviews_text.text()
    panel.start_reviews()
    wait_idle(window)
    assert panel.message.text().startswith("None of today's reviews can be studied now.\n")
    assert reason in panel.message.text()
    assert "Well done" not in panel.message.text()
