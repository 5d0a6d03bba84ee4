"""Payment providers behind one interface (`base.PaymentProvider`): `sandbox` (test cards),
`voucher` (institution codes and seat pools) and `stripe` (Checkout Session + webhook)."""

from __future__ import annotations
