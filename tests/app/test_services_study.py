# ruff: noqa: F811  (pytest fixtures imported from tests/ui/support.py are parameters here)
"""Studying: completion rules, quiz records and reviews, goals and plans, notes, export —
all derived from the learning-event log, all working without the network."""

from __future__ import annotations

import json
import sys
import zipfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from support import (  # type: ignore[import-not-found]  # noqa: F401
    PAID_PRICE,
    app_services,
    memory_keyring,
    new_email,
    open_new_account,
    services,
    test_store,
)

from app.errors import UserError
from app.profiles.values import DEVICE_KEY
from app.services import verbs
from app.services.data import wipe_profile
from app.services.markdown_html import image_paths, inline_html, to_html


@pytest.fixture
def student(app_services: Any) -> Iterator[Any]:
    services = open_new_account(app_services, name="Sam")
    services.catalog.refresh()
    services.catalog.buy("paid-course", card="4242424242424242", expected_amount=PAID_PRICE,
                         expected_currency="USD")
    services.library.download("paid-course")
    yield services
    services.close()


def item(svc: Any, item_id: str) -> Any:
    return svc.library.manifest("paid-course").item(item_id)


def test_viewed_lessons_complete_at_the_end_only(student: Any) -> None:
    lesson = item(student, "l-add")
    assert not student.progress.opened("paid-course", lesson)
    assert student.progress.completed("paid-course") == set()
    assert student.progress.reached_end("paid-course", lesson)
    assert not student.progress.reached_end("paid-course", lesson)  # once only
    assert student.progress.completed("paid-course") == {"l-add"}


def test_time_rule_completes_after_enough_study(student: Any) -> None:
    from dataclasses import replace

    from bundle.model import Completion

    lesson = replace(item(student, "l-pdf"), completion=Completion("time", min_seconds=120))
    assert not student.progress.studied("paid-course", lesson, 70)
    assert student.progress.studied("paid-course", lesson, 60)
    assert "l-pdf" in student.progress.completed("paid-course")
    summary = student.guidance.progress_summary()
    assert round(summary.total_minutes, 1) == 2.2


def test_quiz_pass_completes_and_fail_does_not(student: Any) -> None:
    quiz_item = item(student, "check")
    quiz = student.quiz.load("paid-course", "check")
    for q in quiz.questions:
        student.quiz.record_answer("paid-course", "check", q, "x", False, 1, 20)
    assert not student.quiz.record_result("paid-course", quiz_item, 2, 5)  # 40% < 60%
    assert "check" not in student.progress.completed("paid-course")
    assert student.quiz.record_result("paid-course", quiz_item, 4, 5)
    assert "check" in student.progress.completed("paid-course")
    with student.db.read() as s:
        from sqlalchemy import func, select

        from app.db.models import LearningEvent

        answered = s.scalar(select(func.count()).where(LearningEvent.verb == verbs.ANSWERED))
    assert answered == 5


def test_wrong_answers_come_back_as_reviews(student: Any) -> None:
    quiz = student.quiz.load("paid-course", "check")
    for q in quiz.questions:
        student.quiz.record_answer("paid-course", "check", q, "x", q.id == "q1", 1, 20)
    assert student.quiz.reviews_due() == []  # nothing is due on the day it was answered
    later = date.today() + timedelta(days=3)
    due = student.quiz.reviews_due(today=later)
    assert {r.question_id for r in due} >= {"q2", "q3", "q4", "q5"}
    assert due[0].question_id != "q1"  # the forgotten ones first


def test_goal_plan_covers_the_course_and_replans(student: Any) -> None:
    with pytest.raises(UserError, match="after today"):
        student.goals.create_goal("Finish", "paid-course", date.today(), 3)
    goal = student.goals.create_goal("Finish it", "paid-course",
                                      date.today() + timedelta(days=10), 3)
    planned = {e.item_key for e in goal.plan if not e.item_key.startswith("review:")}
    assert planned == {"l-add", "l-pdf", "l-audio", "check"}
    assert all(date.today() <= e.day <= date.today() + timedelta(days=10) for e in goal.plan)
    assert goal.on_track
    student.progress.reached_end("paid-course", item(student, "l-add"))
    again = student.goals.replan(goal.id)
    assert "l-add" not in {e.item_key for e in again.plan if e.day >= date.today()
                           and not e.done}
    assert [g.title for g in student.goals.goals()] == ["Finish it"]
    student.goals.delete_goal(goal.id)
    assert student.goals.goals() == []


def test_notes_and_bookmarks_are_synced_records_with_tombstones(student: Any) -> None:
    note = student.notes.add_note("paid-course", "l-add", "  remember carrying  ",
                                  {"scroll": 0.5})
    assert note.body == "remember carrying"
    with pytest.raises(UserError, match="empty"):
        student.notes.add_note("paid-course", "l-add", "   ")
    mark = student.notes.add_bookmark("paid-course", "l-pdf", "Handout p.2", {"page": 1})
    assert [b.position for b in student.notes.bookmarks("paid-course")] == [{"page": 1}]
    student.notes.delete_note(note.id)
    student.notes.delete_bookmark(mark.id)
    assert student.notes.notes("paid-course") == []
    assert student.notes.bookmarks("paid-course") == []
    assert student.sync.pending_changes() >= 4  # creations and tombstones wait to be pushed


def test_a_note_edit_and_an_undone_delete_are_newer_field_changes(student: Any) -> None:
    from sqlalchemy import select

    from app.db.models import Note, Outbox

    note = student.notes.add_note("paid-course", "l-add", "first words")
    edited = student.notes.edit_note(note.id, "  better words  ")
    assert edited.body == "better words" and edited.item_key == "l-add"
    with pytest.raises(UserError, match="empty"):
        student.notes.edit_note(note.id, "  ")
    student.notes.delete_note(note.id)
    with pytest.raises(UserError, match="no longer exists"):
        student.notes.edit_note(note.id, "too late")
    restored = student.notes.restore_note(note.id)
    assert restored.body == "better words"
    assert [n.body for n in student.notes.notes("paid-course")] == ["better words"]
    with student.db.read() as s:
        row = s.get(Note, note.id)
        changes = [o.payload for o in s.scalars(
            select(Outbox).where(Outbox.record_id == note.id).order_by(Outbox.id))]
    # one outbox change per edit, each carrying only the field it changed, at a newer clock
    assert [sorted(c["fields"]) for c in changes[1:]] == [["body"], ["deleted"], ["deleted"]]
    assert [c["fields"]["deleted"] for c in changes[2:]] == [True, False]
    stamps = [c["hlc"] for c in changes]
    assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    assert not row.deleted and row.clocks["deleted"] == stamps[-1]
    assert row.clocks["body"] == stamps[1]


def test_home_guides_to_the_weak_skill(student: Any) -> None:
    quiz = student.quiz.load("paid-course", "check")
    for q in quiz.questions:  # addition right, division wrong
        student.quiz.record_answer("paid-course", "check", q, "x", "s.div" not in q.skills, 1,
                                   20)
    home = student.guidance.home()
    assert home.signed_in and home.display_name == "Sam"
    [nxt] = home.next_lessons
    assert nxt.item_key == "l-audio"  # the unfinished lesson that teaches division
    progress = student.guidance.progress_summary()
    mastery = {s.skill_id: s.mastery for s in progress.skills}
    assert mastery["s.add"] > mastery["s.div"]


def test_export_has_everything_and_no_secret(student: Any, tmp_path: Path,
                                            memory_keyring: Any) -> None:
    student.progress.reached_end("paid-course", item(student, "l-add"))
    student.notes.add_note("paid-course", "l-add", "mine")
    target = student.data.export(tmp_path / "me")
    assert target.suffix == ".zip"
    with zipfile.ZipFile(target) as z:
        events = json.loads(z.read("events.json"))
        notes = json.loads(z.read("notes.json"))
        blob = b"".join(z.read(n) for n in z.namelist())
    assert any(e["verb"] == verbs.COMPLETED and e["object_id"] == "l-add" for e in events)
    assert notes[0]["body"] == "mine"
    secrets = [student.opened.values.refresh_token(), student.opened.values.get(DEVICE_KEY),
               *memory_keyring.secrets.values()]
    assert all(secrets) and len(secrets) == 3  # a session, a device key, the profile's key
    for secret in secrets:
        assert secret.encode() not in blob


def test_deleting_a_profile_removes_its_database_downloads_and_key(
        student: Any, memory_keyring: Any) -> None:
    app = student.app
    info = student.account.current_user
    folder = app.profiles.registry.folder(info.id)
    downloads = student.library.downloads_dir
    assert (folder / "satchel.db").is_file() and any(downloads.glob("*.satchel"))
    assert memory_keyring.secrets  # the profile's key is remembered
    student.close()
    wipe_profile(app.profiles, info.id, downloads)
    assert not folder.exists()
    assert not any(downloads.glob("*.satchel"))
    assert memory_keyring.secrets == {}
    assert app.profiles.profiles() == []


def test_markdown_is_rendered_and_raw_html_escaped() -> None:
    html = to_html("# Title\n\n<script>alert(1)</script>\n\n![pic](../media/a.png)")
    assert "<h1>Title</h1>" in html and "<script>" not in html
    assert image_paths(html, "lessons/x.md") == {"../media/a.png": "media/a.png"}
    assert inline_html("use `print`") == "use <code>print</code>"
