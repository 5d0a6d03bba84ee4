"""/v1/auth and /v1/me: register, login, refresh, logout, password change, who am I."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy import select

from store import accounts
from store.api.deps import Ctx, CurrentAuth, Db
from store.api.http import client_ip
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


BUSY: dict[int | str, dict[str, Any]] = {
    503: {"description": "Too many sign-ins being checked; retry after Retry-After"}
}


@router.post("/auth/register", status_code=201, responses=BUSY)
async def register(req: RegisterRequest, request: Request, ctx: Ctx) -> TokenResponse:
    """Create an account and sign this device in. New accounts per network address and
    per email are limited (429 with Retry-After)."""
    return await accounts.register(ctx, client_ip(request), req)


@router.post("/auth/login", responses=BUSY)
async def login(req: LoginRequest, request: Request, ctx: Ctx) -> TokenResponse:
    """Sign in. Repeated failures lock this account from this network address for a while,
    and failures over many accounts lock the address (429 with Retry-After)."""
    return await accounts.login(ctx, client_ip(request), req)


@router.post("/auth/refresh")
def refresh(req: RefreshRequest, request: Request, session: Db, ctx: Ctx) -> TokenResponse:
    """Trade a refresh token (usable once) for a new token pair. Retrying with the same
    token shortly after (the answer was lost) returns the same pair while that pair is
    unused; any other reuse ends the session. Many invalid tokens from one network address
    lock it for a while (429 with Retry-After)."""
    return accounts.refresh(session, ctx, client_ip(request), req.refresh_token)


@router.post("/auth/logout", status_code=204)
def logout(auth: CurrentAuth, session: Db) -> Response:
    """End this session: its access and refresh tokens stop working."""
    accounts.logout(session, auth)
    return Response(status_code=204)


@router.post("/auth/password", status_code=204, responses=BUSY)
async def change_password(
    req: PasswordChangeRequest, request: Request, auth: CurrentAuth, session: Db, ctx: Ctx
) -> Response:
    """Change the password; every other session of the account is signed out."""
    session.close()  # the token check's transaction must not stay open while hashing
    await accounts.change_password(ctx, client_ip(request), auth, req)
    return Response(status_code=204)


@router.get("/me")
def me(auth: CurrentAuth, session: Db) -> UserOut:
    user = session.scalar(select(User).where(User.id == auth.user_id))
    assert user is not None
    return accounts.user_out(user)
