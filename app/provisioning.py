"""Institution provisioning: a TOML file that preconfigures (and may lock) the app.

An institution's IT deploys Satchel with one ``institution.toml``. It is looked up, and the
first file found is used (files are never merged):

1. env ``SATCHEL_INSTITUTION_CONFIG`` — a path; if set, the file must exist (the value
   ``none`` means "unmanaged": no file is read, which tests use);
2. the system-wide file: ``/etc/satchel/institution.toml`` (Linux and other Unix),
   ``%PROGRAMDATA%\\Satchel\\institution.toml`` (Windows),
   ``/Library/Application Support/Satchel/institution.toml`` (macOS);
3. the file baked into the build: ``institution.toml`` next to the executable (and, on
   macOS, in ``Satchel.app/Contents/Resources``).

A machine's system-wide file therefore overrides the one baked into the build, the way
``/etc`` overrides a vendor default. No file at all means an ordinary, unmanaged install.

The format (every key optional; see ``installer/institution.example.toml``)::

    [organisation]  name, support
    [store]         url, purchasing, voucher_code, signing_key (the store's public lease
                    key, base64: every profile trusts it from the start, see
                    `sync.leases.accept_keys`), group_code (the class every profile joins
                    when it first opens signed in)
    [content]       preload (list of .satchel paths), shared_folder
    [settings]      defaults for any setting declared in app.settings
    [lock]          settings = [names the learner may not change]

Relative paths are relative to the config file's folder. Mistakes raise
:class:`ProvisioningError` naming the file, the line (when it can be found), the key and what
is wrong; unknown keys are refused (a typo must not be silently ignored).

Locks keep learners from changing a setting in the app; they are not a security boundary
against someone who controls the environment (the env override points at any file). What
must hold (no purchases, which store) is enforced by the store.

Threading: everything here is pure and read-only; call from any thread.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import logging
import os
import re
import stat
import sys
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Any

from app.errors import UserError
from app.settings import SETTINGS, Setting, SettingError, Settings

log = logging.getLogger(__name__)

CONFIG_ENV = "SATCHEL_INSTITUTION_CONFIG"
CONFIG_NAME = "institution.toml"

_SETTINGS_BY_NAME: dict[str, Setting] = {s.name: s for s in SETTINGS}


class ProvisioningError(UserError):
    """The institution config file is missing, unreadable or contains a mistake."""


class SettingLockedError(UserError):
    """The learner tried to change a setting that the institution has locked."""


@dataclass(frozen=True)
class InstitutionConfig:
    """What an institution decided; `None`/empty means "not set, use the app's default"."""

    source: Path | None = None
    organisation: str = ""
    support: str = ""
    store_url: str | None = None
    purchasing_enabled: bool = True
    voucher_code: str | None = None
    group_code: str | None = None  # the class (group) every profile joins
    store_signing_key: bytes | None = None  # the store's Ed25519 public key, pinned
    preload_bundles: tuple[Path, ...] = ()
    shared_content_dir: Path | None = None
    setting_values: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    locked_settings: frozenset[str] = frozenset()

    @property
    def default_language(self) -> str | None:
        value = self.setting_values.get("language")
        return value if isinstance(value, str) else None

    @property
    def is_managed(self) -> bool:
        """True when an institution file was found (the UI may show "Managed by …")."""
        return self.source is not None

    def is_locked(self, setting: str) -> bool:
        return setting in self.locked_settings


UNMANAGED = InstitutionConfig()


# --------------------------------------------------------------------------- locating


def system_config_path(platform: str | None = None,
                       environ: Mapping[str, str] | None = None) -> Path:
    """The system-wide location for this platform (the file need not exist)."""
    platform = platform or sys.platform
    env = os.environ if environ is None else environ
    if platform.startswith("win"):
        base = env.get("PROGRAMDATA") or r"C:\ProgramData"
        return Path(base) / "Satchel" / CONFIG_NAME
    if platform == "darwin":
        return Path("/Library/Application Support/Satchel") / CONFIG_NAME
    return Path("/etc/satchel") / CONFIG_NAME


def baked_config_paths(program_dir: Path | None = None,
                       platform: str | None = None) -> tuple[Path, ...]:
    """Where a build carries its own config: next to the executable (and in a macOS bundle)."""
    if program_dir is None:
        if not getattr(sys, "frozen", False):
            return ()  # a source checkout carries no baked config
        program_dir = Path(sys.executable).resolve().parent
    paths = [program_dir / CONFIG_NAME]
    if (platform or sys.platform) == "darwin":
        paths.append(program_dir.parent / "Resources" / CONFIG_NAME)
    return tuple(paths)


def find_config(environ: Mapping[str, str] | None = None, platform: str | None = None,
                program_dir: Path | None = None) -> Path | None:
    """The config file that applies, or None when the install is unmanaged."""
    env = os.environ if environ is None else environ
    explicit = env.get(CONFIG_ENV, "").strip()
    if explicit.lower() == "none":
        return None
    if explicit:
        path = Path(explicit).expanduser()
        if not path.is_file():
            raise ProvisioningError(
                f"{CONFIG_ENV} points at {path}, but there is no such file. "
                "Fix the path or unset the variable."
            )
        return path
    candidates = (system_config_path(platform, env), *baked_config_paths(program_dir, platform))
    for path in candidates:
        if path.is_file():
            return path
    return None


def load_institution_config(environ: Mapping[str, str] | None = None,
                            platform: str | None = None,
                            program_dir: Path | None = None) -> InstitutionConfig:
    """Find and load the config; `UNMANAGED` when there is none. Raises ProvisioningError."""
    path = find_config(environ, platform, program_dir)
    return UNMANAGED if path is None else load(path)


def load_or_unmanaged(environ: Mapping[str, str] | None = None, platform: str | None = None,
                      program_dir: Path | None = None,
                      ) -> tuple[InstitutionConfig, ProvisioningError | None]:
    """What the app starts with: the config, or — when it has a mistake — `UNMANAGED` and
    the error (logged here; the UI shows it). A broken file must not stop learners from
    studying; until IT fixes it the app runs with the learner's own settings."""
    try:
        return load_institution_config(environ, platform, program_dir), None
    except ProvisioningError as exc:
        log.error("institution config not used, running unmanaged: %s", exc)
        return UNMANAGED, exc


# --------------------------------------------------------------------------- parsing

_SCHEMA: dict[str, dict[str, str]] = {
    "organisation": {"name": "a text", "support": "a text"},
    "store": {"url": "a text", "purchasing": "true or false", "voucher_code": "a text",
              "signing_key": "a text", "group_code": "a text"},
    "content": {"preload": "a list of paths", "shared_folder": "a path"},
    "settings": {name: "" for name in _SETTINGS_BY_NAME},
    "lock": {"settings": "a list of setting names"},
}
_TOP_LEVEL = {"schema"}
_VOUCHER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{3,63}$")


class _Reader:
    """Keeps the file's text so error messages can say which line a key is on."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.splitlines()

    def line_of(self, table: str | None, key: str | None) -> int | None:
        current: str | None = None
        header = re.compile(r"^\s*\[\s*([A-Za-z0-9_.\"' -]+?)\s*\]\s*(#.*)?$")
        for number, line in enumerate(self.lines, start=1):
            m = header.match(line)
            if m:
                current = m.group(1).strip("\"' ")
                if (key is None and current == table) or (table is None and current == key):
                    return number
                continue
            if key is not None and current == table and re.match(
                rf"^\s*[\"']?{re.escape(key)}[\"']?\s*=", line
            ):
                return number
            if key is not None and table is not None and current is None and re.match(
                rf"^\s*{re.escape(table)}\s*\.\s*{re.escape(key)}\s*=", line
            ):
                return number
        return None

    def error(self, table: str | None, key: str | None, problem: str) -> ProvisioningError:
        line = self.line_of(table, key)
        where = f"{self.path}:{line}" if line else str(self.path)
        name = ".".join(p for p in (table, key) if p)
        return ProvisioningError(f"{where}: {name}: {problem}" if name else f"{where}: {problem}")


def _suggest(word: str, options: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _read(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ProvisioningError(f"{path}: the institution config file does not exist") from None
    except OSError as exc:
        raise ProvisioningError(
            f"{path}: the institution config file cannot be read ({exc.strerror or exc})"
        ) from exc
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ProvisioningError(f"{path}: the file is not UTF-8 text ({exc.reason})") from exc


def _check_permissions(path: Path) -> None:
    """Refuse a config anyone may edit: it decides which server learners sign in to."""
    if os.name != "posix":
        return
    mode = path.stat().st_mode
    if mode & stat.S_IWOTH:
        raise ProvisioningError(
            f"{path}: the institution config file is writable by every user on this computer, "
            "so anyone could redirect Satchel to another server. Make it writable only by "
            f"administrators, e.g. sudo chmod 644 {path}"
        )


def load(path: Path) -> InstitutionConfig:
    """Parse and validate one institution config file."""
    path = Path(path)
    text = _read(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # tomllib's message already carries "(at line N, column M)".
        raise ProvisioningError(f"{path}: not valid TOML: {exc}") from exc
    _check_permissions(path)
    return parse(data, path, text)


def parse(data: Mapping[str, Any], path: Path, text: str = "") -> InstitutionConfig:
    """Validate already-parsed TOML data (``text`` only improves line numbers)."""
    r = _Reader(path, text)
    base = path.resolve().parent

    for name, value in data.items():
        if name in _TOP_LEVEL:
            continue
        if name not in _SCHEMA:
            raise r.error(None, name, "unknown table or key" + _suggest(name, _SCHEMA))
        if not isinstance(value, dict):
            raise r.error(None, name, f"must be a table ([{name}]), not {value!r}")
        for key in value:
            if key not in _SCHEMA[name]:
                hint = _suggest(key, _SCHEMA[name])
                if name == "settings":
                    raise r.error(name, key, "there is no such setting" + hint)
                raise r.error(name, key, "unknown key" + hint)
    schema = data.get("schema", 1)
    if schema != 1:
        raise r.error(None, "schema", f"this Satchel understands schema 1, not {schema!r}")

    def table(name: str) -> dict[str, Any]:
        value = data.get(name, {})
        assert isinstance(value, dict)
        return value

    def text_value(tbl: str, key: str, *, required: bool = False) -> str | None:
        value = table(tbl).get(key)
        if value is None:
            if required:
                raise r.error(tbl, key, "is required")
            return None
        if not isinstance(value, str):
            raise r.error(tbl, key, f"must be a text in quotes, not {value!r}")
        value = value.strip()
        if not value:
            raise r.error(tbl, key, "must not be empty (remove the line to leave it unset)")
        return value

    organisation = text_value("organisation", "name") or ""
    support = text_value("organisation", "support") or ""

    store_url = text_value("store", "url")
    if store_url is not None:
        if not store_url.startswith(("https://", "http://")):
            raise r.error("store", "url", f"must start with https:// (got {store_url!r})")
        if " " in store_url:
            raise r.error("store", "url", f"must not contain spaces (got {store_url!r})")
        store_url = store_url.rstrip("/")

    purchasing = table("store").get("purchasing", True)
    if not isinstance(purchasing, bool):
        raise r.error("store", "purchasing", f"must be true or false, not {purchasing!r}")

    voucher = text_value("store", "voucher_code")
    if voucher is not None and not _VOUCHER.match(voucher):
        raise r.error(
            "store", "voucher_code",
            "must be 4-64 letters, digits, '-' or '_' (as printed by the store's voucher admin)",
        )

    group_code = text_value("store", "group_code")
    if group_code is not None and not _VOUCHER.match(group_code):
        raise r.error("store", "group_code",
                      "must be 4-64 letters, digits, '-' or '_' (the class's join code)")

    signing_key = None
    key_text = text_value("store", "signing_key")
    if key_text is not None:
        try:
            signing_key = base64.b64decode(key_text.strip(), validate=True)
        except (binascii.Error, ValueError):
            signing_key = None
        if signing_key is None or len(signing_key) != 32:
            raise r.error("store", "signing_key",
                          "must be the store's public key as GET /v1/keys shows it "
                          "(base64 of 32 bytes)")

    preload = _paths_list(r, base, table("content").get("preload"))
    shared = text_value("content", "shared_folder")
    shared_dir = None
    if shared is not None:
        shared_dir = Path(shared).expanduser()
        if not shared_dir.is_absolute():
            shared_dir = (base / shared_dir).resolve()

    values: dict[str, Any] = {}
    for name, value in table("settings").items():
        try:
            values[name] = _SETTINGS_BY_NAME[name].validate(value)
        except SettingError as exc:
            raise r.error("settings", name, str(exc)) from None
    if store_url is not None:
        if "store_url" in values and values["store_url"] != store_url:
            raise r.error("settings", "store_url",
                          "conflicts with [store] url; set the store URL in one place only")
        values["store_url"] = store_url

    locked_raw = table("lock").get("settings", [])
    if not isinstance(locked_raw, list) or not all(isinstance(x, str) for x in locked_raw):
        raise r.error("lock", "settings", 'must be a list of setting names, e.g. ["store_url"]')
    for name in locked_raw:
        if name not in _SETTINGS_BY_NAME:
            raise r.error("lock", "settings",
                          f"there is no setting called '{name}'"
                          + _suggest(name, _SETTINGS_BY_NAME))
        if name not in values:
            raise r.error(
                "lock", "settings",
                f"'{name}' is locked but the file gives it no value; add it under [settings]"
                + (" (or [store] url)" if name == "store_url" else ""),
            )
    return InstitutionConfig(
        source=path,
        organisation=organisation,
        support=support,
        store_url=store_url,
        purchasing_enabled=purchasing,
        voucher_code=voucher,
        group_code=group_code,
        store_signing_key=signing_key,
        preload_bundles=preload,
        shared_content_dir=shared_dir,
        setting_values=MappingProxyType(values),
        locked_settings=frozenset(locked_raw),
    )


def _paths_list(r: _Reader, base: Path, raw: Any) -> tuple[Path, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise r.error("content", "preload",
                      'must be a list of .satchel files, e.g. ["bundles/intro.satchel"]')
    out: list[Path] = []
    for index, item in enumerate(raw):
        if not isinstance(item, str) or not item.strip():
            raise r.error("content", "preload", f"entry {index + 1} must be a path in quotes")
        p = Path(item.strip()).expanduser()
        if not p.is_absolute():
            p = (base / p).resolve()
        if p.suffix.lower() != ".satchel":
            raise r.error("content", "preload",
                          f"entry {index + 1} ({item}) is not a .satchel course bundle")
        if not p.is_file():
            raise r.error("content", "preload", f"entry {index + 1}: {p} does not exist")
        if p in out:
            raise r.error("content", "preload", f"entry {index + 1}: {p} is listed twice")
        out.append(p)
    return tuple(out)


def relative_preloads(config: InstitutionConfig) -> list[tuple[Path, PurePosixPath]]:
    """Preload bundles that live under the config's folder, with their relative paths.

    The build script copies these next to the baked config so that the relative paths in
    the file still resolve in the installed app.
    """
    if config.source is None:
        return []
    base = config.source.resolve().parent
    out = []
    for p in config.preload_bundles:
        try:
            out.append((p, PurePosixPath(p.relative_to(base).as_posix())))
        except ValueError:
            continue
    return out


# --------------------------------------------------------------------------- settings


class ProvisionedSettings:
    """The learner's `Settings` seen through the institution's config.

    Reading a setting gives, in order: the institution's value if the setting is locked;
    the learner's own value if they changed it; the institution's default; the app's
    default. Changing a locked setting raises `SettingLockedError`. Like `Settings`, this
    object belongs to the UI thread.
    """

    def __init__(self, settings: Settings, config: InstitutionConfig) -> None:
        self.settings = settings
        self.config = config

    def locked(self) -> frozenset[str]:
        """Names of settings the UI must show as read-only ("Set by <organisation>")."""
        return self.config.locked_settings

    def is_locked(self, name: str) -> bool:
        Settings.spec(name)  # unknown names raise SettingError
        return self.config.is_locked(name)

    def __getitem__(self, name: str) -> Any:
        spec = Settings.spec(name)
        if self.config.is_locked(name):
            return self.config.setting_values[name]
        if self.settings.is_set(name) or name not in self.config.setting_values:
            return self.settings[spec.name]
        return self.config.setting_values[name]

    def set(self, name: str, value: Any) -> None:
        if self.is_locked(name):
            who = self.config.organisation or "your organisation"
            raise SettingLockedError(
                f"'{name}' is set by {who} and cannot be changed here. "
                "Ask your IT department if it needs to be different."
            )
        self.settings.set(name, value)

    def reset(self, name: str) -> None:
        """Back to the institution's default (or the app's), unless locked."""
        if self.is_locked(name):
            return
        self.settings.reset(name)

    def as_dict(self) -> dict[str, Any]:
        return {s.name: self[s.name] for s in SETTINGS}


def locked_settings(config: InstitutionConfig | None = None) -> frozenset[str]:
    """Which settings are locked on this machine (loads the config when none is given)."""
    return (config or load_institution_config()).locked_settings


# --------------------------------------------------------------------------- first run
