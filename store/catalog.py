"""The catalog: listing and full-text search with filters, course detail with outline and
price, incremental pull by cursor, anonymised co-enrolment aggregates, and the step that
puts a published version into the catalog.

Search: SQLite uses the FTS5 table `course_fts` (trigram tokenizer, so Chinese substrings
of three or more characters match); PostgreSQL uses `to_tsvector('simple', ...)` with
prefix queries. Terms the index cannot serve (shorter than three characters on SQLite,
non-Latin on PostgreSQL) fall back to a case-insensitive substring match. All results
are the same shape on both.

Functions take the request's `Session`; one thread per session.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

from sqlalchemy import Float, String, and_, func, or_, select, text, update
from sqlalchemy.orm import Session
from sqlalchemy.sql.elements import ColumnElement

from store.db.models import CatalogChange, CatalogRevision, Course, CourseVersion, Entitlement
from store.db.types import utcnow
from store.problems import not_found
from sync.protocol import (
    API_PREFIX,
    COENROLMENT_K,
    BundleRef,
    CatalogChanges,
    CatalogPage,
    Coenrolment,
    CoenrolmentPair,
    CourseCount,
    CourseDetail,
    CourseSummary,
    Money,
    OutlineItem,
    OutlineModule,
    Skill,
)

Sort = Literal["relevance", "newest", "title", "price"]


def content_url(sha256: str) -> str:
    return f"{API_PREFIX}/content/{sha256}"


def _outline(manifest: dict[str, Any]) -> list[OutlineModule]:
    modules = []
    for module in manifest.get("outline", []):
        items = [
            OutlineItem(
                id=str(item.get("id", "")),
                kind=str(item.get("kind", "")),
                title=str(item.get("title", "")),
                duration_min=float(item.get("duration_min", 0) or 0),
                skills=[str(s) for s in item.get("skills", [])],
                free_preview=bool(item.get("free_preview", False)),
            )
            for item in module.get("items", [])
        ]
        modules.append(
            OutlineModule(
                id=str(module.get("id", "")), title=str(module.get("title", "")), items=items
            )
        )
    return modules


def price_of(manifest: dict[str, Any]) -> Money:
    hint = manifest.get("price_hint") or {}
    return Money(amount=int(hint.get("amount", 0)), currency=str(hint.get("currency", "USD")))


def summary_from_manifest(manifest: dict[str, Any], published_at: datetime) -> CourseSummary:
    outline = _outline(manifest)
    items = [item for module in outline for item in module.items]
    return CourseSummary(
        id=manifest["id"],
        version=manifest["version"],
        title=manifest.get("title", ""),
        description=manifest.get("description", ""),
        language=manifest.get("language", ""),
        topic=manifest.get("topic", "other"),
        tags=[str(t) for t in manifest.get("tags", [])],
        authors=[str(a.get("name", "")) for a in manifest.get("authors", [])],
        price=price_of(manifest),
        duration_min=round(sum(item.duration_min for item in items), 2),
        item_count=len(items),
        published_at=published_at,
    )


def detail_from_version(
    version: CourseVersion, published_at: datetime | None = None
) -> CourseDetail:
    manifest = version.manifest
    shown = published_at or version.published_at or version.created_at
    summary = summary_from_manifest(manifest, shown)
    return CourseDetail(
        **summary.model_dump(),
        licence=str(manifest.get("licence", "")),
        min_app_version=str(manifest.get("min_app_version", "0.0.0")),
        skills=[
            Skill(id=str(s.get("id", "")), name=str(s.get("name", "")))
            for s in manifest.get("skills", [])
        ],
        outline=_outline(manifest),
        bundle=BundleRef(
            sha256=version.blob_sha256,
            size=version.size,
            encrypted=version.encrypted,
            url=content_url(version.blob_sha256),
        ),
    )


# --------------------------------------------------------------------------- publishing


def _fts_sync(session: Session, course: Course) -> None:
    if session.get_bind().dialect.name != "sqlite":
        return  # PostgreSQL's GIN index follows the courses table by itself
    session.execute(text("DELETE FROM course_fts WHERE course_id = :id"), {"id": course.id})
    if course.listed:
        session.execute(
            text(
                "INSERT INTO course_fts (course_id, title, description, tags) "
                "VALUES (:id, :title, :description, :tags)"
            ),
            {
                "id": course.id,
                "title": course.title,
                "description": course.description,
                "tags": course.tags_text,
            },
        )


def record_change(session: Session, course: Course, kind: str) -> None:
    """Log a change of what the catalog shows of `course` and bump the catalog revision
    (within the caller's transaction): every writer of listing fields, ratings included,
    comes through here, which is what keeps the cached catalog pages exact."""
    change = CatalogChange(course_id=course.id, kind=kind, changed_at=utcnow())
    session.add(change)
    session.flush()
    course.catalog_seq = change.seq
    session.execute(
        update(CatalogRevision)
        .where(CatalogRevision.id == 1)
        .values(revision=CatalogRevision.revision + 1)
        .execution_options(synchronize_session=False)
    )


def list_version(session: Session, course: Course, version: CourseVersion) -> None:
    """Make `version` the course's listed version (within the caller's transaction)."""
    manifest = version.manifest
    assert version.published_at is not None
    summary = summary_from_manifest(manifest, version.published_at)
    course.listed = True
    course.published_version_id = version.id
    course.version = version.version
    course.title = summary.title
    course.description = summary.description
    course.language = summary.language
    course.topic = summary.topic
    course.tags = summary.tags
    course.tags_text = " " + " ".join(t.lower() for t in summary.tags) + " "
    course.price_amount = summary.price.amount
    course.price_currency = summary.price.currency
    course.published_at = version.published_at
    course.summary = summary.model_dump(mode="json")
    record_change(session, course, "upsert")
    _fts_sync(session, course)


def unlist(session: Session, course: Course) -> None:
    course.listed = False
    record_change(session, course, "remove")
    _fts_sync(session, course)


# --------------------------------------------------------------------------- search


_CJK_OR_NON_WORD = re.compile(r"[^\x00-\x7f]")


def _escape_like(text_: str) -> str:
    return text_.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _like(term: str) -> ColumnElement[bool]:
    pattern = "%" + _escape_like(term) + "%"
    return or_(
        func.lower(Course.title).like(pattern, escape="\\"),
        func.lower(Course.description).like(pattern, escape="\\"),
        func.lower(Course.tags_text).like(pattern, escape="\\"),
    )


def _search_sqlite(terms: list[str]) -> tuple[list[ColumnElement[bool]], Any]:
    indexed = [t for t in terms if len(t) >= 3]
    conditions = [_like(t) for t in terms if len(t) < 3]
    if not indexed:
        return conditions, None
    match = " ".join('"' + t.replace('"', '""') + '"' for t in indexed)
    fts = (
        text(
            "SELECT course_id, bm25(course_fts) AS rank FROM course_fts "
            "WHERE course_fts MATCH :match"
        )
        .bindparams(match=match)
        .columns(course_id=String, rank=Float)
        .subquery("fts")
    )
    return conditions, fts


def _search_postgres(terms: list[str]) -> tuple[list[ColumnElement[bool]], Any]:
    document = func.to_tsvector(
        "simple", Course.title + " " + Course.description + " " + Course.tags_text
    )
    words: list[str] = []
    conditions: list[ColumnElement[bool]] = []
    for term in terms:
        if _CJK_OR_NON_WORD.search(term):
            conditions.append(_like(term))
        else:
            words += re.findall(r"[a-z0-9]+", term)
    if not words:
        return conditions, None
    query = func.to_tsquery("simple", " & ".join(w + ":*" for w in words))
    conditions.append(document.op("@@")(query))
    return conditions, func.ts_rank(document, query)


def list_courses(
    session: Session,
    *,
    q: str | None = None,
    topic: str | None = None,
    language: str | None = None,
    tag: str | None = None,
    max_price: int | None = None,
    currency: str | None = None,
    free: bool | None = None,
    sort: Sort | None = None,
    limit: int = 20,
    offset: int = 0,
) -> CatalogPage:
    conditions: list[ColumnElement[bool]] = [Course.listed.is_(True)]
    if topic:
        conditions.append(Course.topic == topic)
    if language:
        conditions.append(or_(Course.language == language, Course.language.like(language + "-%")))
    if tag:
        conditions.append(
            Course.tags_text.like("% " + _escape_like(tag.lower()) + " %", escape="\\")
        )
    if max_price is not None:
        conditions.append(Course.price_amount <= max_price)
    if currency:
        conditions.append(Course.price_currency == currency.upper())
    if free is not None:
        conditions.append(Course.price_amount == 0 if free else Course.price_amount > 0)

    terms = [t for t in (q or "").lower().split() if t][:10]
    rank: Any = None
    fts: Any = None
    if terms:
        if session.get_bind().dialect.name == "sqlite":
            extra, fts = _search_sqlite(terms)
        else:
            extra, rank = _search_postgres(terms)
        conditions += extra

    base = select(Course.summary, Course.id).where(and_(*conditions))
    if fts is not None:
        base = base.join(fts, fts.c.course_id == Course.id)
        rank = fts.c.rank  # bm25: lower is better
    total = session.scalar(select(func.count()).select_from(base.subquery())) or 0

    sort = sort or ("relevance" if terms else "newest")
    if sort == "relevance" and rank is not None:
        order = [rank.asc() if fts is not None else rank.desc(), Course.id]
    elif sort == "title":
        order = [Course.title, Course.id]
    elif sort == "price":
        order = [Course.price_amount, Course.id]
    else:
        order = [Course.published_at.desc(), Course.id]
    rows = session.execute(base.order_by(*order).limit(limit).offset(offset)).all()
    items = [CourseSummary.model_validate(row[0]) for row in rows if row[0] is not None]
    return CatalogPage(items=items, total=total, limit=limit, offset=offset)


def course_detail(session: Session, course_id: str) -> CourseDetail:
    course = session.get(Course, course_id)
    if course is None or not course.listed or course.published_version_id is None:
        raise not_found(f"There is no published course '{course_id}'.")
    version = session.get(CourseVersion, course.published_version_id)
    assert version is not None
    return detail_from_version(version)


def changes_etag(session: Session, cursor: int, limit: int) -> str:
    """The ETag of `changes(cursor, limit)`, from the newest change alone: the change log is
    append-only and every listing change appends to it, so this is cheap and exact."""
    latest = session.scalar(select(func.max(CatalogChange.seq))) or 0
    return f'"changes-{cursor}-{limit}-{latest}"'


def changes(session: Session, cursor: int, limit: int) -> CatalogChanges:
    latest = (
        select(CatalogChange.course_id, func.max(CatalogChange.seq).label("seq"))
        .where(CatalogChange.seq > cursor)
        .group_by(CatalogChange.course_id)
        .order_by(func.max(CatalogChange.seq))
        .limit(limit + 1)
    )
    rows = session.execute(latest).all()
    has_more = len(rows) > limit
    rows = rows[:limit]
    if not rows:
        return CatalogChanges(cursor=cursor, courses=[], removed=[], has_more=False)
    ids = [r.course_id for r in rows]
    courses = {c.id: c for c in session.scalars(select(Course).where(Course.id.in_(ids)))}
    summaries: list[CourseSummary] = []
    removed: list[str] = []
    for course_id in ids:
        course = courses.get(course_id)
        if course is not None and course.listed and course.summary is not None:
            summaries.append(CourseSummary.model_validate(course.summary))
        else:
            removed.append(course_id)
    return CatalogChanges(
        cursor=int(rows[-1].seq), courses=summaries, removed=removed, has_more=has_more
    )


def coenrolment(session: Session, k: int = COENROLMENT_K) -> Coenrolment:
    """How many learners hold both courses of a pair (and each course); counts < k hidden."""
    e1 = Entitlement.__table__.alias("e1")
    e2 = Entitlement.__table__.alias("e2")
    listed = select(Course.id).where(Course.listed.is_(True))
    pair_count = func.count().label("n")
    pairs = session.execute(
        select(e1.c.course_id, e2.c.course_id, pair_count)
        .join(e2, and_(e1.c.user_id == e2.c.user_id, e1.c.course_id < e2.c.course_id))
        .where(
            e1.c.revoked_at.is_(None),
            e2.c.revoked_at.is_(None),
            e1.c.course_id.in_(listed),
            e2.c.course_id.in_(listed),
        )
        .group_by(e1.c.course_id, e2.c.course_id)
        .having(func.count() >= k)
        .order_by(pair_count.desc(), e1.c.course_id, e2.c.course_id)
    ).all()
    course_count = func.count().label("n")
    courses = session.execute(
        select(Entitlement.course_id, course_count)
        .where(Entitlement.revoked_at.is_(None), Entitlement.course_id.in_(listed))
        .group_by(Entitlement.course_id)
        .having(func.count() >= k)
        .order_by(course_count.desc(), Entitlement.course_id)
    ).all()
    return Coenrolment(
        k=k,
        courses=[CourseCount(course_id=c, count=n) for c, n in courses],
        pairs=[CoenrolmentPair(a=a, b=b, count=n) for a, b, n in pairs],
    )
