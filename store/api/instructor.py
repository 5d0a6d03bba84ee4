"""Creator routes: the creator agreement, copyright holds (administrators release or
reject), personalised downloads and leak tracing, payout statements, coupons,
the instructor dashboard."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path as FsPath
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, Path, Query
from fastapi.responses import FileResponse, PlainTextResponse
from pydantic import Field
from starlette.background import BackgroundTask

from store import copyright, coupons, dashboard, payouts, watermark
from store.api.deps import Admin, Ctx, CurrentAuth, Db, Instructor
from store.db.models import Course, CourseVersion, User
from store.orders import owns_course
from store.problems import forbidden, not_found
from sync.protocol import (
    COURSE_ID_PATTERN,
    CouponCreate,
    CouponOut,
    CreatorAgreement,
    InstructorDashboard,
    WireModel,
)

router = APIRouter(tags=["creators"])

HoldId = Annotated[str, Path(max_length=64)]


class HoldDecision(WireModel):
    note: str = Field(default="", max_length=500)


@router.get("/publish/agreement")
def creator_agreement() -> CreatorAgreement:
    """The current creator agreement (its version is what a first publish accepts)."""
    return copyright.agreement()


@router.get("/admin/copyright-holds")
def list_holds(auth: Admin, session: Db) -> list[dict[str, Any]]:
    """Versions held at publish because they resemble another author's course."""
    return copyright.list_holds(session)


@router.post("/admin/copyright-holds/{hold_id}/release")
def release_hold(
    hold_id: HoldId, auth: Admin, session: Db, req: Annotated[HoldDecision | None, Body()] = None
) -> dict[str, Any]:
    """Publish the held version (the resemblance is licensed or harmless)."""
    return copyright.decide_hold(
        session, auth, hold_id, release=True, note=(req or HoldDecision()).note
    )


@router.post("/admin/copyright-holds/{hold_id}/reject")
def reject_hold(
    hold_id: HoldId, auth: Admin, session: Db, req: Annotated[HoldDecision | None, Body()] = None
) -> dict[str, Any]:
    """Refuse the held version; it can never be published."""
    return copyright.decide_hold(
        session, auth, hold_id, release=False, note=(req or HoldDecision()).note
    )


@router.get(
    "/courses/{course_id}/personal-copy",
    response_class=FileResponse,
    responses={200: {"content": {"application/vnd.satchel.bundle+zip": {}}}},
)
def personal_copy(
    course_id: Annotated[str, Path(pattern=COURSE_ID_PATTERN)],
    auth: CurrentAuth,
    session: Db,
    ctx: Ctx,
) -> FileResponse:
    """The published course as a copy for the caller, who must own it: every text lesson
    and PDF carries a visible footer naming the buyer and an invisible, keyed mark."""
    course = session.get(Course, course_id)
    if course is None or course.published_version_id is None:
        raise not_found(f"There is no published course '{course_id}'.")
    if not owns_course(session, auth.user_id, course_id):
        raise forbidden("Buy or enrol in this course first.", code="not-entitled")
    version = session.get(CourseVersion, course.published_version_id)
    user = session.get(User, auth.user_id)
    assert version is not None and user is not None
    mark = watermark.record(session, auth.user_id, version)
    session.commit()
    out_dir = FsPath(tempfile.mkdtemp(prefix="copy-", dir=ctx.settings.blob_dir.parent))
    try:
        path = watermark.personal_copy(ctx, version, mark, user.email, out_dir)
    except BaseException:
        shutil.rmtree(out_dir, ignore_errors=True)
        raise
    return FileResponse(
        path,
        media_type="application/vnd.satchel.bundle+zip",
        filename=path.name,
        background=BackgroundTask(shutil.rmtree, out_dir, ignore_errors=True),
    )


@router.get(
    "/instructor/payouts/{month}",
    responses={200: {"content": {"application/json": {}, "text/csv": {}}}},
)
def payout_statement(
    month: Annotated[str, Path(pattern=r"^\d{4}-\d{2}$")],
    auth: Instructor,
    session: Db,
    ctx: Ctx,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
    instructor_id: Annotated[str | None, Query(max_length=32)] = None,
) -> Any:
    """The caller's payout statement for a month (an admin may ask for any instructor):
    sales, refunds netted, platform fee and payout per course, from the ledger."""
    who = auth.user_id
    if instructor_id and instructor_id != auth.user_id:
        if not auth.is_admin:
            raise forbidden("Only administrators see other instructors' statements.")
        who = instructor_id
    doc = payouts.statement(session, ctx, who, month)
    if format == "csv":
        return PlainTextResponse(
            payouts.statement_csv(doc),
            media_type="text/csv",
            headers={"Content-Disposition": f'attachment; filename="payouts-{month}.csv"'},
        )
    return doc


@router.post("/instructor/coupons", status_code=201)
def create_coupon(req: CouponCreate, auth: Instructor, session: Db) -> CouponOut:
    """A coupon for one of the caller's courses (or, as a percentage, for all of them):
    buyers pass its code as `coupon` when they create an order."""
    return coupons.create_coupon(session, auth, req)


@router.get("/instructor/coupons")
def list_coupons(auth: Instructor, session: Db) -> list[CouponOut]:
    """The caller's coupons with how often each was used."""
    return coupons.list_coupons(session, auth)


@router.get("/instructor/dashboard")
def instructor_dashboard(
    auth: Instructor,
    session: Db,
    ctx: Ctx,
    course_id: Annotated[str | None, Query(pattern=COURSE_ID_PATTERN)] = None,
) -> InstructorDashboard:
    """The caller's own courses: sales, refunds and net per month (as the payout statements
    count them), enrolments, and per course the lesson funnel, study time, quiz item
    analysis and ratings — learner figures only when enough learners contribute."""
    return dashboard.dashboard(session, ctx, auth.user_id, course_id)
