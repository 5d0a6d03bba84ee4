"""The instructor dashboard over HTTP: money per month equal to the payout statement (a
refund netted), enrolments, the lesson funnel, study time, item analysis and ratings from
what learners synced and wrote; learner figures withheld below five learners; only the
instructor's own courses (every route's authorization)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from store.db.types import utcnow
from tests.store.harness import Account, StoreHarness

XAPI = "http://adlnet.gov/expapi/verbs/"


def ev(verb: str, obj: str, course: str, *, kind: str = "lesson", at: datetime,
       result: dict[str, Any] | None = None, context: dict[str, Any] | None = None
       ) -> dict[str, Any]:  # fmt: skip
    return {"id": str(uuid.uuid4()), "verb": XAPI + verb,
            "object": {"id": obj, "kind": kind, "course_id": course},
            "result": result, "context": context, "timestamp": at.isoformat()}  # fmt: skip


def answer(course: str, question: str, correct: bool, at: datetime) -> dict[str, Any]:
    return ev("answered", f"q-basics/{question}", course, kind="question", at=at,
              result={"success": correct, "duration_s": 4.0},
              context={"quiz_id": "q-basics", "question_id": question,
                       "skills": ["t.basics"]})  # fmt: skip


def study(learner: Account, course: str, *, completed: list[str], seconds: float,
          answers: list[tuple[str, bool]]) -> None:  # fmt: skip
    at = datetime.now(UTC) - timedelta(hours=1)
    events = [ev("progressed", "intro", course, at=at, result={"duration_s": seconds})]
    for i, (question, correct) in enumerate(answers):
        events.append(answer(course, question, correct, at + timedelta(seconds=10 + i)))
    for i, item in enumerate(completed):
        kind = "quiz" if item == "q-basics" else "lesson"
        events.append(ev("completed", item, course, kind=kind,
                         at=at + timedelta(minutes=5 + i)))  # fmt: skip
    r = learner.post("/v1/sync/events", json={"events": events})
    assert r.status_code == 200, r.text


def review(learner: Account, course: str, rating: int) -> None:
    r = learner.put(f"/v1/courses/{course}/review", json={"rating": rating, "text": "ok"})
    assert r.status_code in (200, 201), r.text


def course_of(doc: dict[str, Any], course: str) -> dict[str, Any]:
    return next(c for c in doc["courses"] if c["course_id"] == course)


def test_dashboard_figures_from_sales_syncs_and_reviews(store: StoreHarness) -> None:
    author = store.instructor()
    big, small = f"dash-big-{uuid.uuid4().hex[:6]}", f"dash-small-{uuid.uuid4().hex[:6]}"
    store.publish_course(author, big, price=2000)
    store.publish_course(author, small, price=500)
    buyers = [store.register("learner") for _ in range(6)]
    for b in buyers:
        store.buy(b, big)
    refunder = store.register("learner")
    order = store.buy(refunder, big)
    r = refunder.post(f"/v1/orders/{order['id']}/refund", json={"reason": "changed my mind"})
    assert r.status_code == 200, r.text
    # five of the six who hold the course synced; the sixth never opened it
    plans = [
        (["intro", "two", "q-basics"], 600, [("q1", True), ("q2", True)]),
        (["intro", "two"], 300, [("q1", True), ("q2", False)]),
        (["intro", "two"], 300, [("q1", False), ("q1", True), ("q2", False)]),
        (["intro"], 120, [("q1", True), ("q2", True)]),
        (["intro"], 180, [("q1", False), ("q2", False)]),
    ]
    for learner, (completed, seconds, answers) in zip(buyers, plans, strict=False):
        study(learner, big, completed=completed, seconds=seconds, answers=answers)
    for learner, rating in zip(buyers, [5, 4, 4, 3, 5], strict=False):
        review(learner, big, rating)
    # the small course: four learners only
    few = [store.register("learner") for _ in range(4)]
    for learner in few:
        store.buy(learner, small)
        study(learner, small, completed=["intro"], seconds=60, answers=[("q1", True)])
        review(learner, small, 5)

    r = author.get("/v1/instructor/dashboard")
    assert r.status_code == 200, r.text
    doc = r.json()
    assert doc["min_learners"] == 5
    month = utcnow().strftime("%Y-%m")
    assert doc["months"][-1]["month"] == month and len(doc["months"]) == 12
    this = doc["months"][-1]
    assert this["enrolments"] == 6 + 1 + 4  # entitlements granted, the refunded one too
    (usd,) = this["money"]
    assert (usd["sales_count"], usd["gross"], usd["refund_count"], usd["refunds"]) == (
        7 + 4, 7 * 2000 + 4 * 500, 1, 2000)  # fmt: skip
    assert usd["net"] == 6 * 2000 + 4 * 500
    statement = author.get(f"/v1/instructor/payouts/{month}").json()
    (total,) = statement["totals"]
    assert (usd["net"], usd["payout"]) == (total["net"], total["payout"])

    course = course_of(doc, big)
    assert course["enrolments"] == 6 and course["learners_suppressed"] is False
    assert course["active_learners"] == 5
    assert [(s["item_id"], s["completed"], s["share"]) for s in course["funnel"]] == [
        ("intro", 5, round(5 / 6, 4)),
        ("two", 3, 0.5),
        ("q-basics", 1, round(1 / 6, 4)),
    ]
    assert course["average_study_minutes"] == 5.0  # (600+300+300+120+180) s / 5 learners
    questions = {q["question_id"]: q for q in course["questions"]}
    q1, q2 = questions["q-basics/q1"], questions["q-basics/q2"]
    assert (q1["learners"], q1["share_correct"]) == (5, 0.6)  # first attempts: 3 of 5
    assert q2["share_correct"] == 0.4
    # point-biserial of q1 against q2: x = 1 1 0 1 0, y = 1 0 0 1 0 → 0.8 / 1.2
    assert q1["discrimination"] == round(0.8 / 1.2, 4)
    assert (course["ratings_suppressed"], course["rating_average"], course["rating_count"]) == (
        False, 4.2, 5)  # fmt: skip
    assert len(course["latest_reviews"]) == 5

    withheld = course_of(doc, small)
    assert withheld["enrolments"] == 4
    assert withheld["learners_suppressed"] is True and withheld["ratings_suppressed"] is True
    assert withheld["funnel"] == [] and withheld["questions"] == []
    assert withheld["average_study_minutes"] is None and withheld["active_learners"] is None
    assert withheld["rating_average"] is None and withheld["latest_reviews"] == []

    one = author.get("/v1/instructor/dashboard", params={"course_id": small}).json()
    assert [c["course_id"] for c in one["courses"]] == [small]
    assert one["months"][-1]["money"][0]["net"] == 4 * 500


def test_dashboard_shows_only_the_callers_courses(store: StoreHarness) -> None:
    author, rival = store.instructor(), store.instructor()
    course = f"dash-own-{uuid.uuid4().hex[:6]}"
    store.publish_course(author, course, price=900)
    store.buy(store.register("learner"), course)
    assert store.client().get("/v1/instructor/dashboard").status_code == 401
    learner = store.register("learner")
    r = learner.get("/v1/instructor/dashboard")
    assert r.status_code == 403 and r.json()["type"].endswith("not-instructor")
    r = rival.get("/v1/instructor/dashboard", params={"course_id": course})
    assert r.status_code == 404
    doc = rival.get("/v1/instructor/dashboard").json()
    assert doc["courses"] == [] and all(m["money"] == [] for m in doc["months"])
    mine = author.get("/v1/instructor/dashboard").json()
    assert [c["course_id"] for c in mine["courses"]] == [course]
    assert mine["months"][-1]["money"][0]["net"] == 900
