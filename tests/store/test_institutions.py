"""Institutions over HTTP: organisations with their seat pools, groups joined by code, coaches
who see only their groups' learners (every route's authorization), coach reports (JSON and
CSV) computed from what learners synced, seats used / left and released."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import httpx
import pytest

from sync.institutions import COACH_SEES
from sync.protocol import format_hlc
from tests.store.harness import Account, StoreHarness

XAPI = "http://adlnet.gov/expapi/verbs/"


@dataclass
class School:
    admin: Account
    course_id: str
    pool: dict[str, Any]
    org: dict[str, Any]
    group_a: dict[str, Any]
    group_b: dict[str, Any]
    other_org: dict[str, Any]
    group_c: dict[str, Any]
    coach_a: Account
    coach_c: Account
    learner_a: Account
    learner_b: Account


def _ok(r: httpx.Response, status: int = 200) -> Any:
    assert r.status_code == status, r.text
    return r.json()


def make_school(store: StoreHarness, seats: int = 5) -> School:
    admin = store.admin()
    author = store.instructor()
    course_id = "inst-" + uuid.uuid4().hex[:8]
    store.publish_course(author, course_id, price=3000)
    pool = _ok(admin.post("/v1/admin/voucher-pools",
                          json={"name": "Springfield", "seats": seats, "course_ids": [course_id]}),
               201)
    org = _ok(admin.post("/v1/admin/organisations",
                         json={"name": "Springfield High", "pool_ids": [pool["id"]]}), 201)
    assert org["pool_ids"] == [pool["id"]]
    group_a = _ok(admin.post(f"/v1/admin/organisations/{org['id']}/groups",
                             json={"name": "Class 5A", "course_ids": [course_id]}), 201)
    group_b = _ok(admin.post(f"/v1/admin/organisations/{org['id']}/groups",
                             json={"name": "Class 5B", "course_ids": [course_id]}), 201)
    other = _ok(admin.post("/v1/admin/organisations", json={"name": "Shelbyville"}), 201)
    group_c = _ok(admin.post(f"/v1/admin/organisations/{other['id']}/groups",
                             json={"name": "Year 1", "course_ids": [course_id]}), 201)
    coach_a, coach_c = store.register("coach-a"), store.register("coach-c")
    _ok(admin.post(f"/v1/admin/groups/{group_a['id']}/coaches", json={"email": coach_a.email}))
    _ok(admin.post(f"/v1/admin/groups/{group_c['id']}/coaches", json={"email": coach_c.email}))
    learner_a, learner_b = store.register("learner-a"), store.register("learner-b")
    _ok(learner_a.post("/v1/groups/join", json={"code": group_a["join_code"]}))
    _ok(learner_b.post("/v1/groups/join", json={"code": group_b["join_code"]}))
    return School(admin, course_id, pool, org, group_a, group_b, other, group_c,
                  coach_a, coach_c, learner_a, learner_b)


@pytest.fixture(scope="module")
def school(store: StoreHarness) -> School:
    return make_school(store)


def ev(verb: str, obj: str, course: str, *, kind: str = "lesson", at: datetime | None = None,
       result: dict[str, Any] | None = None, context: dict[str, Any] | None = None
       ) -> dict[str, Any]:
    moment = (at or datetime.now(UTC)).isoformat()
    return {"id": str(uuid.uuid4()), "verb": XAPI + verb,
            "object": {"id": obj, "kind": kind, "course_id": course},
            "result": result, "context": context, "timestamp": moment}


def answer(course: str, correct: bool, at: datetime, attempt: int = 1) -> dict[str, Any]:
    return ev("answered", "q-basics/q1", course, kind="question", at=at,
              result={"success": correct, "response": correct, "duration_s": 4.0},
              context={"quiz_id": "q-basics", "question_id": "q1", "attempt": attempt,
                       "skills": ["t.basics"], "difficulty": 0.2})


def push_events(learner: Account, events: list[dict[str, Any]]) -> None:
    _ok(learner.post("/v1/sync/events", json={"events": events}))


def push_goal(learner: Account, course: str, target: date, hours: float) -> None:
    stamp = format_hlc(int(datetime.now(UTC).timestamp() * 1000), 0, learner.device_id)
    fields = {"title": "Finish it", "course_id": course, "target_date": target.isoformat(),
              "hours_per_week": hours, "status": "active"}
    _ok(learner.post("/v1/sync/records", json={"records": [{
        "collection": "goals", "record_id": str(uuid.uuid4()),
        "fields": {k: {"value": v, "hlc": stamp} for k, v in fields.items()}}]}))


# --------------------------------------------------------------------------- groups


def test_learner_joins_by_code_and_sees_what_coaches_see(
    store: StoreHarness, school: School
) -> None:
    newcomer = store.register("newcomer")
    code = school.group_a["join_code"]
    typed = "-".join(code[i:i + 4] for i in range(0, 12, 4)).lower()  # as read off a board
    joined = _ok(newcomer.post("/v1/groups/join", json={"code": typed}))
    assert (joined["id"], joined["name"], joined["role"]) == (
        school.group_a["id"], "Class 5A", "learner")
    assert joined["organisation_name"] == "Springfield High"
    assert joined["coaches"] == [school.coach_a.email]
    assert joined["coach_sees"] == [key for key, _ in COACH_SEES]
    again = _ok(newcomer.post("/v1/groups/join", json={"code": code}))
    assert again["id"] == joined["id"]
    mine = _ok(newcomer.get("/v1/me/groups"))
    assert [g["id"] for g in mine] == [school.group_a["id"]]
    group = _ok(school.admin.get(f"/v1/admin/organisations/{school.org['id']}"))
    counts = {g["name"]: g["learners"] for g in group["groups"]}
    assert counts == {"Class 5A": 2, "Class 5B": 1}
    wrong = newcomer.post("/v1/groups/join", json={"code": "NOPE-NOPE-NOPE"})
    assert wrong.status_code == 422 and "no group with this code" in wrong.json()["detail"]
    assert newcomer.delete(f"/v1/me/groups/{school.group_a['id']}").status_code == 204
    assert _ok(newcomer.get("/v1/me/groups")) == []
    assert newcomer.delete(f"/v1/me/groups/{school.group_a['id']}").status_code == 404


def test_a_pool_belongs_to_one_organisation(store: StoreHarness, school: School) -> None:
    taken = school.admin.post(f"/v1/admin/organisations/{school.other_org['id']}/pools",
                              json={"pool_id": school.pool["id"]})
    assert taken.status_code == 409 and "another organisation" in taken.json()["detail"]
    unknown = school.admin.post("/v1/admin/organisations", json={"name": "X",
                                                                 "pool_ids": ["nope"]})
    assert unknown.status_code == 422
    nobody = school.admin.post(f"/v1/admin/groups/{school.group_a['id']}/coaches",
                               json={"email": "nobody@example.org"})
    assert nobody.status_code == 422 and "register first" in nobody.json()["detail"]
    no_course = school.admin.post(f"/v1/admin/organisations/{school.org['id']}/groups",
                                  json={"name": "Ghosts", "course_ids": ["no-such-course"]})
    assert no_course.status_code == 422 and "no-such-course" in no_course.json()["detail"]
    bad_lrs = school.admin.client.put(
        f"/v1/admin/organisations/{school.org['id']}/lrs", headers=school.admin.auth,
        json={"url": "http://:8080/xAPI/", "username": "u", "password": "p"})
    assert bad_lrs.status_code == 422 and "not an LRS address" in bad_lrs.json()["detail"]


def _coach_routes(s: School, group: dict[str, Any]) -> list[str]:
    base = f"/v1/coach/groups/{group['id']}"
    return [base, f"{base}/courses/{s.course_id}/report",
            f"{base}/courses/{s.course_id}/report.csv"]


def test_a_coach_sees_only_its_own_groups(store: StoreHarness, school: School) -> None:
    s = school
    listed = _ok(s.coach_a.get("/v1/coach/groups"))
    assert [g["id"] for g in listed] == [s.group_a["id"]]
    assert s.learner_b.email not in {ln["email"] for ln in listed[0]["learners"]}
    assert s.learner_a.email in {ln["email"] for ln in listed[0]["learners"]}
    for url in _coach_routes(s, s.group_a):
        assert s.coach_a.get(url).status_code == 200, url
        assert s.admin.get(url).status_code == 200, url
    for other in (s.group_b, s.group_c):  # same organisation, another organisation
        for url in _coach_routes(s, other):
            r = s.coach_a.get(url)
            assert r.status_code == 404, url
            assert other["name"] not in r.text
    for url in _coach_routes(s, s.group_a):
        assert s.coach_c.get(url).status_code == 404, url
        r = s.learner_a.get(url)  # a learner of this very group
        assert r.status_code == 403 and r.json()["type"].endswith("/not-coach"), url
        assert store.client().get(url).status_code == 401, url
    assert s.learner_a.get("/v1/coach/groups").status_code == 403


def test_only_store_administrators_manage_organisations(
    store: StoreHarness, school: School
) -> None:
    s = school
    org, other, group = s.org["id"], s.other_org["id"], s.group_a["id"]
    routes: list[tuple[str, str, dict[str, Any] | None]] = [
        ("POST", "/v1/admin/organisations", {"name": "Mine now"}),
        ("GET", f"/v1/admin/organisations/{org}", None),
        ("GET", f"/v1/admin/organisations/{other}", None),
        ("POST", f"/v1/admin/organisations/{org}/pools", {"pool_id": s.pool["id"]}),
        ("POST", f"/v1/admin/organisations/{org}/groups", {"name": "Sneaky"}),
        ("POST", f"/v1/admin/groups/{group}/coaches", {"email": s.learner_a.email}),
        ("POST", f"/v1/admin/groups/{group}/learners", {"email": s.learner_b.email}),
        ("DELETE", f"/v1/admin/groups/{group}/members/{s.learner_a.user_id}", None),
        ("GET", f"/v1/admin/organisations/{org}/seats", None),
        ("POST", f"/v1/admin/organisations/{org}/seats/1/release", None),
        ("PUT", f"/v1/admin/organisations/{org}/lrs",
         {"url": "http://lrs.example/xAPI/", "username": "u", "password": "p"}),
        ("GET", f"/v1/admin/organisations/{org}/lrs", None),
        ("POST", f"/v1/admin/organisations/{org}/lrs/send", None),
        ("DELETE", f"/v1/admin/organisations/{org}/lrs", None),
    ]
    for caller in (s.coach_a, s.learner_a):
        for method, url, body in routes:
            r = caller.client.request(method, url, json=body, headers=caller.auth)
            assert r.status_code == 403, (method, url, r.text)
            # store-wide routes: store administrators; the rest: also organisation admins
            assert r.json()["type"].endswith(("/not-admin", "/not-org-admin"))
    # nothing changed: the coach is still not a coach of anything else, no group was added
    assert [g["name"] for g in _ok(s.admin.get(f"/v1/admin/organisations/{org}"))["groups"]
            ] == ["Class 5A", "Class 5B"]
    assert _ok(s.coach_a.get(f"/v1/coach/groups/{group}"))["id"] == group


# --------------------------------------------------------------------------- reports


def test_coach_report_from_what_learners_synced(store: StoreHarness) -> None:
    s = make_school(store)
    c = s.course_id
    now = datetime.now(UTC)
    last_week = now - timedelta(days=7)
    quick, slow, idle = s.learner_a, store.register("slow"), store.register("idle")
    for learner in (slow, idle):
        _ok(learner.post("/v1/groups/join", json={"code": s.group_a["join_code"]}))
    push_events(quick, [
        ev("launched", "intro", c, at=last_week),
        ev("progressed", "intro", c, at=last_week, result={"duration_s": 300.0}),
        ev("completed", "intro", c, at=last_week, result={"success": True}),
        ev("launched", "two", c, at=now - timedelta(minutes=30)),
        ev("progressed", "two", c, at=now - timedelta(minutes=20),
           result={"duration_s": 600.0}),
        ev("completed", "two", c, at=now - timedelta(minutes=19), result={"success": True}),
        answer(c, False, now - timedelta(minutes=10)),
        answer(c, True, now - timedelta(minutes=9), attempt=2),
        ev("progressed", "other-course-lesson", "some-other-course",
           result={"duration_s": 9999.0}),
    ])
    push_goal(quick, c, date.today() + timedelta(days=60), 3.0)
    push_events(slow, [
        ev("launched", "intro", c, at=now - timedelta(hours=2)),
        ev("progressed", "intro", c, at=now - timedelta(hours=2), result={"duration_s": 60.0}),
        answer(c, False, now - timedelta(hours=1)),
        ev("launched", "intro", c, at=now - timedelta(minutes=50)),
    ])
    push_goal(slow, c, date.today() + timedelta(days=1), 0.1)
    push_events(s.learner_b, [ev("completed", "intro", c), answer(c, True, now)])  # group B

    report = _ok(s.coach_a.get(f"/v1/coach/groups/{s.group_a['id']}/courses/{c}/report"))
    assert report["course_title"] == "Test course" and report["group_name"] == "Class 5A"
    rows = {r["email"]: r for r in report["learners"]}
    assert set(rows) == {quick.email, slow.email, idle.email}  # not group B's learner
    this_week, prev_week = report["weeks"][-1], report["weeks"][-2]
    q = rows[quick.email]
    assert (q["items_completed"], q["items_total"], q["completion"]) == (2, 3, 0.6667)
    assert q["minutes_per_week"][this_week] == 10.0
    assert q["minutes_per_week"][prev_week] == 5.0
    assert q["total_minutes"] == 15.0  # the other course's 9999 s do not count
    assert [(k["skill_id"], k["answered"], k["correct"]) for k in q["skills"]] == [
        ("t.basics", 1, 0)]  # first attempts only
    assert q["goal_status"] == "on_track"
    assert q["last_sync"] is not None and q["outcome_score"] is not None
    sl = rows[slow.email]
    assert (sl["items_completed"], sl["goal_status"]) == (0, "behind")
    assert sl["outcome_score"] is not None and sl["outcome_score"] < q["outcome_score"]
    i = rows[idle.email]
    assert (i["completion"], i["total_minutes"], i["outcome_score"], i["goal_status"],
            i["last_sync"]) == (0.0, 0.0, None, "no_goal", None)
    # where they stop: quick finished both lessons and answered the quiz (not passed);
    # slow went back to the introduction
    assert {p["item_id"]: p["learners"] for p in report["stop_points"]} == {
        "q-basics": 1, "intro": 1}
    assert report["missed_questions"] == [{
        "question_id": "q-basics/q1", "quiz_title": "Check", "answered": 2, "missed": 2,
        "miss_rate": 1.0}]

    r = s.coach_a.get(f"/v1/coach/groups/{s.group_a['id']}/courses/{c}/report.csv")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "attachment" in r.headers["content-disposition"]
    table = list(csv.DictReader(io.StringIO(r.text)))
    by_email = {row["email"]: row for row in table}
    assert set(by_email) == set(rows)
    assert by_email[quick.email]["completion_percent"] == "66.7"
    assert by_email[quick.email][f"minutes_{prev_week}"] == "5.0"
    assert by_email[quick.email]["skill_t.basics_correct_of_answered"] == "0/1"
    assert by_email[slow.email]["goal_status"] == "behind"
    assert by_email[idle.email]["outcome_score"] == ""
    questions = s.coach_a.get(
        f"/v1/coach/groups/{s.group_a['id']}/courses/{c}/report.csv",
        params={"table": "questions"}).text.splitlines()
    assert questions == ["question_id,quiz,answered,missed,miss_rate", "q-basics/q1,Check,2,2,1.0"]
    unknown = s.coach_a.get(f"/v1/coach/groups/{s.group_a['id']}/courses/nope-course/report")
    assert unknown.status_code == 404


# --------------------------------------------------------------------------- seats


def redeem(store: StoreHarness, learner: Account, course_id: str, code: str) -> dict[str, Any]:
    order = _ok(store.order(learner, course_id), 201)
    paid = _ok(learner.post(f"/v1/orders/{order['id']}/pay",
                            json={"provider": "voucher", "code": code}))
    assert paid["order"]["status"] == "paid"
    return dict(paid["order"])


def test_seats_used_left_and_released(store: StoreHarness) -> None:
    s = make_school(store, seats=2)
    code = s.pool["codes"][0]
    first, second, third = s.learner_a, s.learner_b, store.register("third")
    redeem(store, first, s.course_id, code)
    redeem(store, second, s.course_id, code)
    seats_url = f"/v1/admin/organisations/{s.org['id']}/seats"
    report = _ok(s.admin.get(seats_url))
    [pool] = report["pools"]
    assert (pool["seats_total"], pool["seats_used"], pool["seats_left"]) == (2, 2, 0)
    assert [h["email"] for h in pool["holders"]] == [first.email, second.email]
    assert {h["course_id"] for h in pool["holders"]} == {s.course_id}
    full = store.order(third, s.course_id).json()
    refused = third.post(f"/v1/orders/{full['id']}/pay", json={"provider": "voucher",
                                                                "code": code})
    assert refused.status_code == 409

    leaving = pool["holders"][0]
    other_seats = f"/v1/admin/organisations/{s.other_org['id']}/seats"
    assert s.admin.post(f"{other_seats}/{leaving['redemption_id']}/release").status_code == 404
    after = _ok(s.admin.post(f"{seats_url}/{leaving['redemption_id']}/release"))
    [pool] = after["pools"]
    assert (pool["seats_used"], pool["seats_left"]) == (1, 1)
    assert [h["email"] for h in pool["holders"]] == [second.email]
    owned = _ok(first.get("/v1/entitlements"))
    assert s.course_id not in {e["course_id"] for e in owned}  # access ends with the seat
    again = s.admin.post(f"{seats_url}/{leaving['redemption_id']}/release")
    assert again.status_code == 409
    redeem(store, third, s.course_id, code)  # the freed seat is usable again
    assert _ok(s.admin.get(seats_url))["pools"][0]["seats_left"] == 0
