"""`StoreClient`: the HTTP client of the store's sync protocol v1 (requests).

- Base URL, connect/read timeouts, a JSON body in and a pydantic model out per endpoint.
- Auth: a short-lived access token and a rotating refresh token. A 401 on an authenticated
  call triggers one refresh and one retry; if the refresh is refused the session is over
  (`AuthExpired`). Every new token pair goes to ``on_tokens_changed`` so the app can keep the
  refresh token in the keyring (and nowhere else). If the answer to a refresh is lost, the
  refresh is retried at once with the same token: the store answers such a retry, within its
  grace window, with the same new pair, so a flaky network does not end the session. The old
  token is kept until a new pair arrives.
- Errors are typed (`sync.errors`): `Offline` (unreachable, connection cut, timeout),
  `ServerError` (status + parsed RFC 7807 problem, plain message), `Conflict` (409),
  `AuthExpired`.

Threading: safe to share between worker threads (each thread gets its own requests.Session;
token state is guarded by a lock, and a refresh happens once even when several threads see a
401 together, because a rotated refresh token may only be used once). Never call it from the
GUI thread: every method blocks on the network.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import ipaddress
import logging
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, BinaryIO, TypeVar
from urllib.parse import quote, urlsplit

import requests
from pydantic import BaseModel, TypeAdapter, ValidationError
from urllib3.exceptions import ConnectTimeoutError, NewConnectionError

from sync import wirejson
from sync.errors import AuthExpired, Conflict, Offline, ServerError
from sync.institutions import CoachGroupOut, CourseReport, JoinGroupRequest, MyGroupOut
from sync.protocol import (
    API_PREFIX,
    IDEMPOTENCY_HEADER,
    CatalogChanges,
    Coenrolment,
    CourseDetail,
    DeviceInfo,
    EntitlementOut,
    EventPageData,
    EventPushAnswerData,
    GoalRatings,
    InstructorDashboard,
    KeySet,
    LoginRequest,
    MyReviews,
    OrderCreate,
    OrderOut,
    OrderQuote,
    OrderQuoteRequest,
    PayRequest,
    PayResponse,
    PreviewItem,
    Problem,
    RecordPullResponse,
    RecordPushRequest,
    RecordPushResponse,
    RefreshRequest,
    RegisterRequest,
    ReviewIn,
    ReviewOut,
    SignedCertificate,
    SignedLease,
    StoredEventData,
    StoreStatusOut,
    TokenResponse,
    UserOut,
    WrappedContentKey,
)

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")

DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds
USER_AGENT = "Satchel-sync/1"
REFRESH_ATTEMPTS = 2  # tries of one refresh while its answers get lost (same token)
REFRESH_RETRY_DELAY = 0.25  # seconds before retrying it (doubling)
GZIP_MIN_BYTES = 16 * 1024  # smaller JSON bodies are sent as they are


@dataclass(frozen=True)
class Session:
    """What a login gave us; ``refresh_token`` is the secret to keep in the keyring."""

    access_token: str
    refresh_token: str
    device_id: str
    user_id: str
    access_expires_at: float  # time.monotonic() deadline


TokensListener = Callable[[Session | None], None]


def _is_loopback(url: str) -> bool:
    """Is ``url``'s host this machine (``localhost``, 127.0.0.0/8, ``::1``)?"""
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _pull_params(since: int, limit: int, exclude_device: str | None) -> dict[str, Any]:
    params: dict[str, Any] = {"since": since, "limit": limit}
    if exclude_device:
        params["exclude_device"] = exclude_device
    return params


def _maybe_delivered(exc: requests.RequestException) -> bool:
    """False when no connection was made, so the store never saw the request."""
    if isinstance(exc, requests.ConnectTimeout):
        return False
    reason = getattr(exc.args[0], "reason", None) if exc.args else None
    return not isinstance(reason, NewConnectionError | ConnectTimeoutError)


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def problem_of(response: requests.Response) -> Problem | None:
    """The RFC 7807 document of an error response, if it carried one."""
    try:
        body = response.json()
    except ValueError:
        return None
    if not isinstance(body, dict) or "detail" not in body:
        return None
    body.setdefault("status", response.status_code)
    body.setdefault("title", response.reason or "Error")
    try:
        return Problem.model_validate(body)
    except ValidationError:
        return None


def error_for(response: requests.Response) -> ServerError:
    """The typed error for a non-2xx response, with a plain message."""
    status = response.status_code
    problem = problem_of(response)
    if problem is not None and problem.detail:
        message = problem.detail
    elif status >= 500:
        message = (
            f"The store had a problem (HTTP {status}) and did not finish the request. "
            "Satchel will try again later."
        )
    else:
        message = f"The store refused the request (HTTP {status} {response.reason or ''})."
        message = message.replace(" )", ")")
    kind = Conflict if status == 409 else ServerError
    return kind(
        message,
        status=status,
        problem=problem,
        retry_after=_retry_after(response.headers.get("Retry-After")),
    )


@dataclass(frozen=True)
class EventPage:
    """One page of `StoreClient.pull_event_page`."""

    events: list[StoredEventData]
    cursor: int
    has_more: bool


_EVENT_PAGE: TypeAdapter[EventPageData] = TypeAdapter(EventPageData)
_PUSH_ANSWER: TypeAdapter[EventPushAnswerData] = TypeAdapter(EventPushAnswerData)


class StoreClient:
    """One store, one signed-in user on this device (or none yet)."""

    def __init__(
        self,
        base_url: str,
        *,
        refresh_token: str | None = None,
        on_tokens_changed: TokensListener | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        clock: Callable[[], float] = time.monotonic,
        compress: bool | None = None,
    ) -> None:
        """``compress``: gzip request bodies the store says it takes and ask for compressed
        answers; by default only when the store is not on this machine (loopback)."""
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._clock = clock
        self._on_tokens_changed = on_tokens_changed
        self._lock = threading.Lock()
        self._refresh_lock = threading.Lock()
        self._session: Session | None = None
        self._refresh_token = refresh_token
        self._local = threading.local()
        self._http_sessions: list[requests.Session] = []
        self._closed = False
        self._store_takes_gzip = False  # set by an answer with Accept-Encoding: gzip
        self._compress = not _is_loopback(self.base_url) if compress is None else compress

    # ------------------------------------------------------------------ lifecycle

    def close(self) -> None:
        """Close every HTTP connection this client opened (from any thread)."""
        with self._lock:
            self._closed = True
            sessions, self._http_sessions = self._http_sessions, []
        for s in sessions:
            s.close()

    def __enter__(self) -> StoreClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _http(self) -> requests.Session:
        s: requests.Session | None = getattr(self._local, "session", None)
        if s is None or s not in self._http_sessions:
            s = requests.Session()
            s.headers["User-Agent"] = USER_AGENT
            if not self._compress:  # on loopback compression only costs CPU
                s.headers["Accept-Encoding"] = "identity"
            with self._lock:
                if self._closed:
                    s.close()
                    raise RuntimeError("this StoreClient was closed")
                self._http_sessions.append(s)
            self._local.session = s
        return s

    # ------------------------------------------------------------------ token state

    @property
    def session(self) -> Session | None:
        with self._lock:
            return self._session

    @property
    def signed_in(self) -> bool:
        """True when we hold a refresh token (we may still need to go online to use it)."""
        with self._lock:
            return self._refresh_token is not None

    def _set_session(self, tokens: TokenResponse | None) -> None:
        new: Session | None = None
        if tokens is not None:
            new = Session(
                access_token=tokens.access_token,
                refresh_token=tokens.refresh_token,
                device_id=tokens.device_id,
                user_id=tokens.user.id,
                access_expires_at=self._clock() + max(0, tokens.expires_in - 10),
            )
        with self._lock:
            self._session = new
            self._refresh_token = new.refresh_token if new else None
        if self._on_tokens_changed is not None:
            self._on_tokens_changed(new)

    # ------------------------------------------------------------------ raw requests

    def url(self, path: str) -> str:
        return self.base_url + path

    def _send(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        token: str | None = None,
        stream: bool = False,
        content: bytes | None = None,
    ) -> requests.Response:
        hdrs = dict(headers or {})
        if token is not None:
            hdrs["Authorization"] = f"Bearer {token}"
        if content is not None:
            hdrs.setdefault("Content-Type", "application/json")
        try:
            response = self._http().request(
                method,
                self.url(path),
                json=json,
                data=content,
                params=params,
                headers=hdrs,
                timeout=self.timeout,
                stream=stream,
            )
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise Offline(
                f"The store at {self.base_url} could not be reached. Check your internet "
                "connection; Satchel keeps working offline and will sync later.",
                maybe_delivered=_maybe_delivered(exc),
            ) from exc
        except requests.RequestException as exc:
            raise Offline(f"The connection to the store was interrupted ({exc}).") from exc
        if self._compress and "gzip" in response.headers.get("Accept-Encoding", "").lower():
            self._store_takes_gzip = True  # RFC 7694: it decodes compressed request bodies
        return response

    def _post_json(self, path: str, body: bytes) -> requests.Response:
        """POST a JSON body, gzip-compressed (level 1, about 8:1 on sync batches) once this
        store has said it accepts that, unless the store is on this machine (loopback: the
        bytes cost nothing to move, compressing them costs CPU); a 415 for a compressed body
        (a proxy that does not pass it on) turns compression off for this client and sends
        it again plain."""
        if self._store_takes_gzip and len(body) >= GZIP_MIN_BYTES:
            try:
                return self.request(
                    "POST", path, content=gzip.compress(body, 1, mtime=0),
                    headers={"Content-Encoding": "gzip"},
                )
            except ServerError as exc:
                if exc.status != 415:
                    raise
                log.warning("the store refused a gzip body; sending uncompressed from now on")
                self._store_takes_gzip = False
        return self.request("POST", path, content=body)

    def _access_token(self) -> str:
        with self._lock:
            current = self._session
            have_refresh = self._refresh_token is not None
        if current is not None and self._clock() < current.access_expires_at:
            return current.access_token
        if not have_refresh:
            raise AuthExpired("You are not signed in to the store. Sign in to sync.")
        return self._refresh(stale=current.access_token if current else None)

    def _refresh(self, stale: str | None) -> str:
        """Trade the refresh token for a new pair, once per stale access token."""
        with self._refresh_lock:
            with self._lock:
                current = self._session
                refresh_token = self._refresh_token
            if current is not None and current.access_token != stale:
                return current.access_token  # another thread refreshed meanwhile
            if refresh_token is None:
                raise AuthExpired("You are not signed in to the store. Sign in to sync.")
            tokens = self._post_refresh(refresh_token)
            self._set_session(tokens)
            return tokens.access_token

    def _post_refresh(self, refresh_token: str) -> TokenResponse:
        """POST /auth/refresh; retried with the same token while answers get lost (the store
        may have rotated the token already, and answers such a retry with the same pair)."""
        body = RefreshRequest(refresh_token=refresh_token).model_dump(mode="json")
        attempt = 0
        while True:
            try:
                response = self._send("POST", f"{API_PREFIX}/auth/refresh", json=body)
                if response.status_code in (400, 401, 403):
                    response.close()
                    self._set_session(None)
                    raise AuthExpired(
                        "Your sign-in has expired or was revoked. Sign in again to sync; "
                        "your offline progress is kept and will be sent then."
                    )
                return self._parse(response, TokenResponse)
            except Offline as exc:
                attempt += 1
                if not exc.maybe_delivered or attempt >= REFRESH_ATTEMPTS:
                    raise
                log.info("the answer to a session refresh was lost; retrying with the same token")
                time.sleep(REFRESH_RETRY_DELAY * 2 ** (attempt - 1))

    def request(
        self,
        method: str,
        path: str,
        *,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        auth: bool = True,
        stream: bool = False,
        content: bytes | None = None,
    ) -> requests.Response:
        """Send one request; on a 401 refresh once and retry. Returns 2xx/3xx responses
        (and 416 for Range requests) and raises typed errors for the rest. ``content`` is
        a JSON body already encoded (e.g. by pydantic's ``model_dump_json``), or raw bytes
        with their own ``Content-Type`` header."""
        token = self._access_token() if auth else None
        response = self._send(
            method, path, json=json, params=params, headers=headers, token=token, stream=stream,
            content=content,
        )
        if auth and response.status_code == 401:
            response.close()
            token = self._refresh(stale=token)
            response = self._send(
                method, path, json=json, params=params, headers=headers, token=token,
                stream=stream, content=content,
            )
            if response.status_code == 401:
                response.close()
                self._set_session(None)
                raise AuthExpired("The store no longer accepts this sign-in. Sign in again.")
        if response.status_code >= 400 and response.status_code != 416:
            try:
                raise error_for(response)
            finally:
                response.close()
        return response

    def _parse(self, response: requests.Response, model: type[M]) -> M:
        return self._decode(response, model.model_validate_json)

    def _decode(self, response: requests.Response, validate: Callable[[bytes], T]) -> T:
        if response.status_code >= 400:
            try:
                raise error_for(response)
            finally:
                response.close()
        try:
            return validate(response.content)
        except ValidationError as exc:
            raise ServerError(
                "The store sent an answer Satchel does not understand. The store may be newer "
                "than this app; check for an update.",
                status=response.status_code,
            ) from exc
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            raise Offline("The connection to the store was cut while reading its answer.") \
                from exc

    def _call(self, model: type[M], method: str, path: str, **kw: Any) -> M:
        return self._parse(self.request(method, path, **kw), model)

    def _call_list(self, item: type[M], method: str, path: str, **kw: Any) -> list[M]:
        """A JSON list of ``item`` (an answer that does not fit is a `ServerError`)."""
        response = self.request(method, path, **kw)
        try:
            return self._decode(response, TypeAdapter(list[item]).validate_json)  # type: ignore[valid-type]
        finally:
            response.close()

    # ------------------------------------------------------------------ accounts

    def register(
        self, email: str, password: str, device: DeviceInfo, display_name: str = ""
    ) -> TokenResponse:
        body = RegisterRequest(
            email=email, password=password, display_name=display_name, device=device
        )
        tokens = self._call(
            TokenResponse, "POST", f"{API_PREFIX}/auth/register",
            json=body.model_dump(mode="json"), auth=False,
        )
        self._set_session(tokens)
        return tokens

    def login(self, email: str, password: str, device: DeviceInfo) -> TokenResponse:
        body = LoginRequest(email=email, password=password, device=device)
        tokens = self._call(
            TokenResponse, "POST", f"{API_PREFIX}/auth/login",
            json=body.model_dump(mode="json"), auth=False,
        )
        self._set_session(tokens)
        return tokens

    def logout(self) -> None:
        """End the session on the store (best effort) and forget the tokens locally."""
        try:
            if self.session is not None:
                self.request("POST", f"{API_PREFIX}/auth/logout").close()
        except (Offline, ServerError, AuthExpired):
            log.info("logout could not reach the store; forgetting tokens locally")
        finally:
            self._set_session(None)

    def me(self) -> UserOut:
        """The signed-in account as the store knows it now (its roles)."""
        return self._call(UserOut, "GET", f"{API_PREFIX}/me")

    def instructor_dashboard(self, course_id: str | None = None) -> InstructorDashboard:
        """The signed-in instructor's dashboard (all their courses, or one)."""
        params = {"course_id": course_id} if course_id else {}
        return self._call(
            InstructorDashboard, "GET", f"{API_PREFIX}/instructor/dashboard", params=params
        )

    def ensure_session(self) -> Session:
        """Make sure we hold a fresh access token (refreshing if needed)."""
        self._access_token()
        session = self.session
        if session is None:  # pragma: no cover - _access_token raises first
            raise AuthExpired("You are not signed in to the store. Sign in to sync.")
        return session

    # ------------------------------------------------------------------ catalog & keys

    def health(self, timeout: float = 3.0) -> bool:
        """Does the store answer ``GET /v1/health`` within ``timeout`` seconds? A light
        probe, without sign-in or retries, on its own connection (any thread)."""
        try:
            response = requests.get(self.url("/v1/health"), timeout=(timeout, timeout))
        except requests.RequestException:
            return False
        with response:
            return response.status_code == 200

    def catalog_changes(self, cursor: int, limit: int = 200) -> CatalogChanges:
        return self._call(
            CatalogChanges, "GET", f"{API_PREFIX}/catalog/changes",
            params={"cursor": cursor, "limit": limit}, auth=False,
        )

    def course(self, course_id: str) -> CourseDetail:
        return self._call(
            CourseDetail, "GET", f"{API_PREFIX}/catalog/courses/{quote(course_id)}", auth=False
        )

    def preview_item(self, course_id: str, item_id: str) -> PreviewItem:
        """A free-preview item of the course's published version and its files (no sign-in)."""
        return self._call(
            PreviewItem, "GET",
            f"{API_PREFIX}/catalog/courses/{quote(course_id)}/preview/{quote(item_id)}",
            auth=False,
        )

    def preview_file(
        self, url_or_path: str, out: BinaryIO, max_bytes: int = 4 * 1024**3
    ) -> tuple[int, str]:
        """Stream one file of a free-preview item (a `PreviewFile.url`; no sign-in) into
        ``out``; returns (bytes written, their sha256). More than ``max_bytes`` is refused."""
        path = url_or_path
        if path.startswith(self.base_url + "/"):
            path = path[len(self.base_url):]
        if not path.startswith(f"{API_PREFIX}/catalog/courses/") or "/preview/" not in path:
            raise ServerError(
                "The store pointed to a preview file somewhere else, which Satchel does not "
                "follow.", status=200,
            )
        response = self.request("GET", path, auth=False, stream=True)
        digest = hashlib.sha256()
        size = 0
        try:
            for chunk in response.iter_content(1 << 16):
                size += len(chunk)
                if size > max_bytes:
                    raise ServerError("The store sent a larger preview file than it announced.",
                                      status=response.status_code)
                digest.update(chunk)
                out.write(chunk)
        except (requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
            raise Offline("The connection to the store was cut while reading its answer.") \
                from exc
        finally:
            response.close()
        return size, digest.hexdigest()

    def keys(self) -> KeySet:
        return self._call(KeySet, "GET", f"{API_PREFIX}/keys", auth=False)

    # ------------------------------------------------------------------ entitlements

    def lease_raw(self) -> dict[str, Any]:
        """This device's signed lease as raw JSON (signatures are checked on raw bytes)."""
        response = self.request("POST", f"{API_PREFIX}/entitlements/lease")
        try:
            body = response.json()
        except ValueError as exc:
            raise ServerError("The store sent an unreadable lease.", status=200) from exc
        finally:
            response.close()
        if not isinstance(body, dict):
            raise ServerError("The store sent an unreadable lease.", status=200)
        SignedLease.model_validate(body)  # shape check; verification is in sync.leases
        return body

    def entitlements(self) -> list[EntitlementOut]:
        return self._call_list(EntitlementOut, "GET", f"{API_PREFIX}/entitlements")

    def content_key(self, course_id: str, version: str | None = None) -> WrappedContentKey:
        """The course's content key wrapped for this device's X25519 public key."""
        return self._call(
            WrappedContentKey, "GET",
            f"{API_PREFIX}/entitlements/{quote(course_id)}/content-key",
            params={"version": version} if version else None,
        )

    # ------------------------------------------------------------------ content

    @contextmanager
    def open_content(
        self, url_or_path: str, *, start: int = 0, if_range: str | None = None
    ) -> Iterator[requests.Response]:
        """A streamed GET of a content file from byte ``start`` (HTTP Range)."""
        path = url_or_path
        if path.startswith(self.base_url + "/"):
            path = path[len(self.base_url):]
        elif not path.startswith("/"):
            # Never send the bearer token to another host.
            raise ServerError(
                "The store pointed to a download on another server, which Satchel does not "
                "follow.", status=200,
            )
        headers: dict[str, str] = {}
        if start > 0:
            headers["Range"] = f"bytes={start}-"
            if if_range:
                headers["If-Range"] = if_range
        response = self.request("GET", path, headers=headers, stream=True)
        try:
            yield response
        finally:
            response.close()

    # ------------------------------------------------------------------ administration

    def admin_status(self, hours: int = 24) -> StoreStatusOut:
        """The operator's view of the store (administrators only: 403 otherwise)."""
        return self._call(StoreStatusOut, "GET", f"{API_PREFIX}/admin/status",
                          params={"hours": hours})

    # ------------------------------------------------------------------ reviews

    def put_review(self, course_id: str, body: ReviewIn) -> ReviewOut:
        """Rate/review a course this account owns (a second call edits it)."""
        return self._call(ReviewOut, "PUT", f"{API_PREFIX}/courses/{course_id}/review",
                          json=body.model_dump(mode="json"))

    def delete_review(self, course_id: str) -> None:
        self.request("DELETE", f"{API_PREFIX}/courses/{course_id}/review").close()

    def coenrolment(self) -> Coenrolment:
        """How many learners hold each course and each pair of courses, for the recommender
        (the store leaves out every count below its `k`)."""
        return self._call(Coenrolment, "GET", f"{API_PREFIX}/catalog/coenrolment")

    def goal_ratings(self) -> GoalRatings:
        """How learners who share this account's goals rated courses (5+ learners each)."""
        return self._call(GoalRatings, "GET", f"{API_PREFIX}/me/goal-ratings")

    def my_reviews(self) -> MyReviews:
        return self._call(MyReviews, "GET", f"{API_PREFIX}/me/reviews")

    # ------------------------------------------------------------------ institutions

    def join_group(self, code: str) -> MyGroupOut:
        """Join a class (group) with its code; joining again changes nothing."""
        return self._call(MyGroupOut, "POST", f"{API_PREFIX}/groups/join",
                          json=JoinGroupRequest(code=code).model_dump(mode="json"))

    def my_groups(self) -> list[MyGroupOut]:
        return self._call_list(MyGroupOut, "GET", f"{API_PREFIX}/me/groups")

    def leave_group(self, group_id: str) -> None:
        self.request("DELETE", f"{API_PREFIX}/me/groups/{quote(group_id, safe='')}").close()

    def coach_groups(self) -> list[CoachGroupOut]:
        return self._call_list(CoachGroupOut, "GET", f"{API_PREFIX}/coach/groups")

    def course_report(self, group_id: str, course_id: str) -> CourseReport:
        return self._call(CourseReport, "GET",
                          f"{API_PREFIX}/coach/groups/{quote(group_id, safe='')}/courses/"
                          f"{quote(course_id, safe='')}/report")

    # ------------------------------------------------------------------ orders

    def certificate(self, course_id: str) -> SignedCertificate:
        """The store's signed certificate for a course this account completed."""
        return self._call(SignedCertificate, "POST", f"{API_PREFIX}/certificates",
                          json={"course_id": course_id})

    def create_order(self, body: OrderCreate, idempotency_key: str) -> OrderOut:
        return self._call(
            OrderOut, "POST", f"{API_PREFIX}/orders",
            json=body.model_dump(mode="json", exclude_none=True),
            headers={IDEMPOTENCY_HEADER: idempotency_key},
        )

    def quote_order(self, course_id: str, coupon: str) -> OrderQuote:
        """What an order with ``coupon`` would charge (nothing is redeemed); the store's
        refusal (unknown, expired, used up, another course's) is a `ServerError`."""
        body = OrderQuoteRequest(course_id=course_id, coupon=coupon)
        return self._call(OrderQuote, "POST", f"{API_PREFIX}/orders/quote",
                          json=body.model_dump(mode="json"))

    def pay_order(self, order_id: str, payment: PayRequest) -> PayResponse:
        return self._call(
            PayResponse, "POST", f"{API_PREFIX}/orders/{quote(order_id)}/pay",
            json=payment.model_dump(mode="json"),
        )

    def order(self, order_id: str) -> OrderOut:
        return self._call(OrderOut, "GET", f"{API_PREFIX}/orders/{quote(order_id)}")

    def orders(self, *, idempotency_key: str | None = None) -> list[OrderOut]:
        """This account's orders, newest first; with ``idempotency_key`` only the order made
        with that key (an empty list if none was)."""
        params = {"idempotency_key": idempotency_key} if idempotency_key is not None else None
        return self._call_list(OrderOut, "GET", f"{API_PREFIX}/orders", params=params)

    # ------------------------------------------------------------------ learning records

    def push_event_payloads(self, events: Sequence[Mapping[str, Any]]) -> EventPushAnswerData:
        """Push events in their wire form (`LearningEvent` JSON, e.g. from the outbox): encoded
        as they are and the answer parsed into plain data, without a model per event; the
        store validates the events and refuses a bad batch with a 422."""
        body = wirejson.dumps({"events": events})
        response = self._post_json(f"{API_PREFIX}/sync/events", body)
        return self._decode(response, _PUSH_ANSWER.validate_json)

    def pull_event_page(
        self, since: int, limit: int, exclude_device: str | None = None
    ) -> EventPage:
        """The account's events after ``since``, parsed into plain data (`StoredEventData`:
        the checks of `EventPullResponse` without a model per event)."""
        response = self.request("GET", f"{API_PREFIX}/sync/events",
                                params=_pull_params(since, limit, exclude_device))
        data = self._decode(response, _EVENT_PAGE.validate_json)
        return EventPage(data["events"], data["cursor"], data["has_more"])

    def push_records(self, body: RecordPushRequest) -> RecordPushResponse:
        return self._parse(
            self._post_json(f"{API_PREFIX}/sync/records", body.model_dump_json().encode()),
            RecordPushResponse,
        )

    def pull_records(
        self, since: int, limit: int, exclude_device: str | None = None
    ) -> RecordPullResponse:
        return self._call(RecordPullResponse, "GET", f"{API_PREFIX}/sync/records",
                          params=_pull_params(since, limit, exclude_device))
