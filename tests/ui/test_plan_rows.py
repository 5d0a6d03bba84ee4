"""Plan rows open their lesson and can be ticked; goal titles are quoted once; days and
minutes of the plan are in the interface language."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from support import buy_and_download, wait_idle  # type: ignore[import-not-found]


def _goal(window: Any, qtbot: Any) -> Any:
    buy_and_download(window)
    goals = window.go("goals")
    wait_idle(window)
    goals.create_button.click()
    qtbot.waitUntil(lambda: goals.goal_list.count() == 1 and goals.plan_model.rowCount() > 0,
                    timeout=10_000)
    return goals


def test_a_plan_row_opens_its_lesson(window: Any, qtbot: Any) -> None:
    goals = _goal(window, qtbot)
    model = goals.plan_model
    row = next(r for r in range(model.rowCount()) if model.entry(r).item_key == "l-pdf")
    index = model.index(row, 1)
    goals.plan_view.setCurrentIndex(index)
    goals.plan_view.setFocus()
    qtbot.keyClick(goals.plan_view, Qt.Key.Key_Return)
    course = window.screens.get("course")
    qtbot.waitUntil(lambda: course is not None and course.lesson.lesson is not None
                    and course.lesson.lesson.item.id == "l-pdf", timeout=10_000)
    assert window.stack.currentWidget() is course


def test_a_plan_row_can_be_ticked_and_stays_ticked(window: Any, qtbot: Any) -> None:
    goals = _goal(window, qtbot)
    model = goals.plan_model
    row = next(r for r in range(model.rowCount()) if model.entry(r).item_key == "l-pdf")
    cell = model.index(row, 3)
    assert cell.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert cell.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    # a click on the check box, as a learner does it
    view = goals.plan_view
    view.scrollTo(cell)
    rect = view.visualRect(cell)
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    opt = QStyleOptionViewItem()
    view.initViewItemOption(opt)
    opt.rect = rect
    opt.features |= QStyleOptionViewItem.ViewItemFeature.HasCheckIndicator
    box = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, opt, view)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=box.center())
    wait_idle(window)
    services = window.controller.services
    entry_id = model.entry(row).id
    stored = next(e for e in services.goals.goals()[0].plan if e.id == entry_id)
    assert stored.done
    qtbot.waitUntil(lambda: goals.plan_model.rowCount() > row and
                    goals.plan_model.index(row, 3).data(Qt.ItemDataRole.CheckStateRole)
                    == Qt.CheckState.Checked, timeout=5000)
    services.goals.set_plan_done(entry_id, False)
    assert not next(e for e in services.goals.goals()[0].plan if e.id == entry_id).done


def test_goal_titles_are_quoted_once_and_days_translated(window: Any, qtbot: Any,
                                                         qapp: Any) -> None:
    from ui.format import quote
    from ui.i18n import set_language

    goals = _goal(window, qtbot)
    title = goals.goals[0].title
    assert title == "Finish Paid numbers"
    assert quote("Finish “NumPy”") == "“Finish ‘NumPy’”"
    set_language(qapp, "zh_CN")
    model = goals.plan_model
    later = [r for r in range(model.rowCount()) if model.entry(r).day != date.today()]
    assert later
    text = model.index(later[0], 0).data()
    assert "周" in text and not any(d in text for d in ("Mon", "Tue", "Wed", "Thu", "Fri",
                                                          "Sat", "Sun"))
    goals._show_goal(goals.goals[0])
    assert "min" not in goals.status.text()
