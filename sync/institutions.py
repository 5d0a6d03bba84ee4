"""Wire models of institutions: organisations, groups (classes), coaches, coach reports,
seats and the LRS connection (shared by the store and the app, like `sync.protocol`).

What a coach may see of a learner is exactly `COACH_SEES`; the app shows that list to
learners in Settings → Privacy, and the store's reports carry nothing else. Pure; thread-safe.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import Field

from sync.protocol import CourseId, WireModel

GoalStatus = Literal["on_track", "behind", "done", "no_goal"]

#: What the coaches of a learner's groups see, computed only from what the learner synced
#: (key, plain English; the app translates the keys).
COACH_SEES: tuple[tuple[str, str], ...] = (
    ("name", "your display name and email address"),
    ("completion", "which lessons and quizzes of the class's courses you completed"),
    ("study_time", "your study time per week in those courses"),
    ("quiz_results", "your quiz answers as right or wrong, per skill and per question"),
    ("outcome", "your outcome score in those courses"),
    ("goal", "whether your goal for a course is on track or behind (not its title)"),
    ("last_sync", "when your app last synced"),
)


class OrganisationCreate(WireModel):
    name: str = Field(min_length=1, max_length=200)
    pool_ids: list[str] = Field(default_factory=list, max_length=100)


class PoolLink(WireModel):
    pool_id: str = Field(min_length=1, max_length=64)


class GroupCreate(WireModel):
    name: str = Field(min_length=1, max_length=200)
    course_ids: list[CourseId] = Field(default_factory=list, max_length=200)


class MemberAdd(WireModel):
    """A coach (or a learner) added by an administrator, by the account's email."""

    email: str = Field(min_length=3, max_length=254)


class JoinGroupRequest(WireModel):
    code: str = Field(min_length=4, max_length=64)


class GroupOut(WireModel):
    id: str
    organisation_id: str
    organisation_name: str
    name: str
    join_code: str
    course_ids: list[str]
    learners: int
    coaches: list[str]  # emails


class LrsStatus(WireModel):
    url: str
    username: str
    sent: int  # statements the LRS accepted so far
    pending: int  # learning events of the organisation's learners not yet sent
    failures: int  # consecutive failed attempts (0 when the last one worked)
    next_attempt_at: datetime | None
    last_error: str


class OrganisationOut(WireModel):
    id: str
    name: str
    pool_ids: list[str]
    groups: list[GroupOut]
    lrs: LrsStatus | None


class LrsConfig(WireModel):
    """Where the store forwards the organisation's learning events (xAPI 1.0.3)."""

    url: str = Field(pattern=r"^https?://[^\s]+$", max_length=2000)
    username: str = Field(min_length=1, max_length=200)
    password: str = Field(min_length=1, max_length=500)


class MyGroupOut(WireModel):
    """A group the caller belongs to, and what its coaches can see."""

    id: str
    name: str
    organisation_name: str
    role: Literal["learner", "coach"]
    course_ids: list[str]
    coaches: list[str]  # display names (emails where no name is set)
    coach_sees: list[str]  # keys of COACH_SEES


class LearnerOut(WireModel):
    user_id: str
    email: str
    display_name: str
    joined_at: datetime
    last_sync: datetime | None


class CoachGroupOut(WireModel):
    id: str
    name: str
    organisation_name: str
    course_ids: list[str]
    learners: list[LearnerOut]


class SkillResult(WireModel):
    skill_id: str
    name: str
    answered: int  # first attempts at questions of the skill
    correct: int
    p_mastered: float


class LearnerReport(WireModel):
    user_id: str
    display_name: str
    email: str
    items_completed: int
    items_total: int
    completion: float  # 0..1
    minutes_per_week: dict[str, float]  # ISO week ("2026-W49") → minutes, the report's weeks
    total_minutes: float
    skills: list[SkillResult]
    outcome_score: float | None  # 0..100; None before any activity
    goal_status: GoalStatus
    goal_target: date | None
    last_sync: datetime | None


class StopPoint(WireModel):
    """Where learners who have not finished the course are: the lesson they were last
    busy with and did not complete (or the next one after their last completion)."""

    item_id: str
    title: str
    learners: int


class MissedQuestion(WireModel):
    question_id: str  # "<quiz id>/<question id>"
    quiz_title: str
    answered: int  # learners' first attempts
    missed: int
    miss_rate: float


class CourseReport(WireModel):
    group_id: str
    group_name: str
    course_id: str
    course_title: str
    generated_at: datetime
    weeks: list[str]
    learners: list[LearnerReport]
    stop_points: list[StopPoint]
    missed_questions: list[MissedQuestion]


class SeatHolder(WireModel):
    redemption_id: int
    user_id: str
    email: str
    display_name: str
    code: str
    course_id: str
    order_id: str
    redeemed_at: datetime


class PoolSeats(WireModel):
    pool_id: str
    name: str
    seats_total: int
    seats_used: int
    seats_left: int
    holders: list[SeatHolder]


class SeatReport(WireModel):
    organisation_id: str
    pools: list[PoolSeats]
