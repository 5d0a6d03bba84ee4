"""Classes (groups) on the real test store for the UI tests: an organisation with a class set
up the way the store administrator would, and learners who join it by code over HTTP."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from support import new_email  # type: ignore[import-not-found]

from store import orgs
from sync.institutions import GroupCreate, OrganisationCreate


def make_class(
    test_store: Any, coach_email: str | None, course_id: str = "free-course"
) -> dict[str, Any]:
    """An organisation with one class (as the store administrator would set it up)."""
    with test_store.ctx.db.session(write=True) as session:
        org = orgs.create_organisation(session, OrganisationCreate(name="Northfield"))
        group = orgs.create_group(
            session, org.id, GroupCreate(name="Class 5A", course_ids=[course_id])
        )
        if coach_email:
            orgs.add_member(session, group.id, coach_email, orgs.COACH)
        session.commit()
    return group.model_dump()


def register(test_store: Any, name: str) -> tuple[str, str]:
    """A new account on the store: (email, access token)."""
    email = new_email()
    r = httpx.post(f"{test_store.url}/v1/auth/register",
                   json={"email": email, "password": "password123", "display_name": name})
    assert r.status_code == 201, r.text
    return email, r.json()["access_token"]


def learner_joins(test_store: Any, code: str, name: str, *, studies: str | None = None
                  ) -> str:
    """A new learner joins the class; with ``studies`` (a course id of `bundles.write_bundle`)
    their app has synced: "l-add" completed after 10 minutes, quiz "check" q1 right and q4
    wrong (first attempts)."""
    email, token = register(test_store, name)
    auth = {"Authorization": f"Bearer {token}"}
    r = httpx.post(f"{test_store.url}/v1/groups/join", json={"code": code}, headers=auth)
    assert r.status_code == 200, r.text
    if studies:
        r = httpx.post(f"{test_store.url}/v1/sync/events", headers=auth,
                       json={"events": studied(studies)})
        assert r.status_code == 200, r.text
    return email


XAPI = "http://adlnet.gov/expapi/verbs/"


def _event(verb: str, obj: str, course: str, kind: str, at: datetime,
           result: dict[str, Any] | None = None, context: dict[str, Any] | None = None
           ) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "verb": XAPI + verb,
            "object": {"id": obj, "kind": kind, "course_id": course},
            "result": result, "context": context, "timestamp": at.isoformat()}


def studied(course: str) -> list[dict[str, Any]]:
    now = datetime.now(UTC)

    def answer(question: str, skill: str, correct: bool, minutes_ago: int) -> dict[str, Any]:
        return _event("answered", f"check/{question}", course, "question",
                      now - timedelta(minutes=minutes_ago),
                      result={"success": correct, "response": correct, "duration_s": 5.0},
                      context={"quiz_id": "check", "question_id": question, "attempt": 1,
                               "skills": [skill], "difficulty": 0.2})

    return [
        _event("launched", "l-add", course, "lesson", now - timedelta(minutes=30)),
        _event("progressed", "l-add", course, "lesson", now - timedelta(minutes=20),
               result={"duration_s": 600.0}),
        _event("completed", "l-add", course, "lesson", now - timedelta(minutes=19),
               result={"success": True}),
        answer("q1", "s.add", True, 10),
        answer("q4", "s.div", False, 9),
    ]
