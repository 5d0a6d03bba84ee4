"""Buying while offline, through the real window and the real store: the purchase is saved,
nothing unlocks, and when the store is back the learner confirms the current price (or
cancels) — exactly one order, never unlocked before the store says paid."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import shiboken6
from helpers import find_top  # type: ignore[import-not-found]
from PySide6.QtWidgets import QMessageBox
from support import PAID_PRICE, _window, new_email  # type: ignore[import-not-found]


@pytest.fixture
def learner(qtbot: Any, fresh_store: Any) -> Iterator[tuple[Any, str]]:
    """The window on a store of its own, with a freshly registered learner."""
    email = new_email()
    for win in _window(qtbot, fresh_store.url, email=email):
        yield win, email


def reprice(store: Any, course_id: str, amount: int) -> None:
    """The author changes the course's price on the store (its listing and the published
    version the store quotes and orders from)."""
    from store.db.models import Course, CourseVersion

    with store.ctx.db.write() as s:
        course = s.get(Course, course_id)
        course.price_amount = amount
        version = s.get(CourseVersion, course.published_version_id)
        version.manifest = {**version.manifest,
                            "price_hint": {"amount": amount, "currency": "USD"}}
        if course.summary is not None:
            course.summary = {**course.summary, "price": {"amount": amount, "currency": "USD"}}


def server_orders(store: Any, email: str) -> list[Any]:
    from sync.client import StoreClient
    from sync.protocol import DeviceInfo

    with StoreClient(store.url) as client:
        client.login(email, "password123", DeviceInfo(name="auditor"))
        return client.orders()


def buy_offline(win: Any, store: Any, qtbot: Any) -> Any:
    """Open the paid course in the Store, lose the connection, click Buy and pay."""
    from ui.screens.store import BuyDialog

    win.go("store", course_id="paid-course")
    screen = win.screens["store"]
    qtbot.waitUntil(lambda: screen.detail is not None and screen.d_price.text() == "$12.00",
                    timeout=10_000)
    store.stop()
    screen.buy_button.click()
    dialog = find_top(BuyDialog, "buyDialog")
    dialog.card.setText("4242 4242 4242 4242")
    dialog.accept()
    qtbot.waitUntil(lambda: find_top(QMessageBox, "purchaseQueued") is not None,
                    timeout=20_000)
    box = find_top(QMessageBox, "purchaseQueued")
    assert "Your purchase of this course is saved" in box.text()
    assert "nothing is charged" in box.text()
    box.close()
    qtbot.waitUntil(lambda: "Your purchase of this course is saved" in screen.d_message.text(),
                    timeout=10_000)
    return screen


def confirmation_dialog(qtbot: Any) -> Any:
    from ui.dialogs.purchase import ConfirmPurchaseDialog

    qtbot.waitUntil(lambda: find_top(ConfirmPurchaseDialog, "confirmPurchaseDialog")
                    is not None, timeout=30_000)
    return find_top(ConfirmPurchaseDialog, "confirmPurchaseDialog")


@pytest.mark.slow
def test_offline_purchase_is_confirmed_at_the_new_price_and_ordered_once(
        learner: tuple[Any, str], fresh_store: Any, qtbot: Any) -> None:
    win, email = learner
    services = win.controller.services
    buy_offline(win, fresh_store, qtbot)
    [intent] = services.sync.ports.purchases.open_intents()
    assert (intent.state, intent.amount) == ("queued", PAID_PRICE)
    assert "paid-course" not in services.library.owned_ids()

    # the author raises the price while the learner is away; then the store comes back
    reprice(fresh_store, "paid-course", 1500)
    fresh_store.start()
    win.sync_button.click()
    dialog = confirmation_dialog(qtbot)
    assert dialog.windowTitle() == "Confirm your purchase"
    assert "“Paid numbers”" in dialog.intro.text()
    assert dialog.price.text() == "Price now: $15.00"
    assert dialog.change.isVisible()
    assert dialog.change.text() == ("The price changed since you asked to buy: it was "
                                    "<s>$12.00</s>, it is now <b>$15.00</b>.")
    assert dialog.confirm_button.text() == "Confirm and pay $15.00"
    assert dialog.payment_box.isVisible()
    # re-quoted, but nothing ordered or unlocked before the learner confirms
    assert server_orders(fresh_store, email) == []
    assert "paid-course" not in services.library.owned_ids()

    # a declined card keeps the dialog open with the store's plain reason
    dialog.card.setText("4000 0000 0000 0002")
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=20_000)
    assert dialog.error.text() == "The card was declined."
    assert "paid-course" not in services.library.owned_ids()

    dialog.card.setText("4242 4242 4242 4242")
    dialog.confirm_button.click()
    qtbot.waitUntil(lambda: find_top(QMessageBox, "purchaseDone") is not None, timeout=20_000)
    done = find_top(QMessageBox, "purchaseDone")
    assert done.text() == ("Thank you! “Paid numbers” is in your library. Download it there "
                           "to study offline.")
    done.close()
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    assert "paid-course" in services.library.owned_ids()

    # exactly one order on the server, paid at the confirmed price, with the key fixed
    # when the learner clicked Buy offline
    [order] = server_orders(fresh_store, email)
    assert (order.course_id, order.status, order.price.amount) == ("paid-course", "paid", 1500)
    assert services.sync.ports.purchases.intent(intent.key).state == "paid"
    assert services.sync.ports.purchases.open_intents() == []

    # the library shows the course; another sync asks nothing more
    win.go("library")
    library = win.screens["library"]
    qtbot.waitUntil(lambda: library.model.rowCount() == 1, timeout=10_000)
    assert library.model.index(0, 0).data() == "Paid numbers"
    win.sync_button.click()
    assert win.controller.worker.wait_idle(30_000)
    assert win.purchases.dialogs == {}
    assert len(server_orders(fresh_store, email)) == 1


@pytest.mark.slow
def test_cancelling_an_offline_purchase_orders_nothing(
        learner: tuple[Any, str], fresh_store: Any, qtbot: Any) -> None:
    win, email = learner
    services = win.controller.services
    store = buy_offline(win, fresh_store, qtbot)
    [intent] = services.sync.ports.purchases.open_intents()
    fresh_store.start()
    win.sync_button.click()
    dialog = confirmation_dialog(qtbot)
    assert dialog.price.text() == "Price now: $12.00"
    assert not dialog.change.isVisible()  # same price as when the learner asked
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible(),
                    timeout=20_000)
    assert services.sync.ports.purchases.intent(intent.key).state == "cancelled"
    assert services.sync.ports.purchases.open_intents() == []
    assert server_orders(fresh_store, email) == []
    assert "paid-course" not in services.library.owned_ids()
    qtbot.waitUntil(lambda: store.detail is not None and store.detail.pending_purchase is None,
                    timeout=10_000)
    assert store.buy_button.isVisible() and store.buy_button.text() == "Buy for $12.00"
    # the next sync asks nothing
    win.sync_button.click()
    assert win.controller.worker.wait_idle(30_000)
    assert find_top(type(dialog), "confirmPurchaseDialog") is None


@pytest.mark.slow
def test_closing_the_dialog_asks_again_at_the_next_sync(
        learner: tuple[Any, str], fresh_store: Any, qtbot: Any) -> None:
    win, email = learner
    services = win.controller.services
    buy_offline(win, fresh_store, qtbot)
    fresh_store.start()
    win.sync_button.click()
    dialog = confirmation_dialog(qtbot)
    dialog.reject()  # Esc: decide later
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=5000)
    [intent] = services.sync.ports.purchases.open_intents()
    assert intent.state == "requoted"
    win.sync_button.click()
    again = confirmation_dialog(qtbot)
    assert again.price.text() == "Price now: $12.00"
    again.card.setText("4242 4242 4242 4242")
    again.confirm_button.click()
    qtbot.waitUntil(lambda: find_top(QMessageBox, "purchaseDone") is not None, timeout=20_000)
    find_top(QMessageBox, "purchaseDone").close()
    assert [o.status for o in server_orders(fresh_store, email)] == ["paid"]
