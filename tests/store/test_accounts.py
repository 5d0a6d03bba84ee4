"""Accounts over HTTP: register, login, throttling, refresh rotation and reuse detection,
logout, password change, devices and revocation."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from store.config import StoreSettings
from tests.store.harness import PASSWORD, StoreHarness


def test_register_then_me_and_duplicate_email(store: StoreHarness) -> None:
    acc = store.register()
    me = acc.get("/v1/me")
    assert me.status_code == 200
    assert me.json()["email"] == acc.email
    assert acc.tokens["token_type"] == "bearer"
    assert 0 < acc.tokens["expires_in"] <= 3600
    again = store.client().post(
        "/v1/auth/register", json={"email": acc.email.upper(), "password": PASSWORD}
    )
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    assert "already exists" in again.json()["detail"]


def test_register_rejects_short_password_with_problem(store: StoreHarness) -> None:
    r = store.client().post(
        "/v1/auth/register", json={"email": store.unique_email(), "password": "short"}
    )
    assert r.status_code == 422
    body = r.json()
    assert body["status"] == 422 and "password" in body["detail"]


def test_login_and_wrong_password(store: StoreHarness) -> None:
    acc = store.register()
    other = store.login(acc, device={"name": "Laptop"})
    assert other.device_id != acc.device_id
    assert other.get("/v1/me").status_code == 200
    wrong = store.client().post(
        "/v1/auth/login", json={"email": acc.email, "password": "not the password"}
    )
    assert wrong.status_code == 401
    assert wrong.json()["detail"] == "Wrong email or password."
    unknown = store.client().post(
        "/v1/auth/login", json={"email": store.unique_email(), "password": "whatever1"}
    )
    assert unknown.status_code == 401
    assert unknown.json()["detail"] == wrong.json()["detail"]  # no account enumeration


def test_login_throttled_after_repeated_failures(store: StoreHarness) -> None:
    acc = store.register()
    bystander = store.register()
    c = store.client()
    for _ in range(5):
        r = c.post("/v1/auth/login", json={"email": acc.email, "password": "wrong password"})
        assert r.status_code == 401
    locked = c.post("/v1/auth/login", json={"email": acc.email, "password": PASSWORD})
    assert locked.status_code == 429
    assert int(locked.headers["Retry-After"]) > 0
    assert "try again" in locked.json()["detail"]
    # Only that account is locked.
    assert store.login(bystander).get("/v1/me").status_code == 200


def refresh(c: httpx.Client, token: str) -> httpx.Response:
    return c.post("/v1/auth/refresh", json={"refresh_token": token})


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def test_refresh_rotates_and_reuse_after_the_new_token_was_used_revokes_family(
    store: StoreHarness,
) -> None:
    acc = store.register()
    c = store.client()
    first = refresh(c, acc.refresh_token)
    assert first.status_code == 200
    rotated = first.json()
    assert rotated["refresh_token"] != acc.refresh_token
    assert rotated["access_token"] != acc.access
    assert c.get("/v1/me", headers=bearer(rotated)).status_code == 200
    # The legitimate client moves on with the new refresh token...
    second = refresh(c, rotated["refresh_token"])
    assert second.status_code == 200
    newest = second.json()
    # ...so the old one coming back (e.g. stolen), even within the grace window, is a
    # replay: the whole family dies.
    replay = refresh(c, acc.refresh_token)
    assert replay.status_code == 401
    assert "used again" in replay.json()["detail"]
    assert c.get("/v1/me", headers=bearer(newest)).status_code == 401
    assert refresh(c, newest["refresh_token"]).status_code == 401
    # A separate login (another family) is unaffected.
    assert store.login(acc).get("/v1/me").status_code == 200


def test_a_refresh_retried_after_a_lost_answer_gets_the_same_pair(store: StoreHarness) -> None:
    acc = store.register()
    c = store.client()
    lost = refresh(c, acc.refresh_token)  # the store answered; the client never saw it
    assert lost.status_code == 200
    retried = refresh(c, acc.refresh_token)
    assert retried.status_code == 200, retried.text
    a, b = lost.json(), retried.json()
    assert (b["access_token"], b["refresh_token"]) == (a["access_token"], a["refresh_token"])
    assert (b["device_id"], b["user"]) == (a["device_id"], a["user"])
    assert 0 < b["expires_in"] <= a["expires_in"]
    assert 0 < b["refresh_expires_in"] <= a["refresh_expires_in"]
    assert c.get("/v1/me", headers=bearer(b)).status_code == 200
    # The session goes on normally from the retried pair.
    after = refresh(c, b["refresh_token"])
    assert after.status_code == 200
    assert c.get("/v1/me", headers=bearer(after.json())).status_code == 200
    # Now that the new token was used, the first one is a replay and ends the session.
    assert refresh(c, acc.refresh_token).status_code == 401
    assert c.get("/v1/me", headers=bearer(after.json())).status_code == 401


def test_a_refresh_retried_after_the_grace_window_revokes_family(store: StoreHarness) -> None:
    acc = store.register()
    c = store.client()
    lost = refresh(c, acc.refresh_token)
    assert lost.status_code == 200
    grace = store.server.settings.refresh_reuse_grace
    assert grace > 0
    store.age_refresh_use(acc.refresh_token, seconds=grace + 1)
    late = refresh(c, acc.refresh_token)
    assert late.status_code == 401
    assert late.json()["detail"].startswith("This session was ended")
    assert c.get("/v1/me", headers=bearer(lost.json())).status_code == 401
    assert refresh(c, lost.json()["refresh_token"]).status_code == 401


def test_refresh_reuse_grace_is_configurable() -> None:
    env = {"SATCHEL_STORE_REFRESH_REUSE_GRACE": "15"}
    assert StoreSettings.from_env(env).refresh_reuse_grace == 15
    assert StoreSettings().refresh_reuse_grace == 60
    with pytest.raises(ValueError, match="refresh_reuse_grace"):
        StoreSettings(refresh_reuse_grace=-1)


def test_logout_ends_only_this_session(store: StoreHarness) -> None:
    acc = store.register()
    second = store.login(acc)
    assert acc.post("/v1/auth/logout").status_code == 204
    assert acc.get("/v1/me").status_code == 401
    refresh = store.client().post("/v1/auth/refresh", json={"refresh_token": acc.refresh_token})
    assert refresh.status_code == 401
    assert second.get("/v1/me").status_code == 200


def test_password_change_signs_out_other_sessions(store: StoreHarness) -> None:
    acc = store.register()
    other = store.login(acc)
    wrong = acc.post(
        "/v1/auth/password",
        json={"current_password": "nope nope", "new_password": "a brand new password"},
    )
    assert wrong.status_code == 403
    ok = acc.post(
        "/v1/auth/password",
        json={"current_password": PASSWORD, "new_password": "a brand new password"},
    )
    assert ok.status_code == 204
    assert acc.get("/v1/me").status_code == 200  # this session stays
    assert other.get("/v1/me").status_code == 401
    c = store.client()
    assert (
        c.post("/v1/auth/login", json={"email": acc.email, "password": PASSWORD}).status_code == 401
    )
    assert (
        c.post(
            "/v1/auth/login", json={"email": acc.email, "password": "a brand new password"}
        ).status_code
        == 200
    )


def test_devices_list_update_and_revoke(store: StoreHarness) -> None:
    acc = store.register(device={"name": "Desktop", "platform": "linux"})
    laptop = store.login(acc, device={"name": "Laptop"})
    devices = acc.get("/v1/devices").json()
    assert {d["name"] for d in devices} == {"Desktop", "Laptop"}
    assert [d["current"] for d in devices if d["name"] == "Desktop"] == [True]
    key = "A" * 43 + "="
    r = acc.patch(f"/v1/devices/{acc.device_id}", json={"name": "Work PC", "public_key": key})
    assert r.status_code == 200 and r.json()["public_key"] == key
    bad = acc.patch(f"/v1/devices/{acc.device_id}", json={"public_key": "not-a-key"})
    assert bad.status_code == 422
    # Revoke the laptop from the desktop: its access and refresh tokens stop at once.
    r = acc.post(f"/v1/devices/{laptop.device_id}/revoke")
    assert r.status_code == 200 and r.json()["revoked_at"] is not None
    assert laptop.get("/v1/me").status_code == 401
    assert laptop.post("/v1/sync/events", json={"events": []}).status_code == 401
    refresh = store.client().post("/v1/auth/refresh", json={"refresh_token": laptop.refresh_token})
    assert refresh.status_code == 401
    # Re-login naming the revoked device id gets a new device, not the revoked one.
    again = store.login(acc, device={"name": "Laptop", "device_id": laptop.device_id})
    assert again.device_id != laptop.device_id


def test_cannot_touch_another_users_device(store: StoreHarness) -> None:
    alice = store.register()
    mallory = store.register()
    assert mallory.post(f"/v1/devices/{alice.device_id}/revoke").status_code == 404
    assert mallory.patch(f"/v1/devices/{alice.device_id}", json={"name": "x"}).status_code == 404
    assert alice.get("/v1/me").status_code == 200


def test_requests_without_or_with_garbage_token(store: StoreHarness) -> None:
    c = store.client()
    r = c.get("/v1/me")
    assert r.status_code == 401 and r.headers["WWW-Authenticate"] == "Bearer"
    assert c.get("/v1/me", headers={"Authorization": "Bearer sat_at_forged"}).status_code == 401


def test_production_password_hashes_are_rfc9106_argon2id() -> None:
    from store.security import Passwords

    passwords = Passwords("rfc9106-low-memory")
    stored = passwords.hash("a long passphrase")
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")
    assert passwords.verify(stored, "a long passphrase")
    assert not passwords.verify(stored, "a long passphrase!")
    assert not passwords.verify(None, "a long passphrase")  # unknown account, same cost
