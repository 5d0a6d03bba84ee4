"""Institution config: found in the right place, validated with precise messages, locks hold."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from app import provisioning
from app.provisioning import (
    UNMANAGED,
    ProvisionedSettings,
    ProvisioningError,
    SettingLockedError,
    find_config,
    load,
    load_institution_config,
)
from app.services import institution_content
from app.settings import SettingError, Settings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "installer" / "institution.example.toml"


def write(tmp_path: Path, text: str, name: str = "institution.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    path.chmod(0o644)
    return path


def bundle(tmp_path: Path, rel: str, payload: bytes = b"PK\x05\x06" + b"\0" * 18) -> Path:
    path = tmp_path / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(payload)
    return path


FULL = """\
[organisation]
name = "Northfield College"
support = "helpdesk@northfield.example"

[store]
url = "https://learn.northfield.example/"
purchasing = false
voucher_code = "NFC-2025-SEATS"
group_code = "NFC5A-2026"

[content]
preload = ["bundles/intro.satchel"]
shared_folder = "/srv/satchel-shared"

[settings]
language = "zh_CN"
send_usage_stats = false
sync_interval_min = 30

[lock]
settings = ["store_url", "send_usage_stats"]
"""


def test_shipped_example_is_valid_and_documents_every_key() -> None:
    cfg = load(EXAMPLE)
    text = EXAMPLE.read_text(encoding="utf-8")
    for table, keys in provisioning._SCHEMA.items():
        assert f"[{table}]" in text
        if table != "settings":
            for key in keys:
                assert f"{key} =" in text, f"example does not show {table}.{key}"
    assert cfg.store_url and cfg.store_url.startswith("https://")
    assert "store_url" in cfg.locked_settings


def test_full_file_gives_every_field(tmp_path: Path) -> None:
    intro = bundle(tmp_path, "bundles/intro.satchel")
    cfg = load(write(tmp_path, FULL))
    assert cfg.organisation == "Northfield College"
    assert cfg.support == "helpdesk@northfield.example"
    assert cfg.store_url == "https://learn.northfield.example"  # trailing slash dropped
    assert cfg.purchasing_enabled is False
    assert cfg.voucher_code == "NFC-2025-SEATS"
    assert cfg.group_code == "NFC5A-2026"
    assert cfg.preload_bundles == (intro.resolve(),)
    assert cfg.shared_content_dir == Path("/srv/satchel-shared")
    assert cfg.default_language == "zh_CN"
    assert cfg.setting_values["store_url"] == "https://learn.northfield.example"
    assert cfg.locked_settings == {"store_url", "send_usage_stats"}
    assert cfg.is_managed
    with pytest.raises(AttributeError):
        cfg.organisation = "x"  # type: ignore[misc]
    with pytest.raises(TypeError):
        cfg.setting_values["language"] = "en"  # type: ignore[index]


def test_empty_file_is_a_managed_install_with_app_defaults(tmp_path: Path) -> None:
    cfg = load(write(tmp_path, "# nothing decided yet\n"))
    assert cfg.is_managed and cfg.store_url is None and cfg.purchasing_enabled
    assert cfg.locked_settings == frozenset() and cfg.preload_bundles == ()


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ('[store]\nurl = "ftp://x"\n', 2, "store.url: must start with https://"),
        ('[store]\nurl = "https://a"\npurchasing = "no"\n', 3,
         "store.purchasing: must be true or false"),
        ('[store]\nvoucher_kode = "ABCD"\n', 2, "did you mean 'voucher_code'"),
        ('[store]\nvoucher_code = "a b"\n', 2, "store.voucher_code: must be 4-64"),
        ('[store]\ngroup_code = "5A"\n', 2, "store.group_code: must be 4-64"),
        ('[organisation]\nname = 5\n', 2, "organisation.name: must be a text"),
        ('[organisation]\nname = "  "\n', 2, "must not be empty"),
        ('[stor]\nurl = "https://a"\n', 1, "stor: unknown table or key (did you mean 'store'?)"),
        ('[settings]\nlanguage = "fr"\n', 2, "settings.language: Setting 'language' must be one"),
        ('[settings]\nlangage = "en"\n', 2, "there is no such setting (did you mean 'language'?)"),
        ('[settings]\nsync_interval_min = 0\n', 2, "between 1 and 1440"),
        ('[lock]\nsettings = ["language"]\n', 2, "'language' is locked but the file gives it no"),
        ('[settings]\nlanguage = "en"\n[lock]\nsettings = ["languag"]\n', 4,
         "no setting called 'languag' (did you mean 'language'?)"),
        ('[lock]\nsettings = "store_url"\n', 2, "must be a list of setting names"),
        ('[content]\npreload = "a.satchel"\n', 2, "content.preload: must be a list"),
        ('[content]\npreload = ["notes.txt"]\n', 2, "entry 1 (notes.txt) is not a .satchel"),
        ('[content]\npreload = ["missing.satchel"]\n', 2, "missing.satchel does not exist"),
        ('schema = 2\n', 1, "schema 1, not 2"),
        ('[store]\nurl = "https://a"\n[settings]\nstore_url = "https://b"\n', 4,
         "conflicts with [store] url"),
        ("store = 3\n", 1, "store: must be a table"),
    ],
)
def test_mistakes_are_reported_with_file_line_and_key(tmp_path: Path, text: str, line: int,
                                                      fragment: str) -> None:
    path = write(tmp_path, text)
    with pytest.raises(ProvisioningError) as err:
        load(path)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message


def test_toml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, '[store]\nurl = "https://a\n')
    with pytest.raises(ProvisioningError, match=r"not valid TOML: .*line 2"):
        load(path)


def test_dotted_keys_are_located_too(tmp_path: Path) -> None:
    path = write(tmp_path, '# x\nstore.url = "gopher://x"\n')
    with pytest.raises(ProvisioningError, match=rf"^{path}:2: store.url"):
        load(path)


def test_preload_listed_twice_is_refused(tmp_path: Path) -> None:
    bundle(tmp_path, "a.satchel")
    path = write(tmp_path, '[content]\npreload = ["a.satchel", "./a.satchel"]\n')
    with pytest.raises(ProvisioningError, match="listed twice"):
        load(path)


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_world_writable_config_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, '[store]\nurl = "https://a"\n')
    path.chmod(0o666)
    with pytest.raises(ProvisioningError, match="writable by every user"):
        load(path)


def test_lookup_order_env_then_system_then_baked(tmp_path: Path) -> None:
    program = tmp_path / "program"
    program.mkdir()
    progdata = tmp_path / "ProgramData"
    env = {"PROGRAMDATA": str(progdata)}
    assert find_config(env, "win32", program) is None
    assert load_institution_config(env, "win32", program) is UNMANAGED

    baked = write(program, '[organisation]\nname = "Baked"\n')
    assert find_config(env, "win32", program) == baked

    (progdata / "Satchel").mkdir(parents=True)
    system = write(progdata / "Satchel", '[organisation]\nname = "System"\n')
    assert find_config(env, "win32", program) == system
    assert load_institution_config(env, "win32", program).organisation == "System"

    explicit = write(tmp_path, '[organisation]\nname = "Explicit"\n', "other.toml")
    env[provisioning.CONFIG_ENV] = str(explicit)
    assert load_institution_config(env, "win32", program).organisation == "Explicit"


def test_env_none_means_unmanaged_even_with_a_baked_file(tmp_path: Path) -> None:
    write(tmp_path, '[organisation]\nname = "Baked"\n')
    env = {"PROGRAMDATA": str(tmp_path / "ProgramData")}
    assert find_config(env, "win32", tmp_path) == tmp_path / "institution.toml"
    env[provisioning.CONFIG_ENV] = "none"
    assert find_config(env, "win32", tmp_path) is None


def test_env_pointing_nowhere_is_an_error_not_a_silent_unmanaged_install(tmp_path: Path) -> None:
    env = {provisioning.CONFIG_ENV: str(tmp_path / "nope.toml")}
    with pytest.raises(ProvisioningError, match="no such file"):
        find_config(env, "linux", tmp_path)


def test_platform_system_locations() -> None:
    assert provisioning.system_config_path("linux", {}) == Path("/etc/satchel/institution.toml")
    assert provisioning.system_config_path("darwin", {}) == Path(
        "/Library/Application Support/Satchel/institution.toml")
    win = provisioning.system_config_path("win32", {"PROGRAMDATA": "D:/PD"})
    assert win == Path("D:/PD") / "Satchel" / "institution.toml"
    mac = provisioning.baked_config_paths(Path("/A/Satchel.app/Contents/MacOS"), "darwin")
    assert Path("/A/Satchel.app/Contents/Resources/institution.toml") in mac
    assert provisioning.baked_config_paths(None, "linux") == ()  # source checkout


def test_locked_setting_overrides_what_the_learner_saved(tmp_path: Path) -> None:
    user_file = tmp_path / "settings.json"
    user_file.write_text(json.dumps({"store_url": "https://elsewhere.example",
                                     "sync_interval_min": 5}), encoding="utf-8")
    bundle(tmp_path, "bundles/intro.satchel")
    cfg = load(write(tmp_path, FULL))
    view = ProvisionedSettings(Settings(user_file), cfg)

    assert view["store_url"] == "https://learn.northfield.example"  # locked: institution wins
    assert view["sync_interval_min"] == 5  # unlocked: the learner's choice wins
    assert view["language"] == "zh_CN"  # institution default, learner never chose
    assert view["theme"] == "system"  # nobody decided: app default
    assert view.locked() == {"store_url", "send_usage_stats"}
    assert view.is_locked("store_url") and not view.is_locked("language")

    with pytest.raises(SettingLockedError, match="set by Northfield College"):
        view.set("send_usage_stats", True)
    assert json.loads(user_file.read_text())["store_url"] == "https://elsewhere.example"

    view.set("language", "en")
    assert view["language"] == "en"
    view.reset("language")
    assert view["language"] == "zh_CN"  # back to the institution's default, not the app's
    assert view.as_dict()["store_url"] == "https://learn.northfield.example"
    with pytest.raises(SettingError):
        view.is_locked("nonsense")


def test_locked_settings_helper_reads_the_config_from_the_environment(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, '[settings]\ntheme = "dark"\n[lock]\nsettings = ["theme"]\n')
    monkeypatch.setenv(provisioning.CONFIG_ENV, str(path))
    assert provisioning.locked_settings() == {"theme"}


def test_preloads_imported_once_per_bundle_content(tmp_path: Path) -> None:
    a = bundle(tmp_path, "cfg/a.satchel", b"version one")
    b = bundle(tmp_path, "cfg/sub/b.satchel", b"other")
    outside = bundle(tmp_path, "elsewhere/c.satchel", b"third")
    path = write(tmp_path / "cfg",
                 f'[content]\npreload = ["a.satchel", "sub/b.satchel", "{outside}"]\n')
    cfg = load(path)
    state = tmp_path / "state" / "preloaded.json"
    assert institution_content.pending_preloads(cfg, state) == [a.resolve(), b.resolve(),
                                                         outside.resolve()]
    institution_content.mark_preloaded(a.resolve(), state)
    assert institution_content.pending_preloads(cfg, state) == [b.resolve(), outside.resolve()]
    a.write_bytes(b"version two")  # IT shipped a new version of the same file
    assert a.resolve() in institution_content.pending_preloads(cfg, state)

    rel = {str(r) for _, r in provisioning.relative_preloads(cfg)}
    assert rel == {"a.satchel", "sub/b.satchel"}  # what a build copies next to the config
