"""Where Satchel writes: SATCHEL_HOME, then portable.ini next to the program, then the
platform's per-user folders."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from app import paths
from app.errors import StorageError

ALL = (
    paths.data_dir,
    paths.config_dir,
    paths.cache_dir,
    paths.log_dir,
    paths.downloads_dir,
)


def _frozen_at(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(folder / "satchel"))


def _layout(root: Path) -> list[Path]:
    return [root, root / "config", root / "cache", root / "logs", root / "downloads"]


def test_satchel_home_holds_everything(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home with space"
    monkeypatch.setenv("SATCHEL_HOME", str(home))
    _frozen_at(tmp_path / "app", monkeypatch)
    (tmp_path / "app" / "portable.ini").write_text("")  # SATCHEL_HOME still wins

    assert [f() for f in ALL] == _layout(home)
    assert all(p.is_dir() for p in _layout(home))
    assert paths.database_path() == home / "satchel.db"
    assert not paths.is_portable()


def test_portable_ini_next_to_the_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SATCHEL_HOME", raising=False)
    app_dir = tmp_path / "usb" / "Satchel"
    _frozen_at(app_dir, monkeypatch)
    (app_dir / "portable.ini").write_text("[portable]\n")

    assert [f() for f in ALL] == _layout(app_dir / "data")
    assert paths.is_portable()


def test_per_user_folders_otherwise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SATCHEL_HOME", raising=False)
    _frozen_at(tmp_path / "opt" / "satchel", monkeypatch)  # no portable.ini there
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    if sys.platform != "linux":
        pytest.skip("the XDG variables only redirect platformdirs on Linux")

    assert paths.data_dir() == tmp_path / "xdg_data_home" / "Satchel"
    assert paths.config_dir() == tmp_path / "xdg_config_home" / "Satchel"
    assert paths.cache_dir() == tmp_path / "xdg_cache_home" / "Satchel"
    assert paths.log_dir().is_relative_to(tmp_path / "xdg_state_home" / "Satchel")
    assert paths.downloads_dir() == tmp_path / "xdg_data_home" / "Satchel" / "downloads"
    assert not paths.is_portable()


def test_a_folder_that_cannot_be_created_is_a_storage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file in the way")
    monkeypatch.setenv("SATCHEL_HOME", str(blocker / "satchel"))
    with pytest.raises(StorageError, match="cannot create its data folder") as caught:
        paths.data_dir()
    assert str(blocker / "satchel") in str(caught.value)
