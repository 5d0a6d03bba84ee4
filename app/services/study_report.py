"""Study time and attempts of the open profile, for the CSV export and the printable
progress report (the PDF is drawn by the UI, `ui.reports`).

`study_rows(db, actor_id, titles)` gives one row per course and lesson/quiz: study minutes,
quiz answers (attempts) and how many were right, completed or not. `write_csv(rows, path)`
writes them (UTF-8 with BOM, so spreadsheet programs read Chinese titles).
Threading: blocking database reads; call from a worker.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.db import Database
from app.db.models import LearningEvent
from app.errors import StorageError
from app.services import verbs

CSV_COLUMNS = ("course_id", "course", "item_id", "item", "study_minutes", "answers",
               "correct_answers", "completed", "last_activity")


@dataclass(frozen=True)
class StudyRow:
    course_id: str
    course: str
    item_id: str
    item: str
    study_minutes: float
    answers: int
    correct_answers: int
    completed: bool
    last_activity: str  # ISO date


def study_rows(db: Database, actor_id: str | None,
               titles: Mapping[str, tuple[str, Mapping[str, str]]]) -> list[StudyRow]:
    """``titles``: {course id: (course title, {item id: title})}."""
    seconds: dict[tuple[str, str], float] = defaultdict(float)
    answers: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    done: set[tuple[str, str]] = set()
    last: dict[tuple[str, str], str] = {}
    with db.read() as s:
        q = select(LearningEvent.verb, LearningEvent.course_id, LearningEvent.object_id,
                   LearningEvent.result, LearningEvent.context, LearningEvent.timestamp)
        if actor_id:
            q = q.where(LearningEvent.actor_id == actor_id)
        rows = list(s.execute(q))
    for verb, course_id, object_id, result, context, stamp in rows:
        if not course_id:
            continue
        result = result or {}
        item = object_id
        if verb == verbs.ANSWERED:
            item = str((context or {}).get("quiz_id") or object_id.split("/")[0])
            counts = answers[(course_id, item)]
            counts[0] += 1
            counts[1] += 1 if result.get("success") else 0
        elif verb == verbs.PROGRESSED:
            seconds[(course_id, item)] += float(result.get("duration_s", 0) or 0)
        elif verb == verbs.COMPLETED:
            done.add((course_id, item))
        key = (course_id, item)
        day = stamp.date().isoformat()
        if day > last.get(key, ""):
            last[key] = day
    keys = sorted(set(seconds) | set(answers) | done, key=lambda k: (k[0], k[1]))
    out = []
    for course_id, item in keys:
        course_title, item_titles = titles.get(course_id, (course_id, {}))
        out.append(StudyRow(course_id, course_title, item, item_titles.get(item, item),
                            round(seconds[(course_id, item)] / 60, 1),
                            answers[(course_id, item)][0], answers[(course_id, item)][1],
                            (course_id, item) in done, last.get((course_id, item), "")))
    return out


def write_csv(rows: list[StudyRow], path: Path) -> Path:
    try:
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow(CSV_COLUMNS)
            for r in rows:
                writer.writerow([r.course_id, r.course, r.item_id, r.item, r.study_minutes,
                                 r.answers, r.correct_answers, "yes" if r.completed else "no",
                                 r.last_activity])
    except OSError as exc:
        raise StorageError(f"Could not write the export to {path}: {exc.strerror}") from exc
    return path
