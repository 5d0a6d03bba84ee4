"""`StoreClient` against the real store: plain error messages from problem documents, one
refresh on 401 (also under concurrency, since a rotated refresh token works only once), a
refresh whose answer was lost recovered without signing in again, and an expired session
reported as such."""

from __future__ import annotations

import dataclasses
import socket
import threading
from pathlib import Path

import pytest
import requests
from faults import FaultProxy, on
from kit import PASSWORD, Device, StoreKit

from sync.client import Session, StoreClient
from sync.errors import Offline, ServerError
from sync.protocol import DeviceInfo


def test_wrong_password_gives_the_stores_plain_message(kit: StoreKit) -> None:
    email = kit.new_email()
    with StoreClient(kit.url) as client:
        client.register(email, PASSWORD, DeviceInfo())
    with StoreClient(kit.url) as client, pytest.raises(ServerError) as err:
        client.login(email, "not the password", DeviceInfo())
    assert err.value.status == 401
    assert err.value.problem is not None and err.value.problem.detail == str(err.value)
    assert "{" not in str(err.value) and len(str(err.value)) > 10


def test_unreachable_store_is_offline_with_a_plain_message() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with StoreClient(f"http://127.0.0.1:{port}", timeout=(0.5, 0.5)) as client, \
            pytest.raises(Offline, match="could not be reached") as err:
        client.catalog_changes(0)
    assert not err.value.maybe_delivered  # nothing reached a store: nothing to retry


def _break_access_token(client: StoreClient) -> None:
    session = client.session
    assert session is not None
    client._session = dataclasses.replace(session, access_token="sat_at_expired")


def test_a_rejected_access_token_is_refreshed_once_and_the_new_refresh_token_reported(
    kit: StoreKit, work: Path
) -> None:
    dev = Device(work / "d", kit.url, kit.new_email(), register=True)
    try:
        first_refresh = dev.refresh_tokens[-1]
        _break_access_token(dev.client)
        assert dev.client.entitlements() == []
        assert len(dev.refresh_tokens) == 2
        assert dev.refresh_tokens[-1] not in (None, first_refresh)  # rotated, for the keyring
    finally:
        dev.close()


def test_concurrent_401s_share_one_refresh(kit: StoreKit, work: Path) -> None:
    dev = Device(work / "d", kit.url, kit.new_email(), register=True)
    try:
        _break_access_token(dev.client)
        errors: list[BaseException] = []

        def call() -> None:
            try:
                dev.client.entitlements()
            except BaseException as exc:
                errors.append(exc)

        threads = [threading.Thread(target=call) for _ in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert len(dev.refresh_tokens) == 2  # login + exactly one refresh
        assert dev.engine.sync_now().ok  # the token family was not revoked
    finally:
        dev.close()


def test_a_revoked_session_asks_to_sign_in_again(kit: StoreKit, work: Path) -> None:
    dev = Device(work / "d", kit.url, kit.new_email(), register=True)
    try:
        session = dev.client.session
        assert isinstance(session, Session)
        # A thief uses the refresh token first and keeps the stolen session going.
        stolen = requests.post(kit.url + "/v1/auth/refresh",
                               json={"refresh_token": session.refresh_token}, timeout=10)
        assert stolen.status_code == 200
        onward = requests.post(kit.url + "/v1/auth/refresh",
                               json={"refresh_token": stolen.json()["refresh_token"]}, timeout=10)
        assert onward.status_code == 200
        _break_access_token(dev.client)
        report = dev.engine.sync_now()
        assert report.needs_sign_in
        assert "Sign in again" in str(report.error)
        assert dev.refresh_tokens[-1] is None  # the app forgets the keyring entry
        assert not dev.client.signed_in
    finally:
        dev.close()


REFRESH = on("POST", "/v1/auth/refresh")


def test_a_lost_refresh_answer_is_retried_at_once_with_the_same_token(
    kit: StoreKit, work: Path, proxy: FaultProxy
) -> None:
    dev = Device(work / "d", proxy.url, kit.new_email(), register=True)
    try:
        _break_access_token(dev.client)
        proxy.add(REFRESH, "drop_after")  # the store rotates the token; the answer is lost
        report = dev.engine.sync_now()
        assert report.ok, report.error
        assert proxy.count("POST", "/v1/auth/refresh") == 2
        assert proxy.count("POST", "/v1/auth/refresh", "drop_after") == 1
        assert len(dev.refresh_tokens) == 2  # login + the one new pair
        assert dev.refresh_tokens[-1] is not None
        # The session lives on: the kept token refreshes normally later.
        _break_access_token(dev.client)
        assert dev.engine.sync_now().ok
        assert len(dev.refresh_tokens) == 3 and None not in dev.refresh_tokens
    finally:
        dev.close()


def test_a_session_survives_refresh_answers_lost_until_the_next_sync(
    kit: StoreKit, work: Path, proxy: FaultProxy
) -> None:
    dev = Device(work / "d", proxy.url, kit.new_email(), register=True)
    try:
        dev.study(3)
        _break_access_token(dev.client)
        proxy.add(REFRESH, "drop_after", times=2)  # the retry's answer is lost as well
        report = dev.engine.sync_now()
        assert report.offline and not report.needs_sign_in
        assert dev.client.signed_in and len(dev.refresh_tokens) == 1  # nothing new yet
        assert dev.outbox() == 3

        report = dev.engine.sync_now()  # the network is back, within the grace window
        assert report.ok, report.error
        assert proxy.count("POST", "/v1/auth/refresh") == 3
        assert len(dev.refresh_tokens) == 2 and dev.refresh_tokens[-1] is not None
        assert dev.outbox() == 0 and kit.events(dev.email) == 3
    finally:
        dev.close()
