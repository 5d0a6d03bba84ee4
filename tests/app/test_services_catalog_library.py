# ruff: noqa: F811  (pytest fixtures imported from tests/ui/support.py are parameters here)
"""Catalog and library services against a real store: browse offline, buy, download, read."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "ui"))

from support import (  # type: ignore[import-not-found]  # noqa: F401
    PAID_PRICE,
    app_services,
    memory_keyring,
    new_email,
    services,
    test_store,
)

from app.errors import NetworkError, UserError
from app.services.lessons import prepare_lesson
from app.services.views import CatalogQuery


@pytest.fixture
def learner(services: Any) -> Any:
    services.catalog.refresh()
    return services


def test_catalog_is_browsable(services: Any) -> None:
    assert services.catalog.refresh() == 2
    page = services.catalog.page(CatalogQuery(), 0, 10)
    assert page.total == 2 and [c.id for c in page.items] == ["free-course", "paid-course"]
    assert services.catalog.page(CatalogQuery(price="paid"), 0, 10).items[0].price_amount \
        == PAID_PRICE
    assert services.catalog.page(CatalogQuery(text="free numbers")).total == 1
    assert services.catalog.page(CatalogQuery(topic="data")).total == 1
    assert services.catalog.page(CatalogQuery(language="zh-CN")).total == 0
    assert services.catalog.page(CatalogQuery(), 1, 10).items[0].id == "paid-course"
    assert services.catalog.facets() == (["data", "other"], ["en"])
    # what a store row shows is kept offline: tags, authors, total duration, lesson count
    card = services.catalog.card("paid-course")
    assert (card.tags, card.authors, card.duration_min, card.item_count) == (
        ("maths",), ("Test Author",), 13.0, 4)
    assert services.catalog.page(CatalogQuery(text="maths")).total == 2  # tags are searched


def test_detail_comes_from_the_cache_when_the_store_is_down(services: Any,
                                                            test_store: Any) -> None:
    services.catalog.refresh()
    online = services.catalog.detail("paid-course")
    assert online.card.price_amount == PAID_PRICE and online.outline[0].items[1].locked
    assert online.outline[0].items[0].free_preview
    services.client.base_url = "http://127.0.0.1:9"  # nothing listens there
    offline = services.catalog.detail("paid-course")
    assert offline == online
    with pytest.raises(NetworkError, match="not on this computer yet"):
        services.catalog.detail("free-course")


def test_buying_needs_a_store_session_and_a_card(services: Any) -> None:
    services.catalog.refresh()
    with pytest.raises(UserError, match="Enter a card number"):
        services.catalog.buy("paid-course", expected_amount=PAID_PRICE, expected_currency="USD")
    with pytest.raises(UserError, match="Enter a card number"):
        services.catalog.buy("paid-course", expected_amount=PAID_PRICE, expected_currency="USD")
    with pytest.raises(UserError, match="not a sandbox test card"):
        services.catalog.buy("paid-course", card="1234", expected_amount=PAID_PRICE,
                             expected_currency="USD")
    services.client.logout()  # the profile stays open, its store session ended
    assert not services.account.signed_in
    with pytest.raises(UserError, match="Sign in"):
        services.catalog.buy("paid-course", card="4242424242424242",
                             expected_amount=PAID_PRICE, expected_currency="USD")
    assert services.library.owned_ids() == set()


def test_an_unknown_voucher_is_refused_plainly(learner: Any) -> None:
    with pytest.raises(UserError) as err:
        learner.catalog.buy("paid-course", voucher="NOT-A-CODE", expected_amount=PAID_PRICE,
                            expected_currency="USD")
    assert str(err.value) == "This voucher code does not exist."
    assert learner.library.owned_ids() == set()


def test_a_changed_price_is_not_charged(learner: Any) -> None:
    with pytest.raises(UserError, match="price of this course changed"):
        learner.catalog.buy("paid-course", card="4242424242424242", expected_amount=999,
                            expected_currency="USD")
    assert learner.library.owned_ids() == set()


def test_buy_download_read_and_remove(learner: Any) -> None:
    result = learner.catalog.buy("paid-course", card="4242 4242 4242 4242",
                                 expected_amount=PAID_PRICE, expected_currency="USD")
    assert result.paid
    assert learner.library.owned_ids() == {"paid-course"}
    [entry] = learner.library.entries()
    assert entry.state == "not_downloaded" and entry.lease_days_left == 30
    learner.library.download("paid-course")
    [entry] = learner.library.entries()
    assert entry.state == "available" and entry.lessons_total == 4
    course = learner.library.course("paid-course")
    assert course.manifest.encryption is not None  # paid content is encrypted on disk
    text = prepare_lesson(course, course.manifest.item("l-add"))
    assert "combining" in text.html and text.images  # decrypted, image included
    audio = prepare_lesson(course, course.manifest.item("l-audio"))
    assert audio.media_path is not None and audio.media_path.read_bytes()[:4] == b"RIFF"
    assert "three and a half" in audio.transcript_html
    learner.library.remove_download("paid-course")
    [entry] = learner.library.entries()
    assert entry.state == "not_downloaded"
    with pytest.raises(UserError, match="not downloaded"):
        learner.library.course("paid-course")
