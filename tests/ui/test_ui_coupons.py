"""Coupons in the Buy dialog, through the real window and the real store: "Apply" asks the
store, shows the reduced price (and the Pay button charges it), and the order is made at
that price; unknown, expired and used-up codes show the store's refusal plainly."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import pytest
from helpers import find_top  # type: ignore[import-not-found]
from support import PAID_PRICE  # type: ignore[import-not-found]


def add_coupon(store: Any, code: str, *, value: int = 25, max_uses: int | None = None,
               uses: int = 0, expired: bool = False) -> str:
    """The author's coupon for paid-course, written into the store's database."""
    from store.db.models import Coupon, Course
    from store.db.types import utcnow

    with store.ctx.db.write() as s:
        course = s.get(Course, "paid-course")
        s.add(Coupon(code=code.upper(), author_id=course.author_id, course_id=course.id,
                     kind="percent", value=value, max_uses=max_uses, uses=uses,
                     expires_at=utcnow() - timedelta(days=1) if expired else None,
                     created_at=utcnow()))
    return code


def open_buy_dialog(win: Any, qtbot: Any) -> Any:
    from ui.screens.store import BuyDialog

    win.go("store", course_id="paid-course")
    screen = win.screens["store"]
    qtbot.waitUntil(lambda: screen.detail is not None and screen.d_price.text() == "$12.00",
                    timeout=10_000)
    screen.buy_button.click()
    qtbot.waitUntil(lambda: find_top(BuyDialog, "buyDialog") is not None, timeout=5000)
    return find_top(BuyDialog, "buyDialog")


def apply(dialog: Any, qtbot: Any, code: str) -> str:
    box = dialog.coupon_box
    box.code.setText(code)
    box.apply_button.click()
    qtbot.waitUntil(lambda: box.apply_button.isEnabled() and box.result.isVisible()
                    and box.result.text() != "Checking the coupon…", timeout=10_000)
    return str(box.result.text())


@pytest.mark.slow
def test_a_coupon_lowers_the_price_and_the_order_charges_it(
        window: Any, test_store: Any, qtbot: Any) -> None:
    code = add_coupon(test_store, "save-" + uuid.uuid4().hex[:6])
    dialog = open_buy_dialog(window, qtbot)
    assert dialog.price.text() == "$12.00"
    text = apply(dialog, qtbot, f" {code} ")
    assert text == f"Coupon {code.upper()} applied: you pay $9.00 instead of $12.00."
    assert dialog.price.text() == "$9.00"
    assert dialog.pay_button.text() == "Pay $9.00"
    # editing the code drops the coupon until it is applied again
    dialog.coupon_box.code.setText(code + "x")
    dialog.coupon_box.code.textEdited.emit(code + "x")
    assert dialog.pay_button.text() == "Pay $12.00" and not dialog.coupon_box.result.isVisible()
    apply(dialog, qtbot, code)
    assert dialog.pay_button.text() == "Pay $9.00"

    dialog.card.setText("4242 4242 4242 4242")
    dialog.accept()
    services = window.controller.services
    qtbot.waitUntil(lambda: "paid-course" in services.library.owned_ids(), timeout=20_000)
    [order] = services.catalog.client.orders()
    assert (order.status, order.price.amount, order.coupon) == ("paid", 900, code.upper())
    assert order.list_price is not None and order.list_price.amount == PAID_PRICE


@pytest.mark.slow
def test_unknown_expired_and_used_up_coupons_show_the_refusal(
        window: Any, test_store: Any, qtbot: Any) -> None:
    old = add_coupon(test_store, "old-" + uuid.uuid4().hex[:6], expired=True)
    gone = add_coupon(test_store, "gone-" + uuid.uuid4().hex[:6], max_uses=1, uses=1)
    dialog = open_buy_dialog(window, qtbot)
    assert apply(dialog, qtbot, "NO-SUCH-CODE") == "There is no coupon 'NO-SUCH-CODE'."
    assert apply(dialog, qtbot, old).startswith(f"The coupon {old.upper()} expired on ")
    assert apply(dialog, qtbot, gone) == f"The coupon {gone.upper()} has been used up (1 uses)."
    assert dialog.coupon_box.coupon() is None
    assert dialog.price.text() == "$12.00" and dialog.pay_button.text() == "Pay $12.00"
    assert "coupon" not in dialog.payment()
    assert apply(dialog, qtbot, "") == "Enter a coupon code."
    # in Chinese, the refusal and the box's texts are translated
    from PySide6.QtWidgets import QApplication

    from ui.i18n import set_language

    apply(dialog, qtbot, gone)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    set_language(app, "zh_CN")
    try:
        assert dialog.coupon_box.apply_button.text() == "应用"
        assert dialog.coupon_box.result.text() == f"优惠券 {gone.upper()} 已用完（共 1 次）。"
    finally:
        set_language(app, "en")
    assert dialog.coupon_box.apply_button.text() == "Apply"
    dialog.reject()
    assert window.controller.services.catalog.client.orders() == []


@pytest.mark.slow
def test_a_coupon_used_up_before_paying_charges_nothing(
        window: Any, test_store: Any, qtbot: Any) -> None:
    from PySide6.QtWidgets import QMessageBox
    from sqlalchemy import update

    from store.db.models import Coupon

    last = add_coupon(test_store, "last-" + uuid.uuid4().hex[:6], max_uses=1)
    dialog = open_buy_dialog(window, qtbot)
    apply(dialog, qtbot, last)
    assert dialog.pay_button.text() == "Pay $9.00"
    with test_store.ctx.db.write() as s:  # someone else takes the last use meanwhile
        s.execute(update(Coupon).where(Coupon.code == last.upper()).values(uses=1))
    dialog.card.setText("4242 4242 4242 4242")
    dialog.accept()
    qtbot.waitUntil(lambda: find_top(QMessageBox, "userErrorBox") is not None, timeout=20_000)
    box = find_top(QMessageBox, "userErrorBox")
    assert box.text() == (f"The coupon {last.upper()} has been used up (1 uses). "
                          "You were not charged.")
    box.close()
    services = window.controller.services
    assert services.catalog.client.orders() == []
    assert "paid-course" not in services.library.owned_ids()
    # buying again without the coupon works, at the list price, with one order
    again = open_buy_dialog(window, qtbot)
    again.card.setText("4242 4242 4242 4242")
    again.accept()
    qtbot.waitUntil(lambda: "paid-course" in services.library.owned_ids(), timeout=20_000)
    [order] = services.catalog.client.orders()
    assert (order.status, order.price.amount, order.coupon) == ("paid", PAID_PRICE, None)


@pytest.mark.slow
def test_a_purchase_queued_offline_is_confirmed_with_a_coupon(
        qtbot: Any, fresh_store: Any) -> None:
    from PySide6.QtWidgets import QMessageBox
    from support import _window, new_email  # type: ignore[import-not-found]

    from ui.dialogs.purchase import ConfirmPurchaseDialog

    code = add_coupon(fresh_store, "back-" + uuid.uuid4().hex[:6], value=50)
    for win in _window(qtbot, fresh_store.url, email=new_email()):
        dialog = open_buy_dialog(win, qtbot)
        fresh_store.stop()
        dialog.card.setText("4242 4242 4242 4242")
        dialog.accept()
        qtbot.waitUntil(lambda: find_top(QMessageBox, "purchaseQueued") is not None,
                        timeout=20_000)
        find_top(QMessageBox, "purchaseQueued").close()
        fresh_store.start()
        win.sync_button.click()
        qtbot.waitUntil(lambda: find_top(ConfirmPurchaseDialog, "confirmPurchaseDialog")
                        is not None, timeout=30_000)
        confirm = find_top(ConfirmPurchaseDialog, "confirmPurchaseDialog")
        assert confirm.confirm_button.text() == "Confirm and pay $12.00"
        assert apply(confirm, qtbot, code) == (
            f"Coupon {code.upper()} applied: you pay $6.00 instead of $12.00.")
        assert confirm.confirm_button.text() == "Confirm and pay $6.00"
        confirm.card.setText("4242 4242 4242 4242")
        confirm.confirm_button.click()
        qtbot.waitUntil(lambda: find_top(QMessageBox, "purchaseDone") is not None,
                        timeout=20_000)
        find_top(QMessageBox, "purchaseDone").close()
        [order] = win.controller.services.catalog.client.orders()
        assert (order.status, order.price.amount, order.coupon) == ("paid", 600, code.upper())
