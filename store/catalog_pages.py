"""Catalog pages kept as the bytes they are served as, for the current catalog revision.

`GET /v1/catalog/courses` is the store's busiest read, and its answer only changes when the
catalog does. Building one (two or three queries, a pydantic model per course, its JSON, a
SHA-256 for the ETag) cost three to six times the HTTP stack's own work per request (the
CPU time per request of the same server's `/health/live`, `bench/store_load.py`), so each
worker process keeps the pages it built — body and ETag, keyed on the request's parameters —
for one catalog revision.

Exactness, with any number of workers: the revision is a row of the database
(`CatalogRevision`) that every transaction changing the listing bumps before it commits
(`store.catalog.record_change`: publish, unlist, a review's figures). Every request first
reads it (one primary-key read, `Database.read_now`); when it moved, the worker drops every
page it had. So once a publish has committed, no worker answers from a page built before it.
A page is kept under the revision read *before* its queries ran: what it shows is at least
that new (a change committing meanwhile may be in it too), and it is dropped as soon as any
request reads a newer revision — so a change that committed during the build cannot leave
an older page behind.

Thread-safe: request threads share one `CatalogPages` per worker.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass

from pydantic import BaseModel
from sqlalchemy.orm import Session

from store.db.engine import Database

REVISION_SQL = "SELECT revision FROM catalog_revision WHERE id = 1"


@dataclass(frozen=True)
class Page:
    body: bytes  # the JSON document as sent
    etag: str  # strong ETag of `body` (quoted)


def page_of(model: BaseModel) -> Page:
    body = model.model_dump_json().encode("utf-8")
    return Page(body, '"' + hashlib.sha256(body).hexdigest()[:32] + '"')


class CatalogPages:
    """The pages one worker built for the current catalog revision (LRU, bounded)."""

    def __init__(self, max_pages: int = 512, max_bytes: int = 32 * 1024 * 1024) -> None:
        self.max_pages = max_pages
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._revision: int | None = None
        self._pages: OrderedDict[Hashable, Page] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.builds = 0

    def get(self, db: Database, key: Hashable, build: Callable[[Session], BaseModel]) -> Page:
        """The page for `key` at the catalog's current revision: kept, or built now by
        `build(session)` (a read session) and kept. With `max_pages` 0 every page is
        built anew."""
        if self.max_pages == 0:
            with db.read() as session:
                return page_of(build(session))
        revision = db.read_now(REVISION_SQL)
        if revision is not None:
            with self._lock:
                self._advance(int(revision))
                page = self._pages.get(key)
                if page is not None:
                    self._pages.move_to_end(key)
                    self.hits += 1
                    return page
        with db.read() as session:
            page = page_of(build(session))
        with self._lock:
            self.builds += 1
            if revision is not None:
                self._keep(int(revision), key, page)
        return page

    @property
    def revision(self) -> int | None:
        return self._revision

    def __len__(self) -> int:
        return len(self._pages)

    def _advance(self, revision: int) -> None:
        """Move to `revision` if it is newer, dropping every page (lock held)."""
        if self._revision is None or revision > self._revision:
            self._pages.clear()
            self._bytes = 0
            self._revision = revision

    def _keep(self, revision: int, key: Hashable, page: Page) -> None:
        self._advance(revision)
        if revision != self._revision or len(page.body) > self.max_bytes // 8:
            return  # built at an older revision than one seen since, or too big to keep
        old = self._pages.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body)
        self._pages[key] = page
        self._bytes += len(page.body)
        while len(self._pages) > self.max_pages or self._bytes > self.max_bytes:
            _, dropped = self._pages.popitem(last=False)
            self._bytes -= len(dropped.body)
