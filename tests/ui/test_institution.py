"""Institution deployments in the running app: an ``institution.toml`` found through
SATCHEL_INSTITUTION_CONFIG locks settings, switches buying off (or to the seat code),
preloads courses and shares a read-only folder; About shows the version and the update
check finds a newer build published on the real store."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, get_args

import pytest
from bundles import write_bundle  # type: ignore[import-not-found]
from support import new_email, register_in_window  # type: ignore[import-not-found]

import app
from app.provisioning import SettingLockedError
from bundle.pack import pack

ORG = "Northfield College"


def satchel_file(folder: Path, course_id: str, title: str) -> Path:
    source = write_bundle(folder / f"{course_id}-src", course_id=course_id, title=title)
    return pack(source, folder / f"{course_id}.satchel")


@pytest.fixture
def managed(qtbot: Any, test_store: Any, tmp_path: Path,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., Any]]:
    """Start the real app as `satchel` does (`ui.main.load_settings`) with this config."""
    from ui.controller import Controller
    from ui.errors import set_support_contact
    from ui.main import load_settings
    from ui.main_window import MainWindow

    opened: list[tuple[Any, Any]] = []

    def stop_all() -> None:
        while opened:
            window, controller = opened.pop()
            window.close()
            controller.shutdown()

    def start(toml: str, saved: dict[str, Any] | None = None) -> Any:
        stop_all()  # one app at a time on this data folder (a restart)
        config = tmp_path / "deploy" / "institution.toml"
        config.parent.mkdir(exist_ok=True)
        config.write_text(toml, encoding="utf-8")
        config.chmod(0o644)
        monkeypatch.setenv("SATCHEL_INSTITUTION_CONFIG", str(config))
        settings, problem = load_settings()
        for name, value in {"store_url": test_store.url, "auto_sync": False,
                            **(saved or {})}.items():
            settings.settings.set(name, value)  # what the learner saved earlier
        controller = Controller(settings, institution_problem=problem)
        window = MainWindow(controller)
        qtbot.addWidget(window)
        window.show()
        controller.start()
        qtbot.waitUntil(lambda: controller.app is not None, timeout=30_000)
        if controller.profiles:  # a restart: the learner's remembered profile opens
            qtbot.waitUntil(lambda: controller.is_ready, timeout=30_000)
        else:  # first start: a learner creates an account
            register_in_window(qtbot, window, new_email())
        opened.append((window, controller))
        return window

    yield start
    stop_all()
    set_support_contact("")


def show_course(window: Any, qtbot: Any, course_id: str) -> Any:
    store = window.go("store")
    store.open(course_id=course_id)
    qtbot.waitUntil(lambda: store.detail is not None and store.detail.card.id == course_id
                    and store.d_message.text() != "Loading…", timeout=20_000)
    return store


def test_a_locked_setting_is_read_only_and_says_who_set_it(managed: Any, qtbot: Any) -> None:
    window = managed(f"""
[organisation]
name = "{ORG}"
support = "helpdesk@northfield.example"
[settings]
language = "en"
theme = "dark"
send_usage_stats = false
[lock]
settings = ["language", "send_usage_stats"]
""", saved={"language": "zh_CN"})
    controller = window.controller
    # the locked value wins over what the learner saved; a default only fills a gap
    assert controller.settings["language"] == "en"
    assert controller.settings["theme"] == "dark"
    settings = window.go("settings")
    assert not settings.language.isEnabled()
    assert settings.language.currentData() == "en"
    note = settings.lock_notes["language"]
    assert note.isVisible() and note.text() == f"Set by {ORG}"
    assert settings.theme.isEnabled() and "theme" not in settings.lock_notes
    assert "Share anonymous usage statistics: off" in settings.other_locks.text()
    assert settings.managed_label.text() == (f"Managed by {ORG}. "
                                             "Help: helpdesk@northfield.example")
    assert window.windowTitle() == f"Satchel — {ORG}"
    with pytest.raises(SettingLockedError, match=ORG):
        controller.apply_setting("language", "zh_CN")
    settings.theme.setCurrentIndex(settings.theme.findData("light"))
    assert controller.settings["theme"] == "light"


def test_a_broken_config_is_reported_and_the_app_runs_unmanaged(managed: Any) -> None:
    from ui.main import institution_problem_text
    from ui.self_test import institution_name

    window = managed('[store]\npurchasing = "no"\n')
    controller = window.controller
    assert not controller.institution.is_managed
    problem = controller.institution_problem
    assert problem is not None and "store.purchasing: must be true or false" in str(problem)
    assert "could not use your organisation's settings file" in institution_problem_text(problem)
    assert institution_name(controller).startswith("none (")
    assert window.go("settings").language.isEnabled()


def test_purchasing_switched_off_hides_the_buy_button_and_says_why(
    managed: Any, qtbot: Any
) -> None:
    window = managed(f'[organisation]\nname = "{ORG}"\n[store]\npurchasing = false\n')
    for course in ("paid-course", "free-course"):
        store = show_course(window, qtbot, course)
        assert store.buy_button.isHidden(), course
        assert f"Buying is switched off by {ORG}" in store.d_message.text()


def test_the_seat_code_gets_a_course_when_buying_is_off(
    managed: Any, qtbot: Any, test_store: Any
) -> None:
    from store import vouchers
    from sync.protocol import VoucherPoolCreate

    with test_store.ctx.db.session(write=True) as session:
        pool = vouchers.create_pool(session, VoucherPoolCreate(
            name=ORG, seats=5, course_ids=["paid-course"]), ["NFC-SEATS-2025"])
    window = managed(f'[organisation]\nname = "{ORG}"\n'
                     '[store]\npurchasing = false\nvoucher_code = "NFC-SEATS-2025"\n')
    services = window.controller.services
    store = show_course(window, qtbot, "paid-course")
    assert store.buy_button.isVisible()
    assert store.buy_button.text() == f"Get it with {ORG}'s seat code"
    store.buy_button.click()
    qtbot.waitUntil(lambda: "paid-course" in services.library.owned_ids(), timeout=20_000)
    with test_store.ctx.db.session(write=False) as session:
        assert vouchers.get_pool(session, pool.id).seats_used == 1


def test_the_seat_code_is_pre_filled_when_buying_is_on(managed: Any, qtbot: Any) -> None:
    window = managed('[store]\nvoucher_code = "NFC-SEATS-2025"\n')
    store = show_course(window, qtbot, "paid-course")
    assert store.buy_button.text().startswith("Buy for")
    store.buy_button.click()
    dialog = store.buy_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.voucher_radio.isChecked() and dialog.voucher.text() == "NFC-SEATS-2025"
    dialog.reject()


def test_preloaded_and_shared_courses_are_in_the_library_available_offline(
    managed: Any, qtbot: Any, tmp_path: Path
) -> None:
    deploy = tmp_path / "deploy"
    deploy.mkdir()
    satchel_file(deploy, "preload-course", "Preloaded numbers")
    shared = tmp_path / "share"
    shared.mkdir()
    satchel_file(shared, "shared-course", "Shared numbers")
    before = sorted(p.name for p in shared.iterdir())
    window = managed('[content]\npreload = ["preload-course.satchel"]\n'
                     f'shared_folder = "{shared}"\n')
    controller = window.controller
    qtbot.waitUntil(lambda: controller.provided is not None, timeout=30_000)
    assert controller.provided.imported == ["Preloaded numbers"]
    assert controller.provided.shared == ["Shared numbers"]
    assert controller.provided.problems == []
    library = window.go("library")
    model = library.model
    qtbot.waitUntil(lambda: model.row_of("preload-course") >= 0
                    and model.row_of("shared-course") >= 0, timeout=20_000)
    from ui.models.library import COL_STATE

    for course in ("preload-course", "shared-course"):
        state = model.data(model.index(model.row_of(course), COL_STATE))
        assert state == "Available offline", course
    services = controller.services
    # no purchase, no lease: the institution put these courses here
    assert services.library.access("preload-course") == (True, "")
    assert services.library.course("shared-course").manifest.title == "Shared numbers"
    from app.errors import UserError

    with pytest.raises(UserError, match="shared course folder"):
        services.library.remove_download("shared-course")
    assert sorted(p.name for p in shared.iterdir()) == before


def test_a_preload_is_imported_once_and_a_bad_one_is_reported(
    managed: Any, qtbot: Any, tmp_path: Path
) -> None:
    deploy = tmp_path / "deploy"
    deploy.mkdir()
    satchel_file(deploy, "preload-course", "Preloaded numbers")
    (deploy / "broken.satchel").write_bytes(b"not a zip")
    toml = '[content]\npreload = ["preload-course.satchel", "broken.satchel"]\n'
    window = managed(toml)
    controller = window.controller
    qtbot.waitUntil(lambda: controller.provided is not None, timeout=30_000)
    assert controller.provided.imported == ["Preloaded numbers"]
    assert [p.split(":")[0] for p in controller.provided.problems] == [
        str(deploy / "broken.satchel")]
    box = next(w for w in qtbot_top_levels() if w.objectName() == "userErrorBox")
    assert "broken.satchel" in box.text()
    box.close()
    # the learner removes it: the next start does not bring it back
    controller.services.library.remove_download("preload-course")
    again = managed(toml)
    qtbot.waitUntil(lambda: again.controller.provided is not None, timeout=30_000)
    assert again.controller.provided.imported == []


def test_a_shared_course_whose_file_is_gone_leaves_the_library(
    managed: Any, qtbot: Any, tmp_path: Path
) -> None:
    shared = tmp_path / "share"
    shared.mkdir()
    bundle = satchel_file(shared, "shared-course", "Shared numbers")
    toml = f'[content]\nshared_folder = "{shared}"\n'
    window = managed(toml)
    qtbot.waitUntil(lambda: window.controller.provided is not None, timeout=30_000)
    ids = [e.course_id for e in window.controller.services.library.entries()]
    assert "shared-course" in ids
    bundle.unlink()  # e.g. IT took it off the share
    again = managed(toml)
    qtbot.waitUntil(lambda: again.controller.provided is not None, timeout=30_000)
    assert again.controller.provided.gone == 1
    ids = [e.course_id for e in again.controller.services.library.entries()]
    assert "shared-course" not in ids


def qtbot_top_levels() -> list[Any]:
    from PySide6.QtWidgets import QApplication

    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


def test_about_and_settings_show_the_version(window: Any, qtbot: Any) -> None:
    window.about_action.trigger()
    dialog = window.about_dialog
    qtbot.waitUntil(dialog.isVisible)
    assert dialog.version_label.text() == f"Satchel {app.__version__}"
    assert not dialog.managed.isVisible()
    dialog.close()
    assert window.go("settings").version_label.text() == f"Satchel {app.__version__}"


def test_check_for_updates_offers_a_newer_build_from_the_store(
    window: Any, qtbot: Any, test_store: Any, tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from app import paths
    from app.update_check import platform_tag
    from store.cli import main as store_cli
    from store.releases import Platform

    if platform_tag() not in get_args(Platform):
        pytest.skip(f"the store publishes no builds for {platform_tag()}")
    window.update_action.trigger()
    dialog = window.about_dialog
    qtbot.waitUntil(lambda: "newest version" in dialog.status.text(), timeout=20_000)
    assert not dialog.download_button.isVisible()

    payload = os.urandom(200_000)
    build = tmp_path / "satchel-99.0.0.zip"
    build.write_bytes(payload)
    assert store_cli(["publish-release", "--data", str(test_store.settings.data_dir),
                      "--version", "99.0.0", "--platform", platform_tag(), "--package",
                      "folder", "--file", str(build), "--notes", "Faster sync."]) == 0
    capsys.readouterr()
    dialog.check_button.click()
    qtbot.waitUntil(lambda: "Satchel 99.0.0 is available" in dialog.status.text(),
                    timeout=20_000)
    assert f"you have {app.__version__}" in dialog.status.text()
    assert dialog.notes.isVisible() and dialog.notes.toPlainText() == "Faster sync."
    dialog.download_button.click()
    qtbot.waitUntil(lambda: dialog.downloaded is not None, timeout=20_000)
    saved = dialog.downloaded
    assert saved.parent == paths.cache_dir() / "updates"
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == hashlib.sha256(payload).hexdigest()
    assert "matches the SHA-256 checksum" in dialog.status.text()
    assert str(saved) in dialog.status.text()
    assert dialog.folder_button.isVisible()
    dialog.close()


def test_privacy_says_exactly_what_coaches_can_see(managed: Any) -> None:
    from sync.institutions import COACH_SEES

    window = managed(f'[organisation]\nname = "{ORG}"\n')
    text = window.go("settings").privacy_label.text()
    lines = text.splitlines()
    assert ORG in lines[0] and "class's courses only" in lines[0]
    assert lines[1:-1] == ["• " + plain for _key, plain in COACH_SEES]  # the store's list
    assert "nothing else about you" in lines[-1]


def test_the_class_of_group_code_is_joined_at_first_sign_in(
        managed: Any, qtbot: Any, test_store: Any) -> None:
    from classes_kit import make_class, register  # type: ignore[import-not-found]

    coach, _token = register(test_store, "Mr Okafor")
    group = make_class(test_store, coach)
    window = managed(f'[organisation]\nname = "{ORG}"\n'
                     f'[store]\ngroup_code = "{group["join_code"]}"\n')
    settings = window.go("settings")
    qtbot.waitUntil(lambda: "Class 5A" in settings.classes_label.text(), timeout=20_000)
    assert "Coaches: Mr Okafor" in settings.classes_label.text()
