"""/v1/coach: the groups a coach coaches, their learners, and the course reports (JSON and
CSV). Every route goes through `store.orgs.coached_group`: 403 for callers who coach no
group, 404 for a group the caller does not coach."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Response

from store import coach, orgs
from store.api.deps import CurrentAuth, Db
from sync.institutions import CoachGroupOut, CourseReport

router = APIRouter(tags=["coach"])

Id = Annotated[str, Path(max_length=64)]


@router.get("/coach/groups")
def coached_groups(auth: CurrentAuth, session: Db) -> list[CoachGroupOut]:
    return orgs.coach_groups(session, auth)


@router.get("/coach/groups/{group_id}")
def coached_group(group_id: Id, auth: CurrentAuth, session: Db) -> CoachGroupOut:
    return orgs.coach_group_out(session, orgs.coached_group(session, auth, group_id))


@router.get("/coach/groups/{group_id}/courses/{course_id}/report")
def course_report(group_id: Id, course_id: Id, auth: CurrentAuth, session: Db) -> CourseReport:
    """Each learner's progress in the course, where learners stop, the most-missed
    questions; computed from what the learners synced."""
    group = orgs.coached_group(session, auth, group_id)
    return coach.build_report(session, group, course_id)


@router.get(
    "/coach/groups/{group_id}/courses/{course_id}/report.csv",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}, "description": "The report as CSV"}},
)
def course_report_csv(
    group_id: Id,
    course_id: Id,
    auth: CurrentAuth,
    session: Db,
    table: Annotated[Literal["learners", "stops", "questions"], Query()] = "learners",
) -> Response:
    group = orgs.coached_group(session, auth, group_id)
    report = coach.build_report(session, group, course_id)
    name = f"{group.name}-{course_id}-{table}.csv".replace(" ", "_").replace('"', "")
    return Response(
        content=coach.report_csv(report, table).encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
