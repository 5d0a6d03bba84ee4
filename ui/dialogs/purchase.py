"""Confirming a purchase that was queued earlier (usually offline) once the store re-quoted it.

When the learner clicks "Buy" without a connection, the purchase is only saved (an intent with
its Idempotency-Key). The next sync asks the store for the current price and the services
emit `PurchaseNeedsConfirmation`; `PurchaseConfirmer` then opens `ConfirmPurchaseDialog`:

* the current price, and the price the learner saw before when it changed (struck through);
* payment details (sandbox card or voucher) for a paid course;
* "Confirm and pay" → `CatalogService.confirm_queued` with the same key, so the store makes
  exactly one order; the course unlocks only when the store says it is paid (signed lease);
* "Cancel purchase" → `CatalogService.cancel_queued`: the intent is dropped, nothing charged;
* closing the window (Esc) decides later: the next sync asks again.

One dialog per intent; a later quote for the same intent updates the open dialog. Quotes of
a course the Store screen is buying right now are ignored (that flow confirms by itself).

`CouponBox` (here and in the Store screen's `BuyDialog`): the learner types an instructor's
coupon code and clicks "Apply"; the store prices the order with it (nothing is used up until
the order) and the box shows the reduced price, or the store's refusal (unknown, expired,
used up) in its own words; paying then orders with the coupon.
Store calls run on the worker; everything here is on the GUI thread.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from app.errors import is_user_error
from app.services.catalog import SANDBOX_DECLINED_CARD, SANDBOX_OK_CARD, BuyResult, CouponPrice
from app.services.events import PurchaseNeedsConfirmation
from ui.format import money
from ui.messages import error_text

if TYPE_CHECKING:
    from ui.controller import Controller


class CouponBox(QWidget):
    """Coupon code, "Apply", and what the store said: the reduced price or its refusal."""

    priceChanged = Signal(object)  # CouponPrice, or None when no coupon applies (any more)

    def __init__(self, controller: Controller | None, course_id: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("couponBox")
        self.controller = controller
        self.course_id = course_id
        self.applied: CouponPrice | None = None
        self._error = ""
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.label = QLabel()
        self.code = QLineEdit()
        self.code.setObjectName("couponCode")
        self.code.setMaxLength(64)
        self.apply_button = QPushButton()
        self.apply_button.setObjectName("applyCoupon")
        row.addWidget(self.label)
        row.addWidget(self.code, 1)
        row.addWidget(self.apply_button)
        layout.addLayout(row)
        self.result = QLabel()
        self.result.setObjectName("couponResult")
        self.result.setWordWrap(True)
        self.result.hide()
        layout.addWidget(self.result)
        self.apply_button.clicked.connect(self.apply)
        self.code.returnPressed.connect(self.apply)
        self.code.textEdited.connect(self._edited)
        self.retranslate()

    def retranslate(self) -> None:
        self.label.setText(self.tr("Coupon"))
        self.code.setPlaceholderText(self.tr("Coupon code from the instructor"))
        self.apply_button.setText(self.tr("Apply"))
        self._show()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def coupon(self) -> str | None:
        """The code to order with (only once the store accepted it)."""
        return self.applied.code if self.applied is not None else None

    def _show(self, busy: bool = False) -> None:
        if busy:
            text = self.tr("Checking the coupon…")
        elif self.applied is not None:
            a = self.applied
            text = (self.tr("Coupon %1 applied: you pay %2 instead of %3.")
                    .replace("%1", a.code).replace("%2", money(a.amount, a.currency))
                    .replace("%3", money(a.list_amount, a.currency)))
        else:
            text = error_text(self._error) if self._error else ""
        self.result.setProperty("refused", bool(self._error) and not busy)
        self.result.setText(text)
        self.result.setVisible(bool(text))

    @Slot()
    def apply(self) -> None:
        code = self.code.text().strip()
        self._set(None, "")
        if not code:
            self._set(None, "Enter a coupon code.")  # error_text translates it
            return
        services = self.controller.services if self.controller is not None else None
        if self.controller is None or services is None:
            return
        catalog, course_id = services.catalog, self.course_id
        self.apply_button.setEnabled(False)
        self._show(busy=True)
        self.controller.worker.run(lambda: catalog.quote_coupon(course_id, code),
                                   on_done=self._quoted, on_error=self._refused, owner=self)

    def _quoted(self, price: CouponPrice) -> None:
        self.apply_button.setEnabled(True)
        self._set(price, "")

    def _refused(self, exc: BaseException) -> None:
        self.apply_button.setEnabled(True)
        if not is_user_error(exc):
            self._set(None, "")
            from ui.errors import report_exception

            report_exception(exc, self.window())
            return
        self._set(None, str(exc))

    @Slot(str)
    def _edited(self, _: str) -> None:
        if self.applied is not None or self._error:
            self._set(None, "")  # a changed code is not the one the store priced

    def _set(self, price: CouponPrice | None, error: str) -> None:
        changed = price != self.applied
        self.applied, self._error = price, error
        self._show()
        if changed:
            self.priceChanged.emit(price)


class ConfirmPurchaseDialog(QDialog):
    """Current price (and the old one if it changed), payment details, confirm or cancel."""

    confirmed = Signal(object)  # dict: {"card": ...} or {"voucher": ...}
    cancelPurchase = Signal()

    def __init__(self, quote: PurchaseNeedsConfirmation, parent: QWidget | None = None,
                 controller: Controller | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("confirmPurchaseDialog")
        self.setMinimumWidth(460)
        self.quote = quote
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("sectionTitle")
        layout.addWidget(self.heading)
        self.intro = QLabel()
        self.intro.setObjectName("purchaseIntro")
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)
        self.price = QLabel()
        self.price.setObjectName("price")
        layout.addWidget(self.price)
        self.change = QLabel()
        self.change.setObjectName("priceChange")
        self.change.setWordWrap(True)
        self.change.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.change)

        self.payment_box = QWidget()
        form = QFormLayout(self.payment_box)
        form.setContentsMargins(0, 6, 0, 0)
        self.card_radio = QRadioButton()
        self.card_radio.setChecked(True)
        self.voucher_radio = QRadioButton()
        self.card = QLineEdit()
        self.card.setObjectName("cardNumber")
        self.card.setPlaceholderText(SANDBOX_OK_CARD)
        self.voucher = QLineEdit()
        self.voucher.setObjectName("voucherCode")
        self.voucher.setEnabled(False)
        self.card_label = QLabel()
        self.voucher_label = QLabel()
        form.addRow(self.card_radio)
        form.addRow(self.card_label, self.card)
        form.addRow(self.voucher_radio)
        form.addRow(self.voucher_label, self.voucher)
        self.hint = QLabel()
        self.hint.setObjectName("muted")
        self.hint.setWordWrap(True)
        form.addRow(self.hint)
        self.coupon_box = CouponBox(controller, quote.course_id)
        self.coupon_box.priceChanged.connect(lambda _: self.retranslate())
        form.addRow(self.coupon_box)
        self.card_radio.toggled.connect(self._mode)
        layout.addWidget(self.payment_box)

        self.error = QLabel()
        self.error.setObjectName("errorBanner")
        self.error.setWordWrap(True)
        self.error.hide()
        layout.addWidget(self.error)
        self.busy = QLabel()
        self.busy.setObjectName("muted")
        self.busy.hide()
        layout.addWidget(self.busy)
        layout.addStretch(1)

        self.buttons = QDialogButtonBox()
        self.confirm_button = QPushButton()
        self.confirm_button.setObjectName("confirmPurchase")
        self.confirm_button.setDefault(True)
        self.cancel_button = QPushButton()
        self.cancel_button.setObjectName("cancelPurchase")
        self.buttons.addButton(self.confirm_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.confirm_button.clicked.connect(self._confirm_clicked)
        self.cancel_button.clicked.connect(self._cancel_clicked)
        layout.addWidget(self.buttons)
        self.set_quote(quote)

    # -- content ----------------------------------------------------------------------------
    def set_quote(self, quote: PurchaseNeedsConfirmation) -> None:
        """Show (or refresh, after another sync) the store's current price."""
        self.quote = quote
        self.retranslate()

    def retranslate(self) -> None:
        q = self.quote
        now = money(q.amount, q.currency)
        coupon = self.coupon_box.applied
        to_pay = money(coupon.amount, coupon.currency) if coupon is not None else now
        self.setWindowTitle(self.tr("Confirm your purchase"))
        self.heading.setText(self.tr("Confirm your purchase"))
        self.intro.setText(
            self.tr("You asked to buy “%1” while Satchel could not reach the store. The store "
                    "is reachable again: confirm the current price to finish the purchase. "
                    "Nothing has been charged yet.").replace("%1", q.title))
        self.price.setText(self.tr("Price now: %1").replace("%1", now))
        if q.changed and q.old_amount is not None and q.old_currency is not None:
            old = money(q.old_amount, q.old_currency)
            self.change.setText(
                self.tr("The price changed since you asked to buy: it was <s>%1</s>, it is "
                        "now <b>%2</b>.").replace("%1", old).replace("%2", now))
            self.change.show()
        else:
            self.change.setText("")
            self.change.hide()
        paid = q.amount > 0
        self.payment_box.setVisible(paid)
        self.card_radio.setText(self.tr("Pay with a card"))
        self.voucher_radio.setText(self.tr("Use a voucher code from your institution"))
        self.card_label.setText(self.tr("Card number"))
        self.voucher_label.setText(self.tr("Voucher code"))
        self.hint.setText(self.tr("Demo store: test card %1 is accepted, %2 is declined. "
                                  "No real money is charged.")
                          .replace("%1", SANDBOX_OK_CARD).replace("%2", SANDBOX_DECLINED_CARD))
        self.confirm_button.setText(self.tr("Confirm and pay %1").replace("%1", to_pay) if paid
                                    else self.tr("Confirm"))
        self.cancel_button.setText(self.tr("Cancel purchase"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @Slot(bool)
    def _mode(self, card: bool) -> None:
        self.card.setEnabled(card)
        self.voucher.setEnabled(not card)

    def payment(self) -> dict[str, str]:
        if self.quote.amount == 0:
            return {}
        coupon = self.coupon_box.coupon()
        extra = {"coupon": coupon} if coupon else {}
        if self.voucher_radio.isChecked():
            return {"voucher": self.voucher.text().strip(), **extra}
        return {"card": self.card.text().strip(), **extra}

    # -- progress ---------------------------------------------------------------------------
    def set_busy(self, text: str) -> None:
        self.error.hide()
        self.busy.setText(text)
        self.busy.setVisible(bool(text))
        self.confirm_button.setEnabled(not text)
        self.cancel_button.setEnabled(not text)

    def show_error(self, text: str) -> None:
        self.set_busy("")
        self.error.setText(text)
        self.error.show()

    @Slot()
    def _confirm_clicked(self) -> None:
        self.confirmed.emit(self.payment())

    @Slot()
    def _cancel_clicked(self) -> None:
        self.cancelPurchase.emit()


class PurchaseConfirmer(QObject):
    """Opens `ConfirmPurchaseDialog` for each re-quoted purchase and carries out the answer."""

    finished = Signal(str, bool)  # intent key, paid (False: cancelled)

    def __init__(self, controller: Controller, window: QWidget) -> None:
        super().__init__(window)
        self.controller = controller
        self.parent_window = window
        self.dialogs: dict[str, ConfirmPurchaseDialog] = {}
        controller.purchaseNeedsConfirmation.connect(self.ask)

    def dialog(self, intent_key: str) -> ConfirmPurchaseDialog | None:
        dialog = self.dialogs.get(intent_key)
        if dialog is None or not shiboken6.isValid(dialog):
            self.dialogs.pop(intent_key, None)
            return None
        return dialog

    @Slot(object)
    def ask(self, quote: PurchaseNeedsConfirmation) -> None:
        if quote.course_id in self.controller.buying:
            return  # the Store screen is confirming this purchase itself
        open_dialog = self.dialog(quote.intent_key)
        if open_dialog is not None:
            if open_dialog.confirm_button.isEnabled():
                open_dialog.set_quote(quote)
            return
        dialog = ConfirmPurchaseDialog(quote, self.parent_window, self.controller)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.confirmed.connect(lambda payment, k=quote.intent_key: self._confirm(k, payment))
        dialog.cancelPurchase.connect(lambda k=quote.intent_key: self._cancel(k))
        self.dialogs[quote.intent_key] = dialog
        dialog.open()

    def _confirm(self, key: str, payment: dict[str, str]) -> None:
        dialog = self.dialog(key)
        services = self.controller.services
        if dialog is None or services is None:
            return
        dialog.set_busy(self.tr("Contacting the store…"))
        catalog = services.catalog
        self.controller.worker.run(
            lambda: catalog.confirm_queued(key, card=payment.get("card"),
                                           voucher=payment.get("voucher"),
                                           coupon=payment.get("coupon")),
            on_done=lambda result: self._paid(key, result),
            on_error=lambda exc: self._failed(key, exc),
        )

    def _paid(self, key: str, result: BuyResult) -> None:
        dialog = self.dialog(key)
        if not result.paid:
            if dialog is not None:
                dialog.show_error(error_text(result.message))
            return
        title = dialog.quote.title if dialog is not None else result.course_id
        if dialog is not None:
            dialog.accept()
        self.dialogs.pop(key, None)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Purchase complete"),
                          self.tr("Thank you! “%1” is in your library. Download it there to "
                                  "study offline.").replace("%1", title),
                          QMessageBox.StandardButton.Ok, self.parent_window)
        box.setObjectName("purchaseDone")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        self.finished.emit(key, True)

    def _failed(self, key: str, exc: BaseException) -> None:
        dialog = self.dialog(key)
        if is_user_error(exc) and dialog is not None:
            dialog.show_error(error_text(exc))
            return
        if dialog is not None:
            dialog.set_busy("")
        from ui.errors import report_exception

        report_exception(exc, self.parent_window)

    def _cancel(self, key: str) -> None:
        dialog = self.dialog(key)
        services = self.controller.services
        if dialog is None or services is None:
            return
        dialog.set_busy(self.tr("Cancelling…"))

        def done(_: Any) -> None:
            d = self.dialog(key)
            if d is not None:
                d.accept()
            self.dialogs.pop(key, None)
            self.finished.emit(key, False)

        self.controller.worker.run(services.catalog.cancel_queued, key, on_done=done,
                                   on_error=lambda exc: self._failed(key, exc))
