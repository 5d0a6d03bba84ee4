"""Store status in the app, for store administrators only: health, sales, sync volume and
the latest server errors from the real store; a learner is never offered the screen."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
from support import new_email, wait_idle  # type: ignore[import-not-found]

from store import accounts
from store.db.models import ErrorLog
from sync.protocol import ErrorEntry
from ui.models.store_status import ErrorsModel

PASSWORD = "password123"


def _sidebar(window: Any) -> list[str]:
    return [window.sidebar.item(i).text() for i in range(window.sidebar.count())]


def test_an_administrator_sees_the_store_status(bare_window: Any, qtbot: Any,
                                                test_store: Any) -> None:
    email = new_email()
    with httpx.Client(base_url=test_store.url, timeout=30.0) as c:
        r = c.post("/v1/auth/register", json={"email": email, "password": PASSWORD})
        assert r.status_code == 201, r.text
    with test_store.ctx.db.session(write=True) as session:
        accounts.set_role(session, email, instructor=None, admin=True)
        session.add(ErrorLog(at=datetime.now(UTC), request_id="req-42", method="POST",
                             route="/v1/sync/events", status=503, error="database is locked"))
        session.commit()
    errors: list[BaseException] = []
    bare_window.controller.sign_in(email, PASSWORD, on_error=errors.append)
    qtbot.waitUntil(lambda: errors or bare_window.controller.services is not None,
                    timeout=30_000)  # fmt: skip
    assert not errors, errors
    qtbot.waitUntil(lambda: "Store status" in _sidebar(bare_window), timeout=20_000)
    assert "Teaching" not in _sidebar(bare_window)  # an administrator, not an instructor

    bare_window.go("store_status")
    screen = bare_window.screens["store_status"]
    qtbot.waitUntil(lambda: screen.status is not None, timeout=20_000)
    assert screen.health.text() == "The store is healthy (sqlite database)"
    assert "New accounts, last 24 hours: " in screen.figures.text()
    assert screen.errors_title.text().startswith("Server errors, last 24 hours: ")
    rows = [screen.errors.index(r, 1).data() for r in range(screen.errors.rowCount())]
    assert "503 POST /v1/sync/events" in rows

    test_store.stop()  # the store goes away: a plain message, the last figures stay
    try:
        screen.refresh()
        qtbot.waitUntil(lambda: "store" in screen.message.text().lower()
                        and "Asking" not in screen.message.text(), timeout=20_000)  # fmt: skip
        assert screen.errors.rowCount() >= 1
    finally:
        test_store.start()
    wait_idle(bare_window)


def test_a_learner_is_not_offered_the_store_status(window: Any) -> None:
    window.check_roles()
    wait_idle(window)
    assert "Store status" not in _sidebar(window)
    window.go("store_status")
    assert window.current_key == "home"


def test_errors_model(qtmodeltester: Any) -> None:
    model = ErrorsModel()
    model.set_errors([ErrorEntry(at=datetime(2026, 12, 3, 10, 0, tzinfo=UTC), request_id="r1",
                                 method="GET", route="/v1/catalog", status=500, error="boom")])
    qtmodeltester.check(model)
    assert model.index(0, 0).data() == "2026-12-03 10:00:00"
