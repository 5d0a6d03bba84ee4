"""The learner's classes (groups) and, for coaches, their groups' course reports.

Learners join a class with its code (typed, or ``[store] group_code`` of institution.toml)
and leave it; the list of their classes and coaches is kept inside the profile (a profile
value, encrypted with the database) so Settings → Privacy can show it offline "as of" the
last time it was fetched. Coaches read the store's course report; `learner_rows` flattens it
into the rows the coach screen's table and its CSV export share.

Threading: every method blocks on the network or the database; call from a worker.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError

from app.errors import StorageError, UserError, store_error
from app.eventbus import EventBus
from app.profiles.values import ProfileValues
from app.services.events import DataChanged
from sync.client import StoreClient
from sync.errors import AuthExpired, Offline, ServerError, SyncError
from sync.institutions import CoachGroupOut, CourseReport, LearnerReport, MyGroupOut

MY_GROUPS = "groups.mine"  # profile value: {"fetched_at": iso, "groups": [MyGroupOut...]}
PROVISIONED = "groups.provisioned"  # profile value: the institution.toml code joined
MIN_CODE = 4


@dataclass(frozen=True)
class MyGroups:
    groups: list[MyGroupOut]
    fetched_at: datetime | None  # when the store last said so; None: never fetched
    live: bool  # True: just fetched from the store; False: the copy kept in the profile


@dataclass(frozen=True)
class LearnerRow:
    """One learner of a course report, as the coach table and its CSV show it."""

    name: str
    email: str
    completion: float  # 0..100
    items: str  # "3/7"
    minutes_per_week: list[float]  # in the report's week order
    total_minutes: float
    skills: list[str]  # "correct/answered" per skill of `skill_names`, "" when none
    outcome: float | None
    goal_status: str
    last_sync: datetime | None


def _skills(report: CourseReport) -> list[tuple[str, str]]:
    return sorted({(s.skill_id, s.name) for r in report.learners for s in r.skills})


def skill_names(report: CourseReport) -> list[str]:
    return [name or sid for sid, name in _skills(report)]


def learner_rows(report: CourseReport) -> list[LearnerRow]:
    skills = _skills(report)

    def row(r: LearnerReport) -> LearnerRow:
        by_skill = {s.skill_id: s for s in r.skills}
        return LearnerRow(
            name=r.display_name or r.email,
            email=r.email,
            completion=round(r.completion * 100, 1),
            items=f"{r.items_completed}/{r.items_total}",
            minutes_per_week=[round(r.minutes_per_week.get(w, 0.0), 1) for w in report.weeks],
            total_minutes=round(r.total_minutes, 1),
            skills=[
                f"{by_skill[sid].correct}/{by_skill[sid].answered}" if sid in by_skill else ""
                for sid, _name in skills
            ],
            outcome=None if r.outcome_score is None else round(r.outcome_score, 1),
            goal_status=r.goal_status,
            last_sync=r.last_sync,
        )

    return [row(r) for r in report.learners]


def write_csv(report: CourseReport, path: Path) -> int:
    """Write the report's learner rows (the coach table's rows) to ``path``; returns the
    number of learners written."""
    rows = learner_rows(report)
    header = [
        "name",
        "email",
        "completion_percent",
        "items_completed",
        "total_minutes",
        *(f"minutes_{w}" for w in report.weeks),
        "outcome_score",
        "goal_status",
        "last_sync",
        *(f"skill_{n}" for n in skill_names(report)),
    ]
    try:
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh, lineterminator="\r\n")
            writer.writerow(header)
            for r in rows:
                writer.writerow(
                    [
                        r.name,
                        r.email,
                        r.completion,
                        r.items,
                        r.total_minutes,
                        *r.minutes_per_week,
                        "" if r.outcome is None else r.outcome,
                        r.goal_status,
                        r.last_sync.isoformat() if r.last_sync else "",
                        *r.skills,
                    ]
                )
    except OSError as exc:
        raise StorageError(f"Satchel could not write {path}: {exc.strerror or exc}.") from exc
    return len(rows)


class InstitutionsService:
    def __init__(self, client: StoreClient, values: ProfileValues, bus: EventBus) -> None:
        self.client = client
        self.values = values
        self.bus = bus

    # -- the learner's classes ------------------------------------------------------------
    def cached_groups(self) -> MyGroups:
        """The list kept in the profile (never fetched: empty, ``fetched_at`` None)."""
        raw = self.values.get(MY_GROUPS)
        if not isinstance(raw, dict):
            return MyGroups([], None, live=False)
        try:
            groups = [MyGroupOut.model_validate(g) for g in raw.get("groups", [])]
            fetched = datetime.fromisoformat(str(raw["fetched_at"]))
        except (ValidationError, KeyError, ValueError):
            return MyGroups([], None, live=False)
        return MyGroups(groups, fetched, live=False)

    def _keep(self, groups: list[MyGroupOut]) -> MyGroups:
        """Keep the store's list in the profile; "groups" changes only when it differs."""
        changed = self.cached_groups().groups != groups
        now = datetime.now(UTC)
        self.values.put(MY_GROUPS, {"fetched_at": now.isoformat(),
                                    "groups": [g.model_dump(mode="json") for g in groups]})
        if changed:
            self.bus.emit(DataChanged("groups", None))
        return MyGroups(groups, now, live=True)

    def my_groups(self) -> MyGroups:
        """The learner's classes from the store (kept in the profile); offline or signed
        out, the copy kept in the profile."""
        try:
            groups = self.client.my_groups()
        except (Offline, AuthExpired, ServerError):
            return self.cached_groups()
        return self._keep(groups)

    def join(self, code: str) -> MyGroupOut:
        code = code.strip()
        if len(code) < MIN_CODE:
            raise UserError(
                "A class code has at least 4 characters; check the code your teacher gave you."
            )
        if len(code) > 64:
            raise UserError("That is not a class code; check the code your teacher gave you.")
        try:
            group = self.client.join_group(code)
        except SyncError as exc:
            raise store_error(exc, " to join the class") from exc
        self.my_groups()
        return group

    def join_provisioned(self, code: str | None) -> MyGroupOut | None:
        """Join the class of ``[store] group_code`` (institution.toml) once per profile.
        Offline or signed out: nothing now, tried again the next time the profile opens;
        a code the store does not know is a `UserError` naming the file's key."""
        if not code or self.values.get(PROVISIONED) == code:
            return None
        try:
            group = self.client.join_group(code)
        except (Offline, AuthExpired):
            return None
        except ServerError as exc:
            if exc.status == 422:
                raise UserError(
                    f"The store knows no class with the code {code!r} set by your "
                    "organisation ([store] group_code in institution.toml); ask your IT "
                    "department to check it.") from exc
            raise store_error(exc, " to join the class") from exc
        self.values.put(PROVISIONED, code)
        self.my_groups()
        return group

    def leave(self, group_id: str) -> None:
        try:
            self.client.leave_group(group_id)
        except SyncError as exc:
            raise store_error(exc, " to leave the class") from exc
        self.my_groups()

    # -- coaching -------------------------------------------------------------------------
    def coach_groups(self) -> list[CoachGroupOut]:
        """The groups this account coaches; [] offline or for accounts that coach none."""
        try:
            groups = self.client.coach_groups()
        except (Offline, AuthExpired, ServerError):
            return []
        return groups

    def report(self, group_id: str, course_id: str) -> CourseReport:
        try:
            report = self.client.course_report(group_id, course_id)
        except SyncError as exc:
            raise store_error(exc, " to fetch the report") from exc
        return report
