"""Plain, immutable values the services hand to the UI (safe to pass between threads).

They hold only what a screen shows, already computed, so a screen never queries the database
or a bundle while painting.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, datetime

from bundle.model import Manifest


@dataclass(frozen=True)
class OutlineItem:
    id: str
    kind: str
    title: str
    duration_min: float
    done: bool = False
    locked: bool = False
    free_preview: bool = False
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class OutlineModule:
    id: str
    title: str
    items: tuple[OutlineItem, ...]


def outline_from_manifest(
    manifest: Manifest, done: Collection[str] = (), owned: bool = True
) -> tuple[OutlineModule, ...]:
    """The outline of a manifest; lessons are locked unless owned or a free preview."""
    return tuple(
        OutlineModule(
            m.id,
            m.title,
            tuple(
                OutlineItem(
                    i.id, i.kind, i.title, i.duration_min, i.id in done,
                    locked=not owned and not i.free_preview, free_preview=i.free_preview,
                    skills=i.skills,
                )
                for i in m.items
            ),
        )
        for m in manifest.outline
    )


@dataclass(frozen=True)
class CourseCard:
    """One row of the store list."""

    id: str
    title: str
    description: str
    language: str
    topic: str
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    price_amount: int
    price_currency: str
    duration_min: float
    item_count: int
    owned: bool = False


@dataclass(frozen=True)
class CoursePage:
    """A slice of the catalog for lazy loading: ``items`` starting at ``offset``."""

    items: tuple[CourseCard, ...]
    total: int
    offset: int
    suggestion: str = ""  # no results: "did you mean" this query instead ("" none)


@dataclass(frozen=True)
class CatalogQuery:
    text: str = ""
    topic: str = ""  # "" = any
    language: str = ""  # "" = any
    price: str = ""  # "" any, "free", "paid"
    sort: str = "title"  # "title", "price", "newest"


@dataclass(frozen=True)
class CourseDetail:
    card: CourseCard
    version: str
    licence: str
    skills: tuple[tuple[str, str], ...]
    outline: tuple[OutlineModule, ...]
    size_bytes: int | None = None
    pending_purchase: str | None = None  # state of a queued purchase awaiting the store
    rating_average: float | None = None  # learners' visible ratings (1-5), from the store
    rating_count: int = 0


@dataclass(frozen=True)
class LibraryEntry:
    """A course the learner owns (or installed from a file), with its download state."""

    course_id: str
    title: str
    language: str
    topic: str
    version: str | None
    state: str  # not_downloaded, downloading, available, corrupt, update_available
    size_bytes: int | None
    progress: float  # 0..1 completion of the course
    lessons_done: int
    lessons_total: int
    lease_days_left: int | None = None
    error: str | None = None


@dataclass(frozen=True)
class DownloadProgress:
    course_id: str
    done_bytes: int
    total_bytes: int
    rate_bps: float = 0.0
    eta_s: float | None = None

    @property
    def fraction(self) -> float:
        return self.done_bytes / self.total_bytes if self.total_bytes else 0.0


@dataclass(frozen=True)
class DownloadState:
    """A download that is not finished: "running" (with rate and ETA), "paused" (the bytes
    so far are kept on disk) or "failed" (``error``: a plain message; ``error_kind``:
    "corrupt", "disk_full", "offline" or "error")."""

    course_id: str
    state: str
    done_bytes: int = 0
    total_bytes: int = 0
    rate_bps: float = 0.0
    eta_s: float | None = None
    error: str | None = None
    error_kind: str | None = None

    @property
    def fraction(self) -> float:
        return min(1.0, self.done_bytes / self.total_bytes) if self.total_bytes else 0.0


@dataclass(frozen=True)
class NoteView:
    id: str
    course_id: str
    item_key: str | None
    body: str
    anchor: dict[str, object] | None
    updated_at: datetime | None


@dataclass(frozen=True)
class BookmarkView:
    id: str
    course_id: str
    item_key: str
    label: str
    position: dict[str, object] | None


@dataclass(frozen=True)
class PlanEntry:
    id: str
    goal_id: str
    day: date
    minutes: int
    course_id: str | None
    item_key: str | None
    title: str
    done: bool


@dataclass(frozen=True)
class GoalView:
    id: str
    title: str
    course_id: str | None
    course_title: str
    target_date: date | None
    hours_per_week: float
    status: str
    plan: tuple[PlanEntry, ...] = ()
    on_track: bool = True
    behind_minutes: int = 0
    feedback: str = ""


@dataclass(frozen=True)
class Recommendation:
    course_id: str
    title: str
    reason: str  # the strongest reason, "kind|ref" (see `scoring.recommender.ReasonKind`)
    score: float
    item_key: str | None = None  # a lesson inside a course ("next best resource")
    reasons: tuple[str, ...] = ()  # every reason named, strongest first (same encoding)


@dataclass(frozen=True)
class NextLesson:
    course_id: str
    course_title: str
    item_key: str
    title: str
    kind: str
    duration_min: float


@dataclass(frozen=True)
class ReviewItem:
    course_id: str
    quiz_id: str
    question_id: str
    due: datetime


@dataclass(frozen=True)
class LockedReviews:
    """Reviews due in a course that cannot be studied now, with the plain reason (why, and
    how to unlock it: renew the lease online, download it, buy it)."""

    course_id: str
    title: str
    count: int
    reason: str


@dataclass(frozen=True)
class HomeSummary:
    signed_in: bool
    display_name: str
    next_lessons: tuple[NextLesson, ...] = ()
    reviews_due: int = 0
    plan_today: tuple[PlanEntry, ...] = ()
    plan_status: str = ""  # a sentence: on track / behind by N minutes / no goal yet
    recommendations: tuple[Recommendation, ...] = ()
    minutes_this_week: float = 0.0
    reviews_locked: tuple[LockedReviews, ...] = ()  # due, but their course is locked


@dataclass(frozen=True)
class SkillMastery:
    skill_id: str
    name: str
    course_id: str
    mastery: float  # 0..1
    attempts: int


@dataclass(frozen=True)
class ProgressSummary:
    daily_minutes: tuple[tuple[date, float], ...]  # last N days
    daily_completions: tuple[tuple[date, int], ...]
    skills: tuple[SkillMastery, ...]
    outcome_score: float | None  # 0..100
    outcome_explanation: str
    total_minutes: float
    lessons_done: int
    quizzes_taken: int
    accuracy: float | None
    per_course: tuple[tuple[str, str, float], ...] = field(default_factory=tuple)  # id, title, %
