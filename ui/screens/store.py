"""Store: browse and search the catalog, filter, see a course's outline and price, buy.

The list is a lazily loaded `CatalogModel` over the local copy of the catalog (refreshed
from the store in the background when the screen opens); `CourseRowDelegate` paints each row
with its topic, language, total duration, lessons, price and tags. Offline, "Buy" only saves
the purchase: after the next sync `ui.dialogs.purchase` asks the learner to confirm the
store's current price. Buying opens `BuyDialog`: the sandbox test card or a voucher code,
paid through the store's payment flow, and an instructor's coupon
(`ui.dialogs.purchase.CouponBox`: "Apply" shows the reduced price). An institution's seat
code is pre-filled there; when it switched purchasing off, there is no Buy button (the
detail says why) — only, with a seat code, a button that gets the course with it.
Free-preview lessons are bold in the outline; double-click, Enter or "Open preview" opens
one in `LessonPreviewDialog` without buying; other lessons of a course not bought say that
buying opens them. GUI thread only.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QRadioButton,
    QSplitter,
    QTextBrowser,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from app.errors import is_user_error
from app.services.catalog import (
    SANDBOX_DECLINED_CARD,
    SANDBOX_OK_CARD,
    BuyResult,
    CouponPrice,
    PurchaseQueued,
)
from app.services.markdown_html import LESSON_CSS, to_html
from app.services.views import CatalogQuery, CourseDetail
from ui.dialogs.purchase import CouponBox
from ui.format import language_name, minutes, money, size, topic_name
from ui.messages import error_text
from ui.models.catalog import CatalogModel, CourseRowDelegate
from ui.models.outline import OutlineModel
from ui.screens.base import Screen, muted, section

TOPICS = ("programming", "data", "fitness", "arts", "language", "finance", "other")


class BuyDialog(QDialog):
    """Payment details for one course: sandbox test card or voucher code."""

    def __init__(self, detail: CourseDetail, parent: QWidget | None = None,
                 controller: Any = None) -> None:
        super().__init__(parent)
        self.setObjectName("buyDialog")
        self.detail = detail
        c = detail.card
        self.setWindowTitle(self.tr("Buy “%1”").replace("%1", c.title))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        self.price = price = QLabel(money(c.price_amount, c.price_currency))
        price.setObjectName("price")
        layout.addWidget(price)
        self.card_radio = QRadioButton(self.tr("Pay with a card"))
        self.card_radio.setChecked(True)
        self.voucher_radio = QRadioButton(self.tr("Use a voucher code from your institution"))
        form = QFormLayout()
        self.card = QLineEdit()
        self.card.setObjectName("cardNumber")
        self.card.setPlaceholderText("4242 4242 4242 4242")
        self.card.setInputMask("")
        self.voucher = QLineEdit()
        self.voucher.setObjectName("voucherCode")
        self.voucher.setEnabled(False)
        form.addRow(self.card_radio)
        form.addRow(self.tr("Card number"), self.card)
        form.addRow(self.voucher_radio)
        form.addRow(self.tr("Voucher code"), self.voucher)
        layout.addLayout(form)
        hint = muted(self.tr("Demo store: test card %1 is accepted, %2 is declined. "
                             "No real money is charged.")
                     .replace("%1", SANDBOX_OK_CARD).replace("%2", SANDBOX_DECLINED_CARD))
        layout.addWidget(hint)
        self.coupon_box = CouponBox(controller, c.id)
        self.coupon_box.priceChanged.connect(self._priced)
        layout.addWidget(self.coupon_box)
        self.card_radio.toggled.connect(self._mode)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.pay_button = ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Pay %1").replace("%1", money(c.price_amount, c.price_currency)))
        ok.setObjectName("payButton")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @Slot(bool)
    def _mode(self, card: bool) -> None:
        self.card.setEnabled(card)
        self.voucher.setEnabled(not card)

    @Slot(object)
    def _priced(self, coupon: CouponPrice | None) -> None:
        """The price to pay: the coupon's (accepted by the store) or the list price."""
        c = self.detail.card
        now = (money(coupon.amount, coupon.currency) if coupon is not None
               else money(c.price_amount, c.price_currency))
        self.price.setText(now)
        self.pay_button.setText(self.tr("Pay %1").replace("%1", now))

    def payment(self) -> dict[str, str]:
        coupon = self.coupon_box.coupon()
        extra = {"coupon": coupon} if coupon else {}
        if self.voucher_radio.isChecked():
            return {"voucher": self.voucher.text().strip(), **extra}
        return {"card": self.card.text().strip(), **extra}


class StoreScreen(Screen):
    def __init__(self, controller: Any, window: Any = None) -> None:
        super().__init__(controller, window)
        self.detail: CourseDetail | None = None
        self._pending_course: str | None = None
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("storeSearch")
        self.search.setClearButtonEnabled(True)
        self.topic = QComboBox()
        self.topic.setObjectName("topicFilter")
        self.language = QComboBox()
        self.language.setObjectName("languageFilter")
        self.price = QComboBox()
        self.price.setObjectName("priceFilter")
        filters.addWidget(self.search, 1)
        filters.addWidget(self.topic)
        filters.addWidget(self.language)
        filters.addWidget(self.price)
        self.layout_.addLayout(filters)
        self.count = muted()
        self.count.setObjectName("resultCount")
        count_row = QHBoxLayout()
        count_row.addWidget(self.count)
        # no results: "Did you mean “mandarin”?" — a click searches for it
        self.did_you_mean = QPushButton()
        self.did_you_mean.setObjectName("didYouMean")
        self.did_you_mean.setFlat(True)
        self.did_you_mean.clicked.connect(self._take_suggestion)
        self.did_you_mean.hide()
        self.clear_filters_button = QPushButton()
        self.clear_filters_button.setObjectName("clearFilters")
        self.clear_filters_button.setFlat(True)
        self.clear_filters_button.clicked.connect(self.clear_filters)
        self.clear_filters_button.hide()
        count_row.addWidget(self.did_you_mean)
        count_row.addWidget(self.clear_filters_button)
        count_row.addStretch(1)
        self.layout_.addLayout(count_row)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = CatalogModel(self.services.catalog.page, self._runner, self)
        self.list = QListView()
        self.list.setObjectName("catalogList")
        self.list.setModel(self.model)
        self.list.setItemDelegate(CourseRowDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setSpacing(4)
        self.list.setAlternatingRowColors(True)
        self.list.selectionModel().currentChanged.connect(self._current_changed)
        splitter.addWidget(self.list)

        detail = QWidget()
        dcol = QVBoxLayout(detail)
        dcol.setContentsMargins(12, 0, 0, 0)
        self.d_title = QLabel()
        self.d_title.setObjectName("detailTitle")
        self.d_title.setWordWrap(True)
        font = self.d_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.d_title.setFont(font)
        self.d_meta = muted()
        self.d_meta.setObjectName("detailMeta")
        self.d_tags = muted()
        self.d_tags.setObjectName("detailTags")
        self.d_rating = QLabel()
        self.d_rating.setObjectName("detailRating")
        row = QHBoxLayout()
        self.d_price = QLabel()
        self.d_price.setObjectName("price")
        self.buy_button = QPushButton()
        self.buy_button.setObjectName("primary")
        self.buy_button.clicked.connect(self.buy)
        self.library_button = QPushButton()
        self.library_button.setObjectName("goLibrary")
        self.library_button.clicked.connect(lambda: self.go("library"))
        row.addWidget(self.d_price)
        row.addStretch(1)
        row.addWidget(self.library_button)
        row.addWidget(self.buy_button)
        self.d_desc = QTextBrowser()
        self.d_desc.setObjectName("detailDescription")
        self.d_desc.document().setDefaultStyleSheet(LESSON_CSS)
        self.d_desc.setMaximumHeight(180)
        self.outline_title = section()
        self.outline_model = OutlineModel(self)
        self.outline = QTreeView()
        self.outline.setObjectName("detailOutline")
        self.outline.setModel(self.outline_model)
        self.outline.setHeaderHidden(True)
        self.outline.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.outline.header().setStretchLastSection(False)
        self.outline_model.store_mode = True
        self.outline.activated.connect(self._outline_activated)
        self.outline.selectionModel().currentChanged.connect(
            lambda _c, _p: self._update_preview_button())
        self.preview_button = QPushButton()
        self.preview_button.setObjectName("openPreview")
        self.preview_button.clicked.connect(self.open_current_lesson)
        self.d_message = muted()
        dcol.addWidget(self.d_title)
        dcol.addWidget(self.d_meta)
        dcol.addWidget(self.d_tags)
        dcol.addWidget(self.d_rating)
        dcol.addLayout(row)
        dcol.addWidget(self.d_desc)
        dcol.addWidget(self.outline_title)
        dcol.addWidget(self.outline, 1)
        preview_row = QHBoxLayout()
        self.outline_hint = muted()
        self.outline_hint.setObjectName("outlineHint")
        self.outline_hint.setWordWrap(True)
        preview_row.addWidget(self.outline_hint, 1)
        preview_row.addWidget(self.preview_button)
        dcol.addLayout(preview_row)
        dcol.addWidget(self.d_message)
        self.detail_panel = detail
        splitter.addWidget(detail)
        splitter.setSizes([420, 560])
        self.layout_.addWidget(splitter, 1)
        self._set_detail_visible(False)

        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.topic, self.language, self.price):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.model.totalChanged.connect(self._show_count)
        self.model.loaded.connect(self._select_pending)
        self.model.loaded.connect(self._hide_detail_if_filtered)
        self.listen(controller.dataChanged, self._data_changed)
        self._languages: list[str] = []
        self.retranslate()
        self._refreshed = False

    def _runner(self, fn: Any, *args: Any, on_done: Any = None, on_error: Any = None) -> None:
        self.call(fn, *args, on_done=on_done, on_error=on_error)

    # -- i18n -------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.title.setText(self.tr("Store"))
        self.search.setPlaceholderText(self.tr("Search courses (Ctrl+F)"))
        self._fill_combo(self.topic, [("", self.tr("All topics"))]
                         + [(t, topic_name(t)) for t in TOPICS])
        self._fill_combo(self.language, [("", self.tr("All languages"))]
                         + [(x, language_name(x)) for x in self._languages])
        self._fill_combo(self.price, [("", self.tr("Any price")), ("free", self.tr("Free")),
                                      ("paid", self.tr("Paid"))])
        self.outline_title.setText(self.tr("What you will study"))
        self.library_button.setText(self.tr("Go to Library"))
        self.preview_button.setText(self.tr("Open preview"))
        self._show_count(self.model.total)
        if self.detail is not None:
            self.show_detail(self.detail)

    @staticmethod
    def _fill_combo(combo: QComboBox, items: list[tuple[str, str]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        for value, label in items:
            combo.addItem(label, value)
        idx = combo.findData(current)
        combo.setCurrentIndex(max(0, idx))
        combo.blockSignals(False)

    # -- loading ----------------------------------------------------------------------------
    def activated(self) -> None:
        if not self._refreshed:
            self._refreshed = True
            self.model.set_query(self.current_query())
            self.call(self.services.catalog.refresh, on_done=lambda _n: self._after_refresh(),
                      on_error=self._refresh_failed)
            self.call(self.services.catalog.facets, on_done=self._facets)

    def open(self, course_id: str | None = None, **_: Any) -> None:
        self.activated()
        if course_id:
            self._pending_course = course_id
            self._select_pending()
            if self.detail is None or self.detail.card.id != course_id:
                self.load_detail(course_id)

    def _after_refresh(self) -> None:
        self.model.reload()
        self.call(self.services.catalog.facets, on_done=self._facets)

    def _refresh_failed(self, exc: BaseException) -> None:
        if is_user_error(exc):
            self.count.setText(self.tr("Showing the catalog saved on this computer "
                                       "(the store cannot be reached)."))
        else:
            from ui.errors import report_exception

            report_exception(exc, self)

    @Slot(object)
    def _facets(self, facets: tuple[list[str], list[str]]) -> None:
        self._languages = facets[1]
        self._fill_combo(self.language, [("", self.tr("All languages"))]
                         + [(x, language_name(x)) for x in self._languages])

    def current_query(self) -> CatalogQuery:
        return CatalogQuery(self.search.text().strip(), self.topic.currentData() or "",
                            self.language.currentData() or "", self.price.currentData() or "")

    @Slot()
    def apply_filters(self) -> None:
        self.model.set_query(self.current_query())

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    @Slot(int)
    def _show_count(self, total: int) -> None:
        query = self.model.query
        suggestion = self.model.suggestion
        filtered = bool(query.topic or query.language or query.price)
        if total == 0 and (query.text or filtered):
            if query.text:
                self.count.setText(self.tr("No results for “%1”.").replace("%1", query.text))
            else:
                self.count.setText(self.tr("No course matches these filters."))
            self.did_you_mean.setText(self.tr("Did you mean “%1”?").replace("%1", suggestion))
            self.did_you_mean.setVisible(bool(suggestion))
            self.clear_filters_button.setText(self.tr("Clear the filters"))
            self.clear_filters_button.setVisible(filtered)
        else:
            self.count.setText(self.tr("%n course(s)", None, total))
            self.did_you_mean.hide()
            self.clear_filters_button.hide()

    @Slot()
    def _take_suggestion(self) -> None:
        suggestion = self.model.suggestion
        if suggestion:
            self.search.setText(suggestion)
            self._debounce.stop()
            self.apply_filters()

    @Slot()
    def clear_filters(self) -> None:
        for combo in (self.topic, self.language, self.price):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.apply_filters()

    def _hide_detail_if_filtered(self) -> None:
        """The detail pane shows only a course the list shows."""
        if self.detail is not None and self.model.row_of(self.detail.card.id) < 0 \
                and self._pending_course != self.detail.card.id:
            self.detail = None
            self._set_detail_visible(False)
            self.d_message.setText(self.tr("Pick a course in the list to see it here.")
                                   if self.model.total else "")

    def _data_changed(self, topic: str) -> None:
        if topic in ("library", "catalog", "sync") and self._refreshed:
            self.call(self.services.library.owned_ids, on_done=self.model.update_owned)
            if self.detail is not None:
                self.load_detail(self.detail.card.id)

    def _select_pending(self) -> None:
        if self._pending_course is None:
            return
        row = self.model.row_of(self._pending_course)
        if row >= 0:
            self._pending_course = None
            self.list.setCurrentIndex(self.model.index(row))
            self.list.scrollTo(self.model.index(row))

    # -- detail -----------------------------------------------------------------------------
    @Slot(QModelIndex, QModelIndex)
    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        c = self.model.card(current.row())
        if c is not None:
            self.load_detail(c.id)

    def load_detail(self, course_id: str) -> None:
        self.d_message.setText(self.tr("Loading…"))
        self.call(self.services.catalog.detail, course_id, on_done=self.show_detail,
                  on_error=self._detail_failed)

    def _detail_failed(self, exc: BaseException) -> None:
        if is_user_error(exc):
            self.d_message.setText(error_text(exc))
        else:
            from ui.errors import report_exception

            report_exception(exc, self)

    def _set_detail_visible(self, visible: bool) -> None:
        for w in (self.d_title, self.d_meta, self.d_tags, self.d_rating, self.d_price,
                  self.buy_button, self.d_desc, self.outline_title, self.outline,
                  self.library_button, self.preview_button, self.outline_hint):
            w.setVisible(visible)

    @Slot(object)
    def show_detail(self, detail: CourseDetail) -> None:
        self.detail = detail
        c = detail.card
        self._set_detail_visible(True)
        self.d_title.setText(c.title)
        parts = [", ".join(c.authors), topic_name(c.topic), language_name(c.language),
                 minutes(c.duration_min) if c.duration_min else "",
                 self.tr("%n lesson(s)", None, c.item_count) if c.item_count else "",
                 f"v{detail.version}", size(detail.size_bytes) if detail.size_bytes else ""]
        self.d_meta.setText(" · ".join(p for p in parts if p))
        self.d_tags.setText(self.tr("Tags: %1").replace("%1", ", ".join(c.tags)))
        self.d_tags.setVisible(bool(c.tags))
        self.d_rating.setText(self.rating_text(detail))
        self.d_rating.setVisible(detail.rating_count > 0 and detail.rating_average is not None)
        self.d_price.setText(money(c.price_amount, c.price_currency))
        self.d_desc.setHtml(to_html(c.description))
        self.outline_model.set_outline(detail.outline)
        self.outline.expandAll()
        self.outline.resizeColumnToContents(1)
        previews = sum(1 for m in detail.outline for i in m.items if i.free_preview)
        self.preview_button.setVisible(not c.owned and previews > 0)
        self.outline_hint.setVisible(not c.owned and previews > 0)
        self.outline_hint.setText(self.tr(
            "Lessons in bold are free previews: double-click one to open it."))
        self._update_preview_button()
        self.buy_button.setVisible(not c.owned)
        self.library_button.setVisible(c.owned)
        self.buy_button.setText(self.tr("Get for free") if c.price_amount == 0
                                else self.tr("Buy for %1").replace(
                                    "%1", money(c.price_amount, c.price_currency)))
        self.buy_button.setEnabled(True)
        if c.owned:
            self.d_message.setText(self.tr("This course is in your library."))
        elif detail.pending_purchase is not None:
            self.d_message.setText(self.queued_text())
        else:
            self.d_message.setText("")
        self._institution_buying(c.owned)

    def rating_text(self, detail: CourseDetail) -> str:
        """"★ 4.6 (12 ratings)" ("" when nobody has rated the course)."""
        if not detail.rating_count or detail.rating_average is None:
            return ""
        average = self.locale().toString(detail.rating_average, "f", 1)
        return (self.tr("★ %1 (%n rating(s))", None, detail.rating_count)
                .replace("%1", average))

    # -- free previews ----------------------------------------------------------------------
    def _update_preview_button(self) -> None:
        item = self.outline_model.item_at(self.outline.currentIndex())
        self.preview_button.setEnabled(item is not None and item.free_preview)

    @Slot()
    def open_current_lesson(self) -> None:
        self._outline_activated(self.outline.currentIndex())

    @Slot(QModelIndex)
    def _outline_activated(self, index: QModelIndex) -> None:
        """Open a free-preview lesson without buying; any other lesson says how to open it."""
        detail = self.detail
        item = self.outline_model.item_at(index)
        if detail is None or item is None:
            return
        if detail.card.owned:
            self.d_message.setText(self.tr("This course is in your library: open the lesson "
                                           "there."))
            return
        refused = self.tr("Buy the course to open this lesson.")
        if not item.free_preview:
            self.d_message.setText(refused)
            return
        if self.d_message.text() == refused:  # keep any other notice (a queued purchase)
            self.d_message.setText("")
        from ui.dialogs.lesson_preview import open_preview_dialog

        self.preview_dialog = open_preview_dialog(
            self, detail.card.id, detail.card.title, item.id, item.title)

    def queued_text(self) -> str:
        return self.tr("Your purchase of this course is saved. When Satchel can reach the store "
                       "again it shows you the current price to confirm; nothing is charged "
                       "until then.")

    def _institution_buying(self, owned: bool) -> None:
        """The institution switched purchasing off: no Buy button, and the reason; with its
        seat code (`[store] voucher_code`) the button gets the course through that code."""
        inst = self.controller.institution
        if owned or inst.purchasing_enabled:
            return
        who = inst.organisation or self.tr("your organisation")
        if inst.voucher_code:
            self.buy_button.setText(self.tr("Get it with %1's seat code").replace("%1", who))
            self.d_message.setText(self.tr("Buying is switched off by %1. You can add this "
                                           "course with its seat code, if it covers it.")
                                   .replace("%1", who))
        else:
            self.buy_button.setVisible(False)
            self.d_message.setText(self.tr("Buying is switched off by %1: your courses come "
                                           "from them. Ask them if you need this one.")
                                   .replace("%1", who))

    # -- buying -----------------------------------------------------------------------------
    @Slot()
    def buy(self) -> None:
        detail = self.detail
        if detail is None:
            return
        services = self.services
        if not services.account.signed_in:
            from ui.dialogs.login import LoginDialog

            dialog = LoginDialog(self.controller, self)  # the profile's session ended
            dialog.login_email.setText(services.account.current_user.email)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.signedIn.connect(self.buy)
            dialog.open()
            return
        c = detail.card
        inst = self.controller.institution
        if not inst.purchasing_enabled:  # only the institution's seat code (if any)
            if inst.voucher_code:
                self._purchase({"voucher": inst.voucher_code})
            return
        if c.price_amount == 0:
            self._purchase({})
            return
        dialog = BuyDialog(detail, self, self.controller)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if inst.voucher_code:  # the institution's seat code, pre-filled
            dialog.voucher_radio.setChecked(True)
            dialog.voucher.setText(inst.voucher_code)
        dialog.accepted.connect(lambda: self._purchase(dialog.payment()))
        dialog.open()
        self.buy_dialog = dialog

    def _purchase(self, payment: dict[str, str]) -> None:
        detail = self.detail
        if detail is None:
            return
        c = detail.card
        self.buy_button.setEnabled(False)
        self.d_message.setText(self.tr("Contacting the store…"))
        self.controller.buying.add(c.id)
        catalog = self.services.catalog
        self.call(lambda: catalog.buy(c.id, card=payment.get("card"),
                                      voucher=payment.get("voucher"),
                                      coupon=payment.get("coupon"),
                                      expected_amount=c.price_amount,
                                      expected_currency=c.price_currency),
                  on_done=self._bought,
                  on_error=lambda exc, cid=c.id: self._buy_failed(exc, cid))

    @Slot(object)
    def _bought(self, result: BuyResult) -> None:
        self.controller.buying.discard(result.course_id)
        self.d_message.setText(self.tr("Thank you! “%1” is in your library. Download it "
                                       "there to study offline.").replace(
                                           "%1", self.detail.card.title if self.detail else "")
                               if result.paid else error_text(result.message))
        self.buy_button.setEnabled(True)
        if self.detail is not None:
            self.load_detail(self.detail.card.id)

    def _buy_failed(self, exc: BaseException, course_id: str = "") -> None:
        self.controller.buying.discard(course_id)
        self.buy_button.setEnabled(True)
        if isinstance(exc, PurchaseQueued):  # offline: saved, confirmed after the next sync
            self.d_message.setText(self.queued_text())
            from PySide6.QtWidgets import QMessageBox

            box = QMessageBox(QMessageBox.Icon.Information, self.tr("Purchase saved"),
                              self.queued_text(), QMessageBox.StandardButton.Ok, self)
            box.setObjectName("purchaseQueued")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()
            return
        if is_user_error(exc):
            self.d_message.setText(error_text(exc))
            from ui.errors import show_user_error

            show_user_error(exc, self)
        else:
            from ui.errors import report_exception

            report_exception(exc, self)
