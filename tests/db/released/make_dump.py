"""Write ``tests/db/released/v<version>.sql``: the current schema plus realistic rows.

Run once per release whose schema changed, from the repository root::

    .venv/bin/python tests/db/released/make_dump.py 0.1.0

Never edit or regenerate a dump that shipped: ``test_db_released.py`` upgrades every dump in
this folder to the current head, so each released schema stays a migration test case. Adapt
``add_sample_rows`` to the models of the release being dumped.
"""

from __future__ import annotations

import contextlib
import sqlite3
import sys
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from app.db import open_database
from app.db.events import record_event, touch_record
from app.db.hlc import HybridLogicalClock
from app.db.models import (
    Attempt,
    Bookmark,
    Course,
    CourseVersion,
    Entitlement,
    Goal,
    Item,
    ItemSkill,
    Lease,
    Module,
    Note,
    PlanItem,
    PurchaseIntent,
    Question,
    ReviewState,
    Skill,
    SyncCursor,
)

USER = "u-7f3c2a"
LAPTOP = "dev-laptop-01"
PHONE = "dev-tablet-02"
T0 = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
FAKE_SHA = "9f2c1e7a4b5d6c8e0f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f70"


def add_sample_rows(session: Session) -> None:
    """A learner two weeks into "Python basics" (0.1.0 schema)."""
    course = Course(
        id="python-basics",
        title="Python basics",
        language="en",
        topic="programming",
        description="Variables, loops and functions, with short quizzes.",
        price_amount=1900,
        price_currency="USD",
        catalog_version="1.1.0",
        created_at=T0,
        updated_at=T0,
    )
    zh = Course(
        id="shuju-fenxi-rumen",
        title="数据分析入门",
        language="zh-CN",
        topic="data",
        description="用表格和图表理解数据。",
        price_amount=0,
        price_currency="CNY",
        created_at=T0,
        updated_at=T0,
    )
    session.add_all([course, zh])
    version = CourseVersion(
        course_id="python-basics",
        version="1.0.0",
        bundle_sha256=FAKE_SHA,
        manifest={
            "format": "satchel-bundle/1",
            "id": "python-basics",
            "version": "1.0.0",
            "title": "Python basics",
            "price_hint": {"amount": 1900, "currency": "USD"},
        },
        installed_path="downloads/python-basics/1.0.0",
        state="available",
        size_bytes=48_213_774,
        added_at=T0,
    )
    session.add(version)
    session.flush()
    module = Module(course_version_id=version.id, key="m1", title="Getting started", position=0)
    session.add(module)
    session.flush()
    lesson = Item(
        course_version_id=version.id,
        module_id=module.id,
        key="intro",
        position=0,
        kind="text",
        title="What is a variable?",
        path="lessons/intro.md",
        duration_min=8,
        completion={"type": "viewed"},
        free_preview=True,
    )
    video = Item(
        course_version_id=version.id,
        module_id=module.id,
        key="loops-video",
        position=1,
        kind="video",
        title="Loops in 6 minutes",
        path="lessons/loops.mp4",
        duration_min=6.5,
        completion={"type": "time", "min_seconds": 300},
        transcript_path="lessons/loops.md",
    )
    quiz = Item(
        course_version_id=version.id,
        module_id=module.id,
        key="q-basics",
        position=2,
        kind="quiz",
        title="Check: variables",
        path="quizzes/q-basics.json",
        duration_min=5,
        completion={"type": "score", "min": 0.7},
    )
    session.add_all([lesson, video, quiz])
    skill = Skill(course_version_id=version.id, key="py.variables", name="Variables")
    loops = Skill(course_version_id=version.id, key="py.loops", name="Loops")
    session.add_all([skill, loops])
    session.flush()
    session.add_all(
        [
            ItemSkill(item_id=lesson.id, skill_id=skill.id),
            ItemSkill(item_id=video.id, skill_id=loops.id),
            ItemSkill(item_id=quiz.id, skill_id=skill.id),
            Question(
                item_id=quiz.id,
                key="q1",
                position=0,
                type="single",
                skills=["py.variables"],
                difficulty=0.3,
            ),
            Question(
                item_id=quiz.id,
                key="q2",
                position=1,
                type="numeric",
                skills=["py.variables"],
                difficulty=0.6,
            ),
        ]
    )
    lease = Lease(
        user_id=USER,
        device_id=LAPTOP,
        key_id="a1b2c3d4e5f60718",
        lease_json='{"courses":["python-basics"],"device":"dev-laptop-01","exp":"2026-02-09T09:00:00Z"}',
        signature="c2lnbmF0dXJlLWJ5dGVzLWZvci10ZXN0cw==",
        issued_at=T0,
        expires_at=T0 + timedelta(days=30),
        received_at=T0,
    )
    session.add(lease)
    session.flush()
    session.add(
        Entitlement(
            user_id=USER, course_id="python-basics", lease_id=lease.id, expires_at=lease.expires_at
        )
    )

    viewed = record_event(
        session,
        actor_id=USER,
        device_id=LAPTOP,
        verb="completed",
        object_type="item",
        object_id="intro",
        course_id="python-basics",
        result={"duration_s": 512.0, "success": True},
        timestamp=T0 + timedelta(minutes=9),
    )
    viewed.server_seq = 1
    answered = record_event(
        session,
        actor_id=USER,
        device_id=LAPTOP,
        verb="answered",
        object_type="question",
        object_id="q-basics/q1",
        course_id="python-basics",
        result={"score": 1.0, "success": True, "duration_s": 14.2, "response": "a"},
        context={"course_version": "1.0.0", "attempt": 1},
        timestamp=T0 + timedelta(minutes=20),
    )
    record_event(  # pulled from the learner's tablet
        session,
        actor_id=USER,
        device_id=PHONE,
        verb="progressed",
        object_type="item",
        object_id="loops-video",
        course_id="python-basics",
        result={"duration_s": 180.0},
        timestamp=T0 + timedelta(days=1),
    ).server_seq = 2
    session.flush()
    session.add(
        Attempt(
            event_id=answered.id,
            course_id="python-basics",
            quiz_id="q-basics",
            question_id="q1",
            correct=True,
            response="a",
            time_taken_s=14.2,
            answered_at=answered.timestamp,
        )
    )
    session.add(
        ReviewState(
            course_id="python-basics",
            quiz_id="q-basics",
            question_id="q1",
            stability=3.2,
            difficulty=4.9,
            last_review=answered.timestamp,
            due=answered.timestamp + timedelta(days=3),
            reps=1,
            lapses=0,
        )
    )

    clock = HybridLogicalClock(LAPTOP, physical=lambda: int(T0.timestamp() * 1000))
    goal = Goal()
    touch_record(
        session,
        goal,
        {
            "title": "Finish Python basics",
            "course_id": "python-basics",
            "target_date": date(2026, 2, 28),
            "hours_per_week": 3.0,
            "created_at": T0,
        },
        clock.now(),
    )
    for day in range(3):
        touch_record(
            session,
            PlanItem(),
            {
                "goal_id": goal.id,
                "course_id": "python-basics",
                "item_key": ["intro", "loops-video", "q-basics"][day],
                "scheduled_on": date(2026, 1, 12 + 2 * day),
                "minutes": 45,
                "done": day == 0,
                "created_at": T0,
            },
            clock.now(),
        )
    note = Note()
    touch_record(
        session,
        note,
        {
            "course_id": "python-basics",
            "item_key": "loops-video",
            "anchor": {"seconds": 93},
            "body": "range(n) stops *before* n — 记住：不包括 n。",
            "created_at": T0,
        },
        clock.now(),
    )
    touch_record(session, note, {"deleted": True}, clock.now())
    touch_record(
        session,
        Bookmark(),
        {
            "course_id": "python-basics",
            "item_key": "loops-video",
            "position": {"seconds": 240},
            "label": "for-else example",
            "created_at": T0,
        },
        clock.now(),
    )
    session.add_all(
        [
            SyncCursor(name="events", value="2", updated_at=T0 + timedelta(days=1)),
            SyncCursor(name="catalog", value='W/"c-41"', updated_at=T0),
            PurchaseIntent(
                idempotency_key="0b9d1f7e-3c2a-4e5f-8a6b-7c8d9e0f1a2b",
                course_id="shuju-fenxi-rumen",
                quoted_amount=0,
                quoted_currency="CNY",
                state="queued",
                created_at=T0,
                updated_at=T0,
            ),
        ]
    )


def dump(version: str) -> Path:
    target = Path(__file__).with_name(f"v{version}.sql")
    if target.exists():
        raise SystemExit(f"{target} exists: released dumps are never regenerated")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "satchel.db"
        with open_database(path) as db:
            db.write_sync(add_sample_rows)
        with contextlib.closing(sqlite3.connect(path)) as con:
            text = "\n".join(con.iterdump()) + "\n"
    target.write_text(
        f"-- Satchel {version} client database: schema and sample rows "
        "(tests/db/released/make_dump.py)\n" + text,
        encoding="utf-8",
    )
    return target


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: make_dump.py <released version, e.g. 0.1.0>")
    print(dump(sys.argv[1]))
