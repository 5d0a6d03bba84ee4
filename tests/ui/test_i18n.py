"""English and Simplified Chinese: every screen's texts switch at runtime."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any

from PySide6.QtWidgets import QApplication

from ui.i18n import set_language
from ui.resources import resource

ZH_SIDEBAR = ["首页", "商店", "我的课程", "课程", "测验", "目标与计划", "学习进度", "设置"]


def sidebar(window: Any) -> list[str]:
    return [window.sidebar.item(i).text() for i in range(window.sidebar.count())]


def test_switching_to_chinese_changes_the_sidebar_and_back(window: Any) -> None:
    app = QApplication.instance()
    assert sidebar(window)[0] == "Home"
    set_language(app, "zh_CN")
    assert sidebar(window) == ZH_SIDEBAR
    assert window.sync_button.text() == "立即同步"
    set_language(app, "en")
    assert sidebar(window)[0] == "Home"
    assert window.sync_button.text() == "Sync now"


def test_settings_language_combo_switches_the_open_screens(window: Any, qtbot: Any) -> None:
    window.go("store")
    window.go("settings")
    settings = window.screens["settings"]
    settings.language.setCurrentIndex(settings.language.findData("zh_CN"))
    assert window.controller.settings["language"] == "zh_CN"
    assert settings.title.text() == "设置"
    assert window.screens["store"].title.text() == "商店"
    assert window.screens["store"].search.placeholderText() == "搜索课程（Ctrl+F）"
    settings.language.setCurrentIndex(settings.language.findData("en"))
    assert settings.title.text() == "Settings"


def test_every_source_text_has_a_chinese_translation() -> None:
    root = ET.parse(resource("i18n", "satchel_zh_CN.ts")).getroot()
    unfinished = [m.findtext("source") for m in root.iter("message")
                  if m.find("translation").get("type") == "unfinished"
                  or not "".join(m.find("translation").itertext()).strip()]
    assert unfinished == []
    assert resource("i18n", "satchel_zh_CN.qm").stat().st_size > 10_000


def test_english_plurals_read_naturally() -> None:
    from ui.format import minutes

    app = QApplication.instance()
    set_language(app, "en")
    assert QApplication.translate("LibraryModel", "%n day(s) left", None, 1) == "1 day left"
    assert QApplication.translate("LibraryModel", "%n day(s) left", None, 3) == "3 days left"
    assert minutes(90) == "1 h 30 min"
    set_language(app, "zh_CN")
    assert minutes(90) == "1 小时 30 分钟"
    set_language(app, "en")


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def test_every_sync_step_of_the_engine_has_a_chinese_text() -> None:
    import re
    from pathlib import Path

    from ui.messages import SYNC_STEPS, step_text

    source = (Path(__file__).parents[2] / "sync" / "engine.py").read_text(encoding="utf-8")
    steps = re.findall(r'status\.syncing\("([^"]+)"\)', source)
    assert len(steps) >= 6 and set(steps) <= set(SYNC_STEPS)
    app = QApplication.instance()
    set_language(app, "zh_CN")
    try:
        for step in steps:
            assert _has_cjk(step_text(step)), step
    finally:
        set_language(app, "en")
    assert step_text("Sending your progress") == "Sending your progress"


def test_a_real_sync_shows_its_steps_in_chinese(signed_in: Any) -> None:
    from app.services.events import SyncStatusChanged
    from ui.format import sync_status_text

    services = signed_in.controller.services
    seen: list[Any] = []
    sub = services.bus.subscribe(SyncStatusChanged, lambda e: seen.append(e.status))
    services.sync.sync_now()
    sub.cancel()
    steps = [s for s in seen if s.step]
    assert len(steps) >= 6
    app = QApplication.instance()
    set_language(app, "zh_CN")
    try:
        texts = [sync_status_text(s)[0] for s in steps]
        assert texts[0] == "正在同步…… (正在连接商店)"
        assert all(t.startswith("正在同步") and _has_cjk(t.split("(")[1]) for t in texts), texts
    finally:
        set_language(app, "en")
    assert sync_status_text(steps[1])[0] == "Syncing… (Sending your progress)"


def test_service_errors_are_shown_in_chinese_with_their_values(window: Any) -> None:
    from sync.status import SyncState, SyncStatus
    from ui.messages import error_text

    app = QApplication.instance()
    set_language(app, "zh_CN")
    try:
        assert error_text("Wrong email or password.") == "电子邮件或密码错误。"
        disk = ("There is not enough free disk space in /data/courses to finish this download "
                "(12.5 MB more needed). Free some space, then resume the download; what was "
                "already downloaded is kept.")
        assert error_text(disk) == ("/data/courses 所在磁盘的可用空间不足，无法完成下载（还需要 "
                                    "12.5 MB）。请释放一些空间后继续下载；已下载的部分会保留。")
        offline = ("Satchel cannot reach the store right now to sync. Check your connection; "
                   "everything you do offline is kept and sent later.")
        assert error_text(offline).startswith("Satchel 现在无法连接商店，无法同步。")
        reason = ("The store at http://127.0.0.1:9/ could not be reached. Check your internet "
                  "connection; Satchel keeps working offline and will sync later.")
        window._on_sync_status(SyncStatus(SyncState.ERROR, reason))
        assert window.sync_label.text() == (
            "同步出现问题：无法连接位于 http://127.0.0.1:9/ 的商店。请检查网络连接；Satchel "
            "可以离线继续使用，稍后会同步。")
        # something the app does not know stays readable, in English
        assert error_text("Disk quota exceeded on /mnt/x") == "Disk quota exceeded on /mnt/x"
    finally:
        set_language(app, "en")
    assert error_text(disk) == disk
    window._on_sync_status(SyncStatus(SyncState.ERROR, reason))
    assert window.sync_label.text() == "Sync problem: " + reason


def test_a_wrong_password_is_reported_in_chinese(window: Any, qtbot: Any) -> None:
    from ui.dialogs.login import LoginDialog

    email = window.controller.services.account.current_user.email
    app = QApplication.instance()
    set_language(app, "zh_CN")
    try:
        dialog = LoginDialog(window.controller, window)
        qtbot.addWidget(dialog)
        dialog.login_email.setText(email)
        dialog.login_password.setText("wrong-password")
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()
        qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=20_000)
        assert dialog.error.text() == "电子邮件或密码错误。"
    finally:
        set_language(app, "en")
