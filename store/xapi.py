"""xAPI out: learning events as xAPI 1.0.3 statements, forwarded to each organisation's LRS
and exported as NDJSON (`satchel-store export-xapi`).

A statement's id is the learning event's UUID and its content is a pure function of the
stored event, so sending one again never makes a duplicate: an LRS drops a statement it holds
already (xAPI 1.0.3, 2.2.4 "the LRS MUST NOT store a duplicate"). Each organisation has a
cursor (the `sync_events.id` of the last event sent); a pass sends the next batch of its
learners' events for the organisation's courses, and moves the cursor only after the LRS
accepted the batch. When the LRS is down or refuses, the next attempt waits
`xapi_retry_base * 2**(failures - 1)` seconds (at most `xapi_retry_max`).

`XapiForwarder` runs passes on its own thread (started and stopped with the store app);
`forward_organisation` can also be called from a request (the admin's "send now"). The HTTP
call to the LRS happens outside any write transaction; the cursor moves with a
compare-and-set. Passes in one process are serialised; with several store processes, run
forwarding in one of them (`xapi_interval=0` elsewhere): two processes posting the same batch
at the same instant could both get past an LRS's duplicate check.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from datetime import timedelta
from typing import Any, TextIO
from urllib.parse import quote

import httpx
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from store.context import StoreContext
from store.db.models import LearnerGroup, Organisation, SyncEvent, User
from store.db.types import utcnow
from store.orgs import get_organisation, learner_ids_of_organisation, lrs_status
from store.problems import not_found, unprocessable
from sync.institutions import LrsConfig, LrsStatus

log = logging.getLogger(__name__)

XAPI_VERSION = "1.0.3"
DEFAULT_HOME_PAGE = "https://satchel.invalid/"
ACTIVITY_TYPES = {
    "lesson": "http://adlnet.gov/expapi/activities/lesson",
    "quiz": "http://adlnet.gov/expapi/activities/assessment",
    "question": "http://adlnet.gov/expapi/activities/cmi.interaction",
    "course": "http://adlnet.gov/expapi/activities/course",
}
LRS_TIMEOUT = 15.0


# --------------------------------------------------------------------------- statements


def _duration(seconds: float) -> str:
    return f"PT{round(max(0.0, seconds), 2):g}S"


def _activity(home: str, course_id: str | None, object_id: str) -> str:
    course = quote(course_id or "-", safe="")
    return f"{home}xapi/activities/{course}/{quote(object_id, safe='')}"


def statement(
    event_id: str,
    user_id: str,
    actor_name: str,
    payload: dict[str, Any],
    home_page: str = DEFAULT_HOME_PAGE,
) -> dict[str, Any]:
    """The xAPI 1.0.3 statement of one stored learning event (deterministic)."""
    home = home_page if home_page.endswith("/") else home_page + "/"
    obj = payload.get("object") or {}
    kind = str(obj.get("kind") or "lesson")
    course_id = obj.get("course_id")
    verb = str(payload["verb"])
    out: dict[str, Any] = {
        "id": event_id,
        "actor": {
            "objectType": "Agent",
            "name": actor_name,
            "account": {"homePage": home, "name": user_id},
        },
        "verb": {"id": verb, "display": {"en-US": verb.rstrip("/").rsplit("/", 1)[-1]}},
        "object": {
            "objectType": "Activity",
            "id": _activity(home, course_id, str(obj.get("id", ""))),
            "definition": {"type": ACTIVITY_TYPES.get(kind, ACTIVITY_TYPES["lesson"])},
        },
        "timestamp": str(payload["timestamp"]),
        "version": XAPI_VERSION,
    }
    result = payload.get("result") or {}
    xresult: dict[str, Any] = {}
    if isinstance(result.get("score"), int | float) and not isinstance(result["score"], bool):
        xresult["score"] = {"scaled": max(-1.0, min(1.0, float(result["score"])))}
    if isinstance(result.get("success"), bool):
        xresult["success"] = result["success"]
    if isinstance(result.get("duration_s"), int | float):
        xresult["duration"] = _duration(float(result["duration_s"]))
    if "response" in result:
        response = result["response"]
        xresult["response"] = response if isinstance(response, str) else json.dumps(
            response, sort_keys=True, separators=(",", ":")
        )
    if xresult:
        out["result"] = xresult
    context: dict[str, Any] = {"platform": "Satchel"}
    if course_id:
        context["contextActivities"] = {
            "grouping": [{
                "objectType": "Activity",
                "id": f"{home}xapi/activities/{quote(str(course_id), safe='')}",
                "definition": {"type": ACTIVITY_TYPES["course"]},
            }]
        }
    if payload.get("context"):
        context["extensions"] = {f"{home}xapi/extensions/satchel-context": payload["context"]}
    out["context"] = context
    return out


def _actor_names(session: Session, user_ids: set[str]) -> dict[str, str]:
    if not user_ids:
        return {}
    rows = session.execute(
        select(User.id, User.display_name, User.email).where(User.id.in_(list(user_ids)))
    )
    return {uid: name or email for uid, name, email in rows}


def _org_courses(session: Session, org_id: str) -> set[str] | None:
    """The courses of the organisation's groups; None when a group covers every course."""
    courses: set[str] = set()
    for (ids,) in session.execute(
        select(LearnerGroup.course_ids).where(LearnerGroup.organisation_id == org_id)
    ):
        if not ids:
            return None
        courses.update(ids)
    return courses


def _relevant(payload: dict[str, Any], courses: set[str] | None) -> bool:
    return courses is None or (payload.get("object") or {}).get("course_id") in courses


def _batch(
    session: Session, org: Organisation, limit: int
) -> tuple[list[dict[str, Any]], int]:
    """The next statements for the organisation and the cursor after them."""
    users = learner_ids_of_organisation(session, org.id)
    if not users:
        return [], org.xapi_cursor
    courses = _org_courses(session, org.id)
    rows = session.execute(
        select(SyncEvent.id, SyncEvent.event_id, SyncEvent.user_id, SyncEvent.payload)
        .where(SyncEvent.user_id.in_(users), SyncEvent.id > org.xapi_cursor)
        .order_by(SyncEvent.id)
        .limit(limit)
    ).all()
    names = _actor_names(session, {r.user_id for r in rows})
    statements = [
        statement(r.event_id, r.user_id, names.get(r.user_id, r.user_id), r.payload,
                  org.xapi_home_page or DEFAULT_HOME_PAGE)
        for r in rows
        if _relevant(r.payload, courses)
    ]
    return statements, (rows[-1].id if rows else org.xapi_cursor)


def iter_statements(
    session: Session, org_id: str | None = None, home_page: str | None = None
) -> Iterator[dict[str, Any]]:
    """Every statement, in the order the store received the events: of one organisation's
    learners (and courses), or of every account."""
    courses: set[str] | None = None
    users: list[str] | None = None
    home = home_page or DEFAULT_HOME_PAGE
    if org_id is not None:
        org = get_organisation(session, org_id)
        users = learner_ids_of_organisation(session, org.id)
        courses = _org_courses(session, org.id)
        home = home_page or org.xapi_home_page or DEFAULT_HOME_PAGE
        if not users:
            return
    last = 0
    while True:
        q = select(SyncEvent.id, SyncEvent.event_id, SyncEvent.user_id, SyncEvent.payload).where(
            SyncEvent.id > last
        )
        if users is not None:
            q = q.where(SyncEvent.user_id.in_(users))
        rows = session.execute(q.order_by(SyncEvent.id).limit(1000)).all()
        if not rows:
            return
        names = _actor_names(session, {r.user_id for r in rows})
        for r in rows:
            if _relevant(r.payload, courses):
                yield statement(r.event_id, r.user_id, names.get(r.user_id, r.user_id),
                                r.payload, home)
        last = rows[-1].id


def export_ndjson(
    session: Session, out: TextIO, org_id: str | None = None, home_page: str | None = None
) -> int:
    """Write one statement per line; returns how many."""
    n = 0
    for st in iter_statements(session, org_id, home_page):
        out.write(json.dumps(st, sort_keys=True, separators=(",", ":")) + "\n")
        n += 1
    return n


# --------------------------------------------------------------------------- configuration


def configure(
    session: Session, ctx: StoreContext, org_id: str, req: LrsConfig, home_page: str = ""
) -> LrsStatus:
    org = get_organisation(session, org_id)
    try:
        parsed = httpx.URL(req.url)
    except (httpx.InvalidURL, ValueError):
        parsed = None
    if parsed is None or not parsed.host or parsed.scheme not in ("http", "https"):
        raise unprocessable(
            f"{req.url} is not an LRS address; give its xAPI endpoint, e.g. "
            "https://lrs.example.org/xAPI/", code="bad-lrs-url")
    org.lrs_url = req.url.rstrip("/") + "/"
    org.lrs_username = req.username
    org.lrs_password_sealed = ctx.keys.seal(req.password.encode("utf-8"), f"lrs:{org.id}")
    if home_page:
        org.xapi_home_page = home_page if home_page.endswith("/") else home_page + "/"
    org.xapi_failures = 0
    org.xapi_next_attempt_at = None
    org.xapi_last_error = ""
    session.commit()
    status = lrs_status(session, org)
    assert status is not None
    return status


def disconnect(session: Session, org_id: str) -> None:
    org = get_organisation(session, org_id)
    org.lrs_url = org.lrs_username = None
    org.lrs_password_sealed = None
    session.commit()


def status(session: Session, org_id: str) -> LrsStatus:
    found = lrs_status(session, get_organisation(session, org_id))
    if found is None:
        raise not_found("This organisation has no LRS connected.")
    return found


# --------------------------------------------------------------------------- forwarding


class LrsError(Exception):
    pass


def _post(client: httpx.Client, url: str, auth: tuple[str, str],
          statements: list[dict[str, Any]]) -> None:
    headers = {"X-Experience-API-Version": XAPI_VERSION}
    try:
        r = client.post(url + "statements", json=statements, auth=auth, headers=headers,
                        timeout=LRS_TIMEOUT)
    except (httpx.HTTPError, httpx.InvalidURL, ValueError) as exc:
        raise LrsError(f"the LRS at {url} cannot be reached ({type(exc).__name__}: {exc})"
                       ) from exc
    if r.status_code in (200, 204):
        return
    if r.status_code == 409 and len(statements) > 1:
        # Some id is held with other content; send one by one and skip those.
        for st in statements:
            _post(client, url, auth, [st])
        return
    if r.status_code == 409:
        log.warning("LRS %s holds a different statement with id %s; skipped",
                    url, statements[0]["id"])
        return
    raise LrsError(f"the LRS at {url} answered {r.status_code}: {r.text[:200]}")


_forwarding = threading.Lock()


def forward_organisation(
    ctx: StoreContext, org_id: str, client: httpx.Client, *, force: bool = False
) -> int:
    """Send the organisation's pending statements, batch by batch, until none is left or the
    LRS fails. Returns how many statements were sent. Skips while a retry is not due
    (unless `force`). One pass at a time in this process (the background pass and an
    admin's "send now" would otherwise post the same batch at once, and an LRS checks ids
    before it writes, so two simultaneous copies could both get in)."""
    with _forwarding:
        return _forward(ctx, org_id, client, force=force)


def _forward(ctx: StoreContext, org_id: str, client: httpx.Client, *, force: bool) -> int:
    settings = ctx.settings
    sent = 0
    while True:
        with ctx.db.read() as session:
            org = session.get(Organisation, org_id)
            if org is None or not org.lrs_url or org.lrs_password_sealed is None:
                return sent
            now = utcnow()
            if not force and org.xapi_next_attempt_at and org.xapi_next_attempt_at > now:
                return sent
            start = org.xapi_cursor
            statements, cursor = _batch(session, org, settings.xapi_batch)
            url = org.lrs_url
            auth = (org.lrs_username or "",
                    ctx.keys.unseal(org.lrs_password_sealed, f"lrs:{org.id}").decode("utf-8"))
            failures = org.xapi_failures
        if cursor == start:
            return sent
        try:
            if statements:
                _post(client, url, auth, statements)
        except LrsError as exc:
            failures += 1
            delay = min(settings.xapi_retry_max, settings.xapi_retry_base * 2 ** (failures - 1))
            log.warning("xAPI forwarding for %s failed (%d in a row, retry in %ss): %s",
                        org_id, failures, delay, exc)
            with ctx.db.write() as session:
                session.execute(
                    update(Organisation)
                    .where(Organisation.id == org_id)
                    .values(xapi_failures=failures, xapi_last_error=str(exc)[:500],
                            xapi_next_attempt_at=utcnow() + timedelta(seconds=delay))
                )
            return sent
        with ctx.db.write() as session:
            session.execute(
                update(Organisation)
                .where(Organisation.id == org_id, Organisation.xapi_cursor == start)
                .values(xapi_cursor=cursor, xapi_sent=Organisation.xapi_sent + len(statements),
                        xapi_failures=0, xapi_last_error="", xapi_next_attempt_at=None)
            )
        sent += len(statements)
        force = False


def forward_all(ctx: StoreContext, client: httpx.Client) -> int:
    with ctx.db.read() as session:
        ids = session.scalars(select(Organisation.id).where(Organisation.lrs_url.is_not(None)))
        org_ids = list(ids)
    return sum(forward_organisation(ctx, org_id, client) for org_id in org_ids)


class XapiForwarder:
    """A daemon thread that runs `forward_all` every `xapi_interval` seconds until `stop`."""

    def __init__(self, ctx: StoreContext) -> None:
        self.ctx = ctx
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.ctx.settings.xapi_interval <= 0 or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="satchel-xapi", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        with httpx.Client() as client:
            while not self._stop.wait(self.ctx.settings.xapi_interval):
                try:
                    forward_all(self.ctx, client)
                except Exception:  # a bug must not end forwarding for every organisation
                    log.exception("xAPI forwarding pass failed")

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=LRS_TIMEOUT + 5)
            self._thread = None
