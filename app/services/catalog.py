"""The store's catalog, offline-first: browse the local copy, refresh it from the store, buy.

* `page(query, offset, limit)` — a slice of the locally stored catalog (kept up to date by
  `refresh()` and every sync) with search words, topic, language and free/paid filters;
  cheap enough for lazy loading of a 10,000-course list.
  Search words are matched typo-tolerantly (`app.services.search`: rapidfuzz over titles,
  tags, ids and descriptions; character bigrams for Chinese) and rank the results; a page
  with no results carries a "did you mean" `suggestion`.
* `detail(course_id)` — outline, skills and price: from the store when online (and then
  cached on disk), from the cache or the installed bundle when offline.
* `open_preview(course_id, item_id)` — a free-preview lesson, prepared for display, before
  buying: fetched from the store's public preview route and cached under the cache dir
  (`app.services.store_preview`); offline, the copy opened last time.
* `buy(course_id, payment)` — the store's payment flow through the sync engine's purchase
  intents: an Idempotency-Key fixed when the learner clicks "Buy", the price re-quoted and
  confirmed, then `POST /orders` and payment (sandbox test card or voucher). Access comes
  only from the store's signed lease. Offline, the intent is queued and confirmed later:
  the next sync re-quotes it (`PurchaseNeedsConfirmation`), then `confirm_queued(key, ...)`
  pays it with the same Idempotency-Key, or `cancel_queued(key)` drops it.

Threading: blocking (database, network); call from a worker.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from app.db import Database
from app.db.models import Course
from app.errors import NetworkError, UserError, store_error
from app.eventbus import EventBus
from app.services.account import AccountService
from app.services.events import DataChanged
from app.services.lessons import PreparedLesson
from app.services.search import Doc, SearchIndex
from app.services.store_preview import StorePreview
from app.services.views import (
    CatalogQuery,
    CourseCard,
    CourseDetail,
    CoursePage,
    OutlineItem,
    OutlineModule,
    outline_from_manifest,
)
from sync.client import StoreClient
from sync.errors import Offline, ServerError, SyncError
from sync.protocol import CourseDetail as WireDetail
from sync.protocol import SandboxPayment, VoucherPayment
from sync.pull import PullStats, pull_catalog
from sync.purchases import PurchaseError

if TYPE_CHECKING:
    from app.services.library import LibraryService
    from app.services.sync_service import SyncService

log = logging.getLogger(__name__)

SANDBOX_OK_CARD = "4242 4242 4242 4242"
SANDBOX_DECLINED_CARD = "4000 0000 0000 0002"


class PurchaseQueued(UserError):
    """Not an error for the learner: the purchase waits for the connection to come back."""


@dataclass(frozen=True)
class BuyResult:
    course_id: str
    paid: bool
    message: str


@dataclass(frozen=True)
class CouponPrice:
    """The store's price for a course with a coupon (minor units)."""

    course_id: str
    code: str
    amount: int
    currency: str
    list_amount: int


class CatalogService:
    def __init__(self, db: Database, bus: EventBus, client: StoreClient,
                 account: AccountService, sync: SyncService, library: LibraryService) -> None:
        self.db = db
        self.bus = bus
        self.client = client
        self.account = account
        self.sync = sync
        self.library = library
        self.cache = library.cache_dir / "catalog"
        self.previews = StorePreview(client, library.cache_dir)
        self._index: tuple[tuple[int, str, str], SearchIndex] | None = None
        self._index_lock = threading.Lock()

    # -- local catalog ----------------------------------------------------------------------
    def refresh(self) -> int:
        """Pull catalog changes from the store (no sign-in needed); returns courses seen."""
        stats = PullStats()
        try:
            pull_catalog(self.client, self.sync.ports.remote, stats)
        except SyncError as exc:
            raise store_error(exc, " to update the catalog") from exc
        self.bus.emit(DataChanged("catalog"))
        return stats.catalog_courses

    def _filtered(self, query: CatalogQuery):  # type: ignore[no-untyped-def]
        """The catalog with the topic, language and price filters (not the words)."""
        q = select(Course).where(Course.catalog_version.is_not(None))
        if query.topic:
            q = q.where(Course.topic == query.topic)
        if query.language:
            q = q.where(Course.language == query.language)
        if query.price == "free":
            q = q.where(Course.price_amount == 0)
        elif query.price == "paid":
            q = q.where(Course.price_amount > 0)
        return q

    def search_index(self) -> SearchIndex:
        """The search index of the local catalog, rebuilt when the catalog changed."""
        with self.db.read() as s:
            key_row = s.execute(select(func.count(), func.max(Course.catalog_version),
                                       func.max(Course.updated_at))
                                .where(Course.catalog_version.is_not(None))).one()
            key = (int(key_row[0] or 0), str(key_row[1] or ""), str(key_row[2] or ""))
            with self._index_lock:
                if self._index is not None and self._index[0] == key:
                    return self._index[1]
            rows = s.execute(select(Course.id, Course.title, Course.tags, Course.description)
                             .where(Course.catalog_version.is_not(None))).all()
        index = SearchIndex.build(Doc(r[0], r[1] or "", tuple(r[2] or ()), r[3] or "")
                                  for r in rows)
        with self._index_lock:
            self._index = (key, index)
        return index

    def _ranked(self, query: CatalogQuery) -> list[str] | None:
        """Ids matching the words, best first (None: no words, no ranking)."""
        if not query.text.split():
            return None
        return [cid for cid, _score in self.search_index().search(query.text)]

    def count(self, query: CatalogQuery) -> int:
        return self.page(query, 0, 0).total

    def page(self, query: CatalogQuery, offset: int = 0, limit: int = 100) -> CoursePage:
        q = self._filtered(query)
        ranked = self._ranked(query)
        if query.sort == "price":
            q = q.order_by(Course.price_amount, func.lower(Course.title))
        elif query.sort == "newest":
            q = q.order_by(Course.updated_at.desc(), func.lower(Course.title))
        else:
            q = q.order_by(func.lower(Course.title), Course.id)
        owned = self.library.owned_ids()
        with self.db.read() as s:
            if ranked is not None:  # words given: the matches, best first unless sorted
                matched = set(ranked)
                ids = [cid for cid in s.scalars(q.with_only_columns(Course.id))
                       if cid in matched]
                if query.sort in ("", "title", "relevance"):
                    order = {cid: i for i, cid in enumerate(ranked)}
                    ids.sort(key=order.__getitem__)
                total = len(ids)
                window = ids[offset:offset + limit]
                by_id = {c.id: c for c in s.scalars(select(Course).where(
                    Course.id.in_(window)))} if window else {}
                rows = [by_id[cid] for cid in window]
            else:
                total = s.scalar(select(func.count()).select_from(q.subquery())) or 0
                rows = list(s.scalars(q.offset(offset).limit(limit))) if limit else []
            cards = tuple(self._card(c, c.id in owned) for c in rows)
        suggestion = ""
        if ranked is not None and total == 0:
            suggestion = self.search_index().suggest(query.text) or ""
        return CoursePage(cards, int(total), offset, suggestion)

    @staticmethod
    def _card(c: Course, owned: bool) -> CourseCard:
        return CourseCard(
            id=c.id, title=c.title, description=c.description, language=c.language,
            topic=c.topic, tags=tuple(c.tags or ()), authors=tuple(c.authors or ()),
            price_amount=c.price_amount, price_currency=c.price_currency,
            duration_min=float(c.duration_min or 0.0), item_count=int(c.item_count or 0),
            owned=owned,
        )

    def facets(self) -> tuple[list[str], list[str]]:
        """(topics, languages) present in the local catalog."""
        with self.db.read() as s:
            topics = sorted(t for (t,) in s.execute(
                select(Course.topic).where(Course.catalog_version.is_not(None)).distinct()))
            langs = sorted(t for (t,) in s.execute(
                select(Course.language).where(Course.catalog_version.is_not(None)).distinct()))
        return topics, langs

    def card(self, course_id: str) -> CourseCard | None:
        with self.db.read() as s:
            c = s.get(Course, course_id)
            return self._card(c, course_id in self.library.owned_ids()) if c else None

    # -- detail -----------------------------------------------------------------------------
    def _cache_file(self, course_id: str) -> Path:
        return self.cache / f"{course_id}.json"

    def detail(self, course_id: str) -> CourseDetail:
        found = self._detail(course_id)
        if found.card.owned:
            return found
        return replace(found, pending_purchase=self.pending_purchase(course_id))

    def _detail(self, course_id: str) -> CourseDetail:
        owned = course_id in self.library.owned_ids()
        wire: WireDetail | None = None
        try:
            wire = self.client.course(course_id)
            try:
                self.cache.mkdir(parents=True, exist_ok=True)
                self._cache_file(course_id).write_text(wire.model_dump_json(), encoding="utf-8")
            except OSError:
                log.warning("could not cache the detail of %s", course_id)
        except Offline:
            try:
                wire = WireDetail.model_validate_json(
                    self._cache_file(course_id).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                wire = None
        except SyncError as exc:
            raise store_error(exc, " to show this course") from exc
        if wire is not None:
            return self._from_wire(wire, owned)
        manifest = self.library.manifest(course_id)
        if manifest is not None:
            card = CourseCard(
                manifest.id, manifest.title, manifest.description, manifest.language,
                manifest.topic, manifest.tags, tuple(a.name for a in manifest.authors),
                manifest.price_hint.amount, manifest.price_hint.currency,
                manifest.total_duration_min, sum(1 for _ in manifest.items()), owned)
            return CourseDetail(card, manifest.version, manifest.licence,
                                tuple((s.id, s.name) for s in manifest.skills),
                                outline_from_manifest(manifest, owned=owned))
        raise NetworkError("This course's details are not on this computer yet, and the store "
                           "cannot be reached. Connect to the internet to see them.")

    @staticmethod
    def _from_wire(d: WireDetail, owned: bool) -> CourseDetail:
        card = CourseCard(
            id=d.id, title=d.title, description=d.description, language=d.language,
            topic=d.topic, tags=tuple(d.tags), authors=tuple(d.authors),
            price_amount=d.price.amount, price_currency=d.price.currency,
            duration_min=d.duration_min, item_count=d.item_count, owned=owned,
        )
        outline = tuple(
            OutlineModule(m.id, m.title, tuple(
                OutlineItem(i.id, i.kind, i.title, i.duration_min,
                            locked=not owned and not i.free_preview,
                            free_preview=i.free_preview, skills=tuple(i.skills))
                for i in m.items))
            for m in d.outline
        )
        return CourseDetail(card, d.version, d.licence, tuple((s.id, s.name) for s in d.skills),
                            outline, d.bundle.size, rating_average=d.rating_average,
                            rating_count=d.rating_count)

    def open_preview(self, course_id: str, item_id: str) -> PreparedLesson:
        """A free-preview lesson ready to show, without buying (nothing is recorded);
        `store_preview.NotPreviewable` when the lesson is not a free preview."""
        return self.previews.open(course_id, item_id)

    # -- buying -----------------------------------------------------------------------------
    def quote_coupon(self, course_id: str, code: str) -> CouponPrice:
        """What the course costs with an instructor's coupon (nothing is used up yet); the
        store's refusal (unknown, expired, used up) is a `UserError` with its words. Any
        thread (network)."""
        code = code.strip()
        if not code:
            raise UserError("Enter a coupon code.")
        if not self.account.signed_in:
            raise UserError("Sign in or create an account to use a coupon.")
        try:
            q = self.client.quote_order(course_id, code)
        except ServerError as exc:
            if exc.transient:
                raise store_error(exc, " to check the coupon") from exc
            raise UserError(str(exc) or "The store refused the coupon.") from exc
        except SyncError as exc:
            raise store_error(exc, " to check the coupon") from exc
        return CouponPrice(course_id, q.coupon, q.price.amount, q.price.currency,
                           q.list_price.amount)

    def buy(self, course_id: str, *, card: str | None = None, voucher: str | None = None,
            expected_amount: int, expected_currency: str,
            coupon: str | None = None) -> BuyResult:
        """Buy at the price the learner saw (the list price; with ``coupon`` the store
        charges the reduced one); free courses need no payment details."""
        if not self.account.signed_in:
            raise UserError("Sign in or create an account to get this course.")
        payment = self._payment(card, voucher, expected_amount)
        engine = self.sync.engine
        ports = self.sync.ports.purchases
        intent = next((i for i in ports.open_intents() if i.course_id == course_id), None)
        try:
            if intent is None:
                intent = engine.queue_purchase(course_id, expected_amount, expected_currency)
            quotes = engine.purchases.requote()
        except Offline as exc:
            raise PurchaseQueued(
                "You are offline. Your purchase is saved; when you are back online Satchel "
                "will show you the price to confirm. Nothing is charged until then.") from exc
        except (SyncError, PurchaseError) as exc:
            raise store_error(exc, " to buy the course") from exc
        quote = next((q for q in quotes if q.intent.key == intent.key), None)
        if quote is not None and quote.changed and (
                quote.price.amount, quote.price.currency) != (expected_amount, expected_currency):
            raise UserError(
                "The price of this course changed to "
                f"{quote.price.amount / 100:.2f} {quote.price.currency}. Please check the new "
                "price and buy again; you were not charged.")
        try:
            result = engine.confirm_purchase(intent.key, payment, coupon)
        except PurchaseError as exc:
            raise UserError(str(exc)) from exc
        except SyncError as exc:
            raise store_error(exc, " to finish the payment") from exc
        paid = result.intent.state == "paid"
        self.bus.emit(DataChanged("library", course_id))
        self.bus.emit(DataChanged("catalog", course_id))
        if paid:
            return BuyResult(course_id, True, "Thank you! The course is in your library.")
        return BuyResult(course_id, False, result.intent.last_error or
                         "The payment is not confirmed yet; Satchel will check again.")

    @staticmethod
    def _payment(card: str | None, voucher: str | None,
                 amount: int) -> SandboxPayment | VoucherPayment:
        if voucher:
            return VoucherPayment(provider="voucher", code=voucher.strip())
        if amount > 0 and not (card or "").strip():
            raise UserError("Enter a card number (in the demo store use the test card "
                            f"{SANDBOX_OK_CARD}).")
        return SandboxPayment(provider="sandbox", card_number=(card or SANDBOX_OK_CARD).strip())

    def confirm_queued(self, intent_key: str, *, card: str | None = None,
                       voucher: str | None = None, coupon: str | None = None) -> BuyResult:
        """The learner confirmed the re-quoted price of a queued purchase: order and pay it
        with the Idempotency-Key fixed when they asked to buy (never a second order)."""
        if not self.account.signed_in:
            raise UserError("Sign in or create an account to get this course.")
        intent = self.sync.ports.purchases.intent(intent_key)
        if intent is None:
            raise UserError("That purchase no longer exists.")
        payment = self._payment(card, voucher, intent.amount)
        try:
            result = self.sync.engine.confirm_purchase(intent_key, payment, coupon)
        except PurchaseError as exc:
            raise UserError(str(exc)) from exc
        except SyncError as exc:
            raise store_error(exc, " to finish the payment") from exc
        finally:
            self.bus.emit(DataChanged("catalog", intent.course_id))
        paid = result.intent.state == "paid"
        if paid:
            self.sync.forget_price(intent_key)
        self.bus.emit(DataChanged("library", intent.course_id))
        if paid:
            return BuyResult(intent.course_id, True, "Thank you! The course is in your library.")
        return BuyResult(intent.course_id, False, result.intent.last_error or
                         "The payment is not confirmed yet; Satchel will check again.")

    def cancel_queued(self, intent_key: str) -> None:
        """The learner does not want the queued purchase any more: nothing is charged."""
        try:
            intent = self.sync.engine.purchases.cancel(intent_key)
        except PurchaseError as exc:
            raise UserError(str(exc)) from exc
        self.sync.forget_price(intent_key)
        self.bus.emit(DataChanged("catalog", intent.course_id))

    def pending_purchase(self, course_id: str) -> str | None:
        """The state of an open (queued or unconfirmed) purchase of the course, if any."""
        return next((i.state for i in self.sync.ports.purchases.open_intents()
                     if i.course_id == course_id), None)
