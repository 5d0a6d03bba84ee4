"""Catalog pages kept per worker (`store.catalog_pages`), over HTTP on SQLite and PostgreSQL:
a repeated list is answered from the kept page, and the answer changes right after a
publish, an unlist, a new version with another price and a review; filters, paging, sorts
and language give what a fresh query gives; a second store process on the same database
(another worker) never answers from a page older than a change made through the first; a
change committing while a page is being built is in the next answer.
(`tests/store/test_workers.py` checks the same with `serve --workers 2`.)"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from store import catalog, reviews
from store.server import EmbeddedStore
from tests.store.harness import Account, StoreHarness, store_settings

TAG = "pagestest"


@pytest.fixture(scope="module")
def author(store: StoreHarness) -> Account:
    return store.instructor()


def _list(store: StoreHarness, **params: Any) -> httpx.Response:
    r = store.client().get("/v1/catalog/courses", params=params)
    assert r.status_code == 200, r.text
    return r


def _ids(r: httpx.Response) -> list[str]:
    return [c["id"] for c in r.json()["items"]]


def _fresh(store: StoreHarness, **params: Any) -> dict[str, Any]:
    """The page computed now from the database, without any kept page."""
    ctx = store.server.ctx
    assert ctx is not None
    with ctx.db.read() as session:
        page = catalog.list_courses(session, **params)
        page = page.model_copy(update={"items": reviews.with_ratings(session, page.items)})
    loaded: dict[str, Any] = json.loads(page.model_dump_json())
    return loaded


def _hits(store: StoreHarness) -> int:
    assert store.server.ctx is not None
    return store.server.ctx.catalog_pages.hits


def test_a_repeated_list_is_served_from_the_kept_page(
    store: StoreHarness, author: Account
) -> None:
    store.publish_course(author, "pages-kept", tags=[TAG])
    first = _list(store, tag=TAG)
    hits = _hits(store)
    again = _list(store, tag=TAG)
    assert _hits(store) == hits + 1
    assert again.content == first.content
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.json() == _fresh(store, tag=TAG)
    r = store.client().get(
        "/v1/catalog/courses", params={"tag": TAG}, headers={"If-None-Match": first.headers["ETag"]}
    )
    assert r.status_code == 304
    assert r.headers["ETag"] == first.headers["ETag"]


def test_the_list_changes_right_after_a_publish(store: StoreHarness, author: Account) -> None:
    before = _list(store)
    _list(store)  # kept now
    store.publish_course(author, "pages-new", title="Brand new course")
    after = _list(store)
    assert _ids(after)[0] == "pages-new"  # newest first
    assert "pages-new" not in _ids(before)
    assert after.headers["ETag"] != before.headers["ETag"]
    assert after.json() == _fresh(store)
    # The old ETag no longer matches: the client gets the new page, not a 304.
    r = store.client().get("/v1/catalog/courses", headers={"If-None-Match": before.headers["ETag"]})
    assert r.status_code == 200
    assert _ids(r)[0] == "pages-new"


def test_the_list_changes_right_after_an_unlist(store: StoreHarness, author: Account) -> None:
    store.publish_course(author, "pages-gone", tags=[TAG, "gone"])
    assert _ids(_list(store, tag="gone")) == ["pages-gone"]
    assert _ids(_list(store, tag="gone")) == ["pages-gone"]  # kept
    kept = _list(store)
    assert "pages-gone" in _ids(kept)
    r = author.post("/v1/publish/courses/pages-gone/unlist")
    assert r.status_code == 204, r.text
    assert _ids(_list(store, tag="gone")) == []
    assert "pages-gone" not in _ids(_list(store))
    assert _list(store).json() == _fresh(store)


def test_the_list_shows_a_new_price_right_after_the_new_version(
    store: StoreHarness, author: Account
) -> None:
    store.publish_course(author, "pages-price", price=1000, tags=["priced"])
    for _ in range(2):
        (item,) = _list(store, tag="priced").json()["items"]
        assert (item["price"]["amount"], item["version"]) == (1000, "1.0.0")
    assert [c["id"] for c in _list(store, max_price=1500, tag="priced").json()["items"]] == [
        "pages-price"
    ]
    store.publish_course(author, "pages-price", price=2500, version="1.1.0", tags=["priced"])
    (item,) = _list(store, tag="priced").json()["items"]
    assert (item["price"]["amount"], item["version"]) == (2500, "1.1.0")
    assert _list(store, max_price=1500, tag="priced").json()["items"] == []


def test_the_list_shows_a_new_rating_right_after_the_review(
    store: StoreHarness, author: Account
) -> None:
    store.publish_course(author, "pages-rated", price=0, tags=["rated"])
    for _ in range(2):
        (item,) = _list(store, tag="rated").json()["items"]
        assert (item["rating_average"], item["rating_count"]) == (None, 0)
    learner = store.register("rater")
    store.buy(learner, "pages-rated")
    r = learner.put("/v1/courses/pages-rated/review", json={"rating": 4, "text": "good"})
    assert r.status_code == 200, r.text
    (item,) = _list(store, tag="rated").json()["items"]
    assert (item["rating_average"], item["rating_count"]) == (4.0, 1)
    assert learner.delete("/v1/courses/pages-rated/review").status_code == 204
    (item,) = _list(store, tag="rated").json()["items"]
    assert (item["rating_average"], item["rating_count"]) == (None, 0)


FILTERS: list[dict[str, Any]] = [
    {},
    {"limit": 2},
    {"limit": 2, "offset": 2},
    {"limit": 2, "offset": 4},
    {"offset": 1000},
    {"language": "zh"},
    {"language": "zh-CN"},
    {"language": "en"},
    {"topic": "fitness"},
    {"tag": "lang"},
    {"free": True},
    {"free": False, "sort": "price"},
    {"sort": "title"},
    {"max_price": 1500, "currency": "eur"},
    {"q": "filters"},
    {"q": "汉语"},
]


def test_filters_paging_sorts_and_language_give_what_a_fresh_query_gives(
    store: StoreHarness, author: Account
) -> None:
    store.publish_course(
        author, "pages-zh", title="日常汉语 filters", language="zh-CN", price=0,
        currency="CNY", topic="language", tags=["lang"],
    )  # fmt: skip
    store.publish_course(
        author, "pages-fit", title="Strength filters", price=900, currency="EUR",
        topic="fitness", tags=["gym"],
    )  # fmt: skip
    store.publish_course(author, "pages-en", title="English filters", tags=["lang"])
    for params in FILTERS:
        expected = _fresh(store, **params)
        for _ in range(2):  # built, then kept: the same answer both times
            assert _list(store, **params).json() == expected, params
    assert _ids(_list(store, language="zh", tag="lang")) == ["pages-zh"]
    assert _ids(_list(store, topic="fitness", max_price=1000)) == ["pages-fit"]
    pages = [_ids(_list(store, limit=2, offset=n)) for n in (0, 2, 4)]
    everything = _ids(_list(store, limit=6))
    assert [c for page in pages for c in page] == everything


@pytest.fixture
def second_worker(store: StoreHarness, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
    StoreHarness
]:
    """Another store process's view of the same database: its own context, hence its own
    kept pages (as a second `serve --workers` process has)."""
    settings = store.server.settings
    other = EmbeddedStore(
        store_settings(settings.data_dir, settings.db_url), demo=False
    ).start()
    harness = StoreHarness(other, store.backend, tmp_path_factory.mktemp("w2"), store.stripe)
    try:
        yield harness
    finally:
        harness.close()
        other.stop()


def test_another_worker_never_answers_from_a_page_older_than_a_change(
    store: StoreHarness, author: Account, second_worker: StoreHarness
) -> None:
    store.publish_course(author, "pages-w-one", tags=["workers"])
    for _ in range(2):
        assert _ids(_list(second_worker, tag="workers")) == ["pages-w-one"]
        assert _ids(_list(store, tag="workers")) == ["pages-w-one"]
    hits = _hits(second_worker)
    _list(second_worker, tag="workers")
    assert _hits(second_worker) == hits + 1  # the second worker has the page kept
    store.publish_course(author, "pages-w-two", tags=["workers"])  # through the first
    assert _ids(_list(second_worker, tag="workers")) == ["pages-w-two", "pages-w-one"]
    r = author.post("/v1/publish/courses/pages-w-one/unlist")
    assert r.status_code == 204, r.text
    assert _ids(_list(second_worker, tag="workers")) == ["pages-w-two"]
    assert _list(second_worker).json() == _fresh(store)


def test_a_change_committed_while_a_page_is_built_does_not_leave_it_kept(
    store: StoreHarness, author: Account
) -> None:
    from sqlalchemy import select

    from store.db.models import Course

    store.publish_course(author, "pages-race", tags=["race"])
    ctx = store.server.ctx
    assert ctx is not None
    key = ("race-test",)

    def build_and_unlist(session: Any) -> Any:
        page = catalog.list_courses(session, tag="race")
        with ctx.db.write() as writer:  # commits while the page is being built
            course = writer.scalar(select(Course).where(Course.id == "pages-race"))
            assert course is not None
            catalog.unlist(writer, course)
        return page

    built = ctx.catalog_pages.get(ctx.db, key, build_and_unlist)
    assert [c["id"] for c in json.loads(built.body)["items"]] == ["pages-race"]
    # The next request sees the unlist: the page built before it is not served.
    again = ctx.catalog_pages.get(ctx.db, key, lambda s: catalog.list_courses(s, tag="race"))
    assert json.loads(again.body)["items"] == []
    assert _ids(_list(store, tag="race")) == []


def test_with_no_pages_kept_every_answer_is_built_anew(
    store: StoreHarness, author: Account
) -> None:
    settings = store.server.settings
    off = EmbeddedStore(
        store_settings(settings.data_dir, settings.db_url, catalog_pages=0), demo=False
    ).start()
    try:
        assert off.ctx is not None
        with httpx.Client(base_url=off.url) as c:
            first = c.get("/v1/catalog/courses", params={"tag": TAG})
            store.publish_course(author, "pages-off", tags=[TAG])
            second = c.get("/v1/catalog/courses", params={"tag": TAG})
        assert "pages-off" not in _ids(first)
        assert _ids(second)[0] == "pages-off"
        assert second.json() == _fresh(store, tag=TAG)
        assert (off.ctx.catalog_pages.hits, len(off.ctx.catalog_pages)) == (0, 0)
    finally:
        off.stop()


@pytest.mark.postgres
def test_the_revision_read_survives_a_dropped_connection(pg_url: str) -> None:
    import sqlalchemy as sa

    from store.catalog_pages import REVISION_SQL
    from store.db.engine import Database
    from store.db.migrate import upgrade

    db = Database(pg_url)
    try:
        upgrade(db.engine)
        assert db.read_now(REVISION_SQL) == 1
        name = pg_url.rsplit("/", 1)[1]
        admin = sa.create_engine(pg_url, isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:  # the server drops the pooled connections
                conn.execute(
                    sa.text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = :n AND pid <> pg_backend_pid()"
                    ),
                    {"n": name},
                )
        finally:
            admin.dispose()
        assert db.read_now(REVISION_SQL) == 1  # on a fresh connection, no error
        with db.write() as session:
            session.execute(sa.text("UPDATE catalog_revision SET revision = 7"))
        assert db.read_now(REVISION_SQL) == 7  # autocommit: no snapshot kept from before
    finally:
        db.dispose()


def test_the_number_of_kept_pages_is_a_setting() -> None:
    from store.config import StoreSettings

    assert StoreSettings().catalog_pages == 512
    assert StoreSettings.from_env({"SATCHEL_STORE_CATALOG_PAGES": "0"}).catalog_pages == 0
    with pytest.raises(ValueError, match="catalog_pages"):
        StoreSettings(catalog_pages=-1)
