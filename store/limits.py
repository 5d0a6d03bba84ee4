"""ASGI middleware guarding every request before it reaches a handler: bodies over a size
limit get 413 problem+json (whether or not the client sent Content-Length), and NUL
characters in the path, the query string or a JSON body get 422 (PostgreSQL cannot store
them in text, and no field of this API needs one).

Compressed request bodies (``Content-Encoding: gzip`` or ``deflate``) are decompressed here,
as they arrive, so handlers only ever see plain bodies: the size limit and the NUL check
apply to the decompressed bytes (a small compressed body that expands past the limit is a
413, not a memory blow-up); a corrupt or truncated stream is a 400, any other coding a 415.
Every answer says ``Accept-Encoding: gzip, deflate`` (RFC 7694), which is how a client learns
that this store takes compressed bodies. Stateless per request; thread-safe."""

from __future__ import annotations

import zlib

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from store.problems import problem_response

# Raised while the body is read: HTTPException subclasses, because FastAPI passes those
# through its body parsing untouched (anything else becomes a generic 400).


class BodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(
            413, f"The request body is larger than this store accepts ({limit} bytes)."
        )


class NulCharacter(HTTPException):
    def __init__(self) -> None:
        super().__init__(422, "The request contains a NUL character, which no field accepts.")


class BadEncoding(HTTPException):
    def __init__(self) -> None:
        super().__init__(
            400, "The request body is not valid gzip or deflate data (corrupt or cut short)."
        )


ACCEPTED_CODINGS = (b"gzip", b"deflate")
ACCEPT_ENCODING = (b"accept-encoding", b", ".join(ACCEPTED_CODINGS))
_AUTO_ZLIB = zlib.MAX_WBITS | 32  # gzip or zlib framing, from the header

_URL_NUL = (b"\x00", b"%00")
_JSON_NUL = (b"\x00", b"\\u0000")


def _has(data: bytes, markers: tuple[bytes, ...]) -> bool:
    return any(marker in data for marker in markers)


class BodyLimitMiddleware:
    def __init__(
        self, app: ASGIApp, *, default_limit: int, upload_limit: int, upload_prefix: str
    ) -> None:
        self.app = app
        self.default_limit = default_limit
        self.upload_limit = upload_limit
        self.upload_prefix = upload_prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        limit = self.upload_limit if path.startswith(self.upload_prefix) else self.default_limit
        raw_path: bytes = scope.get("raw_path") or path.encode("utf-8", "replace")
        if _has(raw_path, _URL_NUL) or _has(scope.get("query_string", b""), _URL_NUL):
            nul = NulCharacter()
            await problem_response(422, nul.detail, code="nul", instance=path)(scope, receive, send)
            return
        is_json = True  # FastAPI parses a body without Content-Type as JSON too
        coding = b""
        for name, value in scope.get("headers", []):
            if name == b"content-encoding":
                coding = value.strip().lower()
            if name == b"content-type":
                is_json = b"json" in value.lower()
            if name == b"content-length":
                try:
                    declared = int(value)
                except ValueError:
                    declared = 0
                if declared > limit and not coding:
                    exc = BodyTooLarge(limit)
                    response = problem_response(413, exc.detail, code="too-large", instance=path)
                    await response(scope, receive, send)
                    return
        inflate = None
        if coding and coding != b"identity":
            if coding not in ACCEPTED_CODINGS:
                detail = (
                    f"This store does not accept request bodies encoded as "
                    f"{coding.decode('latin-1')!r}; it accepts gzip and deflate."
                )
                response = problem_response(
                    415, detail, code="unsupported-encoding", instance=path,
                    headers={"Accept-Encoding": ACCEPT_ENCODING[1].decode()},
                )
                await response(scope, receive, send)
                return
            inflate = zlib.decompressobj(_AUTO_ZLIB)
            scope = {**scope, "headers": [
                (k, v) for k, v in scope.get("headers", [])
                if k not in (b"content-encoding", b"content-length")
            ]}
        seen = 0
        tail = b""  # the end of the previous chunk, so a marker split in two is still seen

        def decoded(chunk: bytes, last: bool) -> bytes:
            assert inflate is not None
            try:
                out = inflate.decompress(chunk, limit - seen + 1)
                if inflate.unconsumed_tail:  # more than the limit is still to come
                    raise BodyTooLarge(limit)
                if last:
                    out += inflate.flush()
                    if not inflate.eof:
                        raise BadEncoding()
            except zlib.error:
                raise BadEncoding() from None
            return out

        async def limited_receive() -> Message:
            nonlocal seen, tail
            message = await receive()
            if message["type"] == "http.request":
                chunk: bytes = message.get("body", b"")
                if inflate is not None:
                    chunk = decoded(chunk, not message.get("more_body", False))
                    message = {**message, "body": chunk}
                seen += len(chunk)
                if seen > limit:
                    raise BodyTooLarge(limit)
                if is_json:
                    if _has(tail + chunk, _JSON_NUL):
                        raise NulCharacter()
                    tail = chunk[-5:]
            return message

        async def advertising_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                if not any(k.lower() == ACCEPT_ENCODING[0] for k, _ in headers):
                    headers.append(ACCEPT_ENCODING)
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, limited_receive, advertising_send)
