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
