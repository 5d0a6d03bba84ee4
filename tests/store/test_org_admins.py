"""Organisation administrators: a store administrator names them per organisation; they
manage their own organisation's groups, coaches, seats and LRS — and nothing of another
organisation (404) — while coaches and learners are not administrators (403)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.store.harness import Account, StoreHarness
from tests.store.test_institutions import School, make_school


@pytest.fixture(scope="module")
def school(store: StoreHarness) -> School:
    return make_school(store)


@pytest.fixture(scope="module")
def org_admin(store: StoreHarness, school: School) -> Account:
    account = store.register("org-admin")
    r = school.admin.post(f"/v1/admin/organisations/{school.org['id']}/admins",
                          json={"email": account.email})
    assert r.status_code == 200, r.text
    assert account.email in r.json()
    return account


def org_routes(org_id: str, group_id: str, user_id: str) -> list[tuple[str, str, Any]]:
    return [
        ("GET", f"/v1/admin/organisations/{org_id}", None),
        ("POST", f"/v1/admin/organisations/{org_id}/groups", {"name": "Extra class"}),
        ("POST", f"/v1/admin/groups/{group_id}/coaches", {"email": "nobody@example.org"}),
        ("POST", f"/v1/admin/groups/{group_id}/learners", {"email": "nobody@example.org"}),
        ("DELETE", f"/v1/admin/groups/{group_id}/members/{user_id}", None),
        ("GET", f"/v1/admin/organisations/{org_id}/seats", None),
        ("POST", f"/v1/admin/organisations/{org_id}/seats/999999/release", None),
        ("PUT", f"/v1/admin/organisations/{org_id}/lrs",
         {"url": "http://127.0.0.1:9/xapi", "username": "u", "password": "p"}),
        ("GET", f"/v1/admin/organisations/{org_id}/lrs", None),
        ("POST", f"/v1/admin/organisations/{org_id}/lrs/send", None),
        ("DELETE", f"/v1/admin/organisations/{org_id}/lrs", None),
    ]


def call(account: Account | None, client: httpx.Client, method: str, url: str,
         body: Any) -> httpx.Response:
    headers = account.auth if account is not None else {}
    return client.request(method, url, json=body, headers=headers)


def test_an_org_admin_manages_groups_coaches_and_seats_of_their_organisation(
        store: StoreHarness, school: School, org_admin: Account) -> None:
    org_id = school.org["id"]
    r = org_admin.post(f"/v1/admin/organisations/{org_id}/groups",
                       json={"name": "Class 6A", "course_ids": [school.course_id]})
    assert r.status_code == 201, r.text
    group = r.json()
    coach = store.register("coach-6a")
    r = org_admin.post(f"/v1/admin/groups/{group['id']}/coaches", json={"email": coach.email})
    assert r.status_code == 200 and r.json()["coaches"] == [coach.email]
    r = org_admin.get(f"/v1/admin/organisations/{org_id}")
    assert r.status_code == 200
    assert "Class 6A" in [g["name"] for g in r.json()["groups"]]
    r = org_admin.get(f"/v1/admin/organisations/{org_id}/seats")
    assert r.status_code == 200 and r.json()["pools"][0]["pool_id"] == school.pool["id"]
    r = org_admin.delete(f"/v1/admin/groups/{group['id']}/members/{coach.user_id}")
    assert r.status_code == 204
    # the organisation's LRS answers them as it answers a store administrator
    mine = org_admin.get(f"/v1/admin/organisations/{org_id}/lrs")
    theirs = school.admin.get(f"/v1/admin/organisations/{org_id}/lrs")
    assert mine.status_code == theirs.status_code and mine.json() == theirs.json()


def test_another_organisation_is_not_found_for_an_org_admin(
        school: School, org_admin: Account) -> None:
    routes = org_routes(school.other_org["id"], school.group_c["id"], school.coach_c.user_id)
    for method, url, body in routes:
        r = call(org_admin, org_admin.client, method, url, body)
        assert r.status_code == 404, (method, url, r.status_code, r.text)
    # and the other organisation is untouched
    r = school.admin.get(f"/v1/admin/organisations/{school.other_org['id']}")
    assert [g["name"] for g in r.json()["groups"]] == ["Year 1"]
    assert r.json()["groups"][0]["coaches"] == [school.coach_c.email]


def test_coaches_and_learners_are_not_org_admins_and_anonymous_is_401(
        store: StoreHarness, school: School) -> None:
    routes = org_routes(school.org["id"], school.group_a["id"], school.learner_a.user_id)
    anonymous = store.client()
    for method, url, body in routes:
        for who in (school.coach_a, school.learner_a):
            r = call(who, who.client, method, url, body)
            assert r.status_code == 403, (method, url, r.status_code, r.text)
            assert r.json()["type"].endswith("/not-org-admin")
        assert call(None, anonymous, method, url, body).status_code == 401


def test_only_store_admins_create_organisations_and_name_org_admins(
        store: StoreHarness, school: School, org_admin: Account) -> None:
    org_id = school.org["id"]
    other = store.register("would-be-admin")
    assert org_admin.post("/v1/admin/organisations", json={"name": "Mine"}).status_code == 403
    assert org_admin.post(f"/v1/admin/organisations/{org_id}/pools",
                          json={"pool_id": school.pool["id"]}).status_code == 403
    assert org_admin.post(f"/v1/admin/organisations/{org_id}/admins",
                          json={"email": other.email}).status_code == 403
    assert store.client().post(f"/v1/admin/organisations/{org_id}/admins",
                               json={"email": other.email}).status_code == 401
    # a store administrator names and removes one; removed, they are refused (403)
    r = school.admin.post(f"/v1/admin/organisations/{org_id}/admins", json={"email": other.email})
    assert r.status_code == 200 and other.email in r.json()
    assert other.get(f"/v1/admin/organisations/{org_id}").status_code == 200
    r = school.admin.delete(f"/v1/admin/organisations/{org_id}/admins/{other.user_id}")
    assert r.status_code == 204
    assert other.get(f"/v1/admin/organisations/{org_id}").status_code == 403
    r = school.admin.delete(f"/v1/admin/organisations/{org_id}/admins/{other.user_id}")
    assert r.status_code == 404
    r = school.admin.post(f"/v1/admin/organisations/{org_id}/admins",
                          json={"email": "nobody-here@example.org"})
    assert r.status_code == 422
