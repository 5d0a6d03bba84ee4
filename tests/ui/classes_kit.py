"""Classes (groups) on the real test store for the UI tests: an organisation with a class set
up the way the store administrator would, and learners who join it by code over HTTP."""

from __future__ import annotations

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


def learner_joins(test_store: Any, code: str, name: str) -> str:
    email, token = register(test_store, name)
    r = httpx.post(f"{test_store.url}/v1/groups/join", json={"code": code},
                   headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 200, r.text
    return email
