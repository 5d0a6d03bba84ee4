"""FastAPI dependencies: the store context, a database session per request (write sessions
for non-GET methods) and the authenticated caller.

Sync endpoints run in Starlette's thread pool; each request gets its own session, closed when
the request ends.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from store.accounts import Auth, authenticate
from store.context import StoreContext
from store.problems import forbidden, unauthorized

_READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_bearer = HTTPBearer(auto_error=False, description="Access token from /v1/auth/login")


def get_ctx(request: Request) -> StoreContext:
    ctx = request.app.state.ctx
    assert isinstance(ctx, StoreContext)
    return ctx


Ctx = Annotated[StoreContext, Depends(get_ctx)]


def db_session(request: Request, ctx: Ctx) -> Iterator[Session]:
    session = ctx.db.session(write=request.method not in _READ_METHODS)
    try:
        yield session
    finally:
        session.close()


Db = Annotated[Session, Depends(db_session)]


def optional_auth(
    session: Db,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Auth | None:
    if credentials is None:
        return None
    return authenticate(session, credentials.credentials)


def require_auth(auth: Annotated[Auth | None, Depends(optional_auth)]) -> Auth:
    if auth is None:
        raise unauthorized("Sign in first: this needs an access token.", code="no-token")
    return auth


def require_instructor(auth: Annotated[Auth, Depends(require_auth)]) -> Auth:
    if not (auth.is_instructor or auth.is_admin):
        raise forbidden("Only instructors can publish courses.", code="not-instructor")
    return auth


def require_admin(auth: Annotated[Auth, Depends(require_auth)]) -> Auth:
    if not auth.is_admin:
        raise forbidden("Only store administrators can do this.", code="not-admin")
    return auth


CurrentAuth = Annotated[Auth, Depends(require_auth)]
MaybeAuth = Annotated[Auth | None, Depends(optional_auth)]
Instructor = Annotated[Auth, Depends(require_instructor)]
Admin = Annotated[Auth, Depends(require_admin)]
