"""Accounts: register, login (throttled per attempt source, IP and account; see
`store.throttle`), token refresh with rotation and reuse
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
session. `register`, `login` and `change_password` are coroutines instead: they open short
sessions of their own in the thread pool and hash on `ctx.hash_pool`, never inside a
transaction, so a sign-in flood cannot hold the database's write lock.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from store.context import StoreContext
from store.db.models import (
    AccessToken,
    Device,
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
from store.throttle import Rule
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


def _register_write(ctx: StoreContext, req: RegisterRequest, password_hash: str) -> TokenResponse:
    email = normalise_email(req.email)
    with ctx.db.session(write=True) as session:
        user = User(email=email, password_hash=password_hash, display_name=req.display_name.strip())
        session.add(user)
        try:
            session.flush()
        except IntegrityError:
            session.rollback()
            raise _email_taken() from None
        device = _device_for_login(session, user, req.device)
        response = _issue(session, ctx, user, device, None)
        session.commit()
        return response


def _email_taken() -> ProblemError:
    return conflict("An account with this email already exists; sign in instead.")


def _register_check(ctx: StoreContext, source: str, req: RegisterRequest) -> None:
    email = normalise_email(req.email)
    s = ctx.settings
    ctx.limits.attempt(
        f"register:ip:{source}",
        Rule(s.register_per_ip_hour, 3600),
        "Too many new accounts from your network",
        code="register-throttled",
    )
    ctx.limits.attempt(
        f"register:email:{email}",
        Rule(s.register_per_email_hour, 3600),
        "Too many attempts to register this email",
        code="register-throttled",
    )
    with ctx.db.read() as session:
        if session.scalar(select(User.id).where(User.email == email)) is not None:
            raise _email_taken()


async def register(ctx: StoreContext, source: str, req: RegisterRequest) -> TokenResponse:
    """Limits and the email check, then the hash on the bounded pool, then one short write
    transaction; `source` is the client's IP address."""
    await run_in_threadpool(_register_check, ctx, source, req)
    password_hash = await ctx.hash_pool.run(ctx.passwords.hash, req.password)
    return await run_in_threadpool(_register_write, ctx, req, password_hash)


# --------------------------------------------------------------------------- throttling


def _login_keys(source: str, email: str) -> tuple[str, str, str]:
    """(attempt source = IP + account, IP, account)."""
    return f"login:src:{source}|{email}", f"login:ip:{source}", f"login:acct:{email}"


THROTTLED = "Too many failed sign-in attempts for this account from your network"


@dataclass(frozen=True)
class _LoginCandidate:
    email: str
    user_id: str | None
    password_hash: str | None
    trusted_device: bool  # the request names a live device of this account


def _login_prepare(ctx: StoreContext, source: str, req: LoginRequest) -> _LoginCandidate:
    s = ctx.settings
    email = normalise_email(req.email)
    src, ip, acct = _login_keys(source, email)
    ctx.limits.attempt(
        ip,
        Rule(s.login_ip_per_minute, 60),
        "Too many sign-in attempts from your network",
        code="login-throttled",
    )
    with ctx.db.read() as session:
        user = session.execute(
            select(User.id, User.password_hash).where(User.email == email)
        ).first()
        trusted = False
        if user is not None and req.device.device_id:
            device = session.get(Device, req.device.device_id)
            trusted = (
                device is not None and device.user_id == user.id and (device.revoked_at is None)
            )
    ctx.limits.check([src, ip] if trusted else [src, ip, acct], THROTTLED, "login-throttled")
    return _LoginCandidate(
        email=email,
        user_id=user.id if user else None,
        password_hash=user.password_hash if user else None,
        trusted_device=trusted,
    )


def _login_failed(ctx: StoreContext, source: str, email: str) -> None:
    s = ctx.settings
    src, ip, acct = _login_keys(source, email)
    window = s.login_window
    limits = ctx.limits
    limits.failure(src, Rule(s.login_max_failures, window), s.login_lock_seconds, escalate=True)
    limits.failure(ip, Rule(s.login_ip_max_failures, window), s.login_lock_seconds, escalate=True)
    limits.failure(acct, Rule(s.login_account_max_failures, window), 0, escalate=False)


def _login_finish(
    ctx: StoreContext, source: str, req: LoginRequest, user_id: str, new_hash: str | None
) -> TokenResponse:
    with ctx.db.session(write=True) as session:
        user = session.get(User, user_id)
        if user is None:  # deleted meanwhile
            raise unauthorized(WRONG_CREDENTIALS, code="wrong-credentials")
        if new_hash is not None:
            user.password_hash = new_hash
        device = _device_for_login(session, user, req.device)
        response = _issue(session, ctx, user, device, None)
        session.commit()
    ctx.limits.forget(_login_keys(source, user.email)[0])
    return response


async def login(ctx: StoreContext, source: str, req: LoginRequest) -> TokenResponse:
    """Sign in from `source` (the client's IP address): limits and the account lookup in a
    read, Argon2 on the bounded pool with no transaction open, then one short write."""
    candidate = await run_in_threadpool(_login_prepare, ctx, source, req)
    ok, new_hash = await ctx.hash_pool.run(
        ctx.passwords.verify_and_rehash, candidate.password_hash, req.password
    )
    if not ok or candidate.user_id is None:
        await run_in_threadpool(_login_failed, ctx, source, candidate.email)
        raise unauthorized(WRONG_CREDENTIALS, code="wrong-credentials")
    return await run_in_threadpool(_login_finish, ctx, source, req, candidate.user_id, new_hash)


def refresh(session: Session, ctx: StoreContext, source: str, token: str) -> TokenResponse:
    """Rotate ``token``. Every refusal counts as a failure of `source` (the client's IP):
    too many lock it; and an account can refresh only so often per hour."""
    s = ctx.settings
    key = f"refresh:ip:{source}"
    ctx.limits.check(
        [key], "Too many invalid session tokens from your network", "refresh-throttled"
    )
    try:
        return _refresh(session, ctx, token)
    except ProblemError as exc:
        if exc.status == 401:
            ctx.limits.failure(
                key,
                Rule(s.refresh_ip_max_failures, s.login_window),
                s.login_lock_seconds,
                escalate=True,
            )
        raise


def _refresh(session: Session, ctx: StoreContext, token: str) -> TokenResponse:
    now = utcnow()
    expired = unauthorized("Your session has expired; sign in again.", code="session-expired")
    rt = session.get(RefreshToken, token_hash(token))
    if rt is None:
        raise expired
    family = session.get(TokenFamily, rt.family_id)
    if family is None or family.revoked_at is not None:
        raise expired
    ctx.limits.attempt(
        f"refresh:acct:{family.user_id}",
        Rule(ctx.settings.refresh_account_per_hour, 3600),
        "This account refreshed its sessions too often",
        code="refresh-throttled",
    )
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


def _password_prepare(ctx: StoreContext, source: str, auth: Auth) -> str:
    src = _login_keys(source, auth.email)[0]
    ctx.limits.check([src], THROTTLED, "login-throttled")
    with ctx.db.read() as session:
        stored = session.scalar(select(User.password_hash).where(User.id == auth.user_id))
    assert stored is not None
    return stored


def _password_write(ctx: StoreContext, auth: Auth, new_hash: str) -> None:
    now = utcnow()
    with ctx.db.session(write=True) as session:
        user = session.get(User, auth.user_id)
        assert user is not None
        user.password_hash = new_hash
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


async def change_password(
    ctx: StoreContext, source: str, auth: Auth, req: PasswordChangeRequest
) -> None:
    """Wrong current passwords count like failed sign-ins from `source`."""
    stored = await run_in_threadpool(_password_prepare, ctx, source, auth)
    if not await ctx.hash_pool.run(ctx.passwords.verify, stored, req.current_password):
        s = ctx.settings
        src = _login_keys(source, auth.email)[0]
        await run_in_threadpool(
            ctx.limits.failure,
            src,
            Rule(s.login_max_failures, s.login_window),
            s.login_lock_seconds,
            escalate=True,
        )
        raise ProblemError(403, "The current password is wrong.", code="wrong-password")
    new_hash = await ctx.hash_pool.run(ctx.passwords.hash, req.new_password)
    await run_in_threadpool(_password_write, ctx, auth, new_hash)


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
