"""Secrets only go to a secure keyring; without one the user gets a plain explanation."""

from __future__ import annotations

from collections.abc import Iterator

import keyring
import keyring.backend
import pytest
from keyring.backends import fail

from app import credentials


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def restore_keyring() -> Iterator[None]:
    before = keyring.get_keyring()
    yield
    keyring.set_keyring(before)


def test_round_trip_with_a_secure_backend(restore_keyring: None) -> None:
    mem = MemoryKeyring()
    keyring.set_keyring(mem)
    credentials.save_secret("http://store", "ann@example.com", "refresh-123")
    assert credentials.load_secret("http://store", "ann@example.com") == "refresh-123"
    assert credentials.load_secret("http://other", "ann@example.com") is None
    credentials.delete_secret("http://store", "ann@example.com")
    assert credentials.load_secret("http://store", "ann@example.com") is None


def test_no_backend_refuses_with_instructions(restore_keyring: None) -> None:
    keyring.set_keyring(fail.Keyring())
    with pytest.raises(credentials.NoKeyringError, match="gnome-keyring"):
        credentials.save_secret("http://store", "ann@example.com", "refresh-123")
    assert credentials.load_secret("http://store", "ann@example.com") is None
