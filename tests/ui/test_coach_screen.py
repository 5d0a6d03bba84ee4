"""The coach screen against the real test store: listed only for an account that coaches a
class; the table shows each learner of the class; "Export CSV…" writes the same rows; the
report model passes qtmodeltester."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from classes_kit import learner_joins, make_class  # type: ignore[import-not-found]

from app.services.institutions import learner_rows
from ui.models.coach import CoachReportModel


def offered(window: Any) -> bool:
    """Coaching is in the sidebar (and the Go menu)."""
    return "coach" in [s.key for s in window.specs]


def coach_item(window: Any) -> Any:
    return window.sidebar.item([s.key for s in window.specs].index("coach"))


def test_a_learner_who_coaches_nothing_has_no_coach_screen(window: Any, qtbot: Any) -> None:
    window.check_roles()
    assert window.controller.worker.wait_idle(20_000)
    qtbot.wait(50)
    assert not offered(window)
    labels = [window.sidebar.item(i).text() for i in range(window.sidebar.count())]
    assert "Coaching" not in labels
    assert "Coaching" not in [a.text() for a in window.go_menu.actions()]


def test_a_coach_sees_the_class_table_and_exports_the_same_rows(
    window: Any, qtbot: Any, test_store: Any, tmp_path: Path
) -> None:
    me = window.controller.services.account.current_user.email
    group = make_class(test_store, me)
    learner = learner_joins(test_store, group["join_code"], "Grace", studies="free-course")
    window.check_roles()
    qtbot.waitUntil(lambda: offered(window), timeout=20_000)

    screen = window.go("coach")
    qtbot.waitUntil(lambda: screen.report is not None, timeout=20_000)
    model = screen.model
    assert model.rowCount() == 1
    headers = [model.headerData(c, _h()) for c in range(model.columnCount())]
    assert headers[:3] == ["Learner", "Completion", "Lessons done"]
    assert headers[-3:] == ["Outcome", "Goal", "Last sync"]
    assert model.index(0, 0).data() == "Grace"
    assert model.index(0, 0).data(_tooltip()) == learner
    row = dict(zip(headers, (model.index(0, c).data() for c in range(model.columnCount())),
                   strict=True))
    done, total = row["Lessons done"].split("/")
    assert (int(done), int(total) > 1) == (1, True)  # "l-add" of the course's items
    assert row["Completion"] == f"{round(100 / int(total), 1):g} %"
    assert row["Quiz: Addition"] == "1/1" and row["Quiz: Division"] == "0/1"
    assert sum(float(row[h]) for h in headers if h.startswith("Minutes ")) == 10.0
    assert row["Goal"] == "no goal" and row["Last sync"] != "never"
    # where they stop: the item last busy with and not completed (the quiz they started)
    assert screen.stops_label.text() == "Check your understanding — 1 learners"
    assert "check/q4" in screen.missed_label.text()
    assert "missed 1 of 1" in screen.missed_label.text()
    assert screen.export_button.isEnabled()

    out = tmp_path / "class.csv"
    screen.export_csv_to(out)
    qtbot.waitUntil(lambda: "Exported 1 learners" in screen.message.text(), timeout=10_000)
    with out.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["name"], r["email"], r["items_completed"], r["skill_Addition"],
             r["skill_Division"]) for r in rows] == [
        ("Grace", learner, row["Lessons done"], "1/1", "0/1")
    ]


def test_a_class_without_learners_says_so(window: Any, qtbot: Any, test_store: Any) -> None:
    me = window.controller.services.account.current_user.email
    make_class(test_store, me)
    window.check_roles()
    qtbot.waitUntil(lambda: offered(window), timeout=20_000)
    screen = window.go("coach")
    qtbot.waitUntil(lambda: screen.report is not None, timeout=20_000)
    assert screen.model.rowCount() == 0
    assert screen.message.text() == "No learner has joined this class yet."
    assert not screen.export_button.isEnabled()


def test_coach_report_model_passes_qtmodeltester(
    qtmodeltester: Any, window: Any, test_store: Any
) -> None:
    me = window.controller.services.account.current_user.email
    group = make_class(test_store, me)
    learner_joins(test_store, group["join_code"], "Ada")
    learner_joins(test_store, group["join_code"], "Alan")
    report = window.controller.services.institutions.report(group["id"], "free-course")
    assert sorted(r.name for r in learner_rows(report)) == ["Ada", "Alan"]
    model = CoachReportModel()
    model.set_report(report)
    qtmodeltester.check(model)
    model.set_report(None)
    qtmodeltester.check(model)


def _h() -> Any:
    from PySide6.QtCore import Qt

    return Qt.Orientation.Horizontal


def _tooltip() -> Any:
    from PySide6.QtCore import Qt

    return Qt.ItemDataRole.ToolTipRole


def test_the_coach_screen_speaks_chinese(window: Any, qtbot: Any, test_store: Any) -> None:
    from PySide6.QtWidgets import QApplication

    from ui.i18n import set_language

    me = window.controller.services.account.current_user.email
    make_class(test_store, me)
    window.check_roles()
    qtbot.waitUntil(lambda: offered(window), timeout=20_000)
    screen = window.go("coach")
    qtbot.waitUntil(lambda: screen.report is not None, timeout=20_000)
    set_language(QApplication.instance(), "zh_CN")
    try:
        assert coach_item(window).text() == "辅导"
        assert screen.export_button.text() == "导出 CSV…"
        assert screen.message.text() == "还没有学员加入这个班级。"
        assert screen.model.headerData(0, _h()) == "学员"
    finally:
        set_language(QApplication.instance(), "en")
