"""/v1/auth and /v1/me: register, login, refresh, logout, password change, who am I."""

from __future__ import annotations

from fastapi import APIRouter, Response
from sqlalchemy import select

from store import accounts
from store.api.deps import Ctx, CurrentAuth, Db
from store.db.models import User
from sync.protocol import (
    LoginRequest,
    PasswordChangeRequest,
    RefreshRequest,
    RegisterRequest,
    TokenResponse,
    UserOut,
)

router = APIRouter(tags=["accounts"])


@router.post("/auth/register", status_code=201)
def register(req: RegisterRequest, session: Db, ctx: Ctx) -> TokenResponse:
    """Create an account and sign this device in."""
    return accounts.register(session, ctx, req)


@router.post("/auth/login")
def login(req: LoginRequest, session: Db, ctx: Ctx) -> TokenResponse:
    """Sign in; repeated failures lock the account for a while (429 with Retry-After)."""
    return accounts.login(session, ctx, req)


@router.post("/auth/refresh")
def refresh(req: RefreshRequest, session: Db, ctx: Ctx) -> TokenResponse:
    """Trade a refresh token (usable once) for a new token pair. Retrying with the same
    token shortly after (the answer was lost) returns the same pair while that pair is
    unused; any other reuse ends the session."""
    return accounts.refresh(session, ctx, req.refresh_token)


@router.post("/auth/logout", status_code=204)
def logout(auth: CurrentAuth, session: Db) -> Response:
    """End this session: its access and refresh tokens stop working."""
    accounts.logout(session, auth)
    return Response(status_code=204)


@router.post("/auth/password", status_code=204)
def change_password(
    req: PasswordChangeRequest, auth: CurrentAuth, session: Db, ctx: Ctx
) -> Response:
    """Change the password; every other session of the account is signed out."""
    accounts.change_password(session, ctx, auth, req)
    return Response(status_code=204)


@router.get("/me")
def me(auth: CurrentAuth, session: Db) -> UserOut:
    user = session.scalar(select(User).where(User.id == auth.user_id))
    assert user is not None
    return accounts.user_out(user)
