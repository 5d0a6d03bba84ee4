"""Settings: declared once, validated, saved atomically, corrupt files survive."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from app.settings import SETTINGS, SettingError, Settings


def test_defaults_until_set_then_persisted(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    s = Settings(path)
    assert s["language"] == "system"
    s.set("language", "zh_CN")
    assert Settings(path)["language"] == "zh_CN"
    assert json.loads(path.read_text())["language"] == "zh_CN"


def test_target_retention_is_personal_and_bounded_like_the_review_model() -> None:
    from scoring.reviews import DEFAULT_RETENTION, MAX_RETENTION, MIN_RETENTION

    spec = Settings.spec("target_retention")
    assert spec.personal and spec.default == DEFAULT_RETENTION
    assert spec.validate(MIN_RETENTION) == MIN_RETENTION
    assert spec.validate(MAX_RETENTION) == MAX_RETENTION
    with pytest.raises(SettingError):
        spec.validate(MAX_RETENTION + 0.001)


def test_every_default_passes_its_own_validation() -> None:
    for spec in SETTINGS:
        assert spec.validate(spec.default) == spec.default


@pytest.mark.parametrize(
    ("name", "value", "fragment"),
    [
        ("language", "fr", "must be one of system, en, zh_CN"),
        ("sync_interval_min", 0, "between 1 and 1440"),
        ("sync_interval_min", "10", "must be a int"),
        ("auto_sync", 1, "must be a bool"),
        ("store_url", "ftp://x", "http:// or https://"),
        ("nope", 1, "no setting called 'nope'"),
        ("target_retention", 0.99, "between 0.7 and 0.97"),
        ("target_retention", 0.5, "between 0.7 and 0.97"),
        ("target_retention", "90%", "must be a float"),
    ],
)
def test_bad_values_refused_with_the_setting_named(tmp_path: Path, name: str, value: object,
                                                   fragment: str) -> None:
    s = Settings(tmp_path / "settings.json")
    with pytest.raises(SettingError, match=fragment):
        s.set(name, value)
    assert not (tmp_path / "settings.json").exists()  # nothing half-saved


def test_corrupt_file_is_moved_aside_and_defaults_used(tmp_path: Path,
                                                       caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"language": "en",', encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        s = Settings(path)
    assert s["language"] == "system"
    assert (tmp_path / "settings.json.corrupt").read_text() == '{"language": "en",'
    assert "unreadable" in caplog.text


def test_invalid_stored_value_falls_back_to_default(tmp_path: Path,
                                                    caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"theme": "purple", "auto_sync": False}), encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        s = Settings(path)
    assert s["theme"] == "system"
    assert s["auto_sync"] is False
    assert "Setting 'theme' must be one of system, light, dark; got 'purple'" in caplog.text


def test_secrets_are_not_settings() -> None:
    names = {s.name for s in SETTINGS}
    assert not any(word in n for n in names for word in ("password", "token", "secret"))
