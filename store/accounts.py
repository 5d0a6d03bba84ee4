"""Accounts: register, login (throttled per account), token refresh with rotation and reuse
detection, logout, password change, devices, and bearer-token authentication.

Token model: each login on a device opens a `TokenFamily`. A refresh token may be used once;
using it returns a new pair in the same family. Presenting an already-used refresh token
means it was stolen or replayed, so the whole family (every refresh and access token in it)
is revoked. Revoking a device or changing the password revokes families too.

Lost answers: if the answer to a refresh never reached the client, the client can only retry
with the token it still holds, which is now used. Within `refresh_reuse_grace` seconds of
that use, and only while the pair it rotated to is the family's newest and has not been used
itself, the retry gets the *same* pair again (an idempotent retry) instead of a revocation.
The pair is not stored anywhere to make that possible: a rotation derives it from the
presented token with the store's secret token key (`store.security.successor_tokens`), so the
retry recomputes it and finds it by its hash. Outside the window, or once the new refresh
token was used (by the client or a thief), re-presenting the old token revokes the family.

Functions take the request's `Session` and commit themselves; call from one thread per
session.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from store.context import StoreContext
from store.db.models import (
    AccessToken,
    Device,
    LoginThrottle,
    RefreshToken,
    TokenFamily,
    User,
)
from store.db.types import utcnow
from store.problems import ProblemError, conflict, not_found, unauthorized
from store.security import (
    ACCESS_PREFIX,
    REFRESH_PREFIX,
    new_token,
    normalise_email,
    successor_tokens,
    token_hash,
)
from sync.protocol import (
    DeviceInfo,
    DeviceOut,
    DeviceUpdate,
    LoginRequest,
    PasswordChangeRequest,
    RegisterRequest,
    TokenResponse,
    UserOut,
)

log = logging.getLogger(__name__)

WRONG_CREDENTIALS = "Wrong email or password."


@dataclass(frozen=True)
class Auth:
    """Who is calling: resolved from a valid, unrevoked access token."""

    user_id: str
    device_id: str
    family_id: str
    email: str
    is_admin: bool
    is_instructor: bool


def user_out(user: User) -> UserOut:
    roles = [r for r, on in (("instructor", user.is_instructor), ("admin", user.is_admin)) if on]
    return UserOut(
        id=user.id,
        email=user.email,
        display_name=user.display_name,
        roles=roles,
        created_at=user.created_at,
    )


def device_out(device: Device, current_device_id: str) -> DeviceOut:
    return DeviceOut(
        id=device.id,
        name=device.name,
        platform=device.platform,
        public_key=device.public_key,
        created_at=device.created_at,
        last_seen_at=device.last_seen_at,
        revoked_at=device.revoked_at,
        current=device.id == current_device_id,
    )


# --------------------------------------------------------------------------- tokens


def _revoke_families(session: Session, families: list[str], reason: str) -> None:
    if not families:
        return
    now = utcnow()
    session.execute(
        update(TokenFamily)
        .where(TokenFamily.id.in_(families), TokenFamily.revoked_at.is_(None))
        .values(revoked_at=now, revoked_reason=reason)
    )
    session.execute(delete(AccessToken).where(AccessToken.family_id.in_(families)))


def _issue(
    session: Session,
    ctx: StoreContext,
    user: User,
    device: Device,
    family_id: str | None,
    *,
    rotated_from: str | None = None,
) -> TokenResponse:
    """A new pair: random for a new family, derived from ``rotated_from`` for a rotation."""
    now = utcnow()
    settings = ctx.settings
    if family_id is None:
        family = TokenFamily(user_id=user.id, device_id=device.id, created_at=now)
        session.add(family)
        session.flush()
        family_id = family.id
    if rotated_from is None:
        refresh = new_token(REFRESH_PREFIX)
        access = new_token(ACCESS_PREFIX)
    else:
        refresh, access = successor_tokens(ctx.keys.token_key, rotated_from)
    session.add(
        RefreshToken(
            token_hash=token_hash(refresh),
            family_id=family_id,
            created_at=now,
            expires_at=now + timedelta(seconds=settings.refresh_token_ttl),
        )
    )
    session.add(
        AccessToken(
            token_hash=token_hash(access),
            family_id=family_id,
            user_id=user.id,
            device_id=device.id,
            expires_at=now + timedelta(seconds=settings.access_token_ttl),
        )
    )
    device.last_seen_at = now
    # Housekeeping: expired access tokens are useless; drop them as we go.
    session.execute(delete(AccessToken).where(AccessToken.expires_at < now))
    return TokenResponse(
        access_token=access,
        refresh_token=refresh,
        expires_in=settings.access_token_ttl,
        refresh_expires_in=settings.refresh_token_ttl,
        device_id=device.id,
        user=user_out(user),
    )


def _device_for_login(session: Session, user: User, info: DeviceInfo) -> Device:
    if info.device_id:
        device = session.get(Device, info.device_id)
        if device is not None and device.user_id == user.id and device.revoked_at is None:
            device.name = info.name
            device.platform = info.platform or device.platform
            device.public_key = info.public_key or device.public_key
            return device
    device = Device(
        user_id=user.id, name=info.name, platform=info.platform, public_key=info.public_key
    )
    session.add(device)
    session.flush()
    return device


def register(session: Session, ctx: StoreContext, req: RegisterRequest) -> TokenResponse:
    email = normalise_email(req.email)
    if session.scalar(select(User.id).where(User.email == email)) is not None:
        raise conflict("An account with this email already exists; sign in instead.")
    user = User(
        email=email,
        password_hash=ctx.passwords.hash(req.password),
        display_name=req.display_name.strip(),
    )
    session.add(user)
    try:
        session.flush()
    except IntegrityError:
        session.rollback()
        raise conflict("An account with this email already exists; sign in instead.") from None
    device = _device_for_login(session, user, req.device)
    response = _issue(session, ctx, user, device, None)
    session.commit()
    return response


# --------------------------------------------------------------------------- throttling


def _throttle_check(session: Session, key: str, now: datetime) -> LoginThrottle | None:
    row = session.get(LoginThrottle, key)
    if row is not None and row.locked_until is not None and row.locked_until > now:
        wait = max(1, math.ceil((row.locked_until - now).total_seconds()))
        raise ProblemError(
            429,
            f"Too many failed sign-in attempts for this account; try again in {wait} seconds.",
            code="login-throttled",
            headers={"Retry-After": str(wait)},
        )
    return row


def _throttle_fail(
    session: Session, ctx: StoreContext, key: str, row: LoginThrottle | None, now: datetime
) -> None:
    s = ctx.settings
    if row is None:
        row = LoginThrottle(key=key, failures=0, window_started_at=now, lock_count=0)
        session.add(row)
    if now - row.window_started_at > timedelta(seconds=s.login_window):
        row.failures = 0
        row.window_started_at = now
    row.failures += 1
    if row.failures >= s.login_max_failures:
        # Each further lock doubles, up to a day.
        seconds = min(s.login_lock_seconds * 2**row.lock_count, 24 * 3600)
        row.locked_until = now + timedelta(seconds=seconds)
        row.lock_count += 1
        row.failures = 0
        row.window_started_at = now
    try:
        session.commit()
    except IntegrityError:  # a concurrent failure created the row first; one count lost
        session.rollback()


def login(session: Session, ctx: StoreContext, req: LoginRequest) -> TokenResponse:
    email = normalise_email(req.email)
    now = utcnow()
    row = _throttle_check(session, email, now)
    user = session.scalar(select(User).where(User.email == email))
    if not ctx.passwords.verify(user.password_hash if user else None, req.password):
        _throttle_fail(session, ctx, email, row, now)
        raise unauthorized(WRONG_CREDENTIALS, code="wrong-credentials")
    assert user is not None
    if row is not None:
        session.delete(row)
    if ctx.passwords.needs_rehash(user.password_hash):
        user.password_hash = ctx.passwords.hash(req.password)
    device = _device_for_login(session, user, req.device)
    response = _issue(session, ctx, user, device, None)
    session.commit()
    return response


def refresh(session: Session, ctx: StoreContext, token: str) -> TokenResponse:
    now = utcnow()
    expired = unauthorized("Your session has expired; sign in again.", code="session-expired")
    rt = session.get(RefreshToken, token_hash(token))
    if rt is None:
        raise expired
    family = session.get(TokenFamily, rt.family_id)
    if family is None or family.revoked_at is not None:
        raise expired
    marked = session.execute(
        update(RefreshToken)
        .where(RefreshToken.token_hash == rt.token_hash, RefreshToken.used_at.is_(None))
        .values(used_at=now)
    )
    if marked.rowcount == 0:  # type: ignore[attr-defined]
        retried = _retry_after_lost_answer(session, ctx, family, token, now)
        if retried is not None:
            session.commit()
            return retried
        _revoke_families(session, [family.id], "refresh-token-reuse")
        session.commit()
        raise unauthorized(
            "This session was ended because an old sign-in token was used again, which can "
            "mean it was copied. Sign in again.",
            code="refresh-token-reuse",
        )
    device = session.get(Device, family.device_id)
    user = session.get(User, family.user_id)
    if rt.expires_at <= now or device is None or device.revoked_at is not None or user is None:
        session.commit()
        raise expired
    response = _issue(session, ctx, user, device, family.id, rotated_from=token)
    session.commit()
    return response


def _seconds_left(until: datetime, now: datetime) -> int:
    return max(0, int((until - now).total_seconds()))


def _retry_after_lost_answer(
    session: Session, ctx: StoreContext, family: TokenFamily, token: str, now: datetime
) -> TokenResponse | None:
    """The pair ``token`` was already rotated to, if re-presenting it is a retry after a lost
    answer (see the module docstring); None when it must count as reuse."""
    grace = ctx.settings.refresh_reuse_grace
    # Read used_at from the database: the row in the session may predate a concurrent use.
    used_at = session.scalar(
        select(RefreshToken.used_at).where(RefreshToken.token_hash == token_hash(token))
    )
    if grace <= 0 or used_at is None or now - used_at > timedelta(seconds=grace):
        return None
    refresh, access = successor_tokens(ctx.keys.token_key, token)
    successor = session.get(RefreshToken, token_hash(refresh))
    if (
        successor is None  # the use was refused (e.g. the token had expired): no pair
        or successor.family_id != family.id
        or successor.used_at is not None  # the new pair is in use: this is a replay
        or successor.expires_at <= now
    ):
        return None
    device = session.get(Device, family.device_id)
    user = session.get(User, family.user_id)
    if device is None or device.revoked_at is not None or user is None:
        return None
    access_row = session.get(AccessToken, token_hash(access))
    access_expires = (
        access_row.expires_at
        if access_row is not None
        else successor.created_at + timedelta(seconds=ctx.settings.access_token_ttl)
    )
    device.last_seen_at = now
    log.info("refresh retried within %ss for family %s: same pair returned", grace, family.id)
    return TokenResponse(
        access_token=access,
        refresh_token=refresh,
        expires_in=_seconds_left(access_expires, now),
        refresh_expires_in=_seconds_left(successor.expires_at, now),
        device_id=device.id,
        user=user_out(user),
    )


def logout(session: Session, auth: Auth) -> None:
    _revoke_families(session, [auth.family_id], "logout")
    session.commit()


def change_password(
    session: Session, ctx: StoreContext, auth: Auth, req: PasswordChangeRequest
) -> None:
    now = utcnow()
    row = _throttle_check(session, auth.email, now)
    user = session.get(User, auth.user_id)
    assert user is not None
    if not ctx.passwords.verify(user.password_hash, req.current_password):
        _throttle_fail(session, ctx, auth.email, row, now)
        raise ProblemError(403, "The current password is wrong.", code="wrong-password")
    user.password_hash = ctx.passwords.hash(req.new_password)
    user.password_changed_at = now
    others = session.scalars(
        select(TokenFamily.id).where(
            TokenFamily.user_id == user.id,
            TokenFamily.id != auth.family_id,
            TokenFamily.revoked_at.is_(None),
        )
    ).all()
    _revoke_families(session, list(others), "password-change")
    session.commit()


def authenticate(session: Session, token: str) -> Auth:
    """Resolve a bearer access token, or raise 401."""
    invalid = unauthorized(
        "Your sign-in is not valid any more (expired, signed out or device removed); sign in "
        "again or refresh the session.",
        code="invalid-token",
    )
    if not token.startswith(ACCESS_PREFIX):
        raise invalid
    row = session.execute(
        select(AccessToken, TokenFamily.revoked_at, Device.revoked_at, User)
        .join(TokenFamily, TokenFamily.id == AccessToken.family_id)
        .join(Device, Device.id == AccessToken.device_id)
        .join(User, User.id == AccessToken.user_id)
        .where(AccessToken.token_hash == token_hash(token))
    ).first()
    if row is None:
        raise invalid
    access, family_revoked, device_revoked, user = row
    if access.expires_at <= utcnow() or family_revoked is not None or device_revoked is not None:
        raise invalid
    return Auth(
        user_id=user.id,
        device_id=access.device_id,
        family_id=access.family_id,
        email=user.email,
        is_admin=user.is_admin,
        is_instructor=user.is_instructor,
    )


# --------------------------------------------------------------------------- devices


def list_devices(session: Session, auth: Auth) -> list[DeviceOut]:
    devices = session.scalars(
        select(Device).where(Device.user_id == auth.user_id).order_by(Device.created_at)
    ).all()
    return [device_out(d, auth.device_id) for d in devices]


def _own_device(session: Session, auth: Auth, device_id: str) -> Device:
    device = session.get(Device, device_id)
    if device is None or device.user_id != auth.user_id:
        raise not_found("No such device on your account.")
    return device


def update_device(session: Session, auth: Auth, device_id: str, req: DeviceUpdate) -> DeviceOut:
    device = _own_device(session, auth, device_id)
    if device.revoked_at is not None:
        raise conflict("This device was removed from your account.")
    if req.name is not None:
        device.name = req.name
    if req.public_key is not None:
        device.public_key = req.public_key
    session.commit()
    return device_out(device, auth.device_id)


def revoke_device(session: Session, auth: Auth, device_id: str) -> DeviceOut:
    device = _own_device(session, auth, device_id)
    if device.revoked_at is None:
        device.revoked_at = utcnow()
    families = session.scalars(
        select(TokenFamily.id).where(TokenFamily.device_id == device.id)
    ).all()
    _revoke_families(session, list(families), "device-revoked")
    session.commit()
    return device_out(device, auth.device_id)


def set_role(session: Session, email: str, *, instructor: bool | None, admin: bool | None) -> User:
    """Grant or remove roles (CLI use)."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None:
        raise not_found(f"No account with the email {email}.")
    if instructor is not None:
        user.is_instructor = instructor
    if admin is not None:
        user.is_admin = admin
    session.commit()
    return user
