"""HTTP problem responses (RFC 7807, `application/problem+json`) and their exception.

Services raise `ProblemError` for anything a client can cause; `install_handlers` turns it,
FastAPI's validation errors and Starlette's HTTP errors into problem documents with a plain
`detail`. Unexpected exceptions become a 500 problem without internals (and are logged).
Thread-safe (no state).
"""

from __future__ import annotations

from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.protocol import PROBLEM_MEDIA_TYPE

TYPE_BASE = "https://satchel.invalid/problems/"
INTERNAL_ERROR = "The store hit an internal error; the request was not completed. Try again later."


class ProblemError(Exception):
    """A failure the client caused or can act on; becomes a problem+json response."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.code = code
        self.headers = headers or {}
        self.extra = extra


def problem_response(
    status: int,
    detail: str,
    *,
    code: str | None = None,
    headers: dict[str, str] | None = None,
    instance: str | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + code if code else "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_MEDIA_TYPE)


def bad_request(detail: str, code: str = "bad-request") -> ProblemError:
    return ProblemError(400, detail, code=code)


def unauthorized(detail: str, code: str = "unauthorized") -> ProblemError:
    return ProblemError(401, detail, code=code, headers={"WWW-Authenticate": "Bearer"})


def forbidden(detail: str, code: str = "forbidden") -> ProblemError:
    return ProblemError(403, detail, code=code)


def not_found(detail: str, code: str = "not-found") -> ProblemError:
    return ProblemError(404, detail, code=code)


def conflict(detail: str, code: str = "conflict", **extra: Any) -> ProblemError:
    return ProblemError(409, detail, code=code, **extra)


def unprocessable(detail: str, code: str = "invalid", **extra: Any) -> ProblemError:
    return ProblemError(422, detail, code=code, **extra)


def _location(loc: tuple[Any, ...] | list[Any]) -> str:
    return ".".join(str(part) for part in loc)


def install_handlers(app: FastAPI) -> None:
    """Register the problem+json handlers on `app`."""

    async def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProblemError)
        return problem_response(
            exc.status,
            exc.detail,
            code=exc.code,
            headers=exc.headers,
            instance=request.url.path,
            **exc.extra,
        )

    async def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        errors = [
            {"location": _location(e.get("loc", ())), "message": str(e.get("msg", ""))}
            for e in exc.errors()
        ]
        first = errors[0] if errors else {"location": "request", "message": "is invalid"}
        more = f" (and {len(errors) - 1} more problems)" if len(errors) > 1 else ""
        detail = f"The request is invalid: {first['location']}: {first['message']}{more}."
        return problem_response(
            422, detail, code="invalid-request", instance=request.url.path, errors=errors
        )

    async def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"There is nothing at {request.url.path}."
        elif exc.status_code == 405:
            detail = f"{request.method} is not allowed on {request.url.path}."
        return problem_response(
            exc.status_code,
            detail,
            headers=dict(exc.headers or {}),
            instance=request.url.path,
        )

    async def on_error(request: Request, exc: Exception) -> JSONResponse:
        # Starlette re-raises after this handler, so the server logs the traceback.
        return problem_response(
            500,
            INTERNAL_ERROR,
            code="internal",
            instance=request.url.path,
        )

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    app.add_exception_handler(Exception, on_error)
