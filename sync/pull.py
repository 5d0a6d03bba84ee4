"""Pulling by cursor: the catalog, other devices' learning events and record changes.

Each page is applied together with its cursor in one local transaction (see `sync.ports`),
so an interrupted pull resumes after the last applied page, and re-applying a page is
harmless (events are a union by id; records merge last-writer-wins per field). While one
page is being applied, the next one is already being fetched (its cursor is known from the
page itself), so the network and the local database work at the same time.

From the second pull on, the device's own writes are left out (``exclude_device``): they are
already here. The first pull (cursor 0, e.g. after a reinstall) takes everything, so a device
that lost its database gets its own history back.

Threading: runs on the sync worker thread (blocking network calls) plus one short-lived
helper thread that fetches the next page.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Protocol, TypeVar

from sync.client import EventPage, StoreClient
from sync.ports import RemoteDataPort
from sync.protocol import (
    MAX_PULL_LIMIT,
    CatalogChanges,
    RecordPullResponse,
)

CATALOG_PAGE = 200


class Page(Protocol):
    @property
    def cursor(self) -> int: ...

    @property
    def has_more(self) -> bool: ...


P = TypeVar("P", bound=Page)


@dataclass
class PullStats:
    events_new: int = 0
    events_seen: int = 0
    records_changed: int = 0
    records_seen: int = 0
    catalog_courses: int = 0
    pages: int = 0


def _own_device(client: StoreClient) -> str | None:
    session = client.session
    return session.device_id if session is not None else None


def _drain(
    fetch: Callable[[int], P], apply: Callable[[P, int], None], cursor: int, stats: PullStats
) -> None:
    """Fetch pages from ``cursor`` until the last one; ``apply(page, since)`` each in order,
    fetching page k+1 while page k is applied."""
    with ThreadPoolExecutor(1, thread_name_prefix="satchel-pull") as pool:
        page = fetch(cursor)
        while True:
            stats.pages += 1
            more = page.has_more and page.cursor != cursor
            ahead: Future[P] | None = pool.submit(fetch, page.cursor) if more else None
            apply(page, cursor)
            if ahead is None:
                return
            cursor = page.cursor
            page = ahead.result()


def pull_catalog(client: StoreClient, port: RemoteDataPort, stats: PullStats) -> None:
    def apply(page: CatalogChanges, since: int) -> None:
        if page.courses or page.removed or page.cursor != since:
            port.apply_catalog(page)
        stats.catalog_courses += len(page.courses)

    _drain(lambda c: client.catalog_changes(c, CATALOG_PAGE), apply, port.cursor("catalog"),
           stats)


def pull_events(
    client: StoreClient, port: RemoteDataPort, stats: PullStats, limit: int = MAX_PULL_LIMIT
) -> None:
    cursor = port.cursor("events")
    exclude = _own_device(client) if cursor > 0 else None

    def apply(page: EventPage, since: int) -> None:
        if page.events or page.cursor != since:
            stats.events_new += port.apply_events(page.events, page.cursor)
        stats.events_seen += len(page.events)

    _drain(lambda c: client.pull_event_page(c, min(limit, MAX_PULL_LIMIT), exclude), apply,
           cursor, stats)


def pull_records(
    client: StoreClient, port: RemoteDataPort, stats: PullStats, limit: int = MAX_PULL_LIMIT
) -> None:
    cursor = port.cursor("records")
    exclude = _own_device(client) if cursor > 0 else None

    def apply(page: RecordPullResponse, since: int) -> None:
        if page.records or page.cursor != since:
            stats.records_changed += port.apply_records(page.records, page.cursor)
        stats.records_seen += len(page.records)

    _drain(lambda c: client.pull_records(c, min(limit, MAX_PULL_LIMIT), exclude), apply,
           cursor, stats)
