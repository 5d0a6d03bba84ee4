"""The Teaching screen against the real test store: an instructor whose course five learners
bought, studied and rated sees the net revenue chart, this month's figures, the lesson
funnel and the item analysis; with fewer learners the screen says "not enough learners
yet"; a learner is not offered the screen at all. The models pass qtmodeltester."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from PySide6.QtWidgets import QApplication
from sqlalchemy import update
from support import PAID_PRICE, new_email, wait_idle  # type: ignore[import-not-found]

from store import accounts
from store.db.models import Course, CourseVersion
from sync.protocol import LessonFunnelStep, QuestionAnalysis
from ui.i18n import set_language
from ui.models.teaching import FunnelModel, ItemAnalysisModel

XAPI = "http://adlnet.gov/expapi/verbs/"
PASSWORD = "password123"


def _ev(verb: str, obj: str, kind: str, at: datetime, **extra: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "verb": XAPI + verb, "timestamp": at.isoformat(),
            "object": {"id": obj, "kind": kind, "course_id": "paid-course"}, **extra}  # fmt: skip


def _learner(url: str, *, lessons: list[str], correct: bool) -> None:
    """A fresh learner buys the paid course, studies (synced events) and rates it."""
    with httpx.Client(base_url=url, timeout=30.0) as c:
        r = c.post("/v1/auth/register", json={"email": new_email(), "password": PASSWORD})
        assert r.status_code == 201, r.text
        auth = {"Authorization": f"Bearer {r.json()['access_token']}"}
        r = c.post("/v1/orders", json={"course_id": "paid-course"},
                   headers={**auth, "Idempotency-Key": "key-" + uuid.uuid4().hex})  # fmt: skip
        assert r.status_code == 201, r.text
        r = c.post(f"/v1/orders/{r.json()['id']}/pay", headers=auth,
                   json={"provider": "sandbox", "card_number": "4242 4242 4242 4242"})  # fmt: skip
        assert r.status_code == 200, r.text
        at = datetime.now(UTC) - timedelta(hours=1)
        events = [_ev("progressed", "l-add", "lesson", at, result={"duration_s": 300.0}),
                  _ev("answered", "check/q3", "question", at + timedelta(seconds=5),
                      result={"success": correct}, context={"quiz_id": "check"})]  # fmt: skip
        events += [_ev("completed", item, "lesson", at + timedelta(minutes=i + 1))
                   for i, item in enumerate(lessons)]  # fmt: skip
        r = c.post("/v1/sync/events", json={"events": events}, headers=auth)
        assert r.status_code == 200, r.text
        r = c.put("/v1/courses/paid-course/review", json={"rating": 4}, headers=auth)
        assert r.status_code == 200, r.text


def _make_instructor(test_store: Any) -> str:
    """An account with the instructor role that authored the store's paid course."""
    email = new_email()
    with httpx.Client(base_url=test_store.url, timeout=30.0) as c:
        r = c.post("/v1/auth/register", json={"email": email, "password": PASSWORD,
                                              "display_name": "Ines"})  # fmt: skip
        assert r.status_code == 201, r.text
        user_id = r.json()["user"]["id"]
    with test_store.ctx.db.session(write=True) as session:
        accounts.set_role(session, email, instructor=True, admin=None)
    with test_store.ctx.db.write() as session:
        session.execute(update(Course).where(Course.id == "paid-course")
                        .values(author_id=user_id))  # fmt: skip
        session.execute(update(CourseVersion).where(CourseVersion.course_id == "paid-course")
                        .values(author_id=user_id))  # fmt: skip
    return email


def _sign_in(qtbot: Any, window: Any, email: str) -> Any:
    errors: list[BaseException] = []
    window.controller.sign_in(email, PASSWORD, on_error=errors.append)
    qtbot.waitUntil(lambda: errors or window.controller.services is not None, timeout=30_000)
    assert not errors, errors
    qtbot.waitUntil(lambda: window.teaching_offered, timeout=20_000)
    return window


def _sidebar(window: Any) -> list[str]:
    return [window.sidebar.item(i).text() for i in range(window.sidebar.count())]


def _open_teaching(qtbot: Any, window: Any, before: Any = None) -> Any:
    window.go("teaching")
    screen = window.screens["teaching"]
    qtbot.waitUntil(lambda: screen.dashboard is not None and screen.dashboard is not before,
                    timeout=20_000)  # fmt: skip
    return screen


def test_an_instructor_sees_real_figures_and_a_learner_no_teaching_screen(
    bare_window: Any, qtbot: Any, test_store: Any
) -> None:
    email = _make_instructor(test_store)
    plans = [(["l-add", "l-pdf"], True), (["l-add", "l-pdf"], True), (["l-add"], True),
             (["l-add"], False)]  # fmt: skip
    for lessons, correct in plans:
        _learner(test_store.url, lessons=lessons, correct=correct)
    window = _sign_in(qtbot, bare_window, email)
    assert _sidebar(window)[-1] == "Teaching"

    screen = _open_teaching(qtbot, window)  # four learners: their figures are withheld
    assert screen.net_value.text() == "$48.00"  # 4 × $12.00, the instructor's own money
    assert screen.enrol_value.text() == "4"
    assert screen.funnel_model.rowCount() == 0 and screen.items_model.rowCount() == 0
    assert "Not enough learners yet" in screen.funnel_note.text()
    assert screen.rating.text() == "Rating: not enough learners yet"

    _learner(test_store.url, lessons=["l-add"], correct=True)  # the fifth
    screen.refresh()
    screen = _open_teaching(qtbot, window, before=screen.dashboard)
    assert screen.net_value.text() == "$60.00" and screen.sales_value.text() == "5"
    assert screen.chart_values()[-1] == 5 * PAID_PRICE / 100
    assert len(screen.chart_values()) == 12
    funnel = {screen.funnel_model.index(r, 0).data(): screen.funnel_model.index(r, 2).data()
              for r in range(screen.funnel_model.rowCount())}  # fmt: skip
    assert funnel == {"Adding numbers": "100%", "Handout": "40%", "Listen: halves": "0%",
                      "Check your understanding": "0%"}  # fmt: skip
    items = screen.items_model
    assert [items.index(0, c).data() for c in range(4)] == ["q3", "Check your understanding",
                                                            "5", "80%"]  # fmt: skip
    assert screen.funnel_note.isHidden()
    assert screen.rating.text() == "Rating: ★ 4.0 (5 ratings)"
    assert "5 learners enrolled" in screen.course_figures.text()
    assert "average study time 5 min" in screen.course_figures.text()
    test_store.stop()  # offline: the figures shown stay, the screen says why they are old
    try:
        screen.refresh()
        qtbot.waitUntil(lambda: "cannot reach the store" in screen.status.text(), timeout=20_000)
        assert screen.net_value.text() == "$60.00"
    finally:
        test_store.start()
    set_language(QApplication.instance(), "zh_CN")
    try:
        assert _sidebar(window)[-1] == "教学" and screen.title.text() == "教学"
        assert screen.items_title.text() == "测验题目分析"
    finally:
        set_language(QApplication.instance(), "en")
    window.controller.sign_out()  # the next account on this computer does not inherit it
    qtbot.waitUntil(lambda: window.controller.services is None, timeout=20_000)
    assert "Teaching" not in _sidebar(window) and "teaching" not in window.screens


def test_a_learner_is_not_offered_the_teaching_screen(window: Any) -> None:
    window.check_roles()
    wait_idle(window)
    assert "Teaching" not in _sidebar(window) and not window.teaching_offered
    window.go("teaching")  # a stale shortcut or link lands on Home
    assert window.current_key == "home"


def test_teaching_models(qtmodeltester: Any) -> None:
    funnel = FunnelModel()
    funnel.set_steps(
        [
            LessonFunnelStep(item_id="a", title="Intro", completed=3, share=0.6),
            LessonFunnelStep(item_id="b", title="Two", completed=1, share=0.2),
        ]
    )
    qtmodeltester.check(funnel)
    assert funnel.index(1, 2).data() == "20%"
    items = ItemAnalysisModel()
    items.set_questions([
        QuestionAnalysis(question_id="quiz/q1", quiz_title="Quiz", suppressed=False,
                         learners=6, share_correct=0.5, discrimination=0.42),
        QuestionAnalysis(question_id="quiz/q2", quiz_title="Quiz", suppressed=True),
    ])  # fmt: skip
    qtmodeltester.check(items)
    assert [items.index(0, c).data() for c in range(5)] == ["q1", "Quiz", "6", "50%", "0.42"]
    assert items.index(1, 2).data() == "not enough learners yet"
