"""Wire schemas of the Satchel sync protocol v1, shared by the store server and the client.

Everything that crosses the network is one of these pydantic models, serialised as JSON.
Unknown fields are ignored on input (a newer peer may add fields); the server never trusts a
price, an actor, a device id or a sequence number sent by a client.

Conventions:
- money is integer minor units plus an ISO 4217 code (`Money`);
- ids of users, devices, orders and drafts are opaque strings; course ids are bundle ids;
- timestamps are ISO 8601 with a UTC offset, except inside a lease, where they are integer
  Unix seconds so that the signed bytes (`canonical_json`) are unambiguous;
- errors are RFC 7807 problem documents (`Problem`) with a plain `detail`;
- mutable records carry a hybrid logical clock stamp per field and merge last-writer-wins per
  field; the reserved field `_deleted` is the tombstone. A stamp is
  ``<13-digit wall ms>-<6-digit counter>-<node id>`` (`format_hlc`), zero-padded decimal, so
  plain string order is clock order; the client database stores exactly this text too
  (`app.db.hlc`). Node ids are 1-64 of ``A-Z a-z 0-9 _ . -`` (a device id).

Pure data and pure functions: no I/O, no global state; safe from any thread.
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from datetime import datetime
from typing import Annotated, Any, Literal, NotRequired
from uuid import UUID

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    JsonValue,
    field_validator,
)
from typing_extensions import TypedDict  # pydantic needs this one before Python 3.12

API_VERSION = "v1"
API_PREFIX = "/v1"
PROBLEM_MEDIA_TYPE = "application/problem+json"
IDEMPOTENCY_HEADER = "Idempotency-Key"
LEASE_FORMAT = "satchel-lease/1"
LEASE_MAX_DAYS = 30
MAX_EVENT_BATCH = 5000
MAX_RECORD_BATCH = 1000
MAX_PULL_LIMIT = 5000
COENROLMENT_K = 3
DELETED_FIELD = "_deleted"
CONTENT_KEY_SCHEME = "satchel-key-wrap/1"  # bundle.crypto.wrap_key

COURSE_ID_PATTERN = r"^[a-z0-9][a-z0-9-]{2,63}$"
EMAIL_PATTERN = r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$"
HLC_WALL_DIGITS = 13  # milliseconds since the epoch, up to the year 2286
HLC_COUNTER_DIGITS = 6
HLC_MAX_WALL_MS = 10**HLC_WALL_DIGITS - 1
HLC_MAX_COUNTER = 10**HLC_COUNTER_DIGITS - 1
HLC_NODE_PATTERN = r"^[A-Za-z0-9_.-]{1,64}$"
HLC_PATTERN = r"^[0-9]{13}-[0-9]{6}-[A-Za-z0-9_.-]{1,64}$"
COLLECTION_PATTERN = r"^[a-z][a-z0-9_]{0,49}$"
FIELD_PATTERN = r"^(_deleted|[A-Za-z][A-Za-z0-9_.-]{0,63})$"
SHA256_PATTERN = r"^[0-9a-f]{64}$"

#: App release versions (`/v1/app/latest`): 1.2.3, 1.3.0rc1, 2.0-beta.2, 1.0.post1, 1.0+local.
#: The store refuses a release the app's update check could not compare (app.update_check).
APP_VERSION_PATTERN = (
    r"(?i)^v?(?P<release>\d+(?:\.\d+)*)"
    r"(?:[-_.]?(?P<pre>dev|a|alpha|b|beta|c|rc|pre|preview)[-_.]?(?P<pre_n>\d*))?"
    r"(?:[-_.]?(?P<post>post)[-_.]?(?P<post_n>\d*))?"
    r"(?:\+[0-9a-z.]+)?$"
)

Topic = Literal["programming", "data", "fitness", "arts", "language", "finance", "other"]
OrderStatus = Literal["pending", "paid", "refunded", "cancelled"]
PaymentStatus = Literal["pending", "succeeded", "failed", "refunded"]
ProviderName = Literal["sandbox", "voucher", "stripe", "free"]
CourseId = Annotated[str, Field(pattern=COURSE_ID_PATTERN)]
Email = Annotated[str, Field(pattern=EMAIL_PATTERN, max_length=254)]


def canonical_json(value: Any) -> bytes:
    """The exact bytes that get signed: sorted keys, no whitespace, UTF-8, no NaN."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


# Satchel 0.1 peers wrote the counter with fewer digits; it is read, never written.
_HLC_PARTS = re.compile(r"([0-9]{13})-([0-9]{1,6})-(.*)", re.DOTALL)


def check_hlc_node(node: str) -> str:
    """``node`` if it is a valid HLC node id, else ValueError saying what is allowed."""
    if not re.fullmatch(HLC_NODE_PATTERN, node):
        raise ValueError(
            "an HLC node id (device id) must be 1 to 64 letters, digits, '_', '.' or '-'; "
            f"got {node[:80]!r}"
        )
    return node


def format_hlc(wall_ms: int, counter: int, node: str) -> str:
    """The one spelling of a hybrid-logical-clock stamp, on the wire and in the client
    database: ``<13-digit wall ms>-<6-digit counter>-<node id>``, e.g.
    ``1767000000000-000003-9f8e...``. Fixed widths make string order equal clock order."""
    if not 0 <= wall_ms <= HLC_MAX_WALL_MS:
        raise ValueError(f"HLC wall time out of range (0 to {HLC_MAX_WALL_MS} ms): {wall_ms}")
    if not 0 <= counter <= HLC_MAX_COUNTER:
        raise ValueError(f"HLC counter out of range (0 to {HLC_MAX_COUNTER}): {counter}")
    return f"{wall_ms:0{HLC_WALL_DIGITS}d}-{counter:0{HLC_COUNTER_DIGITS}d}-{check_hlc_node(node)}"


def parse_hlc(stamp: str) -> tuple[int, int, str]:
    """`(wall_ms, counter, node)`; tuples compare in HLC order. Also reads the shorter counter
    that Satchel 0.1 wrote. Raises ValueError, saying what a stamp looks like, if malformed."""
    match = _HLC_PARTS.fullmatch(stamp)
    if match is None:
        raise ValueError(
            "not a hybrid logical clock stamp (<13-digit wall ms>-<6-digit counter>-<node id>): "
            f"{stamp[:120]!r}"
        )
    return int(match[1]), int(match[2]), check_hlc_node(match[3])


def normalise_hlc(stamp: str) -> str:
    """``stamp`` in the one spelling `format_hlc` writes (ValueError if it is no stamp)."""
    return format_hlc(*parse_hlc(stamp))


def _wire_hlc(value: Any) -> Any:
    return normalise_hlc(value) if isinstance(value, str) else value


#: An HLC stamp on the wire; whatever a peer sent, the model holds `format_hlc`'s spelling.
Hlc = Annotated[str, Field(pattern=HLC_PATTERN), BeforeValidator(_wire_hlc)]


def _b64_bytes(value: str, length: int, what: str) -> str:
    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(f"{what} must be base64") from None
    if len(raw) != length:
        raise ValueError(f"{what} must be {length} bytes, got {len(raw)}")
    return value


class WireModel(BaseModel):
    """Base of every wire model: unknown fields are ignored (forward compatible)."""

    model_config = ConfigDict(extra="ignore")


# --------------------------------------------------------------------------- errors


class Problem(WireModel):
    """RFC 7807 problem document; `detail` is a plain sentence a user can act on."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    instance: str | None = None


class BundleProblem(WireModel):
    file: str
    field: str
    message: str
    severity: str = "error"
    line: int | None = None


class BundleProblemDocument(Problem):
    """422 answer to a bundle upload: every problem the validator found."""

    problems: list[BundleProblem]


# --------------------------------------------------------------------------- accounts


class DeviceInfo(WireModel):
    """The device a login is for. Reusing `device_id` keeps one device entry per machine."""

    name: str = Field(default="Satchel device", min_length=1, max_length=100)
    platform: str | None = Field(default=None, max_length=50)
    public_key: str | None = Field(
        default=None, description="base64 of the device's raw 32-byte X25519 public key"
    )
    device_id: str | None = Field(default=None, max_length=64)

    @field_validator("public_key")
    @classmethod
    def _check_key(cls, value: str | None) -> str | None:
        return None if value is None else _b64_bytes(value, 32, "public_key")


class RegisterRequest(WireModel):
    email: Email
    password: str = Field(min_length=8, max_length=1024)
    display_name: str = Field(default="", max_length=100)
    device: DeviceInfo = Field(default_factory=lambda: DeviceInfo())


class LoginRequest(WireModel):
    email: Email
    password: str = Field(min_length=1, max_length=1024)
    device: DeviceInfo = Field(default_factory=lambda: DeviceInfo())


class RefreshRequest(WireModel):
    refresh_token: str = Field(min_length=1, max_length=200)


class PasswordChangeRequest(WireModel):
    current_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=8, max_length=1024)


class UserOut(WireModel):
    id: str
    email: str
    display_name: str
    roles: list[str]
    created_at: datetime


class TokenResponse(WireModel):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int
    refresh_expires_in: int
    device_id: str
    user: UserOut


class DeviceOut(WireModel):
    id: str
    name: str
    platform: str | None
    public_key: str | None
    created_at: datetime
    last_seen_at: datetime | None
    revoked_at: datetime | None
    current: bool


class DeviceUpdate(WireModel):
    name: str | None = Field(default=None, min_length=1, max_length=100)
    public_key: str | None = None

    @field_validator("public_key")
    @classmethod
    def _check_key(cls, value: str | None) -> str | None:
        return None if value is None else _b64_bytes(value, 32, "public_key")


# --------------------------------------------------------------------------- catalog


class Money(WireModel):
    amount: int = Field(ge=0, le=10**12, description="integer minor units (cents, fen)")
    currency: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")


class Skill(WireModel):
    id: str
    name: str


class OutlineItem(WireModel):
    id: str
    kind: str
    title: str
    duration_min: float
    skills: list[str]
    free_preview: bool


class OutlineModule(WireModel):
    id: str
    title: str
    items: list[OutlineItem]


class BundleRef(WireModel):
    sha256: str
    size: int
    encrypted: bool
    url: str


class CourseSummary(WireModel):
    id: str
    version: str
    title: str
    description: str
    language: str
    topic: str
    tags: list[str]
    authors: list[str]
    price: Money
    duration_min: float
    item_count: int
    published_at: datetime
    rating_average: float | None = Field(
        default=None, description="mean of the visible learner ratings (1-5), 2 decimals"
    )
    rating_count: int = Field(default=0, description="how many visible ratings")


class CourseDetail(CourseSummary):
    licence: str
    min_app_version: str
    skills: list[Skill]
    outline: list[OutlineModule]
    bundle: BundleRef


ITEM_ID_PATTERN = r"^[a-z0-9_.-]{1,128}$"


class PreviewFile(WireModel):
    """One file a free-preview item needs (its lesson, transcript or an image), in clear."""

    path: str
    size: int
    sha256: str  # of the plaintext bytes served
    url: str


class PreviewItem(WireModel):
    """A free-preview item of a course's published version: what a learner may open before
    buying (`GET /v1/catalog/courses/{id}/preview/{item_id}`)."""

    course_id: str
    version: str
    id: str
    kind: str
    title: str
    path: str
    duration_min: float
    skills: list[str]
    completion: dict[str, Any]
    transcript: str | None = None
    files: list[PreviewFile]


class CatalogPage(WireModel):
    items: list[CourseSummary]
    total: int
    limit: int
    offset: int


class CatalogChanges(WireModel):
    """Courses changed since `cursor` of the request; pass the returned `cursor` next time."""

    cursor: int
    courses: list[CourseSummary]
    removed: list[str]
    has_more: bool


class CoenrolmentPair(WireModel):
    a: str
    b: str
    count: int


class CourseCount(WireModel):
    course_id: str
    count: int


class Coenrolment(WireModel):
    """Anonymised aggregates: counts below `k` are left out."""

    k: int
    courses: list[CourseCount]
    pairs: list[CoenrolmentPair]


# --------------------------------------------------------------------------- orders


class OrderCreate(WireModel):
    """A purchase intent. The price is always the server's; `expected_price` (what the user
    confirmed) makes the server refuse with 409 if the price changed meanwhile."""

    course_id: CourseId
    expected_price: Money | None = None
    coupon: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description="an instructor's coupon code; `expected_price` is still the list price",
    )


class OrderQuoteRequest(WireModel):
    """What an order for `course_id` with `coupon` would cost (nothing is redeemed)."""

    course_id: CourseId
    coupon: str = Field(min_length=1, max_length=64)


class OrderQuote(WireModel):
    course_id: CourseId
    coupon: str = Field(description="the code as stored (upper case)")
    list_price: Money
    price: Money = Field(description="what an order with this coupon charges now")


class PaymentOut(WireModel):
    id: str
    provider: str
    status: PaymentStatus
    message: str
    created_at: datetime


class OrderOut(WireModel):
    id: str
    course_id: str
    version: str
    status: OrderStatus
    price: Money
    provider: str | None
    created_at: datetime
    paid_at: datetime | None
    refunded_at: datetime | None
    payments: list[PaymentOut]
    list_price: Money | None = Field(
        default=None, description="the course's price before the coupon (None: no coupon)"
    )
    coupon: str | None = None


class SandboxPayment(WireModel):
    provider: Literal["sandbox"]
    card_number: str = Field(min_length=1, max_length=40)


class VoucherPayment(WireModel):
    provider: Literal["voucher"]
    code: str = Field(min_length=1, max_length=64)


class StripePayment(WireModel):
    provider: Literal["stripe"]
    success_url: str = Field(pattern=r"^https?://", max_length=2000)
    cancel_url: str = Field(pattern=r"^https?://", max_length=2000)


PayRequest = Annotated[
    SandboxPayment | VoucherPayment | StripePayment, Field(discriminator="provider")
]


class PayResponse(WireModel):
    order: OrderOut
    checkout_url: str | None = None


class RefundRequest(WireModel):
    reason: str = Field(default="", max_length=500)


class ReceiptLine(WireModel):
    description: str
    amount: Money


class ReceiptOut(WireModel):
    id: str
    number: str
    order_id: str
    kind: Literal["purchase", "refund"]
    issued_at: datetime
    total: Money
    provider: str
    lines: list[ReceiptLine]


class LedgerBalance(WireModel):
    account: str
    currency: str
    balance: int


class LedgerReport(WireModel):
    """Double-entry check: every transaction sums to zero per currency."""

    balanced: bool
    transactions: int
    unbalanced_transactions: list[int]
    accounts: list[LedgerBalance]


# --------------------------------------------------------------------------- creators' money


CouponKind = Literal["percent", "fixed"]


class CouponCreate(WireModel):
    """A discount code of an instructor: `percent` (1-100, whole percent) or `fixed` (minor
    units of the course's currency; needs `course_id`). Without `course_id` a percent coupon
    applies to every course of its author."""

    code: str = Field(min_length=3, max_length=64, pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
    course_id: CourseId | None = None
    kind: CouponKind
    value: int = Field(ge=1, le=10**12)
    max_uses: int | None = Field(default=None, ge=1, le=10_000_000)
    expires_at: AwareDatetime | None = None


class CouponOut(WireModel):
    code: str
    course_id: str | None
    kind: CouponKind
    value: int
    max_uses: int | None
    uses: int
    expires_at: datetime | None
    created_at: datetime


# --------------------------------------------------------------------------- learner feedback


class ReviewIn(WireModel):
    """A learner's rating (1-5 stars) and optional review text of a course they own."""

    rating: int = Field(ge=1, le=5)
    text: str = Field(default="", max_length=5000)


class ReviewOut(WireModel):
    id: int
    course_id: str
    rating: int
    text: str
    author: str = Field(description="the reviewer's display name (never the email)")
    created_at: datetime
    updated_at: datetime
    hidden: bool = False


class ErrorEntry(WireModel):
    at: datetime
    request_id: str
    method: str
    route: str
    status: int
    error: str


class SalesFigure(WireModel):
    currency: str
    orders: int
    amount: int  # minor units


class StoreStatusOut(WireModel):
    """The operator's view of the store (``GET /v1/admin/status``, `satchel-store status`)."""

    healthy: bool
    backend: str
    database: str = Field(description='"ok" or what is wrong')
    hours: int
    paid: list[SalesFigure]
    refunded: int
    new_accounts: int
    sync_events: int
    sync_users: int
    sync_devices: int
    errors_total: int
    recent_errors: list[ErrorEntry]


class GoalRating(WireModel):
    """How learners who share one of the caller's goals rated a course."""

    goal_course_id: str = Field(description="the course of the caller's goal they share")
    course_id: str
    average: float
    count: int


class GoalRatings(WireModel):
    """``GET /v1/me/goal-ratings``: only figures from at least `min_learners` learners."""

    items: list[GoalRating]
    min_learners: int


class MyReviews(WireModel):
    """The caller's own reviews, every course (``GET /v1/me/reviews``)."""

    items: list[ReviewOut]


class ReviewPage(WireModel):
    items: list[ReviewOut]
    total: int
    limit: int
    offset: int
    rating_average: float | None = None
    rating_count: int = 0


class VoucherPoolCreate(WireModel):
    name: str = Field(min_length=1, max_length=200)
    seats: int = Field(ge=1, le=1_000_000)
    course_ids: list[CourseId] | None = None
    codes: int = Field(default=1, ge=1, le=1000)
    expires_at: AwareDatetime | None = None


class VoucherPoolOut(WireModel):
    id: str
    name: str
    seats_total: int
    seats_used: int
    course_ids: list[str] | None
    codes: list[str]
    expires_at: datetime | None


# --------------------------------------------------------------------------- entitlements


class EntitlementOut(WireModel):
    course_id: str
    source: str
    order_id: str | None
    granted_at: datetime


class LeaseBody(WireModel):
    """What the store signs. Timestamps are Unix seconds (UTC)."""

    format: Literal["satchel-lease/1"] = "satchel-lease/1"
    lease_id: str
    user_id: str
    device_id: str
    courses: list[str]
    issued_at: int
    expires_at: int
    key_id: str


class SignedLease(WireModel):
    """`signature` is Ed25519 over `canonical_json(lease)`, base64."""

    lease: LeaseBody
    alg: Literal["ed25519"] = "ed25519"
    key_id: str
    signature: str


# --------------------------------------------------------------------------- certificates

CERTIFICATE_FORMAT: Literal["satchel-certificate/1"] = "satchel-certificate/1"
#: the xAPI verb of a completed lesson or quiz (app.services.verbs.COMPLETED)
COMPLETED_VERB = "http://adlnet.gov/expapi/verbs/completed"


class CertificateRequest(WireModel):
    course_id: str = Field(pattern=COURSE_ID_PATTERN)


class CertificateClaim(WireModel):
    """What a course certificate states. The store signs `canonical_json` of it."""

    format: Literal["satchel-certificate/1"] = CERTIFICATE_FORMAT
    code: str  # the verification code printed on the certificate (from the claim's hash)
    user_id: str
    learner_name: str
    course_id: str
    course_title: str
    course_version: str
    completed_on: str  # ISO date of the last completion the course needed
    issued_at: int  # unix seconds
    store: str  # the store that issued it (its public URL, or its name)
    key_id: str


class SignedCertificate(WireModel):
    """`signature` is Ed25519 over `canonical_json(certificate)`, base64; `public_key` is the
    signing key (raw, base64), to be compared with the store's published key."""

    certificate: CertificateClaim
    alg: Literal["ed25519"] = "ed25519"
    key_id: str
    public_key: str
    signature: str


class CertificateCheck(WireModel):
    valid: bool
    reason: str
    certificate: CertificateClaim | None = None


def certificate_code(claim_without_code: dict[str, Any]) -> str:
    """The verification code of a claim: 16 base32 characters of the sha256 of its
    canonical JSON (without the code), grouped by four: 'K7QF-2M9X-...'."""
    import hashlib

    body = {k: v for k, v in claim_without_code.items() if k != "code"}
    digest = hashlib.sha256(canonical_json(body)).digest()
    text = base64.b32encode(digest).decode("ascii")[:16]
    return "-".join(text[i : i + 4] for i in range(0, 16, 4))


class PublicKeyOut(WireModel):
    key_id: str
    alg: Literal["ed25519"]
    use: str
    public_key: str


class KeyRotation(WireModel):
    """The store's statement that it moved from one signing key to another, signed with the
    old key (`rotation_signing_bytes`): a client that pinned the old key accepts the new one
    only with it."""

    old_key_id: str
    new_key_id: str
    new_public_key: str  # base64 raw Ed25519
    signature: str  # base64, by the old key


class KeySet(WireModel):
    keys: list[PublicKeyOut]
    rotations: list[KeyRotation] = Field(default_factory=list)


def rotation_signing_bytes(old_key_id: str, new_key_id: str, new_public_key: str) -> bytes:
    """The bytes a key rotation's signature covers."""
    return canonical_json(
        {
            "type": "satchel-key-rotation/1",
            "old_key_id": old_key_id,
            "new_key_id": new_key_id,
            "new_public_key": new_public_key,
        }
    )


class WrappedContentKey(WireModel):
    course_id: str
    version: str
    device_id: str
    scheme: str
    wrapped_key: str


def lease_signing_bytes(lease: LeaseBody) -> bytes:
    """The bytes the lease signature covers."""
    return canonical_json(lease.model_dump(mode="json"))


# --------------------------------------------------------------------------- sync


class EventObject(WireModel):
    id: str = Field(min_length=1, max_length=200)
    kind: str | None = Field(default=None, max_length=50)
    course_id: str | None = Field(default=None, max_length=64)


class LearningEvent(WireModel):
    """An xAPI-shaped learning record (the actor is the authenticated user). `id` is a UUID
    made on the device; pushing the same id again is a no-op."""

    id: UUID
    verb: str = Field(min_length=1, max_length=200)
    object: EventObject
    # `Any`, not `JsonValue`: a field read from JSON text can only hold JSON values, and
    # checking each nested value again was most of the cost of validating a 5,000-event push
    # or pull page (bench/sync_bench.py). Built in Python, a non-JSON value fails when the
    # event is encoded.
    result: dict[str, Any] | None = None
    context: dict[str, Any] | None = None
    timestamp: AwareDatetime


class EventPushRequest(WireModel):
    events: list[LearningEvent] = Field(max_length=MAX_EVENT_BATCH)


class EventPushResult(WireModel):
    id: UUID
    status: Literal["accepted", "duplicate"]
    seq: int


class EventPushResponse(WireModel):
    results: list[EventPushResult]
    cursor: int


class StoredEvent(LearningEvent):
    seq: int
    device_id: str
    received_at: datetime


class EventPullResponse(WireModel):
    """Events after the request's `since`; `cursor` is where the next pull starts."""

    events: list[StoredEvent]
    cursor: int
    has_more: bool


# The sync event models above as plain data (TypedDicts), which is what 5,000-event batches
# are parsed into: the store parses a push into `EventPushData`, a device a push answer into
# `EventPushAnswerData` and a pull page into `EventPageData`. The same checks as the models
# (tests/store/test_push_data.py and tests/sync/test_pull_page_data.py hold them together),
# at about half the cost of building a model per event (bench/sync_bench.py).


class EventObjectData(TypedDict):
    id: Annotated[str, Field(min_length=1, max_length=200)]
    kind: NotRequired[Annotated[str, Field(max_length=50)] | None]
    course_id: NotRequired[Annotated[str, Field(max_length=64)] | None]


class LearningEventData(TypedDict):
    id: UUID
    verb: Annotated[str, Field(min_length=1, max_length=200)]
    object: EventObjectData
    result: NotRequired[dict[str, Any] | None]
    context: NotRequired[dict[str, Any] | None]
    timestamp: AwareDatetime


class StoredEventData(LearningEventData):
    seq: int
    device_id: str
    received_at: datetime


class EventPushData(TypedDict):
    events: Annotated[list[LearningEventData], Field(max_length=MAX_EVENT_BATCH)]


class EventPushResultData(TypedDict):
    id: str  # compared with the ids sent; an id that matches none is "not confirmed"
    status: Literal["accepted", "duplicate"]
    seq: int


class EventPushAnswerData(TypedDict):
    """`EventPushResponse` as plain data (what a device parses a push answer into)."""

    results: list[EventPushResultData]
    cursor: int


class EventPageData(TypedDict):
    events: list[StoredEventData]
    cursor: int
    has_more: bool


class FieldValue(WireModel):
    value: JsonValue
    hlc: Hlc


class RecordChange(WireModel):
    """Changed fields of one mutable record. `fields["_deleted"]` is the tombstone."""

    collection: str = Field(pattern=COLLECTION_PATTERN)
    record_id: str = Field(min_length=1, max_length=200)
    fields: dict[str, FieldValue] = Field(min_length=1, max_length=100)

    @field_validator("fields")
    @classmethod
    def _check_names(cls, value: dict[str, FieldValue]) -> dict[str, FieldValue]:
        for name in value:
            if not re.fullmatch(FIELD_PATTERN, name):
                raise ValueError(f"invalid field name {name!r}")
        return value


class RecordPushRequest(WireModel):
    records: list[RecordChange] = Field(max_length=MAX_RECORD_BATCH)


class RecordPushResult(WireModel):
    collection: str
    record_id: str
    applied: list[str]
    ignored: list[str]


class RecordPushResponse(WireModel):
    results: list[RecordPushResult]
    cursor: int


class StoredField(FieldValue):
    device_id: str
    seq: int


class RecordState(WireModel):
    collection: str
    record_id: str
    fields: dict[str, StoredField]
    deleted: bool


class RecordPullResponse(WireModel):
    records: list[RecordState]
    cursor: int
    has_more: bool


# --------------------------------------------------------------------------- publishing


class DraftOut(WireModel):
    id: str
    course_id: str
    version: str
    title: str
    status: Literal["draft", "published", "held", "rejected"]
    sha256: str
    size: int
    encrypted: bool
    created_at: datetime
    published_at: datetime | None
    content_url: str
    changelog: str = ""


class UploadStart(WireModel):
    """Start (or resume) a resumable bundle upload: the whole file's size and sha256. An
    unexpired upload of the caller with the same size and sha256 is returned instead of a
    new one, so a client resumes from its `offset`."""

    size: int = Field(ge=1)
    sha256: str = Field(pattern=SHA256_PATTERN)


class UploadOut(WireModel):
    id: str
    size: int
    sha256: str
    offset: int  # bytes received so far; the next chunk starts here
    chunk_size: int  # the largest chunk one PUT may carry
    expires_at: datetime


class UploadFinish(WireModel):
    """Turn a complete upload into a draft (the same checks as POST /v1/publish/drafts)."""

    content_key: str | None = Field(default=None, max_length=100)
    changelog: str = Field(default="", max_length=5000)


class CreatorAgreement(WireModel):
    version: str
    text: str
    sha256: str


class SimilarCourse(WireModel):
    """A published course of another author that the new bundle resembles."""

    course_id: str
    version: str
    title: str
    text_overlap: float = Field(description="share of the new text's shingles found there")
    shared_media: int = Field(description="media files with the same content")


class PublishReport(WireModel):
    draft: DraftOut
    course: CourseDetail
    warnings: list[BundleProblem]
    similar: list[SimilarCourse]
    would_hold: bool
    agreement_required: CreatorAgreement | None


class PublishRequest(WireModel):
    accept_agreement: str | None = Field(
        default=None, max_length=32, description="the agreement version the instructor accepts"
    )


class PublishOutcome(WireModel):
    status: Literal["published", "held"]
    course_id: str
    version: str
    sha256: str
    published_at: datetime | None = None
    hold_id: str | None = None
    similar: list[SimilarCourse] = Field(default_factory=list)


class PublishedVersion(WireModel):
    course_id: str
    version: str
    published_at: datetime
    sha256: str


class Health(WireModel):
    status: Literal["ok"]
    api: str
    database: str


# ---------------------------------------------------------------- instructor dashboard


class MonthMoney(WireModel):
    """One currency's sales of one month, exactly as the payout statement of that month
    counts them (`store.payouts.statement`): gross sales, refunds netted in the month they
    happen, net = gross - refunds, payout = net - platform fee."""

    currency: str
    sales_count: int
    gross: int
    refund_count: int
    refunds: int
    net: int
    payout: int


class DashboardMonth(WireModel):
    month: str = Field(description="YYYY-MM (UTC)")
    enrolments: int = Field(description="entitlements granted in the month")
    money: list[MonthMoney] = Field(default_factory=list)


class LessonFunnelStep(WireModel):
    item_id: str
    title: str
    completed: int
    share: float = Field(description="completed / enrolled learners, 0..1")


class QuestionAnalysis(WireModel):
    """First attempts only. `discrimination` is the corrected point-biserial correlation
    between the question (1 correct, 0 not) and each learner's share correct on the course's
    other questions; None when it is undefined (no spread, or no other question)."""

    question_id: str
    quiz_title: str
    suppressed: bool = Field(description="fewer learners than the privacy threshold answered")
    learners: int | None = None
    share_correct: float | None = None
    discrimination: float | None = None


class CourseDashboard(WireModel):
    course_id: str
    title: str
    enrolments: int = Field(description="learners who hold the course now")
    learners_suppressed: bool = Field(
        description="fewer active learners (who synced any activity) than the threshold: "
        "no funnel, study time or item analysis"
    )
    active_learners: int | None = None
    funnel: list[LessonFunnelStep] = Field(default_factory=list)
    average_study_minutes: float | None = None
    questions: list[QuestionAnalysis] = Field(default_factory=list)
    ratings_suppressed: bool = Field(description="fewer reviews than the threshold")
    rating_average: float | None = None
    rating_count: int | None = None
    latest_reviews: list[ReviewOut] = Field(default_factory=list)


class InstructorDashboard(WireModel):
    instructor_id: str
    generated_at: datetime
    min_learners: int = Field(description="the privacy threshold: no figure about fewer")
    months: list[DashboardMonth] = Field(description="oldest first, ending this month")
    courses: list[CourseDashboard]
