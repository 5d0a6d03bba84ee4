"""Small HTTP helpers: JSON with a strong ETag and `If-None-Match` → 304; the client's
address. Thread-safe."""

from __future__ import annotations

import hashlib
from typing import Any

from fastapi import Request, Response
from pydantic import BaseModel


def etag_matches(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    if header.strip() == "*":
        return True
    candidates = [c.strip().removeprefix("W/") for c in header.split(",")]
    return etag in candidates


def json_with_etag(request: Request, model: BaseModel, *, max_age: int = 0) -> Response:
    body = model.model_dump_json().encode("utf-8")
    etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
    headers = {"ETag": etag, "Cache-Control": f"private, max-age={max_age}, must-revalidate"}
    if etag_matches(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(content=body, media_type="application/json", headers=headers)


NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the `If-None-Match` ETag still matches"}
}


def client_ip(request: Request) -> str:
    """The caller's IP address. Behind a load balancer this is the forwarded address only
    when the server trusts that proxy (uvicorn's `forwarded_allow_ips`, the `--proxy`
    option of `satchel-store serve`)."""
    return request.client.host if request.client else "unknown"
