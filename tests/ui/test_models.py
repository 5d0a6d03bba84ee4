"""Every Qt model the app defines passes Qt's model tester, and shows what a learner expects."""

from __future__ import annotations

import gc
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, Qt

from app.services.views import (
    CatalogQuery,
    CourseCard,
    CoursePage,
    DownloadProgress,
    DownloadState,
    LibraryEntry,
    OutlineItem,
    OutlineModule,
    PlanEntry,
    SkillMastery,
)
from bundle.report import Problem, Report
from ui.models.catalog import CatalogModel, CourseIdRole
from ui.models.library import COL_STATE, LibraryModel, ProgressRole
from ui.models.outline import DoneRole, ItemIdRole, LockedRole, OutlineModel
from ui.models.plan import PlanModel
from ui.models.report import ReportModel
from ui.models.skills import SkillModel


def outline() -> list[OutlineModule]:
    return [
        OutlineModule("m1", "Basics", (
            OutlineItem("a", "text", "Intro", 5, done=True),
            OutlineItem("b", "pdf", "Handout", 3, locked=True),
        )),
        OutlineModule("m2", "Practice", (OutlineItem("q", "quiz", "Check", 4),)),
    ]


def test_outline_model(qtmodeltester: Any) -> None:
    model = OutlineModel()
    model.set_outline(outline())
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    basics = model.index(0, 0)
    assert model.rowCount(basics) == 2
    intro = model.index(0, 0, basics)
    assert intro.data() == "Intro" and intro.data(ItemIdRole) == "a" and intro.data(DoneRole)
    assert model.index(0, 1, basics).data() == "5 min"
    assert model.index(0, 1).data() == "8 min"  # module total
    locked = model.index(1, 0, basics)
    assert locked.data(LockedRole) and not (model.flags(locked) & Qt.ItemFlag.ItemIsEnabled)
    model.set_done("q")
    assert model.index(0, 0, model.index(1, 0)).data(DoneRole)
    assert model.parent(intro) == basics
    qtmodeltester.check(model)


def test_report_model(qtmodeltester: Any) -> None:
    model = ReportModel()
    report = Report.of("x", [
        Problem("quizzes/q.json", "questions[0].answer", "the answer key is missing"),
        Problem("manifest.json", "files", "listed twice", "warning"),
    ])
    model.set_report(report)
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert [model.index(0, c).data() for c in range(4)] == [
        "error", "quizzes/q.json", "questions[0].answer", "the answer key is missing"]
    assert model.index(1, 0).data() == "warning"


def fake_catalog(n: int) -> Any:
    cards = [CourseCard(f"c{i:05d}", f"Course {i:05d}", "d", "en", "data", (), (), i * 10,
                        "USD", 30, 5) for i in range(n)]
    calls: list[tuple[int, int]] = []

    def loader(query: CatalogQuery, offset: int, limit: int) -> CoursePage:
        calls.append((offset, limit))
        hits = [c for c in cards if query.text.lower() in c.title.lower()]
        return CoursePage(tuple(hits[offset:offset + limit]), len(hits), offset)

    return loader, calls


def test_catalog_model_loads_lazily(qtmodeltester: Any) -> None:
    loader, calls = fake_catalog(10_000)
    model = CatalogModel(loader)
    model.set_query(CatalogQuery())
    assert model.rowCount() == 100 and model.total == 10_000
    assert calls == [(0, 100)]
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == 200
    qtmodeltester.check(model)
    assert model.index(0).data(CourseIdRole) == "c00000"
    assert "Course 00001" in model.index(1).data()
    assert "$0.10" in model.index(1).data()
    model.set_query(CatalogQuery(text="Course 0999"))
    assert model.total == 10 and model.rowCount() == 10 and not model.canFetchMore()
    qtmodeltester.check(model)


def test_catalog_rows_show_tags_language_duration_and_price(qtmodeltester: Any,
                                                            qtbot: Any) -> None:
    from PySide6.QtWidgets import QListView

    from ui.models.catalog import CourseRowDelegate

    cards = (
        CourseCard("m", "Music Theory", "d", "en", "arts", ("music", "ear-training"), ("T",),
                   1499, "USD", 95, 6),
        CourseCard("f", "理财入门", "d", "zh-CN", "finance", (), (), 0, "CNY", 40, 1,
                   owned=True),
    )
    model = CatalogModel(lambda q, offset, limit: CoursePage(cards[offset:offset + limit], 2,
                                                              offset))
    model.set_query(CatalogQuery())
    qtmodeltester.check(model)
    assert model.index(0).data() == (
        "Music Theory\nArts & music · English · 1 h 35 min · 6 lessons · $14.99\n"
        "#music  #ear-training")
    assert model.index(1).data() == "理财入门\nFinance · Chinese (Simplified) · 40 min · " \
        "1 lesson · Owned"
    # the delegate paints each row as a card tall enough for three lines
    view = QListView()
    view.setModel(model)
    delegate = CourseRowDelegate(view)
    view.setItemDelegate(delegate)
    view.resize(420, 300)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    height = view.visualRect(model.index(0)).height()
    assert height >= 3 * view.fontMetrics().height()
    assert view.visualRect(model.index(1)).top() >= view.visualRect(model.index(0)).bottom()
    image = view.viewport().grab().toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, 400, 4)
               for y in range(0, height, 2)}
    assert len(colours) > 3  # text and tag chips were painted


def test_catalog_model_drops_pages_of_an_old_query() -> None:
    loader, _calls = fake_catalog(300)
    pending: list[Any] = []

    def deferred(fn: Any, *args: Any, on_done: Any = None, **_: Any) -> None:
        pending.append((fn, args, on_done))

    model = CatalogModel(loader, deferred)
    model.set_query(CatalogQuery())
    model.set_query(CatalogQuery(text="Course 0029"))  # the learner typed before page 1 came
    for fn, args, on_done in pending:
        on_done(fn(*args))
    assert model.total == 10 and model.rowCount() == 10  # Course 00290 .. 00299 only
    assert all("0029" in model.card(i).title for i in range(10))


def test_catalog_list_with_10000_courses_scrolls_without_blocking(qtbot: Any) -> None:
    from PySide6.QtWidgets import QListView

    from ui.watchdog import GuiWatchdog

    loader, calls = fake_catalog(10_000)
    model = CatalogModel(loader)
    view = QListView()
    view.setUniformItemSizes(True)
    view.setModel(model)
    view.resize(400, 600)
    qtbot.addWidget(view)
    view.show()
    model.set_query(CatalogQuery())
    gc.collect()  # earlier tests' garbage must not be collected inside the measured window
    gc.disable()
    try:
        # 200 ms: a real stall (all 10,000 rows at once), not a busy CI core's time slice
        with GuiWatchdog(limit_ms=200) as dog:
            for _ in range(60):
                view.verticalScrollBar().setValue(view.verticalScrollBar().maximum())
                qtbot.wait(5)
    finally:
        gc.enable()
    assert model.rowCount() >= 1000  # pages arrived as the learner scrolled
    assert len(calls) >= 10
    assert max(limit for _, limit in calls) <= 100  # one page per step, never the whole list
    assert [offset for offset, _ in calls] == list(range(0, 100 * len(calls), 100))
    ours = [b for b in dog.blocks if b.in_our_code()]
    assert ours == [], [(b.duration_ms, b.stack) for b in ours]


def library_entries() -> list[LibraryEntry]:
    return [
        LibraryEntry("a", "Alpha", "en", "data", "1.0.0", "available", 2048, 0.5, 2, 4, 12),
        LibraryEntry("b", "Beta", "en", "data", None, "not_downloaded", None, 0.0, 0, 0, 1),
    ]


def test_library_model(qtmodeltester: Any) -> None:
    model = LibraryModel()
    model.set_entries(library_entries())
    qtmodeltester.check(model)
    assert model.index(0, COL_STATE).data() == "Available offline"
    assert model.index(0, 2).data() == "2 of 4 done"
    assert model.index(0, 3).data() == "2.0 KB"
    assert model.index(0, 4).data() == "12 days left"
    assert model.index(1, 4).data() == "1 day left"
    model.set_download(DownloadProgress("b", 512, 1024))
    assert model.index(1, COL_STATE).data() == "Downloading… 50% · 512 B of 1.0 KB"
    assert model.index(1, COL_STATE).data(ProgressRole) == 0.5
    assert model.downloading("b")
    model.set_download(DownloadProgress("b", 1_572_864, 3_145_728, 524_288.0, 3.2))
    assert model.index(1, COL_STATE).data() == (
        "Downloading… 50% · 1.5 MB of 3.0 MB · 512.0 KB/s · 4 s left")
    model.set_download(DownloadProgress("b", 1_048_576, 3_145_728, 10_240.0, 200.0))
    assert model.index(1, COL_STATE).data().endswith("· 10.0 KB/s · 4 min left")
    model.finish("b", "paused")
    assert model.index(1, COL_STATE).data() == "Paused at 33% · 1.0 MB of 3.0 MB"
    assert model.index(1, COL_STATE).data(ProgressRole) == 1 / 3
    assert not model.downloading("b")
    qtmodeltester.check(model)
    model.finish("b", "failed", "There is not enough free disk space.", "disk_full")
    assert model.index(1, COL_STATE).data() == "Disk full — download stopped"
    assert model.index(1, COL_STATE).data(Qt.ItemDataRole.ToolTipRole) == (
        "There is not enough free disk space.")
    assert model.index(1, COL_STATE).data(ProgressRole) is None
    assert model.error_text("b") == "There is not enough free disk space."
    model.finish("b", "failed", "The download arrived damaged.", "corrupt")
    assert model.index(1, COL_STATE).data() == "Download damaged — retry"
    model.finish("b", "cancelled")
    assert model.index(1, COL_STATE).data() == "Not downloaded"
    model.set_states({"b": DownloadState("b", "paused", 100, 400)})
    assert model.index(1, COL_STATE).data() == "Paused at 25% · 100 B of 400 B"
    model.set_download(None, "b")
    assert model.index(1, COL_STATE).data() == "Not downloaded"
    qtmodeltester.check(model)


def test_plan_model(qtmodeltester: Any) -> None:
    today = date.today()
    model = PlanModel()
    model.set_plan([
        PlanEntry("1", "g", today, 20, "c", "a", "Intro", False),
        PlanEntry("2", "g", today + timedelta(days=1), 15, "c", "b", "Handout", True),
    ])
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "Today"
    assert model.index(1, 1).data() == "Handout"
    assert model.index(1, 2).data() == "15 min"
    checked = Qt.ItemDataRole.CheckStateRole
    assert model.index(1, 3).data(checked) == Qt.CheckState.Checked
    assert model.index(0, 3).data(checked) == Qt.CheckState.Unchecked
    ticked: list[tuple[str, bool]] = []
    model.doneToggled.connect(lambda e, done: ticked.append((e.id, done)))
    assert model.setData(model.index(0, 3), Qt.CheckState.Checked, checked)
    assert ticked == [("1", True)]
    assert model.index(0, 3).data(checked) == Qt.CheckState.Checked


def test_skill_model(qtmodeltester: Any) -> None:
    model = SkillModel()
    model.set_skills([SkillMastery("s", "Addition", "c", 0.734, 5)], {"c": "Numbers"})
    qtmodeltester.check(model)
    assert [model.index(0, c).data() for c in range(4)] == ["Addition", "Numbers", "73%", "5"]
    assert model.index(0, 2).data(ProgressRole) == 0.734
    assert not model.index(0, 0).parent().isValid()
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.index(5, 0) == QModelIndex()
