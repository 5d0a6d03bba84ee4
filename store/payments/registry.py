"""Which providers a store offers: sandbox, voucher and free always; Stripe when its secret
key is configured. Built once at start-up; thread-safe afterwards."""

from __future__ import annotations

import httpx

from store.config import StoreSettings
from store.payments.base import PaymentProvider, PaymentProviders
from store.payments.sandbox import FreeProvider, SandboxProvider
from store.payments.stripe import StripeProvider
from store.payments.voucher import VoucherProvider


def build_providers(
    settings: StoreSettings, stripe_http: httpx.Client | None = None
) -> PaymentProviders:
    providers: dict[str, PaymentProvider] = {
        "sandbox": SandboxProvider(),
        "voucher": VoucherProvider(),
        "free": FreeProvider(),
    }
    if settings.stripe_secret_key:
        providers["stripe"] = StripeProvider(
            settings.stripe_secret_key,
            settings.stripe_webhook_secret,
            api_base=settings.stripe_api_base,
            http=stripe_http,
            tolerance=settings.stripe_webhook_tolerance,
        )
    return PaymentProviders(providers)
