"""/v1/payments/stripe/webhook: Stripe events, verified over the raw request body."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from starlette.concurrency import run_in_threadpool

from store.api.deps import Ctx
from store.webhooks import handle_stripe_webhook

router = APIRouter(tags=["payments"])


@router.post("/payments/stripe/webhook")
async def stripe_webhook(
    request: Request,
    ctx: Ctx,
    stripe_signature: Annotated[str | None, Header(alias="Stripe-Signature")] = None,
) -> dict[str, str]:
    """Apply a Stripe event. A bad or stale signature is 400; a replayed event id is a
    no-op answered with `{"status": "duplicate"}`."""
    payload = await request.body()  # the exact bytes Stripe signed
    outcome = await run_in_threadpool(handle_stripe_webhook, ctx, payload, stripe_signature)
    return {"status": outcome}
