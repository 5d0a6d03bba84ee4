"""A learner's own ratings: written offline, sent by the next sync, the same on their other
devices, deleted everywhere, and a refusal by the store shown on that review alone."""

from __future__ import annotations

from pathlib import Path

import pytest
from faults import FaultProxy
from kit import Device, StoreKit, buy, devices, make_bundle

from app.db.models import Course, MyReview
from sync.errors import ServerError
from sync.protocol import CourseDetail


@pytest.fixture(scope="module")
def course(kit: StoreKit, tmp_path_factory: pytest.TempPathFactory) -> CourseDetail:
    return kit.publish(make_bundle(tmp_path_factory.mktemp("b"), "rated-course", price=900))


@pytest.fixture(scope="module")
def other(kit: StoreKit, tmp_path_factory: pytest.TempPathFactory) -> CourseDetail:
    return kit.publish(make_bundle(tmp_path_factory.mktemp("b"), "not-bought", price=500))


def rate(dev: Device, course_id: str, rating: int | None, text: str = "") -> None:
    """What `ReviewsService.save`/`delete` write: a new revision, pending."""
    def run(session: object) -> None:
        row = session.get(MyReview, course_id)  # type: ignore[attr-defined]
        if row is None:
            row = MyReview(course_id=course_id, revision=1)
            session.add(row)  # type: ignore[attr-defined]
        else:
            row.revision += 1
        row.rating, row.text, row.state, row.last_error = rating, text, "pending", None
    dev.db.write_sync(run)


def mine(dev: Device, course_id: str) -> tuple[int | None, str, str] | None:
    with dev.db.read() as session:
        row = session.get(MyReview, course_id)
        return None if row is None else (row.rating, row.text, row.state)


def on_store(dev: Device, course_id: str) -> tuple[int, str] | None:
    try:
        r = dev.client.request("GET", f"/v1/courses/{course_id}/review").json()
    except ServerError as exc:
        assert exc.status == 404
        return None
    return r["rating"], r["text"]


def test_offline_rating_is_sent_later_and_reaches_the_other_device(
    kit: StoreKit, work: Path, proxy: FaultProxy, course: CourseDetail
) -> None:
    email = kit.new_email()
    first = Device(work / "a", proxy.url, email, register=True)
    second = Device(work / "b", kit.url, email)
    try:
        buy(first, course)
        proxy.offline = True
        rate(first, course.id, 4, "Clear and short.")
        assert first.engine.sync_now().offline
        assert mine(first, course.id) == (4, "Clear and short.", "pending")
        assert on_store(second, course.id) is None

        proxy.offline = False
        report = first.engine.sync_now()
        assert report.ok, report.error
        assert report.reviews.sent == 1
        assert mine(first, course.id) == (4, "Clear and short.", "synced")
        assert on_store(second, course.id) == (4, "Clear and short.")
        # the catalog's figures came back with the same cycle
        with first.db.read() as session:
            row = session.get(Course, course.id)
            assert row is not None and (row.rating_average, row.rating_count) == (4.0, 1)

        assert second.engine.sync_now().ok
        assert mine(second, course.id) == (4, "Clear and short.", "synced")

        # edited on the second device, deleted later on the first: both follow
        rate(second, course.id, 5, "Even better on a second read.")
        assert second.engine.sync_now().ok
        assert first.engine.sync_now().ok
        assert mine(first, course.id) == (5, "Even better on a second read.", "synced")
        rate(first, course.id, None)
        assert first.engine.sync_now().ok
        assert mine(first, course.id) is None
        assert on_store(first, course.id) is None
        assert second.engine.sync_now().ok
        assert mine(second, course.id) is None
    finally:
        first.close()
        second.close()


def test_a_refused_review_keeps_its_text_and_the_others_still_go(
    kit: StoreKit, work: Path, course: CourseDetail, other: CourseDetail
) -> None:
    with devices(kit, work, 1) as [dev]:
        buy(dev, course)
        rate(dev, other.id, 5, "I never bought this")  # the store will say no
        rate(dev, course.id, 3)
        report = dev.engine.sync_now()
        assert report.ok, report.error  # a refusal is the review's, not the cycle's
        assert (report.reviews.sent, report.reviews.refused) == (1, 1)
        assert mine(dev, course.id) == (3, "", "synced")
        with dev.db.read() as session:
            row = session.get(MyReview, other.id)
            assert row is not None and row.state == "refused"
            assert row.text == "I never bought this"
            assert "own this course" in (row.last_error or "")
        # a refused review is not retried by every sync
        assert dev.engine.sync_now().reviews.refused == 0


def test_an_edit_made_while_sending_stays_pending(
    kit: StoreKit, work: Path, course: CourseDetail
) -> None:
    """The push marks sent only the revision it sent: an edit saved meanwhile is not lost."""
    with devices(kit, work, 1) as [dev]:
        buy(dev, course)
        rate(dev, course.id, 2)
        [sending] = dev.ports.reviews.pending_reviews()
        rate(dev, course.id, 5, "changed my mind")
        dev.ports.reviews.review_sent(sending.course_id, sending.revision)
        assert mine(dev, course.id) == (5, "changed my mind", "pending")
        assert dev.engine.sync_now().ok
        assert on_store(dev, course.id) == (5, "changed my mind")


def test_a_lost_answer_keeps_the_review_pending_and_resending_is_harmless(
    kit: StoreKit, work: Path, proxy: FaultProxy, course: CourseDetail
) -> None:
    dev = Device(work / "d", proxy.url, kit.new_email(), register=True)
    try:
        buy(dev, course)
        rate(dev, course.id, 4, "first")
        proxy.add(lambda m, p: m == "PUT" and p.endswith("/review"), "drop_after")
        report = dev.engine.sync_now()
        assert not report.ok  # the store saved it, but the answer never came back
        assert mine(dev, course.id) == (4, "first", "pending")
        assert dev.engine.sync_now().ok
        assert mine(dev, course.id) == (4, "first", "synced")
        assert on_store(dev, course.id) == (4, "first")
        assert [r.course_id for r in dev.client.my_reviews().items] == [course.id]  # one
    finally:
        dev.close()
