"""`StoreClient` against the real store: plain error messages from problem documents, one
refresh on 401 (also under concurrency, since a rotated refresh token works only once), and
an expired session reported as such."""

from __future__ import annotations

import dataclasses
import socket
import threading
from pathlib import Path

import pytest
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
            pytest.raises(Offline, match="could not be reached"):
        client.catalog_changes(0)


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
        with StoreClient(kit.url, refresh_token=session.refresh_token) as thief:
            thief.ensure_session()  # uses (and rotates) the refresh token first
        _break_access_token(dev.client)
        report = dev.engine.sync_now()
        assert report.needs_sign_in
        assert "Sign in again" in str(report.error)
        assert dev.refresh_tokens[-1] is None  # the app forgets the keyring entry
        assert not dev.client.signed_in
    finally:
        dev.close()
