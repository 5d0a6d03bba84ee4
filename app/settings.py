"""Settings, declared once: name, type, default, validation, description.

Values live in ``settings.json`` in the config dir (see `app.paths`), except the settings
declared ``personal``: each account has its own value, kept in its profile's encrypted
database while that profile is open (`attach_profile`); with no profile open they read as
their defaults and cannot be changed. Secrets never live here: they stay in the keyring or
in the encrypted profile (`app.profiles`). Writes are atomic
(temp file + fsync + rename), so a crash never leaves a half-written file; a corrupt file
is moved aside to ``settings.json.corrupt`` and defaults are used, with a warning logged.

Threading: a `Settings` object is not thread-safe; the UI thread owns it and hands
copies of values to background work.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.errors import StorageError, UserError

log = logging.getLogger(__name__)


class SettingError(UserError):
    """A setting was given a value it cannot take."""


@dataclass(frozen=True)
class Setting:
    name: str
    type: type
    default: Any
    description: str
    choices: tuple[Any, ...] | None = None
    check: Callable[[Any], str | None] | None = None  # returns an error message or None
    # personal: kept in the open profile's (encrypted) database, not in settings.json; each
    # account on this computer has its own value
    personal: bool = False

    def validate(self, value: Any) -> Any:
        if self.type is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, self.type) or (self.type is int and isinstance(value, bool)):
            raise SettingError(
                f"Setting '{self.name}' must be a {self.type.__name__}, not {value!r}"
            )
        if self.choices is not None and value not in self.choices:
            allowed = ", ".join(map(str, self.choices))
            raise SettingError(f"Setting '{self.name}' must be one of {allowed}; got {value!r}")
        if self.check is not None and (problem := self.check(value)):
            raise SettingError(f"Setting '{self.name}': {problem}")
        return value


def _url(value: str) -> str | None:
    if value and not value.startswith(("http://", "https://")):
        return "must be empty (embedded demo store) or start with http:// or https://"
    return None


def _range(lo: int, hi: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if lo <= value <= hi else f"must be between {lo} and {hi}"

    return check


def _float_range(lo: float, hi: float) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        return None if lo <= value <= hi else f"must be between {lo:g} and {hi:g}"

    return check


SETTINGS: tuple[Setting, ...] = (
    Setting("store_url", str, "", "Store server URL; empty starts the embedded demo store",
            check=_url),
    Setting("language", str, "system", "Interface language", choices=("system", "en", "zh_CN")),
    Setting("theme", str, "system", "Colour theme", choices=("system", "light", "dark")),
    Setting("auto_sync", bool, True, "Sync automatically when online"),
    Setting("sync_interval_min", int, 10, "Minutes between automatic syncs", check=_range(1, 1440)),
    Setting("storage_dir", str, "", "Where downloaded courses are kept; empty = data folder"),
    Setting("daily_review_limit", int, 50, "Most review questions per day", check=_range(1, 1000),
            personal=True),
    Setting("target_retention", float, 0.9,
            "Share of review questions you want to still know when they come up (0.7-0.97): "
            "higher means more reviews a day", check=_float_range(0.7, 0.97), personal=True),
    Setting("study_minutes_per_day", int, 45, "Default daily study time for new plans",
            check=_range(5, 960), personal=True),
    Setting("interests", list, [], "Topics and tags the learner said they care about",
            personal=True),
    Setting("send_usage_stats", bool, False, "Share anonymous usage statistics (off by default)"),
    Setting("text_size", int, 100, "Text size, in percent of the normal size (View → Zoom)",
            check=_range(50, 250)),
    Setting("keyring_notice_shown", bool, False,
            "The notice that this computer has no keyring was shown once"),
)
PERSONAL = frozenset(s.name for s in SETTINGS if s.personal)

_BY_NAME = {s.name: s for s in SETTINGS}


class Settings:
    """The user's settings, loaded from and saved to one JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._values: dict[str, Any] = {}
        self._personal: dict[str, Any] | None = None  # the open profile's own values
        self._save_personal: Callable[[dict[str, Any]], None] | None = None
        self.legacy_personal: dict[str, Any] = {}  # 0.1 kept personal values in the file
        self._load()

    # -- the open profile's personal settings -------------------------------------------
    def attach_profile(self, values: dict[str, Any],
                       save: Callable[[dict[str, Any]], None]) -> None:
        """Personal settings now read from ``values`` (the open profile's) and changes go to
        ``save`` (called with the changed names and values)."""
        checked: dict[str, Any] = {}
        for name, value in values.items():
            if name in PERSONAL:
                try:
                    checked[name] = _BY_NAME[name].validate(value)
                except SettingError as exc:
                    log.warning("%s; using the default", exc)
        self._personal = checked
        self._save_personal = save

    def detach_profile(self) -> None:
        """No profile is open: personal settings read as their defaults."""
        self._personal = None
        self._save_personal = None

    def _store(self, name: str) -> dict[str, Any]:
        if name in PERSONAL:
            if self._personal is None:
                raise SettingError(f"'{name}' belongs to an account: sign in to change it.")
            return self._personal
        return self._values

    @staticmethod
    def spec(name: str) -> Setting:
        try:
            return _BY_NAME[name]
        except KeyError:
            raise SettingError(f"There is no setting called '{name}'") from None

    def __getitem__(self, name: str) -> Any:
        spec = self.spec(name)
        if name in PERSONAL:
            return (self._personal or {}).get(name, spec.default)
        return self._values.get(name, spec.default)

    def __iter__(self) -> Iterator[str]:
        return iter(_BY_NAME)

    def set(self, name: str, value: Any) -> None:
        """Validate and store one value, then save it (the file atomically, or the profile)."""
        checked = self.spec(name).validate(value)
        self._store(name)[name] = checked
        self._saved(name, checked)

    def _saved(self, name: str, value: Any) -> None:
        if name in PERSONAL:
            assert self._save_personal is not None
            self._save_personal({name: value})
        else:
            self.save()

    def is_set(self, name: str) -> bool:
        """True when the learner chose a value (as opposed to the declared default)."""
        self.spec(name)
        return name in ((self._personal or {}) if name in PERSONAL else self._values)

    def reset(self, name: str) -> None:
        self.spec(name)
        store = self._store(name)
        store.pop(name, None)
        self._saved(name, None)

    def as_dict(self) -> dict[str, Any]:
        return {name: self[name] for name in _BY_NAME}

    def _load(self) -> None:
        try:
            raw = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        try:
            data = json.loads(raw)
            if not isinstance(data, dict):
                raise ValueError("top level is not an object")
        except ValueError as exc:
            aside = self.path.with_name(self.path.name + ".corrupt")
            os.replace(self.path, aside)
            log.warning("settings file %s was unreadable (%s); moved to %s", self.path, exc, aside)
            return
        for name, value in data.items():
            if name not in _BY_NAME:
                log.warning("ignoring unknown setting %r in %s", name, self.path)
                continue
            try:
                checked = _BY_NAME[name].validate(value)
            except SettingError as exc:
                log.warning("%s; using the default", exc)
                continue
            if name in PERSONAL:
                self.legacy_personal[name] = checked  # moved into a profile by the split
            else:
                self._values[name] = checked

    def save(self) -> None:
        payload = json.dumps(self._values, indent=2, ensure_ascii=False, sort_keys=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".settings-", suffix=".tmp")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(payload)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as exc:
            raise StorageError(f"Could not save settings to {self.path}: {exc.strerror}") from exc
