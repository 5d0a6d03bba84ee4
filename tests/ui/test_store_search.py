"""Store search as a learner types it: misspellings still find courses, an unknown word
says "No results" with a "Did you mean" that searches for it, and the detail pane never
shows a course the list no longer shows."""

from __future__ import annotations

from typing import Any

from support import wait_idle  # type: ignore[import-not-found]


def store_screen(window: Any, qtbot: Any) -> Any:
    window.go("store")
    wait_idle(window)
    store = window.screens["store"]
    qtbot.waitUntil(lambda: store.model.rowCount() == 2, timeout=10_000)
    return store


def search(store: Any, qtbot: Any, text: str) -> None:
    store.search.setText(text)
    store.apply_filters()
    qtbot.waitUntil(lambda: not store.model._loading, timeout=10_000)
    wait_idle(store.window_)


def titles(store: Any) -> list[str]:
    return [store.model.card(i).title for i in range(store.model.rowCount())]


def test_typos_find_courses_and_no_results_offers_a_did_you_mean(window: Any,
                                                                 qtbot: Any) -> None:
    store = store_screen(window, qtbot)
    search(store, qtbot, "nubmers")  # transposed letters
    assert sorted(titles(store)) == ["Free numbers", "Paid numbers"]
    assert store.count.text() == "2 courses"
    search(store, qtbot, "halvign")  # in the paid course's description only
    assert titles(store) == ["Paid numbers"]

    search(store, qtbot, "nmbrz")
    assert titles(store) == []
    assert store.count.text() == "No results for “nmbrz”."
    assert store.did_you_mean.isVisible()
    assert store.did_you_mean.text() == "Did you mean “numbers”?"
    store.did_you_mean.click()
    qtbot.waitUntil(lambda: store.model.rowCount() == 2, timeout=10_000)
    assert store.search.text() == "numbers"
    assert not store.did_you_mean.isVisible()

    search(store, qtbot, "qwxzv")
    assert store.count.text() == "No results for “qwxzv”."
    assert not store.did_you_mean.isVisible()


def test_filters_that_hide_everything_offer_to_clear_them(window: Any, qtbot: Any) -> None:
    store = store_screen(window, qtbot)
    store.topic.setCurrentIndex(store.topic.findData("data"))
    qtbot.waitUntil(lambda: store.model.rowCount() == 1, timeout=10_000)
    search(store, qtbot, "free")
    assert titles(store) == []
    assert store.clear_filters_button.isVisible()
    store.clear_filters_button.click()
    qtbot.waitUntil(lambda: titles(store) == ["Free numbers"], timeout=10_000)
    assert store.topic.currentIndex() == 0


def test_the_detail_pane_follows_the_filter(window: Any, qtbot: Any) -> None:
    store = store_screen(window, qtbot)
    row = titles(store).index("Paid numbers")
    store.list.setCurrentIndex(store.model.index(row))
    qtbot.waitUntil(lambda: store.detail is not None and store.d_title.isVisible(),
                    timeout=10_000)
    assert store.d_title.text() == "Paid numbers"
    search(store, qtbot, "free")
    assert titles(store) == ["Free numbers"]
    assert store.detail is None
    assert not store.d_title.isVisible() and not store.buy_button.isVisible()
    search(store, qtbot, "paid")  # still shown while the list shows it
    store.list.setCurrentIndex(store.model.index(0))
    qtbot.waitUntil(lambda: store.detail is not None, timeout=10_000)
    search(store, qtbot, "numbers")
    assert store.detail is not None and store.d_title.text() == "Paid numbers"
